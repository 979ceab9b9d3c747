"""`python bot.py` as a child process against the loopback fake Discord, as an operator
runs it: configuration from the environment only."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from tests.support.paths import ROOT


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without any Briefings/Discord settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BRIEFINGS_"))}
    env.update(settings)
    return env


def bot_env(fake: Any, db: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a bot using `fake` and the SQLite file `db`, or with
    `database_url` the PostgreSQL database (or schema) it names."""
    if database_url:
        extra["BRIEFINGS_DATABASE_URL"] = database_url
    return clean_env(
        **fake.env(token="fake-token"), BRIEFINGS_DB=str(db), LOG_LEVEL="INFO", **extra
    )


async def run_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_bot(proc: asyncio.subprocess.Process, timeout: float = 30) -> tuple[str, str]:
    """SIGTERM, then its output; killed (and the test failed) if it does not exit in time."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()  # never leave a bot running after a failed test
        raise
    return out.decode(), err.decode()
