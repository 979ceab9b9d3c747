-- Revises: 0005
-- Creation Date: 2026-11-29
-- Reason: the twin of migrations/0006_cjk_search.sql, which gives SQLite a bigram index so
--         that Chinese, Japanese, Korean and Thai words are found inside a run of such
--         characters. PostgreSQL needs no new table for it: `Store._search_pg` looks each
--         such run of the query up as a substring of the title and text (strpos), beside
--         the word index, which is correct for any run length. Kept as a numbered step so
--         both backends hold the same migrations; a trigram index (pg_trgm) is the next
--         step if substring scans grow slow, once the extension may be assumed.

SELECT 1;  -- asyncpg refuses an empty script
