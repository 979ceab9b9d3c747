"""The small connection layer under `Store`: one SQL dialect (SQLite's), two backends.

`Store` writes its queries once, in SQLite's dialect, against `Connection`: `execute`
(awaited, or used as `async with ... as cur`), `executemany`, a cursor with `fetchone`,
`fetchall`, `rowcount` and `lastrowid`. That is the subset of aiosqlite the store always
used, so `SqliteConnection` is a thin wrapper. `PgConnection` gives the same surface over
asyncpg and translates each statement once (cached):

- `?` and `:name` parameters become `$1, $2, ...` (strings, quoted names and comments are
  left alone, so `'$[#]'` or a `?` in a literal stay as they are);
- `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case) and `IFNULL` `COALESCE`;
- `INSERT OR IGNORE INTO t ...` becomes `INSERT INTO t ... ON CONFLICT DO NOTHING`
  (`INSERT OR REPLACE` has no such rewrite: write an explicit `ON CONFLICT ... DO UPDATE`,
  which both backends understand);
- `lastrowid` works: an `INSERT INTO t` into a table with an `id` column (looked up in the
  catalogue at open) gets `RETURNING id` appended;
- `rowcount` is read from the command tag (`UPDATE 3`).

What does not translate lives in the PostgreSQL migrations instead: the SQLite functions
the store uses (`json_insert(doc, '$[#]', v)`, `json_array_length(text)`) are defined there,
and booleans stay INTEGER 0/1 columns on both backends. The one query that differs by
dialect, full-text search, asks `Connection.dialect`.

Transactions (`begin`) are SQLite's `BEGIN IMMEDIATE` on one side and, on PostgreSQL,
`BEGIN` plus a transaction-scoped advisory lock per database and schema: writers are
serialised across processes exactly as SQLite serialises them, so a read-then-write in
one transaction (a digest claim, actor matching) is atomic on both.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Generator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from types import TracebackType
from typing import Any, Literal, Protocol

import aiosqlite
import asyncpg

Dialect = Literal["sqlite", "postgres"]
Args = Sequence[Any] | dict[str, Any]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: object) -> bool:
    """Whether a store target names a PostgreSQL server (a URL) rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


class Row(Protocol):
    """A result row by column name or position: sqlite3.Row and asyncpg.Record both are."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> Any: ...


class Cursor:
    """The rows and counts of one executed statement, already fetched."""

    def __init__(
        self, rows: Sequence[Row], rowcount: int = -1, lastrowid: int | None = None
    ) -> None:
        self._rows = list(rows)
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchone(self) -> Row | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    async def fetchall(self) -> list[Row]:
        rest = self._rows[self._pos :]
        self._pos = len(self._rows)
        return rest


class _Pending:
    """`db.execute(...)` both awaited and used as `async with`, as with aiosqlite."""

    def __init__(self, conn: Connection, sql: str, args: Args) -> None:
        self._conn, self._sql, self._args = conn, sql, args

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._conn._run(self._sql, self._args).__await__()

    async def __aenter__(self) -> Cursor:
        return await self._conn._run(self._sql, self._args)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class Connection(ABC):
    """One database connection (or, for PostgreSQL reads, a pool) in SQLite's dialect."""

    dialect: Dialect

    def execute(self, sql: str, args: Args = ()) -> _Pending:
        return _Pending(self, sql, args)

    @abstractmethod
    async def _run(self, sql: str, args: Args) -> Cursor: ...

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    async def begin(self) -> None:
        """Start a write transaction holding the database's write lock."""

    async def commit(self) -> None:
        await self._run("COMMIT", ())

    async def rollback(self) -> None:
        await self._run("ROLLBACK", ())

    @property
    def in_transaction(self) -> bool:
        return False

    @abstractmethod
    async def close(self) -> None: ...


class SqliteConnection(Connection):
    dialect: Dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self.raw = raw

    async def _run(self, sql: str, args: Args) -> Cursor:
        async with self.raw.execute(sql, args) as cur:
            rows = await cur.fetchall()
            return Cursor(list(rows), cur.rowcount, cur.lastrowid)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.raw.executemany(sql, rows)

    async def begin(self) -> None:
        await self.raw.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    async def close(self) -> None:
        await self.raw.close()


