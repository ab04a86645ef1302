CREATE TABLE `analytics` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`platform` text NOT NULL,
	`social_account_id` text,
	`date` text NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	`reach` integer DEFAULT 0 NOT NULL,
	`engagement_rate` real DEFAULT 0 NOT NULL,
	`followers` integer DEFAULT 0 NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`social_account_id`) REFERENCES `social_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_org_platform_date_idx` ON `analytics` (`org_id`,`platform`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `analytics_account_date_idx` ON `analytics` (`social_account_id`,`date`);--> statement-breakpoint
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
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`social_account_id` text NOT NULL,
	`platform` text NOT NULL,
	`platform_comment_id` text NOT NULL,
	`post_id` text,
	`post_link` text,
	`author` text NOT NULL,
	`text` text NOT NULL,
	`media` text DEFAULT '[]' NOT NULL,
	`timestamp` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assigned_to` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`ai_insights` text DEFAULT '{}' NOT NULL,
	`platform_meta` text DEFAULT '{}' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`social_account_id`) REFERENCES `social_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_org_status_time_idx` ON `comments` (`org_id`,`status`,`timestamp`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_platform_id_idx` ON `comments` (`social_account_id`,`platform_comment_id`);--> statement-breakpoint
CREATE TABLE `field_clocks` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`, `field`)
);
--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`platform` text NOT NULL,
	`access_token_enc` text,
	`refresh_token_enc` text,
	`expires_at` text,
	`meta` text DEFAULT '{}' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `integrations_org_idx` ON `integrations` (`org_id`,`platform`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`user_name` text DEFAULT '' NOT NULL,
	`user_email` text,
	`created_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_org_user_idx` ON `memberships` (`org_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`owner_id` text NOT NULL,
	`created_at` text NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`mutation_id` integer PRIMARY KEY NOT NULL,
	`ops` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `post_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`post_id` text NOT NULL,
	`approver_id` text NOT NULL,
	`status` text NOT NULL,
	`comments` text,
	`timestamp` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_approvals_post_idx` ON `post_approvals` (`post_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`social_account_id` text,
	`caption` text DEFAULT '' NOT NULL,
	`media_urls` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`scheduled_at` text,
	`published_at` text,
	`created_by` text NOT NULL,
	`assigned_to` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`approval_data` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`social_account_id`) REFERENCES `social_accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `posts_org_status_scheduled_idx` ON `posts` (`org_id`,`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `posts_account_scheduled_idx` ON `posts` (`social_account_id`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `replies` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`comment_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`text` text NOT NULL,
	`platform_reply_id` text,
	`timestamp` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `replies_comment_idx` ON `replies` (`comment_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `saved_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`placeholders` text DEFAULT '[]' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_replies_org_idx` ON `saved_replies` (`org_id`,`title`);--> statement-breakpoint
CREATE TABLE `schedule_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`post_id` text NOT NULL,
	`run_at` text NOT NULL,
	`retry_count` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`last_error` text,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `schedule_jobs_status_run_at_idx` ON `schedule_jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `schedule_jobs_post_idx` ON `schedule_jobs` (`post_id`);--> statement-breakpoint
CREATE TABLE `social_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`integration_id` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`username` text NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `social_accounts_integration_idx` ON `social_accounts` (`integration_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
