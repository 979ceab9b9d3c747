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
    """Another story that mentions the harbour, but is not the collapse."""
    return (
        "Vellmar opens new cycling bridge over the river",
        "A new cycling bridge opened in Vellmar on Friday, linking the railway station to "
        "the old town across the river. Cyclists crowded the bridge in the sunshine. The "
        "city said the route to the harbour is now ten minutes shorter by bike, and "
        "a second bridge is planned for next spring near the university campus.",
    )
