"""Time `markdown_to_text` and `extract_quotes` on adversarial inputs of growing size.

    .venv/bin/python benchmarks/bench_adversarial.py
    .venv/bin/python benchmarks/bench_adversarial.py --sizes 100 200 --only nested md_emph
    .venv/bin/python benchmarks/bench_adversarial.py --function quotes --timeout 30

For each generator and each size (KB of text, default 100 200 400 800) it prints the
CPU seconds each function took (other processes on the machine do not count) and the
ratio from one size to the next: about 2 per doubling is linear, about 4 quadratic.
The generators are the inputs that used to be super-linear: unclosed Markdown emphasis,
brackets and heading marks (the old regular expressions backtracked over the rest of
the text from every mark) and nested, unbalanced or mixed quotation marks (the old
quote pairing compared every single quotation mark with every double-quoted region of
its paragraph, and every cue walked its whole sentence unit, which masked quotations
can make as long as the text).

Every call runs in a child process with a time limit (`--timeout`), so the script also
gives figures for a slow version: a call over the limit is shown as ">N" and the larger
sizes of that row are skipped.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.quotes import extract_quotes  # noqa: E402
from briefings.web.html_text import markdown_to_text  # noqa: E402
from tests.support.adversarial import NESTED_QUOTES  # noqa: E402
from tests.support.growth import repeat, shuffled  # noqa: E402

Generator = Callable[[int], str]


def framed(head: str, fill: str, tail: str) -> Generator:
    """head + fill repeated + tail, n characters in all."""

    def make(n: int) -> str:
        body = max(0, n - len(head) - len(tail))
        return head + (fill * (body // len(fill) + 1))[:body] + tail

    return make


GENERATORS: dict[str, Generator] = {
    # Markdown: marks without partners, heading and rule lines
    "md_emph_star": repeat("*a "),
    "md_underscores": repeat("_"),
    "md_double_star": repeat("**"),
    "md_backticks": repeat("`"),
    "md_code_open": repeat("`a "),
    "md_brackets": repeat("["),
    "md_link_open": repeat("[a]("),
    "md_image_open": repeat("![a]("),
    "md_hashes": repeat("# "),
    "md_blockquotes": repeat("> "),
    "md_heading_spaces": framed("# a", " ", "x"),
    "md_heading_hashes": framed("# a", "#", "x"),
    "md_rule_marks": framed("", "- ", "x"),
    "md_rule_lines": framed("", "-\n", "x"),
    "md_mixed": shuffled(
        ["*a ", "_b ", "**", "__", "`c ", "[d](", "![e", "](f", "# ", "> ", "- ", "\n", " "],
        seed=1,
    ),
}
GENERATORS.update(
    {"q_" + name.replace(" ", "_").replace(",", ""): make for name, make in NESTED_QUOTES.items()}
)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "markdown": markdown_to_text,
    "quotes": extract_quotes,
}


def _child(fn_name: str, gen_name: str, size: int, conn: Connection) -> None:
    text = GENERATORS[gen_name](size)
    t0 = time.process_time()
    FUNCTIONS[fn_name](text)
    conn.send(time.process_time() - t0)
    conn.close()


def timed(fn_name: str, gen_name: str, size: int, timeout: float) -> float | None:
    """CPU seconds of one call in a child process; None when over `timeout` (wall clock)."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn_name, gen_name, size, send))
    proc.start()
    send.close()
    elapsed: float | None = None
    if recv.poll(timeout):
        try:
            elapsed = recv.recv()
        except EOFError:
            elapsed = None
    if proc.is_alive():
        proc.terminate()
    proc.join()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800], help="KB")
    ap.add_argument("--only", nargs="+", default=[], help="generators whose name contains one")
    ap.add_argument("--function", choices=["markdown", "quotes", "both"], default="both")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per call")
    args = ap.parse_args(argv)
    names = [g for g in GENERATORS if not args.only or any(o in g for o in args.only)]
    fns = list(FUNCTIONS) if args.function == "both" else [args.function]
    # warm up in the parent (lexicons, compiled patterns): children inherit it on fork
    for fn in FUNCTIONS.values():
        fn("# Title\n\nThe mayor said “we will rebuild the bridge,” she said.")
    sizes = [s * 1000 for s in args.sizes]
    head = " ".join(f"{s // 1000:>6}KB" for s in sizes)
    width = max(len(n) for n in names) if names else 9
    print(f"{'generator':{width}} {'function':9} {head}   ratio per doubling")
    for name in names:
        for fn in fns:
            cells: list[str] = []
            times: list[float] = []
            over = False
            for size in sizes:
                if over:
                    cells.append(f"{'-':>8}")
                    continue
                t = timed(fn, name, size, args.timeout)
                if t is None:
                    cells.append(f"{'>' + format(args.timeout, 'g'):>8}")
                    over = True
                    continue
                times.append(t)
                cells.append(f"{t:8.3f}")
            ratios = " ".join(
                f"{b / a:5.1f}" if a > 0 else "    -"
                for a, b in zip(times, times[1:], strict=False)
            )
            print(f"{name:{width}} {fn:9} {' '.join(cells)}   {ratios}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
