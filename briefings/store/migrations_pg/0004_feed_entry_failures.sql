-- Revises: 0003
-- Creation Date: 2026-11-29
-- Reason: where each feed entry stands ('done', 'pending', 'failed'), how often it
--         failed and the last error, as migrations/0004_feed_entry_failures.sql does.

ALTER TABLE feed_entries ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('done', 'pending', 'failed'));
ALTER TABLE feed_entries ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_entries ADD COLUMN last_error TEXT;
CREATE INDEX feed_entries_failed ON feed_entries(feed_id) WHERE state = 'failed';