# ---------------------------------------------------------------- PostgreSQL translation
_TOKEN_RE = re.compile(
    r"""
    (?P<str>'(?:[^']|'')*')            # string literal
    | (?P<ident>"(?:[^"]|"")*")        # quoted identifier
    | (?P<comment>--[^\n]*)            # comment
    | (?P<cast>::)                     # a PostgreSQL cast, not a parameter
    | (?P<qmark>\?)
    | :(?P<named>[A-Za-z_]\w*)
    | (?P<word>\b(?:LIKE|IFNULL)\b)     # SQLite words with another spelling here
    """,
    re.VERBOSE | re.IGNORECASE,
)
# SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE is the one that does.
_WORDS = {"like": "ILIKE", "ifnull": "COALESCE"}
_OR_IGNORE_RE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_OR_REPLACE_RE = re.compile(r"^\s*INSERT\s+OR\s+REPLACE\b", re.IGNORECASE)
_INSERT_RE = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_RETURNS_ROWS_RE = re.compile(r"^\s*(SELECT|WITH|VALUES)\b|\bRETURNING\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[str, ...] | int]:
    """SQLite-dialect SQL as PostgreSQL: (sql, parameter names in `$n` order, or the
    number of positional parameters). Pure and cached: each statement is parsed once."""
    if _OR_REPLACE_RE.match(sql):
        raise ValueError(
            "INSERT OR REPLACE does not translate to PostgreSQL: write "
            "INSERT ... ON CONFLICT(...) DO UPDATE SET ..., which both backends run"
        )
    ignore = bool(_OR_IGNORE_RE.match(sql))
    if ignore:
        sql = _OR_IGNORE_RE.sub("INSERT INTO", sql, count=1)
    names: list[str] = []
    count = 0
    out: list[str] = []
    pos = 0
    for m in _TOKEN_RE.finditer(sql):
        out.append(sql[pos : m.start()])
        pos = m.end()
        if m.group("qmark"):
            count += 1
            out.append(f"${count}")
        elif m.group("named"):
            name = m.group("named")
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
        elif m.group("word"):
            out.append(_WORDS[m.group("word").lower()])
        else:
            out.append(m.group(0))
    out.append(sql[pos:])
    if names and count:
        raise ValueError("a statement mixes ? and :name parameters")
    text = "".join(out).rstrip().rstrip(";")
    if ignore:
        text += " ON CONFLICT DO NOTHING"
    return text, tuple(names) if names else count


def _pg_args(sql: str, args: Args) -> tuple[str, list[Any]]:
    text, params = translate(sql)
    if isinstance(params, tuple):
        if not isinstance(args, dict):
            raise TypeError("named parameters need a dict of arguments")
        return text, [args[n] for n in params]
    if isinstance(args, dict):
        raise TypeError("positional parameters need a sequence of arguments")
    return text, list(args)


def _rowcount(status: str) -> int:
    """The row count of a command tag: 'UPDATE 3' -> 3, 'INSERT 0 1' -> 1."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else -1


class _PgExecutor(Protocol):
    async def fetch(self, query: str, *args: Any) -> list[Any]: ...

    async def execute(self, query: str, *args: Any) -> str: ...

    async def executemany(self, command: str, args: Iterable[Sequence[Any]]) -> None: ...


async def _pg_run(ex: _PgExecutor, sql: str, args: Args, id_tables: frozenset[str]) -> Cursor:
    text, values = _pg_args(sql, args)
    insert = _INSERT_RE.match(text)
    wants_id = (
        insert is not None
        and insert.group(1).lower() in id_tables
        and not re.search(r"\bRETURNING\b", text, re.IGNORECASE)
    )
    if wants_id:
        rows = await ex.fetch(text + " RETURNING id", *values)
        return Cursor([], len(rows), int(rows[0]["id"]) if rows else None)
    if _RETURNS_ROWS_RE.search(text):
        rows = await ex.fetch(text, *values)
        return Cursor(rows, len(rows))
    return Cursor([], _rowcount(await ex.execute(text, *values)))


async def _pg_many(ex: _PgExecutor, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    text, params = translate(sql)
    if isinstance(params, tuple):
        raise TypeError("executemany takes positional (?) parameters")
    batch = [list(r) for r in rows]
    if batch:
        await ex.executemany(text, batch)


WRITE_LOCK_SQL = (
    "SELECT pg_advisory_xact_lock(hashtext('briefings write ' || current_database() "
    "|| '.' || current_schema()))"
)


class PgConnection(Connection):
    """One asyncpg connection (the store's writer, or a migration's)."""

    dialect: Dialect = "postgres"

    def __init__(self, raw: asyncpg.Connection, id_tables: frozenset[str] = frozenset()) -> None:
        self.raw = raw
        self.id_tables = id_tables

    async def _run(self, sql: str, args: Args) -> Cursor:
        return await _pg_run(self.raw, sql, args, self.id_tables)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await _pg_many(self.raw, sql, rows)

    async def begin(self) -> None:
        # One round trip: without arguments asyncpg sends both as one simple query.
        await self.raw.execute(f"BEGIN; {WRITE_LOCK_SQL}")

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.is_in_transaction())

    async def close(self) -> None:
        await self.raw.close()


class PgPool(Connection):
    """Reads on PostgreSQL: each statement on a pooled connection, committed data only.

    (The SQLite store's reader is one WAL connection; PostgreSQL's READ COMMITTED gives
    the same guarantee, and a pool lets reads run side by side.)"""

    dialect: Dialect = "postgres"

    def __init__(self, pool: asyncpg.Pool, id_tables: frozenset[str] = frozenset()) -> None:
        self.pool = pool
        self.id_tables = id_tables

    async def _run(self, sql: str, args: Args) -> Cursor:
        async with self.pool.acquire() as conn:
            return await _pg_run(conn, sql, args, self.id_tables)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.pool.acquire() as conn:
            await _pg_many(conn, sql, rows)

    async def begin(self) -> None:
        raise RuntimeError("the read pool does not write: use the store's writer")

    async def close(self) -> None:
        await self.pool.close()


@asynccontextmanager
async def pg_connection(url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(url)
    try:
        yield conn
    finally:
        await conn.close()


async def id_tables(conn: asyncpg.Connection) -> frozenset[str]:
    """Tables of the current schema with an `id` column: inserts into them report lastrowid."""
    rows = await conn.fetch(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'id'"
    )
    return frozenset(str(r["table_name"]).lower() for r in rows)
