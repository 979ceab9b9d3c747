"""Schema migrations: loading, applying and checking the numbered `.sql` files.

The schema is the sum of the files in `briefings/store/migrations/` (SQLite) or
`briefings/store/migrations_pg/` (PostgreSQL), applied in order. Both folders hold the
same numbers, each file doing on its backend what its twin does on the other (a test
checks the numbers). Each applied file is recorded in `schema_migrations` (version, name, when)
and mirrored in `PRAGMA user_version`. `Store.open` calls `migrate` before it
hands out the store, so every open brings the database up to date or fails
having changed nothing.

Several processes may open a new or old database at the same moment (the bot
and a CLI command, two CLI commands). `migrate` therefore takes the write lock
first (`BEGIN IMMEDIATE`; on PostgreSQL a transaction-scoped advisory lock),
reads the version again under the lock and applies
only what is still missing, all in that one transaction: whoever comes second
waits (the connection's busy timeout) and then finds nothing left to do. A
database newer than this program is refused with a one-line `SchemaError`.

How to add a migration
----------------------
1. Create `migrations/NNNN_what_it_does.sql` with the next number (no gaps: the
   files are checked at load time), e.g. `0003_article_language_index.sql`.
2. Start it with the header comment, RoboDanny style::

       -- Revises: 0002
       -- Creation Date: 2026-12-01
       -- Reason: what the migration adds or changes, and what needed it
       --         (continuation lines are indented comments).

   `Revises` names the previous number; `Reason` is required. Both are checked.
   Write its twin with the same number in `migrations_pg/` (PostgreSQL: BIGINT for
   Discord ids, identity columns for row ids, timestamps as ISO text and flags as
   INTEGER as in SQLite, so the store's queries serve both).
3. Write plain SQL statements. No `BEGIN`/`COMMIT`: `migrate` wraps every
   pending file, its `schema_migrations` row and `user_version` in one
   transaction, so a failing file leaves the database as it was.
4. Update `store.py` for the new schema (column tuples, queries, mappers).
   Write new queries in SQLite's dialect with `?` or `:name` parameters; they run on
   PostgreSQL through `briefings.store.db` (read its docstring for what translates).
5. Add a test in `tests/briefings/store/` that a database at the previous
   version, holding data, upgrades and keeps that data (see
   `test_version_1_database_upgrades_and_keeps_its_data`).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefings.errors import SchemaError
from briefings.store.db import Connection, Dialect, PgConnection
from briefings.timeutil import Clock, to_iso

log = logging.getLogger(__name__)

_FILE_RE = re.compile(r"^(\d{4})_[\w-]+\.sql$")
# "-- Key: value" (one space after the dashes); indented comment lines continue the value.
_HEADER_RE = re.compile(r"^-- ([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)?):\s*(.*)$")

_CREATE_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def header(sql: str) -> dict[str, str]:
    """The `-- Key: value` lines at the top of a migration (continuation lines joined)."""
    fields: dict[str, str] = {}
    last: str | None = None
    for line in sql.splitlines():
        line = line.strip()
        if not line.startswith("--"):
            break
        m = _HEADER_RE.match(line)
        if m:
            last = m.group(1).lower()
            fields[last] = m.group(2).strip()
        elif last is not None:
            fields[last] = f"{fields[last]} {line.removeprefix('--').strip()}".strip()
    return fields


def check_migrations(migrations: list[Migration]) -> None:
    """Numbered 1..n without gaps, each with a header naming its predecessor and a reason.

    A failure here is a packaging bug, not a user error: it raises RuntimeError.
    """
    for expected, mig in enumerate(migrations, start=1):
        if mig.version != expected:
            raise RuntimeError(f"migration numbering broken at {mig.name}")
        head = header(mig.sql)
        if not head.get("reason"):
            raise RuntimeError(f"{mig.name} lacks its '-- Reason:' header")
        if head.get("revises") != f"{expected - 1:04d}":
            raise RuntimeError(f"{mig.name} must say '-- Revises: {expected - 1:04d}'")


MIGRATION_FOLDERS: dict[Dialect, str] = {"sqlite": "migrations", "postgres": "migrations_pg"}
"""Where each backend's migrations live: the same numbers in both (a test checks)."""


def load_migrations() -> list[Migration]:
    """The packaged SQLite migrations, sorted by number and checked."""
    return _load(MIGRATION_FOLDERS["sqlite"])


def load_pg_migrations() -> list[Migration]:
    """The packaged PostgreSQL migrations, sorted by number and checked."""
    return _load(MIGRATION_FOLDERS["postgres"])


def _load(folder: str) -> list[Migration]:
    out: list[Migration] = []
    for entry in resources.files("briefings.store").joinpath(folder).iterdir():
        m = _FILE_RE.match(entry.name)
        if m:
            out.append(Migration(int(m.group(1)), entry.name, entry.read_text("utf-8")))
    out.sort(key=lambda mig: mig.version)
    check_migrations(out)
    return out


def split_statements(sql: str) -> list[str]:
    """A migration's text as single statements, for `execute` inside one transaction.

    (`executescript` would commit first and so give up the write lock.) Splits at
    each `;` that ends a complete statement, so semicolons in strings, comments and
    trigger bodies stay where they are.
    """
    out: list[str] = []
    start = 0
    for i, ch in enumerate(sql):
        if ch == ";" and sqlite3.complete_statement(sql[start : i + 1]):
            out.append(sql[start : i + 1].strip())
            start = i + 1
    tail = sql[start:].strip()
    if tail:
        out.append(tail)  # a last statement without ';', or trailing comments: both run fine
    return out


async def current_version(db: Connection) -> int:
    """The highest applied migration; 0 for a new (empty) database."""
    exists = (
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        if db.dialect == "sqlite"
        else "SELECT to_regclass('schema_migrations') IS NOT NULL AS found "
        "WHERE to_regclass('schema_migrations') IS NOT NULL"
    )
    async with db.execute(exists) as cur:
        if await cur.fetchone() is None:
            return 0
    async with db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


def _refuse_newer(path: Path | str, current: int, known: int) -> None:
    if current > known:
        raise SchemaError(
            f"database {path} has schema version {current} but this Briefings only knows "
            f"{known}: upgrade Briefings"
        )


async def migrate(db: Connection, *, path: Path | str, clock: Clock) -> int:
    """Bring the database on `db` (an autocommit connection) up to date; returns the version.

    Safe when several processes do it at once: see the module docstring. On PostgreSQL
    the lock is a transaction-scoped advisory lock (the one every write transaction
    takes, `db.begin()`), and each file runs whole, as one multi-statement script.
    """
    migrations = load_migrations() if db.dialect == "sqlite" else load_pg_migrations()
    known = len(migrations)
    current = await current_version(db)
    _refuse_newer(path, current, known)
    if current == known:
        return current  # the common case: no write lock needed
    await db.begin()
    try:
        await db.execute(_CREATE_MIGRATIONS_TABLE)
        current = await current_version(db)  # another process may have migrated meanwhile
        _refuse_newer(path, current, known)
        for mig in migrations[current:]:
            log.info("applying migration %s", mig.name)
            if isinstance(db, PgConnection):
                await db.raw.execute(mig.sql)
            else:
                for statement in split_statements(mig.sql):
                    await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (mig.version, mig.name, to_iso(clock())),
            )
            if db.dialect == "sqlite":
                await db.execute(f"PRAGMA user_version = {int(mig.version)}")
    except BaseException:
        if db.in_transaction:
            await db.rollback()
        raise
    await db.commit()
    return known
