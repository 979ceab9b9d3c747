"""Inputs that used to make text code super-linear, shared by the tests and benchmarks.

`tests/briefings/quotes/test_nested_quotes_linear.py` checks that `extract_quotes`
grows linearly on each of them; `benchmarks/bench_adversarial.py` prints the seconds
at growing sizes. One list keeps the two measuring the same inputs.
"""

from __future__ import annotations

from tests.support.growth import repeat, shuffled

NESTED_QUOTES = {
    "nested curly": repeat("“a ‘b “c ‘d "),
    "nested with cues": repeat("Smith said “we ‘will “go ‘now, he said. "),
    "straight inside curly": repeat('He said “a "b ‘c” d" e’ f. '),
    "alternating styles": repeat('“a” ‘b’ "c" '),
    "openers only": repeat("“a ‘b "),
    "reopened before the sentence end": repeat("“We will. Ann Lee said “No. "),
    "apostrophes among marks": repeat("It’s ‘Bob’s “x’ "),
    "across paragraphs": repeat("“a ‘b “c\n\n‘d “e, she said.\n\n"),
    "split quotation, nested": repeat("“a ‘b,” said Smith, “c ‘d "),
    "straight in straight": repeat('"a "b" c, he said "d ‘e’ '),
    "guillemets and low marks": repeat("«a „b “c » d, he said "),
    "random marks and cues": shuffled(
        [
            "“",
            "”",
            "‘",
            "’",
            '"',
            "«",
            "»",
            "''",
            "``",
            " a",
            " said",
            " Ann Lee",
            " he",
            ", ",
            ". ",
            " according to",
            " told reporters",
            "\n\n",
            " (",
            ") ",
            " saying",
            ": ",
        ],
        seed=2,
    ),  # fmt: skip
}
