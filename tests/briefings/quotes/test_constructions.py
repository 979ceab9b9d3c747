"""One test per construction the extractor handles, on made-up sentences."""

from __future__ import annotations

import pytest

from briefings.quotes import Quote, extract_quotes


def only(text: str) -> Quote:
    quotes = extract_quotes(text)
    assert len(quotes) == 1, [(q.speaker, q.text) for q in quotes]
    return quotes[0]


def check_offsets(text: str, q: Quote) -> None:
    for s, e in q.spans:
        assert 0 <= s < e <= len(text)
    if len(q.spans) == 1:
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Senator Tom Barrett met farmers. “We will fight for every acre,” Barrett said.",
            "We will fight for every acre",
        ),
        (
            'Senator Tom Barrett met farmers. "We will fight for every acre," Barrett said.',
            "We will fight for every acre",
        ),
        (
            "Senator Tom Barrett met farmers. «We will fight for every acre», Barrett said.",
            "We will fight for every acre",
        ),
        (
            "Senator Tom Barrett met farmers. „We will fight for every acre“, Barrett said.",
            "We will fight for every acre",
        ),
        (
            "Senator Tom Barrett met farmers. ''We will fight for every acre,'' Barrett said.",
            "We will fight for every acre",
        ),
        (
            "Senator Tom Barrett met farmers. ``We will fight for every acre,'' Barrett said.",
            "We will fight for every acre",
        ),
    ],
    ids=["curly", "straight", "guillemets", "low-nine", "wire-apostrophes", "backticks"],
)
def test_every_quotation_mark_style(text: str, content: str) -> None:
    q = only(text)
    assert (q.speaker, q.kind, q.text, q.cue) == ("Tom Barrett", "direct", content, "said")
    check_offsets(text, q)


def test_quote_split_around_the_cue_is_one_statement() -> None:
    text = "Coach Brian Kelly was upbeat. “We played hard,” he said, “and we will be back.”"
    q = only(text)
    assert q.speaker == "Brian Kelly"
    assert q.kind == "direct"
    assert q.text == "We played hard and we will be back."
    assert [text[s:e] for s, e in q.spans] == ["We played hard", "and we will be back."]
    assert text[q.start : q.end].startswith("We played hard,” he said, “and")


def test_quote_across_paragraphs_continues_without_closing_mark() -> None:
    text = (
        "Dr. Maria Lopez described the outbreak.\n\n"
        "“The first cases came in March. We were not ready.\n\n"
        "“By April the wards were full,” she said.\n\n"
        "The hospital declined to comment."
    )
    q = next(q for q in extract_quotes(text) if q.cue == "said")
    assert q.speaker == "Maria Lopez"
    assert q.kind == "direct"
    assert len(q.spans) == 2
    parts = [text[s:e] for s, e in q.spans]
    assert parts == [
        "The first cases came in March. We were not ready.",
        "By April the wards were full",
    ]


def test_bare_quote_after_a_quoted_statement_continues_it() -> None:
    text = "“We lost,” said Ann Lee, the coach. “Next year will be different.”"
    q = only(text)
    assert q.speaker == "Ann Lee"
    assert [text[s:e] for s, e in q.spans] == ["We lost", "Next year will be different."]


def test_colon_then_quote() -> None:
    text = "Prime Minister Ravi Shah addressed parliament. Shah said: “The budget is balanced.”"
    q = only(text)
    assert (q.speaker, q.kind, q.text) == ("Ravi Shah", "direct", "The budget is balanced.")


def test_said_then_quote_without_colon_is_mixed_when_the_sentence_goes_on() -> None:
    text = "Ravi Shah said “the budget is balanced” and sat down."
    q = only(text)
    assert (q.speaker, q.kind) == ("Ravi Shah", "mixed")
    assert q.text == "“the budget is balanced” and sat down"


def test_inverted_said_name_with_appositive() -> None:
    text = "“The river is rising fast,” said Tom Reed, a local farmer."
    q = only(text)
    assert (q.speaker, q.kind, q.text) == ("Tom Reed", "direct", "The river is rising fast")
    assert q.speaker_mention == "Tom Reed"


def test_partial_quote_after_name_and_verb() -> None:
    text = "Defense Minister Olga Ivanova condemned the “reckless provocation” near the border."
    q = only(text)
    assert (q.speaker, q.kind, q.cue) == ("Olga Ivanova", "mixed", "condemned")
    assert q.text == "the “reckless provocation” near the border"


