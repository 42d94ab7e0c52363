"""`charter status`: every instance's state, for a terminal or (JSON) for programs."""

from __future__ import annotations

import argparse

HELP = "show every instance's status, branch, lag and needs (fits 100 columns; --format json)"

COLOURS = {"done": "32", "blocked": "31", "in-progress": "33", "review": "35", "discovery": "36"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    import json
    import os
    import sys

    from charter.context import load_context
    from charter.review import default_branch_refs
    from charter.tracking import collect_rows

    ctx = load_context()
    refs = default_branch_refs(ctx)
    rows = collect_rows(ctx.root, ctx.charter, refs[0] if refs else None)
    if args.format == "json":
        print(json.dumps([row._asdict() for row in rows], ensure_ascii=False))
        return 0
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(f"{'instance':16} {'role':12} {'status':12} {'+ahead/-behind':15} {'lag':>4}  needs")
    for row in rows:
        status = f"{row.status:12}"
        if colour and row.status in COLOURS:
            status = f"\033[{COLOURS[row.status]}m{status}\033[0m"
        counts = f"+{row.ahead}/-{row.behind}" if row.ahead is not None else "no branch"
        lag = "" if row.scratchpad_lag is None else str(row.scratchpad_lag)
        needs = row.needs[: 100 - 65]
        print(f"{row.name[:16]:16} {row.role:12} {status} {counts:15} {lag:>4}  {needs}")
    return 0
