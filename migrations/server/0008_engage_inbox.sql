ALTER TABLE "comments" ADD COLUMN "snoozed_until" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "url" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "sent_at" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "attempts" bigint;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "next_attempt_at" text;--> statement-breakpoint
ALTER TABLE "social_accounts" ADD COLUMN "inbox_cursor" text;--> statement-breakpoint
ALTER TABLE "social_accounts" ADD COLUMN "inbox_checked_at" text;--> statement-breakpoint
-- The triage statuses were renamed (open, pending, snoozed, done) and the replies' (waiting for the outbox);
-- rows written under the old names move to the nearest new one.
UPDATE comments SET status = CASE status WHEN 'assigned' THEN 'open' WHEN 'replied' THEN 'done' WHEN 'closed' THEN 'done' WHEN 'spam' THEN 'done' ELSE status END WHERE status IN ('assigned', 'replied', 'closed', 'spam');--> statement-breakpoint
UPDATE replies SET status = 'waiting' WHERE status = 'draft';
