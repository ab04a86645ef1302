CREATE TABLE `start_page_stats` (
	`page_id` text NOT NULL,
	`link_id` text NOT NULL,
	`day` text NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`fetched_at` text NOT NULL,
	PRIMARY KEY(`page_id`, `link_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `onboarding_draft_state` ADD `temp_slug` text;--> statement-breakpoint
ALTER TABLE `start_page_links` ADD `hidden` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `start_page_links` ADD `starts_at` text;--> statement-breakpoint
ALTER TABLE `start_page_links` ADD `ends_at` text;--> statement-breakpoint
ALTER TABLE `start_pages` ADD `socials` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `start_pages` ADD `published` text;