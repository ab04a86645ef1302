CREATE TABLE `collab_docs` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`state` blob NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`, `field`)
);
--> statement-breakpoint
ALTER TABLE `start_pages` ADD `bio` text DEFAULT '' NOT NULL;