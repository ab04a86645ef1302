CREATE TABLE "ideas" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"text" text,
	"media_urls" jsonb,
	"tags" jsonb,
	"created_by" text,
	"post_id" text,
	"created_at" text,
	"updated_at" text,
	"deleted_at" text,
	CONSTRAINT "ideas_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "email_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "first_comment" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "thread_parts" jsonb;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "follow_ups" jsonb;