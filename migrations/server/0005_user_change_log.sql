CREATE TABLE "onboarding_draft_state" (
	"user_id" text PRIMARY KEY NOT NULL,
	"current_step" bigint,
	"temp_title" text,
	"temp_links" jsonb,
	"temp_theme" text,
	"last_saved" text,
	"deleted_at" text
);
--> statement-breakpoint
CREATE TABLE "start_page_links" (
	"user_id" text NOT NULL,
	"id" text NOT NULL,
	"page_id" text,
	"label" text,
	"url" text,
	"position" bigint,
	"deleted_at" text,
	CONSTRAINT "start_page_links_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "start_pages" (
	"user_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text,
	"slug" text,
	"bio" text,
	"theme" text,
	"branding" jsonb,
	"avatar_url" text,
	"settings" jsonb,
	"created_at" text,
	"published_at" text,
	"deleted_at" text,
	CONSTRAINT "start_pages_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"user_id" text NOT NULL,
	"id" text NOT NULL,
	"plan" text,
	"active" boolean,
	"expires_on" text,
	"feature_set" jsonb,
	"updated_at" text,
	"deleted_at" text,
	CONSTRAINT "subscriptions_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "user_audit_logs" (
	"user_id" text NOT NULL,
	"id" text NOT NULL,
	"org_id" text,
	"action" text,
	"entity_type" text,
	"entity_id" text,
	"timestamp" text,
	"meta" jsonb,
	"deleted_at" text,
	CONSTRAINT "user_audit_logs_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "user_change_log" (
	"user_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"client_id" text NOT NULL,
	"mutation_id" bigint,
	"ops" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_change_log_user_id_seq_pk" PRIMARY KEY("user_id","seq")
);
--> statement-breakpoint
CREATE TABLE "user_client_cursors" (
	"user_id" text NOT NULL,
	"client_id" text NOT NULL,
	"last_mutation_id" bigint NOT NULL,
	CONSTRAINT "user_client_cursors_user_id_client_id_pk" PRIMARY KEY("user_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "user_field_values" (
	"user_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"field" text NOT NULL,
	"value" jsonb,
	"hlc" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "user_field_values_user_id_table_name_row_id_field_pk" PRIMARY KEY("user_id","table_name","row_id","field")
);
--> statement-breakpoint
CREATE TABLE "user_purged_rows" (
	"user_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"purged_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_purged_rows_user_id_table_name_row_id_pk" PRIMARY KEY("user_id","table_name","row_id")
);
--> statement-breakpoint
CREATE TABLE "user_sync" (
	"user_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"horizon_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "start_page_links_page_idx" ON "start_page_links" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "start_pages_slug_idx" ON "start_pages" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "user_field_values_row_idx" ON "user_field_values" USING btree ("table_name","row_id");