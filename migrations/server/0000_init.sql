CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"preferences" jsonb DEFAULT '{"theme":"system","activeOrgId":null}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"platform" text,
	"social_account_id" text,
	"date" text,
	"impressions" bigint,
	"reach" bigint,
	"engagement_rate" double precision,
	"followers" bigint,
	"meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "analytics_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text,
	"action" text,
	"entity_type" text,
	"entity_id" text,
	"timestamp" text,
	"meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "audit_logs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"social_account_id" text,
	"platform" text,
	"platform_comment_id" text,
	"post_id" text,
	"post_link" text,
	"author" jsonb,
	"text" text,
	"media" jsonb,
	"timestamp" text,
	"status" text,
	"assigned_to" text,
	"tags" jsonb,
	"ai_insights" jsonb,
	"platform_meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "comments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"platform" text,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"expires_at" text,
	"meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "integrations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text,
	"role" text,
	"user_name" text,
	"user_email" text,
	"created_at" text,
	"deleted_at" text,
	CONSTRAINT "memberships_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"owner_id" text,
	"created_at" text,
	"timezone" text,
	"deleted_at" text
);
--> statement-breakpoint
CREATE TABLE "post_approvals" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"post_id" text,
	"approver_id" text,
	"status" text,
	"comments" text,
	"timestamp" text,
	"deleted_at" text,
	CONSTRAINT "post_approvals_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"social_account_id" text,
	"caption" text,
	"media_urls" jsonb,
	"status" text,
	"scheduled_at" text,
	"published_at" text,
	"created_by" text,
	"assigned_to" text,
	"tags" jsonb,
	"approval_data" jsonb,
	"created_at" text,
	"updated_at" text,
	"deleted_at" text,
	CONSTRAINT "posts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "replies" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"comment_id" text,
	"author_user_id" text,
	"text" text,
	"platform_reply_id" text,
	"timestamp" text,
	"status" text,
	"deleted_at" text,
	CONSTRAINT "replies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "saved_replies" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"owner_id" text,
	"title" text,
	"body" text,
	"placeholders" jsonb,
	"deleted_at" text,
	CONSTRAINT "saved_replies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "schedule_jobs" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"post_id" text,
	"run_at" text,
	"retry_count" bigint,
	"status" text,
	"last_error" text,
	"deleted_at" text,
	CONSTRAINT "schedule_jobs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "social_accounts" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"integration_id" text,
	"platform_user_id" text,
	"username" text,
	"meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "social_accounts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"org_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"client_id" text NOT NULL,
	"mutation_id" bigint,
	"ops" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "change_log_org_id_seq_pk" PRIMARY KEY("org_id","seq")
);
--> statement-breakpoint
CREATE TABLE "client_cursors" (
	"org_id" text NOT NULL,
	"client_id" text NOT NULL,
	"user_id" text NOT NULL,
	"last_mutation_id" bigint NOT NULL,
	CONSTRAINT "client_cursors_org_id_client_id_pk" PRIMARY KEY("org_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "field_values" (
	"org_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"field" text NOT NULL,
	"value" jsonb,
	"hlc" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "field_values_org_id_table_name_row_id_field_pk" PRIMARY KEY("org_id","table_name","row_id","field")
);
--> statement-breakpoint
CREATE TABLE "org_sync" (
	"org_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"horizon_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purged_rows" (
	"org_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"purged_at" timestamp with time zone NOT NULL,
	CONSTRAINT "purged_rows_org_id_table_name_row_id_pk" PRIMARY KEY("org_id","table_name","row_id")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_code_idx" ON "invitations" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "invitations_org_idx" ON "invitations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "analytics_org_platform_date_idx" ON "analytics" USING btree ("org_id","platform","date");--> statement-breakpoint
CREATE INDEX "audit_logs_org_time_idx" ON "audit_logs" USING btree ("org_id","timestamp");--> statement-breakpoint
CREATE INDEX "comments_org_status_time_idx" ON "comments" USING btree ("org_id","status","timestamp");--> statement-breakpoint
CREATE INDEX "memberships_org_user_idx" ON "memberships" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "posts_status_scheduled_idx" ON "posts" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "schedule_jobs_status_run_at_idx" ON "schedule_jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "field_values_row_idx" ON "field_values" USING btree ("table_name","row_id");