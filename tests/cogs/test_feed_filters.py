"""/feeds filter against the loopback Discord, end to end: of three new entries the poll
stores and announces the one the filter keeps, and drops the one without an included word
and the one with an excluded word (issue 11, "feed filters keep and drop the right
entries")."""

from __future__ import annotations

from typing import Any

from tests.support.fakediscord import FakeDiscord
from tests.support.loopback_site import article_html

STORIES = {
    1: (
        "Rail lines for the suburbs",
        "The transport ministry announced three new rail lines on Thursday morning. "
        "The lines will carry commuters from the suburbs to the centre within four years.",
    ),
    2: (
        "Strike stops the trains",
        "A strike on the rail network stopped most trains on Thursday. Unions said the "
        "strike would last a week unless the ministry raised wages.",
    ),
    3: (
        "Harbour reopens after repairs",
        "The harbour of Vellmar reopened on Thursday after two months of repairs to its "
        "wall. Fishing boats returned to the pier in the afternoon.",
    ),
}


def _rss(fake: FakeDiscord) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{fake.base}/s/{n}</link><guid>g{n}</guid></item>"
        for n, (title, _) in STORIES.items()
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>"
    )


async def test_the_filter_keeps_and_drops_the_right_entries(fake: FakeDiscord, bot: Any) -> None:
    for n, (title, text) in STORIES.items():
        fake.serve(f"/s/{n}", article_html(title, [text, text]))
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>'
    url = fake.serve("/rss", empty, content_type="application/rss+xml")
    await fake.slash("feeds add", {"url": url, "channel": fake.channel})
    await fake.slash("feeds filter", {"id": "1", "include": "rail", "exclude": "strike"})
    fake.serve("/rss", _rss(fake), content_type="application/rss+xml")
    await bot.get_cog("Feeds").poll_feeds()

    stored = await bot.app.store.recent_articles(fake.guild.int_id, 10)
    assert [a.title for a in stored] == ["Rail lines for the suburbs"]
    posts = fake.channel_messages[fake.channel.id]
    assert posts[-1]["content"] == "1 new article(s) from Wire"
    listed = posts[-1]["embeds"][0]["description"]
    assert "Rail lines for the suburbs" in listed
    assert "Strike" not in listed and "Harbour" not in listed
