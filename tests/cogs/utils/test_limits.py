"""Packing text into Discord embeds without breaking limits or sentences."""

from __future__ import annotations

import discord

from cogs.utils import limits
from cogs.utils.limits import Section, check_embed, clip, pack_lines, pack_messages, section_embeds


def test_clip_cuts_at_a_word() -> None:
    assert clip("short", 10) == "short"
    out = clip("one two three four five six", 12)
    assert out == "one two…" and len(out) <= 12


def test_pack_lines_never_splits_a_line_that_fits() -> None:
    lines = [f"Sentence number {i} is here and it ends with a full stop." for i in range(200)]
    chunks = pack_lines(lines, 500)
    assert all(len(c) <= 500 for c in chunks)
    assert [ln for c in chunks for ln in c.split("\n")] == lines


def test_a_line_longer_than_the_limit_breaks_at_words() -> None:
    long_line = " ".join(f"word{i}" for i in range(1000))
    chunks = pack_lines(["intro", long_line, "outro"], 300)
    assert all(len(c) <= 300 for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(f"intro {long_line} outro".split())


def test_sections_and_messages_respect_every_limit() -> None:
    lines = [f"• Line {i}: " + "lorem ipsum dolor sit amet " * 8 for i in range(300)]
    embeds = section_embeds(Section("T" * 400, lines, footer="f" * 5000))
    assert len(embeds) > 5
    for e in embeds:
        check_embed(e)
    assert embeds[1].title.endswith("(cont.)")
    messages = pack_messages(embeds)
    assert len(messages) > 1
    for m in messages:
        assert len(m) <= limits.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in m) <= limits.TOTAL
    text = "\n".join(e.description for m in messages for e in m)
    assert text.split("\n") == lines  # nothing lost, order kept


def test_many_small_embeds_are_capped_at_ten_per_message() -> None:
    embeds = [discord.Embed(title=f"{i}") for i in range(23)]
    assert [len(m) for m in pack_messages(embeds)] == [10, 10, 3]
