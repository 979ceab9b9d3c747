-- Revises: 0003
-- Creation Date: 2026-11-28
-- Reason: a feed entry whose page could not be fetched was left unrecorded, so every
--         poll tried it again, forever (issue 12). feed_entries now says where each
--         entry stands: 'done' (handled), 'pending' (failed, tried again next poll) or
--         'failed' (given up on after too many failures; never tried again), with how
--         often it failed and the last error. Rows already there were handled: 'done'.
--         The partial index keeps counting a feed's failed entries cheap.

ALTER TABLE feed_entries ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('done', 'pending', 'failed'));
ALTER TABLE feed_entries ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_entries ADD COLUMN last_error TEXT;
CREATE INDEX feed_entries_failed ON feed_entries(feed_id) WHERE state = 'failed';
