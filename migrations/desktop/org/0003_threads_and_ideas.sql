CREATE TABLE `ideas` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`media_urls` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`created_by` text NOT NULL,
	`post_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ideas_org_created_idx` ON `ideas` (`org_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `posts` ADD `first_comment` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `thread_parts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `follow_ups` text DEFAULT '[]' NOT NULL;