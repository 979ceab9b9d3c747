"""The benchmark metric on a tiny synthetic file (no evaluation text is used here)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "eval_quotes.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("eval_quotes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_quotes"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_missing_data_exits_cleanly(bench, tmp_path: Path, capsys) -> None:
    assert bench.main(["--data", str(tmp_path / "nope.jsonl")]) == 0
    assert "no data" in capsys.readouterr().out


def test_overlap_threshold_uses_the_longer_span(bench) -> None:
    assert bench.matches((0, 10), (0, 30), 0.3)[0]
    assert not bench.matches((0, 8), (0, 30), 0.3)[0]
    assert not bench.matches((0, 10), (0, 30), 0.8)[0]
    assert not bench.matches((0, 10), (10, 20), 0.0)[0]


def test_last_name(bench) -> None:
    assert bench.last_name("Vladimir Putin") == "putin"
    assert bench.last_name("Martin Luther King Jr.") == "king"
    assert bench.last_name("ZÉLENSKYY") == "zelenskyy"
    assert bench.last_name(None) == ""


def test_score_article_counts(bench) -> None:
    gold = [((0, 20), "Ann Lee"), ((40, 60), "Tom Reed")]
    neutral = [(80, 100)]
    preds = [
        ((0, 18), "Lee"),  # match, speaker right
        ((42, 60), "Ann Lee"),  # match, speaker wrong
        ((80, 99), None),  # overlaps a neutral attribution: ignored
        ((120, 140), "Ann Lee"),  # false positive
    ]
    c, matched, fps = bench.score_article(preds, gold, neutral, 0.3)
    assert (c.gold, c.pred, c.matched, c.speaker_ok) == (2, 3, 2, 1)
    assert fps == [3]


def test_end_to_end_on_a_synthetic_file(bench, tmp_path: Path, capsys) -> None:
    text = "Mayor Ann Lee spoke on Monday. “We will rebuild,” she said."
    start = text.index("“")
    end = text.index("”") + 1
    row = {
        "id": "synthetic-1",
        "text": text,
        "quotes": [
            {
                "speaker": "she",
                "speaker_resolved": "Ann Lee",
                "cue_class": "speech",
                "quote_spans": [[start, end]],
                "cue_spans": [],
                "speaker_spans": [],
            }
        ],
    }
    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert bench.main(["--data", str(path), "--thresh", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "span P 1.000 R 1.000 F1 1.000" in out
    assert "attributed P 1.000 R 1.000 F1 1.000" in out
    assert "MB/s" in out
