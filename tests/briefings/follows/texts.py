"""Small invented news texts for the follow tests (people, statements, one story told by
several outlets)."""

from __future__ import annotations


def statement_article(speaker: str, role: str, lines: list[str], topic: str) -> str:
    """An article in which `speaker` makes each statement of `lines`."""
    parts = [
        f"The debate over {topic} continued in the capital on Wednesday, as officials met "
        "behind closed doors for a second day."
    ]
    for line in lines:
        parts.append(f"“{line},” said {speaker}, the {role}.")
    parts.append("Further talks are planned for next week, according to people familiar with it.")
    return "\n\n".join(parts)


def harbour_story(outlet: str) -> tuple[str, str]:
    """(title, text) of the harbour collapse as one outlet tells it."""
    title = f"Harbour wall collapses in Vellmar after storm ({outlet})"
    text = (
        f"The old harbour wall of Vellmar collapsed on Tuesday night after a storm, "
        f"{outlet} reports. Fishing boats were damaged and the pier was closed. "
        "Engineers said the harbour wall had been weakened by years of neglect and the "
        "storm surge. The mayor of Vellmar said the harbour would stay closed for weeks "
        "while the wall is inspected and repaired."
    )
    return title, text


def bridge_story() -> tuple[str, str]:
    """Another story in Vellmar that mentions the harbour once, in passing, near its end."""
    return (
        "Vellmar opens new cycling bridge over the river",
        "A new cycling bridge opened in Vellmar on Friday, linking the railway station to "
        "the old town across the river. Cyclists crowded the bridge in the sunshine, and "
        "a brass band played on the southern bank until the evening. The bridge cost "
        "twelve million euros, two more than planned, because its steel arch had to be "
        "made abroad. Shop owners in the old town hope the new route brings them more "
        "customers from the station. The city said the route to the harbour is now ten "
        "minutes shorter by bike, and a second bridge is planned for next spring near "
        "the university campus.",
    )


def terminal_story() -> tuple[str, str]:
    """A second story on the Vellmar harbour, days after the collapse and not about it."""
    return (
        "Vellmar harbour to get a ferry terminal for the islands",
        "The harbour of Vellmar will get a ferry terminal for the islands, the regional "
        "government announced on Monday. Ferries to the three islands now leave from a "
        "temporary quay. Construction of the terminal in Vellmar harbour starts in April "
        "and the first ships should dock there in two years.",
    )


def passing_mention() -> tuple[str, str]:
    """An article about something else that names the Vellmar harbour once, at the end."""
    return (
        "Osterby approves next year's budget",
        "The city council of Osterby approved its budget for next year after a long debate "
        "about school buildings and the cost of heating them. Teachers welcomed the money "
        "for new classrooms, while parents asked for safer crossings near the schools. The "
        "council also agreed to raise the fee for parking in the town centre from March, "
        "against the votes of the shopkeepers' association. Among the smaller items, the "
        "council paid for a trip of the sailing club to the harbour in Vellmar next summer.",
    )
