ALTER TABLE "onboarding_draft_state" ADD COLUMN "temp_slug" text;--> statement-breakpoint
ALTER TABLE "start_page_links" ADD COLUMN "hidden" boolean;--> statement-breakpoint
ALTER TABLE "start_page_links" ADD COLUMN "starts_at" text;--> statement-breakpoint
ALTER TABLE "start_page_links" ADD COLUMN "ends_at" text;--> statement-breakpoint
ALTER TABLE "start_pages" ADD COLUMN "socials" jsonb;--> statement-breakpoint
ALTER TABLE "start_pages" ADD COLUMN "published" jsonb;