def test_reported_speech_with_time_phrase_and_that() -> None:
    text = "Finance Minister Paul Grant said on Tuesday that inflation would fall next year."
    q = only(text)
    assert (q.speaker, q.kind) == ("Paul Grant", "indirect")
    assert q.text == "inflation would fall next year"
    check_offsets(text, q)


@pytest.mark.parametrize(
    "text",
    [
        "The company lost money last year, according to Susan Park, its finance chief.",
        "According to Susan Park, the company lost money last year.",
    ],
)
def test_according_to(text: str) -> None:
    q = only(text)
    assert q.speaker == "Susan Park"
    assert q.cue.lower() == "according to"
    assert q.text.lower() == "the company lost money last year"


def test_told_reporters_skips_the_hearer() -> None:
    q = only("Senator Mark Hill told reporters that the vote would be delayed.")
    assert (q.speaker, q.cue, q.text) == ("Mark Hill", "told", "the vote would be delayed")


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("Mark Hill stressed the need for calm.", "stressed", "the need for calm"),
        ("Mark Hill urged voters to stay home.", "urged", "voters to stay home"),
        ("Mark Hill warned that the storm could get worse.", "warned", "the storm could get worse"),
        ("Mark Hill expressed concern about the levees.", "expressed", "concern about the levees"),
    ],
)
def test_other_speech_verbs(sentence: str, cue: str, content: str) -> None:
    q = only(sentence)
    assert (q.speaker, q.cue, q.text, q.kind) == ("Mark Hill", cue, content, "indirect")


def test_speaker_with_appositive() -> None:
    q = only("Hugh Hill, a doctor at the clinic, said the patients were recovering.")
    assert (q.speaker, q.text) == ("Hugh Hill", "the patients were recovering")


def test_pronoun_resolved_by_gender() -> None:
    text = "Ellen Park met Tom Green on Friday. She said the deal was done."
    assert only(text).speaker == "Ellen Park"
    text = "Ellen Park met Tom Green on Friday. “It was a good meeting,” he said."
    assert only(text).speaker == "Tom Green"


def test_pronoun_prefers_the_subject_over_a_later_object() -> None:
    text = (
        "Laura Chen criticized Tom Green on Monday. “The plan is a mistake,” she said. "
        "Chen met Jane Wood later. “We agreed on very little,” she said."
    )
    said = [q for q in extract_quotes(text) if q.cue == "said"]
    assert [q.speaker for q in said] == ["Laura Chen", "Laura Chen"]


def test_they_is_not_guessed() -> None:
    q = only("Officials met on Monday. They said the bridge would reopen.")
    assert q.speaker is None
    assert q.speaker_mention == "They"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "German Chancellor Olaf Berger arrived in Paris on Monday. "
            "The chancellor said Europe must stay united.",
            "Olaf Berger",
        ),
        (
            "Russian Foreign Minister Sergei Lavrov met his Chinese counterpart. "
            "The top Russian diplomat said talks were useful.",
            "Sergei Lavrov",
        ),
        (
            "President Anna Kovacs opened the session. Prime Minister Jon Berg spoke next. "
            "The president said the budget would pass.",
            "Anna Kovacs",
        ),
    ],
)
def test_role_noun_resolved_to_the_person_with_that_office(text: str, speaker: str) -> None:
    q = only(text)
    assert q.speaker == speaker
    assert q.speaker_mention is not None and q.speaker_mention[0] == "T"


