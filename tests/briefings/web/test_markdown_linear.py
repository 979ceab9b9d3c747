"""`markdown_to_text` takes time linear in its input, and still strips what it did.

The time checks compare one input with another eight times as long, in the same run:
linear code takes about 8 times as long, quadratic code about 64 times. No check
depends on how fast the machine is. (The regular expressions this replaced took 32 s
on 96 KB of "*a ", and were cubic on a heading line ending in blanks.)
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from briefings.text import normalize_text
from briefings.web.html_text import markdown_to_text
from tests.support.growth import MAX_RATIO, growth, repeat

BASE = 10_000
"""Characters of the smaller input: 8x this takes the new code well under a second, and
took the quadratic code minutes."""


def framed(head: str, fill: str, tail: str) -> Callable[[int], str]:
    return lambda n: head + fill * ((n - len(head) - len(tail)) // len(fill)) + tail


def mixed(n: int) -> str:
    rng = random.Random(1)
    pieces = ["*a ", "_b ", "**", "__", "`c ", "[d](", "![e", "](f", "# ", "> ", "- ", "\n", " "]
    out: list[str] = []
    while sum(map(len, out)) < n:
        out.extend(rng.choice(pieces) for _ in range(100))
    return "".join(out)[:n]


ADVERSARIAL = {
    "unclosed emphasis": repeat("*a "),
    "underscores": repeat("_"),
    "double stars": repeat("**"),
    "backticks": repeat("`"),
    "unclosed code": repeat("`a "),
    "brackets": repeat("["),
    "unclosed links": repeat("[a]("),
    "unclosed images": repeat("![a]("),
    "heading marks": repeat("# "),
    "blockquote marks": repeat("> "),
    "heading ending in blanks": framed("# a", " ", "x"),
    "heading ending in hashes": framed("# a", "#", "x"),
    "rule marks": framed("", "- ", "x"),
    "rule lines": framed("", "-\n", "x"),
    "mixed": mixed,
}


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_time_grows_linearly(make: Callable[[int], str]) -> None:
    assert growth(markdown_to_text, make, BASE) < MAX_RATIO


# -- the output is what the regular expressions gave ------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M)
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M)


def reference(md: str) -> tuple[str, str | None]:
    """The former implementation (quadratic, fine on short inputs)."""
    heading = _HEADING.search(md)
    title = heading.group(1).strip() if heading else None
    text = _IMAGE.sub(r"\1", md)
    text = _LINK.sub(r"\1", text)
    text = _HEADING.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _QUOTE.sub("", text)
    text = _LIST.sub("", text)
    text = _EMPH.sub(r"\2", text)
    text = normalize_text(text)
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()
    return text, title


@pytest.mark.parametrize(
    "md",
    [
        "# Harbour bridge closes\n\nThe **old** bridge, said _the_ mayor, is `closed`.",
        "Intro\n\n## Sub heading ##   \n\nMore text with a [link](https://x.example/a).",
        "![a chart](chart.png) and ![](empty.png) and [not a link] (x)",
        "* one\n* two\n1. three\n2) four\n\n> quoted\n> > nested",
        "---\n***\n___\n- - -\ntext after rules",
        "**bold *nested* bold** and *a **b** c* and ***both***",
        "a * b * c, 2*3*4, snake_case_name and __init__",
        "```\ncode block\n```\n\nInline `a` and `` b `` and unclosed ` here",
        "#No space heading\n####### seven\n   # three spaces\n    # four spaces",
        "# A\n\n\n\n##\n\n   \nB\n# \n#\n# C #\t#  ",
        "[a](b) [c]( [d](e)) [[f]](g) [](h) ![i](j(k)l)",
        "line\r\nwith **CRLF**\r\n# Head\r\n",
        "\u00a0# nbsp\u2028*a*\u2029_b_\x0c`c`",
    ],
)
def test_same_output_as_the_regular_expressions(md: str) -> None:
    assert markdown_to_text(md) == reference(md)


def test_same_output_on_random_markdown() -> None:
    rng = random.Random(12)
    pieces = [
        "**", "__", "*", "_", "`", "# ", "## ", "####### ", "\n", "\n\n", "   ", " ", "\t",
        "a", "word", "[", "]", "(", ")", "![", "](", "> ", "- ", "* ", "1. ", "---", " #",
        "\r\n", "\u00a0",
    ]  # fmt: skip
    for _ in range(3000):
        md = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert markdown_to_text(md) == reference(md), repr(md)
