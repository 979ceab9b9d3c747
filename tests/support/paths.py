"""Paths the tests share: the repository root and the bundled seed article."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT / "examples" / "putin-afghanistan.txt"
