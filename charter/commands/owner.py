"""`charter owner`: who owns each path, and by which pattern."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="repo-relative paths")
    parser.add_argument("--stdin", action="store_true", help="read paths from standard input")
    parser.add_argument(
        "-z", dest="nul", action="store_true", help="with --stdin: paths are NUL-separated"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _normalise(path: str) -> str:
    return path.removeprefix("./").lstrip("/")


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.errors import CharterError

    ctx = load_context()
    paths = list(args.paths)
    if args.stdin:
        data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        paths += [p for p in (data.split("\0") if args.nul else data.splitlines()) if p]
    if not paths:
        raise CharterError("no paths given; pass PATH... or --stdin")
    import time

    from charter.grants import format_time

    now = time.time()
    rows: list[dict[str, object]] = []
    for resolution in ctx.ownership.resolve_all(_normalise(p) for p in paths):
        rule = resolution.rule
        owner = resolution.owner
        lent = (
            ctx.grants.granted_away(owner, resolution.path, now)
            if owner is not None and owner in ctx.charter.instances
            else None
        )
        rows.append(
            {
                "path": resolution.path,
                "owner": owner,
                "pattern": rule.pattern if rule else None,
                "owners": list(resolution.owners),
                "grant": lent.to_json() if lent is not None else None,
                "shown": (
                    f"{lent.to}, granted by {lent.owner} until {format_time(lent.end)}"
                    if lent is not None
                    else None
                ),
            }
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for resolution_row in rows:
            owners = list(resolution_row["owners"])  # type: ignore[call-overload]
            if len(owners) > 1:
                owner = "OVERLAP: " + " and ".join(owners)
            else:
                owner = str(resolution_row["shown"] or resolution_row["owner"] or "(unowned)")
            print(f"{resolution_row['path']}\t{owner}\t{resolution_row['pattern'] or ''}")
    return 0
