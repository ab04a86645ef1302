CREATE TABLE `sandbox_posts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`text` text NOT NULL,
	`content_warning` text,
	`media` text DEFAULT '[]' NOT NULL,
	`reply_to` text,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandbox_posts_key_idx` ON `sandbox_posts` (`account_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `sandbox_posts_feed_idx` ON `sandbox_posts` (`account_id`,`published_at`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `group_id` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `platform_post_id` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `platform_url` text;