def test_name_variants_merge_to_the_fullest_name() -> None:
    text = (
        "President Vladimir Putin spoke in Moscow. Putin said the economy was growing. "
        "Mr. Putin added that oil prices were stable."
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Vladimir Putin", "Vladimir Putin"]
    assert [q.speaker_mention for q in quotes] == ["Putin", "Mr. Putin"]


def test_fullest_name_may_come_later() -> None:
    text = "Putin said the economy was growing. Later, Vladimir Putin met bankers."
    assert only(text).speaker == "Vladimir Putin"


def test_same_surname_different_people_stay_apart() -> None:
    text = (
        "Hillary Clinton spoke first. Bill Clinton spoke later. "
        "Hillary Clinton said the campaign was strong. Bill Clinton said he was proud."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Hillary Clinton", "Bill Clinton"]


def test_participle_clause_is_a_statement_of_the_subject() -> None:
    q = only("Mayor Jane Ortiz defended the plan, saying it would create jobs.")
    assert (q.speaker, q.cue, q.text) == ("Jane Ortiz", "saying", "it would create jobs")


def test_participle_after_said_is_a_second_statement() -> None:
    text = "Mayor Jane Ortiz said the plan was ready, adding that work would start in May."
    quotes = extract_quotes(text)
    assert [(q.cue, q.text) for q in quotes] == [
        ("said", "the plan was ready"),
        ("adding", "work would start in May"),
    ]
    assert {q.speaker for q in quotes} == {"Jane Ortiz"}


def test_participle_spelling_out_an_object_cue_is_not_a_second_statement() -> None:
    # the bare object ("the budget") is no statement (issue 8): the participle's clause is
    text = "Mayor Jane Ortiz criticized the budget, saying it ignored the schools."
    q = only(text)
    assert (q.speaker, q.cue, q.text) == ("Jane Ortiz", "saying", "it ignored the schools")
    text = "Mayor Jane Ortiz criticized the budget for the new harbour, saying it was late."
    q = only(text)
    assert (q.cue, q.text) == ("criticized", "the budget for the new harbour")


def test_two_statements_in_one_sentence_split_at_the_new_subject() -> None:
    text = "Lisa Grant said she would vote no, but she said she might change her mind."
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["she would vote no", "she might change her mind"]


def test_clause_before_the_attribution() -> None:
    q = only("Sales were strong in the spring, Ann Lee said.")
    assert (q.speaker, q.kind, q.text) == ("Ann Lee", "indirect", "Sales were strong in the spring")


def test_parenthetical_attribution_mid_sentence() -> None:
    text = "The bridge, Ann Lee said, will reopen in May."
    q = only(text)
    assert q.speaker == "Ann Lee"
    assert [text[s:e] for s, e in q.spans] == ["The bridge", "will reopen in May"]


def test_headline_name_colon_statement() -> None:
    text = "Ortiz: Budget will pass this week\n\nMayor Jane Ortiz spoke to reporters on Monday."
    q = only(text)
    assert (q.speaker, q.cue, q.text) == ("Jane Ortiz", ":", "Budget will pass this week")


def test_a_place_heading_with_a_colon_is_no_speaker() -> None:
    # A list of teams or countries, each a heading "Place: what follows".
    for place in ("Czech Republic", "Sierra Leone", "Peru"):
        text = f"{place}: Seventh appearance\n\nThe team qualified with a win on Sunday."
        assert extract_quotes(text) == [], place


def test_mentioned_people_who_say_nothing_are_not_speakers() -> None:
    text = (
        "Speaking after talks with Chancellor Angela Weber, President Ivan Petrov said the "
        "meeting was productive. The talks followed the resignation of Prime Minister Omar Haddad."
    )
    q = only(text)
    assert q.speaker == "Ivan Petrov"


def test_passive_is_not_speech() -> None:
    assert extract_quotes("The bridge was called unsafe by engineers last year.") == []


def test_cue_and_speaker_offsets_point_into_the_text() -> None:
    text = "After the vote, Senator Mark Hill told reporters that the fight was not over."
    q = only(text)
    assert text[q.cue_start : q.cue_end] == "told"
    assert text[q.speaker_start : q.speaker_end] == q.speaker_mention == "Senator Mark Hill"


def test_a_list_of_quotations_each_credited_after_a_dash() -> None:
    text = (
        "We asked voters what they thought of the debate.\n\n"
        "“I am worried about the future of the farms here.” ― Ana Ruiz\n"
        "“The debate changed nothing for me.”\u00a0―\u00a0Luis Ortega.\n"
        "”He never answered a single question.”― Mia Torres\n"
    )
    assert [(q.speaker, q.cue, q.text) for q in extract_quotes(text)] == [
        ("Ana Ruiz", "―", "I am worried about the future of the farms here."),
        ("Luis Ortega", "―", "The debate changed nothing for me."),
        ("Mia Torres", "―", "He never answered a single question."),
    ]


def test_transcript_lines_opened_by_a_quote_mark() -> None:
    text = (
        "Governor Dan Ruiz spoke to host Mary Stone on Sunday. A partial transcript:\n\n"
        '"STONE: Let us start with the vote on the dam.\n\n'
        '"RUIZ: Well, the dam will be built, and the county will pay for it.\n\n'
        '"(CROSSTALK.)\n\n'
        '"STONE: Governor, one more question on the budget.'
    )
    got = [(q.speaker, q.cue, q.text) for q in extract_quotes(text)]
    assert got == [
        ("Mary Stone", ":", "Let us start with the vote on the dam."),
        ("Dan Ruiz", ":", "Well, the dam will be built, and the county will pay for it."),
        ("Mary Stone", ":", "Governor, one more question on the budget."),
    ]


def test_a_quoted_line_with_a_headline_label_is_no_transcript() -> None:
    text = '"UPDATE: The bridge is closed until Monday, the county said.'
    assert all(q.cue != ":" for q in extract_quotes(text))


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Ruth Kline spoke on Monday.\n\nAccording to Kline, the new levy has "
            "hurt the farms in the valley.",
            "Ruth Kline",
            "the new levy has hurt the farms in the valley",
        ),
        (
            "Senator Ruth Kline, Democrat of Oregon, said the dam would be built.",
            "Ruth Kline",
            "the dam would be built",
        ),
        (
            "A lawyer for the two newspapers, Tom Vance, said no appeal had been filed.",
            "Tom Vance",
            "no appeal had been filed",
        ),
        (
            "In a statement, one of the family's lawyers, Tom Vance, said the video was clear.",
            "Tom Vance",
            "the video was clear",
        ),
    ],
    ids=["according-to-then-clause", "party-of-state", "role-for-group-then-name", "one-of"],
)
def test_speaker_phrases_with_appositives(text: str, speaker: str, content: str) -> None:
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [(speaker, content)]


