ALTER TABLE "organizations" ADD COLUMN "settings" jsonb;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "group_id" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "platform_post_id" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "platform_url" text;