CREATE TABLE "publish_leases" (
	"org_id" text NOT NULL,
	"job_id" text NOT NULL,
	"holder" text NOT NULL,
	"fence" bigint NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "publish_leases_org_id_job_id_pk" PRIMARY KEY("org_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_posts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"account_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"text" text NOT NULL,
	"content_warning" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reply_to" text,
	"published_at" timestamp with time zone NOT NULL,
	"publish_calls" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_posts_key_idx" ON "sandbox_posts" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "sandbox_posts_feed_idx" ON "sandbox_posts" USING btree ("account_id","published_at");--> statement-breakpoint
CREATE INDEX "sandbox_posts_reply_idx" ON "sandbox_posts" USING btree ("reply_to");