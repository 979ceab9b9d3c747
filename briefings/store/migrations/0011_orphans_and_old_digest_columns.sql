-- Revises: 0010
-- Creation Date: 2026-11-29
-- Reason: issue 9. (1) The shared rows of migration 0009 go with the last row that uses
--         them: an analysis when the last article pointing at it is deleted, a feed
--         URL's validators (feed_urls) when its last subscription is removed. Triggers,
--         so every way such a row goes (a store method, rows cascading from a guild, an
--         operator's DELETE) is covered; orphans left from before are deleted here.
--         feeds(url) gets an index for that check and for a poll's claim of a URL.
--         (2) Drops the guilds.digest_* columns: 0008 moved digest schedules to
--         digest_schedules and since then nothing reads or writes them. Needs SQLite
--         3.35 or newer (ALTER TABLE ... DROP COLUMN), as 0002 does.

CREATE INDEX feeds_url ON feeds(url);

CREATE TRIGGER analyses_orphaned AFTER DELETE ON articles
WHEN old.analysis_id IS NOT NULL
BEGIN
    DELETE FROM analyses WHERE id = old.analysis_id
        AND NOT EXISTS (SELECT 1 FROM articles WHERE analysis_id = old.analysis_id);
END;

CREATE TRIGGER feed_urls_orphaned AFTER DELETE ON feeds
BEGIN
    DELETE FROM feed_urls WHERE url = old.url
        AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = old.url);
END;

DELETE FROM analyses
    WHERE NOT EXISTS (SELECT 1 FROM articles WHERE articles.analysis_id = analyses.id);
DELETE FROM feed_urls WHERE NOT EXISTS (SELECT 1 FROM feeds WHERE feeds.url = feed_urls.url);

ALTER TABLE guilds DROP COLUMN digest_channel_id;
ALTER TABLE guilds DROP COLUMN digest_time;
ALTER TABLE guilds DROP COLUMN digest_enabled;
ALTER TABLE guilds DROP COLUMN digest_set_at;
ALTER TABLE guilds DROP COLUMN digest_paused_reason;
