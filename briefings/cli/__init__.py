"""The command line: `python -m briefings ...` on the same database as the bot.

`commands` parses arguments and calls the core; `plain_text` renders results for a
terminal.
"""

from briefings.cli.commands import main

__all__ = ["main"]
