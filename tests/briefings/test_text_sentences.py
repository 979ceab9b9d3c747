"""Hard sentences for `split_sentences`: each row is a text and the sentences it must give.

Written for these tests (no evaluation data): titles and state abbreviations before names
and verbs, clock times, quotations with full stops inside, French « » and German „ “ marks.
The score over the table is asserted too, so one regression shows as a failing row.
"""

from __future__ import annotations

import pytest

from briefings.text import looks_hard_wrapped, sentences, split_sentences

CASES: list[tuple[str, str, list[str]]] = [
    (
        "english",
        "Gov. Jane Doe of Mass. signed the bill. It takes effect in May.",
        ["Gov. Jane Doe of Mass. signed the bill.", "It takes effect in May."],
    ),
    (
        "english",
        "Gov. Andrew Hale spoke first. Sen. Mara Quist, D-Mass., disagreed.",
        ["Gov. Andrew Hale spoke first.", "Sen. Mara Quist, D-Mass., disagreed."],
    ),
    (
        "english",
        "The budget passed. Rep. Ann Lee of Calif. voted against it.",
        ["The budget passed.", "Rep. Ann Lee of Calif. voted against it."],
    ),
    (
        "english",
        "The firm moved to Mass. Its rivals stayed in Ohio.",
        ["The firm moved to Mass.", "Its rivals stayed in Ohio."],
    ),
    (
        "english",
        "The blast came at 6:25 p.m. on Friday, police said. Nobody was hurt.",
        ["The blast came at 6:25 p.m. on Friday, police said.", "Nobody was hurt."],
    ),
    (
        "english",
        'He said: "I was home at 6:25 p.m. and heard it." He called the police.',
        ['He said: "I was home at 6:25 p.m. and heard it."', "He called the police."],
    ),
    (
        "english",
        "The meeting ended at 10 a.m. The vote came later.",
        ["The meeting ended at 10 a.m.", "The vote came later."],
    ),
    (
        "english",
        'The slogan "Meth. We\'re on it." drew ridicule. Gov. Kay Lund defended it.',
        ['The slogan "Meth. We\'re on it." drew ridicule.', "Gov. Kay Lund defended it."],
    ),
    (
        "english",
        'She told reporters: "We are done. Totally done." Then she left.',
        ['She told reporters: "We are done. Totally done."', "Then she left."],
    ),
    (
        "english",
        "The ad ran as “Stop. Think. Vote.” across the state. It cost $2 million.",
        ["The ad ran as “Stop. Think. Vote.” across the state.", "It cost $2 million."],
    ),
    (
        "english",
        "It rained all day. iPhone sales fell anyway.",
        ["It rained all day.", "iPhone sales fell anyway."],
    ),
    (
        "french",
        "« Nous allons gagner. » a dit le ministre. La foule a applaudi.",
        ["« Nous allons gagner. » a dit le ministre.", "La foule a applaudi."],
    ),
    (
        "french",
        "Le maire a déclaré : « Nous ne céderons pas. Jamais. » Les syndicats ont répondu.",
        [
            "Le maire a déclaré : « Nous ne céderons pas. Jamais. »",
            "Les syndicats ont répondu.",
        ],
    ),
    (
        "german",
        "„Wir schaffen das. Ganz sicher.“ sagte sie. Dann ging sie.",
        ["„Wir schaffen das. Ganz sicher.“ sagte sie.", "Dann ging sie."],
    ),
    (
        "german",
        "Er sagte: „Nein.“ Dann ging er nach Hause.",
        ["Er sagte: „Nein.“", "Dann ging er nach Hause."],
    ),
    (
        "english",
        'A long quote follows: "One.\nTwo." Then the end.',
        ['A long quote follows: "One.', 'Two."', "Then the end."],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_hard_sentence(language: str, text: str, expected: list[str]) -> None:
    got = split_sentences(text, language)
    assert [s.text for s in got] == expected
    for s in got:  # offsets still point at the source
        assert text[s.start : s.end] == s.text


def test_table_score() -> None:
    """Share of rows split exactly right (the figure for the issue): all of them."""
    right = sum(
        [s.text for s in split_sentences(text, lang)] == expected for lang, text, expected in CASES
    )
    assert right == len(CASES)


def test_a_quotation_too_long_is_left_as_punkt_split_it() -> None:
    inner = " ".join(f"Point number {i} stands." for i in range(40))
    text = f'He said: "{inner}" Then he sat down.'
    got = split_sentences(text)
    assert len(got) > 10
    assert all(len(s.text) <= 420 for s in got)


def test_a_page_of_headings_between_long_paragraphs_is_not_hard_wrapped() -> None:
    para = (
        "The group stage finished on Tuesday, and twenty teams have booked their places in "
        "next summer's tournament, which will be played in twelve cities for the first time. "
    ) * 3
    text = "\n".join(
        [
            "Twenty teams have booked their tickets for the finals",
            para,
            "Who is through",
            "- Northland (Group A)",
            "- Southmere (Group B)",
            "- Eastvale (Group C)",
            "What comes next",
            para,
        ]
    )
    assert not looks_hard_wrapped(text)
    first = sentences(text)[0]
    assert first == "Twenty teams have booked their tickets for the finals"


def test_text_wrapped_at_a_fixed_width_is_hard_wrapped() -> None:
    import textwrap

    para = (
        "The council voted on Tuesday to close the harbour bridge for repairs that will "
        "take several months, and the ferry will run every hour until it reopens. "
    ) * 3
    text = "\n\n".join(textwrap.fill(para, 72) for _ in range(3))
    assert looks_hard_wrapped(text)
    got = sentences(text)
    # one sentence per sentence of prose, its wrapped lines kept together
    assert len(got) == 9
    assert all(s.startswith("The council") and s.endswith("reopens.") for s in got)
