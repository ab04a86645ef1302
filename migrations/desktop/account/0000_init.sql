CREATE TABLE `audit_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`user_id` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`timestamp` text NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `audit_logs_org_time_idx` ON `audit_logs` (`org_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `audit_logs_entity_idx` ON `audit_logs` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `field_clocks` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`, `field`)
);
--> statement-breakpoint
CREATE TABLE `onboarding_draft_state` (
	`user_id` text PRIMARY KEY NOT NULL,
	`current_step` integer DEFAULT 0 NOT NULL,
	`temp_title` text,
	`temp_links` text DEFAULT '[]' NOT NULL,
	`temp_theme` text,
	`last_saved` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`mutation_id` integer PRIMARY KEY NOT NULL,
	`ops` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `start_page_links` (
	`id` text PRIMARY KEY NOT NULL,
	`page_id` text NOT NULL,
	`label` text NOT NULL,
	`url` text NOT NULL,
	`position` integer NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`page_id`) REFERENCES `start_pages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `start_page_links_page_position_idx` ON `start_page_links` (`page_id`,`position`);--> statement-breakpoint
CREATE TABLE `start_pages` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`title` text NOT NULL,
	`slug` text NOT NULL,
	`theme` text DEFAULT 'default' NOT NULL,
	`branding` text DEFAULT '{}' NOT NULL,
	`avatar_url` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`published_at` text,
	`deleted_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `start_pages_slug_idx` ON `start_pages` (`slug`);--> statement-breakpoint
CREATE INDEX `start_pages_user_idx` ON `start_pages` (`user_id`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`plan` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`expires_on` text,
	`feature_set` text DEFAULT '{}' NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriptions_user_idx` ON `subscriptions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`password_hash` text,
	`role` text DEFAULT 'user' NOT NULL,
	`preferences` text DEFAULT '{"theme":"system","activeOrgId":null}' NOT NULL,
	`created_at` text NOT NULL,
	`deleted_at` text
);
