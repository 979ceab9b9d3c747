-- Revises: 0008
-- Creation Date: 2026-11-29
-- Reason: issue 9, one analysis per public article. The same public page ingested by
--         many guilds (a shared feed's entry, a popular link) stored its sentence
--         offsets once per guild. analyses holds them once per exact text, with the
--         detected language, for text read from a public page only; each guild's
--         article row points at it (articles.analysis_id) and stores no sentence rows
--         of its own. What a guild pastes or uploads never gets an analysis_id: its
--         sentences stay in the sentences table, private to its article. Quotes stay per
--         article: each one resolves to the guild's own actor. Existing rows are left
--         as they are (analysis_id NULL).
--         And one set of conditional-GET validators per feed URL (feed_urls), not
--         one per subscription; see below.

CREATE TABLE analyses (
    id           INTEGER PRIMARY KEY,
    text_sha256  TEXT NOT NULL UNIQUE,             -- sha256 of the exact text (offsets
                                                   -- index into it, so folding is no key)
    language     TEXT,
    sentences    TEXT NOT NULL,                    -- JSON [[start, end], ...]
    created_at   TEXT NOT NULL
);
ALTER TABLE articles ADD COLUMN analysis_id INTEGER REFERENCES analyses(id);
CREATE INDEX articles_analysis ON articles(analysis_id) WHERE analysis_id IS NOT NULL;

-- One set of conditional-GET validators per feed URL, however many guilds subscribe to it.
-- feed_urls.version goes up whenever the URL's validators change; a subscription's
-- url_version says which version its entries are caught up with (NULL: none, e.g. a new
-- subscription, or one whose last poll left entries for the next). A subscription uses
-- the URL's validators only when it is caught up with the current version, so a 304
-- never hides entries from a subscription polled at another time or in another process.
-- Validators already stored move here (one subscription's per URL); subscriptions that
-- held other validators start afresh with an unconditional GET.
CREATE TABLE feed_urls (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    version       INTEGER NOT NULL DEFAULT 1
);
ALTER TABLE feeds ADD COLUMN url_version INTEGER;
INSERT INTO feed_urls(url, etag, last_modified)
    SELECT f.url, f.etag, f.last_modified FROM feeds f
    WHERE f.id = (SELECT MIN(g.id) FROM feeds g WHERE g.url = f.url
                  AND (g.etag IS NOT NULL OR g.last_modified IS NOT NULL));
UPDATE feeds SET url_version = 1 WHERE EXISTS (
    SELECT 1 FROM feed_urls u WHERE u.url = feeds.url
    AND u.etag IS feeds.etag
    AND u.last_modified IS feeds.last_modified);
UPDATE feeds SET etag = NULL, last_modified = NULL;
