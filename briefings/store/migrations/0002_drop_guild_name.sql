-- Revises: 0001
-- Creation Date: 2026-11-28
-- Reason: drop guilds.name. 0001 added it for the Discord server's name, but nothing
--         ever passed a name in (the only writer, Store.ensure_guild, had no callers
--         and was removed), so the column was always NULL. The store no longer reads
--         or writes it. Needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN).

ALTER TABLE guilds DROP COLUMN name;
