-- Revises: 0000
-- Creation Date: 2026-11-27
-- Reason: the first schema, needed by the first release: guilds and their digest
--         schedule; articles with their sentences, quotes and actors (full-text search
--         kept in step by triggers); feeds and the entries already handled; posted
--         digests (once per guild and day); process-wide meta. Every row that holds
--         user content is scoped by guild_id: what one server ingests is never visible
--         to another (the CLI uses guild 0).

CREATE TABLE guilds (
    id               INTEGER PRIMARY KEY,          -- Discord guild id; 0 = local CLI
    name             TEXT,
    timezone         TEXT,                         -- IANA name; NULL = the default setting
    digest_channel_id INTEGER,
    digest_time      TEXT,                         -- 'HH:MM' in the guild's time zone
    digest_enabled   INTEGER NOT NULL DEFAULT 0,
    digest_set_at    TEXT,                         -- when the schedule was (re)set: no digest
                                                   -- is owed for earlier times
    created_at       TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    url           TEXT,                            -- as given by the user or the feed
    canonical_url TEXT,                            -- normalised; dedup key
    title         TEXT NOT NULL,
    site          TEXT,
    author        TEXT,
    published_at  TEXT,                            -- ISO 8601 UTC, when known
    ingested_at   TEXT NOT NULL,                   -- ISO 8601 UTC
    text          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,                   -- sha256 of the folded text; dedup key
    source        TEXT NOT NULL,                   -- text | file | url | feed
    feed_id       INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    language      TEXT,
    word_count    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX articles_guild_hash ON articles(guild_id, content_hash);
CREATE UNIQUE INDEX articles_guild_canonical ON articles(guild_id, canonical_url)
    WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_guild_time ON articles(guild_id, ingested_at);
CREATE INDEX articles_guild_published ON articles(guild_id, published_at);

-- Sentence offsets into articles.text: summaries cite sentences by (article, idx).
CREATE TABLE sentences (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE actors (
    id       INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,                        -- the fullest name seen
    name_key TEXT NOT NULL,                        -- folded, titles stripped
    UNIQUE (guild_id, name_key)
);

-- Any way the actor is written ('Putin', 'President Putin'), folded for lookup.
CREATE TABLE actor_aliases (
    guild_id  INTEGER NOT NULL,
    alias_key TEXT NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    PRIMARY KEY (guild_id, alias_key, actor_id)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id);

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id       INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    speaker        TEXT,                           -- resolved name in this article
    speaker_mention TEXT,                          -- as written: 'he', 'the minister'
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL,                  -- direct | mixed | indirect
    cue            TEXT,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text_key       TEXT NOT NULL                   -- folded content, to merge syndicated copies
);
CREATE INDEX quotes_actor ON quotes(actor_id);
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE feeds (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    url            TEXT NOT NULL,
    title          TEXT,
    channel_id     INTEGER,                        -- where new entries are announced
    etag           TEXT,
    last_modified  TEXT,
    last_polled_at TEXT,
    last_ok_at     TEXT,
    next_poll_at   TEXT,
    failures       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    enabled        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    UNIQUE (guild_id, url)
);

-- Entries already handled, so a feed that re-lists old items does not refetch them.
CREATE TABLE feed_entries (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key  TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;

-- One row per guild and local date: a digest is posted once, across restarts.
CREATE TABLE posted_digests (
    guild_id    INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    digest_date TEXT NOT NULL,                     -- 'YYYY-MM-DD' in the guild's time zone
    channel_id  INTEGER,
    message_ids TEXT NOT NULL DEFAULT '[]',        -- JSON list
    posted_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, digest_date)
) WITHOUT ROWID;

-- Process-wide key/value state (e.g. the hash of the last synced command set).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search over title and text, kept in step by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
