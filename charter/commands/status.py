"""`charter status`: the tracking table for a terminal, or (--format json) for programs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.tracking import InstanceState, TrackingState

WIDTH = 100
COLOURS = {
    "discovery": "36",
    "in-progress": "33",
    "blocked": "31",
    "review": "35",
    "done": "32",
}
# (header, width) of the fixed columns; the needs column takes what is left of WIDTH.
FIXED = (
    ("INSTANCE", 14),
    ("ROLE", 11),
    ("STATUS", 12),
    ("AHEAD/BEHIND", 12),
    ("LAST COMMIT (UTC)", 17),
    ("LAG", 4),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    import json
    import os
    import sys

    from charter.context import load_context
    from charter.tracking import collect_state

    ctx = load_context()
    state = collect_state(ctx.root, ctx.charter)
    if args.format == "json":
        print(json.dumps(state.to_json(), ensure_ascii=False, indent=2))
        return 0
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write("\n".join(render(state, colour=colour)) + "\n")
    return 0


def _clean(text: str) -> str:
    """Scratchpad text reaches a terminal: no escape sequences, one line."""
    import re

    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())


def _fit(text: str, width: int) -> str:
    text = _clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _paint(text: str, code: str | None, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour and code else text


def _row(row: InstanceState, max_stale: int, colour: bool) -> str:
    from charter.tracking import MISSING, UNREADABLE

    counts = "no branch" if row.ref is None else f"+{row.ahead}/-{row.behind}"
    if row.ref is not None and row.ahead is None:
        counts = ""
    date = row.last_commit[:16] + "Z" if row.last_commit else ""
    lag = "" if row.scratchpad_lag is None else str(row.scratchpad_lag)
    if row.scratchpad_lag is not None and row.scratchpad_lag > max_stale:
        lag += "!"
    status = row.status + ("*" if row.problems and row.status not in (MISSING, UNREADABLE) else "")
    waiting = []
    if row.blocked_by:
        waiting.append("blocked by " + ", ".join(row.blocked_by))
    waiting += [f"{n.provider}: {n.what}" for n in row.needs]
    if row.conflicts:
        waiting.insert(0, "conflicts: " + ", ".join(other for other, _ in row.conflicts))
    values = (row.name, row.role, status, counts, date, lag)
    cells = []
    for (_, width), value in zip(FIXED, values, strict=True):
        text = _fit(value, width)
        padded = text.rjust(width) if width == 4 else text.ljust(width)
        if value is status:
            padded = _paint(padded, COLOURS.get(row.status), colour)
        cells.append(padded)
    used = sum(width + 1 for _, width in FIXED) + 1
    line = " ".join(cells) + "  " + _fit("; ".join(waiting), WIDTH - used - 1)
    return line.rstrip()


def render(state: TrackingState, *, colour: bool = False) -> list[str]:
    """Lines of at most 100 visible columns."""
    base = (state.default_branch or "").removeprefix("refs/heads/") or "(no default branch)"
    lines = [
        _fit(
            f"vs {base}. LAG: own commits since the scratchpad changed (! = over "
            f"{state.max_stale}). *: scratchpad problems",
            WIDTH,
        )
    ]
    header = " ".join(
        name.rjust(width) if width == 4 else name.ljust(width) for name, width in FIXED
    )
    lines.append(header + "  CONFLICTS; NEEDS")
    lines += [_row(row, state.max_stale, colour) for row in state.instances]
    lines.append("")
    for metric in state.metrics:
        mark, code = {True: ("[x]", "32"), False: ("[ ]", "31"), None: ("[?]", "33")}[metric.ok]
        detail = f": {metric.detail}" if metric.detail else ""
        text = _fit(f"{mark} {metric.title}{detail}", WIDTH)
        lines.append(_paint(mark, code, colour) + text[len(mark) :])
    return lines
