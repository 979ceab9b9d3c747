"""/help lists every command once with an example; method choices describe themselves."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from briefings.summarize import DEFAULT_METHOD, METHODS
from cogs.briefs import METHOD_CHOICES
from tests.support.fakediscord import FakeDiscord


async def test_help_has_one_line_per_command_with_an_example(fake: FakeDiscord, bot: Any) -> None:
    res = await fake.slash("help")
    lines = res.final["embeds"][0]["description"].split("\n")
    registered = {
        "/" + c.qualified_name
        for c in bot.tree.walk_commands()
        if isinstance(c, app_commands.Command)
    }
    listed = [ln.split("`")[1] for ln in lines]
    assert sorted(listed) == sorted(registered)  # each command once, none forgotten
    for ln, cmd in zip(lines, listed, strict=True):
        assert f"Example: `{cmd}" in ln


def test_method_choices_describe_each_method_default_first() -> None:
    assert [c.value for c in METHOD_CHOICES][0] == DEFAULT_METHOD
    assert sorted(c.value for c in METHOD_CHOICES) == sorted(METHODS)
    for c in METHOD_CHOICES:
        assert c.name.startswith(f"{c.value}: ") and len(c.name) > len(c.value) + 10
        assert len(c.name) <= 100
