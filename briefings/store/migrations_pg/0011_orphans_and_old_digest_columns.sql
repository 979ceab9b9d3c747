-- Revises: 0010
-- Creation Date: 2026-11-29
-- Reason: issue 9, as migrations/0011_orphans_and_old_digest_columns.sql does (its
--         twin): shared analyses and feed URL validators go with the last row using
--         them (triggers; orphans from before deleted), feeds(url) indexed, and the
--         guilds.digest_* columns that 0008 replaced by digest_schedules dropped.

CREATE INDEX feeds_url ON feeds(url);

CREATE FUNCTION analyses_orphaned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM analyses WHERE id = old.analysis_id
        AND NOT EXISTS (SELECT 1 FROM articles WHERE analysis_id = old.analysis_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER analyses_orphaned AFTER DELETE ON articles FOR EACH ROW
    WHEN (old.analysis_id IS NOT NULL) EXECUTE FUNCTION analyses_orphaned();

CREATE FUNCTION feed_urls_orphaned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM feed_urls WHERE url = old.url
        AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = old.url);
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_urls_orphaned AFTER DELETE ON feeds FOR EACH ROW
    EXECUTE FUNCTION feed_urls_orphaned();

DELETE FROM analyses
    WHERE NOT EXISTS (SELECT 1 FROM articles WHERE articles.analysis_id = analyses.id);
DELETE FROM feed_urls WHERE NOT EXISTS (SELECT 1 FROM feeds WHERE feeds.url = feed_urls.url);

ALTER TABLE guilds
    DROP COLUMN digest_channel_id,
    DROP COLUMN digest_time,
    DROP COLUMN digest_enabled,
    DROP COLUMN digest_set_at,
    DROP COLUMN digest_paused_reason;