def test_a_time_clause_after_the_cue_leaves_the_quotation_as_content() -> None:
    text = "“We must act now,” Mayor Ruth Kline said Friday as she entered the hall."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Ruth Kline", "We must act now")
    ]


def test_calling_in_to_a_show_is_no_statement() -> None:
    assert extract_quotes("Mayor Ruth Kline called in to a radio show about the dam.") == []


def test_a_name_after_a_dotted_abbreviation_and_an_office() -> None:
    text = (
        "Retired U.S. Air Force Gen. Tom Reed spoke on Monday about the base.\n\n"
        "“It was demoralizing,” he said."
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Tom Reed", "It was demoralizing")
    ]


def test_an_inverted_said_opening_the_sentence() -> None:
    text = "Tom Ellis spoke to the board.\n\nSaid Ellis: “We are not interested in a merger.”"
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Tom Ellis", "We are not interested in a merger.")
    ]


def test_for_saying_and_aside_from_saying_speak_for_the_subject() -> None:
    text = "Mayor Ruth Kline was fined for saying that the river was clean."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Ruth Kline", "the river was clean")
    ]
    text = "Mayor Ruth Kline refused to name a deputy, aside from saying she wants a local one."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Ruth Kline", "she wants a local one")
    ]
    # "a vote for admitting X" is no statement of the subject
    text = "In the vote for admitting Poland to NATO both parties split in favor."
    assert extract_quotes(text) == []


def test_a_name_apposed_to_a_relative_is_not_the_speaker() -> None:
    text = "A publicist for the actor's son, Robin, said the actor had died at home."
    assert all(q.speaker != "Robin" for q in extract_quotes(text))


def test_a_nominal_cue_with_its_owner() -> None:
    text = "The fact-checkers looked at Mayor Ruth Kline’s claim that the river was clean."
    assert [(q.speaker, q.cue, q.text) for q in extract_quotes(text)] == [
        ("Ruth Kline", "claim", "the river was clean")
    ]
    text = (
        "Asked about Kline's repeated assertion that the dam was safe, Tom Reed said, "
        "“We will see.”"
    )
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Kline", "the dam was safe"),
        ("Tom Reed", "We will see."),
    ]
    # a decision is no statement
    assert extract_quotes("The court's decision that the levy stands was final.") == []


def test_a_pronoun_with_a_contracted_verb_speaks() -> None:
    text = "Mayor Tom Reed toured the dam.\n\nHe’s claiming that the repairs are finished."
    assert [(q.speaker, q.text) for q in extract_quotes(text)] == [
        ("Tom Reed", "the repairs are finished")
    ]
    text = "Mayor Tom Reed toured the dam. He's said that the repairs are finished."
    assert [q.speaker for q in extract_quotes(text)] == ["Tom Reed"]
    assert extract_quotes("Mayor Tom Reed toured the dam. He’s been criticized for it.") == []
