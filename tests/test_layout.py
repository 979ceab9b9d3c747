"""The architecture rules the codebase relies on, checked so they cannot drift.

- the core (`briefings/`) never imports discord: it must run as a library and a CLI
  without a token;
- only the store package speaks SQL;
- no two modules share a name, so a name in a traceback or an import says which one.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from tests.support.paths import ROOT

CORE = ROOT / "briefings"
ADAPTERS = [ROOT / "cogs", ROOT / "bot.py"]


def _modules(*roots: Path) -> list[Path]:
    out: list[Path] = []
    for root in roots:
        out.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
    return out


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_never_imports_discord() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] == "discord")
        for p in _modules(CORE)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_cogs_and_bot_hold_no_sql() -> None:
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")
    offenders = [
        str(p.relative_to(ROOT))
        for p in _modules(CORE, *ADAPTERS)
        if "store" not in p.relative_to(ROOT).parts and sql.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_two_modules_share_a_name() -> None:
    names = Counter(
        p.stem for p in _modules(CORE, *ADAPTERS) if p.stem not in {"__init__", "__main__"}
    )
    assert [n for n, c in names.items() if c > 1] == []


def test_core_packages_are_not_shadowed_by_modules() -> None:
    """A package `x/` and a module `x.py` at one level would make `import x` ambiguous."""
    for directory in [CORE, *(d for d in CORE.rglob("*") if d.is_dir())]:
        packages = {d.name for d in directory.iterdir() if (d / "__init__.py").is_file()}
        modules = {p.stem for p in directory.glob("*.py")}
        assert not packages & modules, directory
