-- Revises: 0001
-- Creation Date: 2026-11-29
-- Reason: drop guilds.name, as migrations/0002_drop_guild_name.sql does (the column was
--         never written).

ALTER TABLE guilds DROP COLUMN name;
