"""`charter owner`: who owns each path, and by which pattern."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="paths as git takes them: relative to the current directory, or absolute",
    )
    parser.add_argument("--stdin", action="store_true", help="read paths from standard input")
    parser.add_argument(
        "-z", dest="nul", action="store_true", help="with --stdin: paths are NUL-separated"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.errors import CharterError
    from charter.repopath import repo_path

    ctx = load_context()
    paths = list(args.paths)
    if args.stdin:
        data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        paths += [p for p in (data.split("\0") if args.nul else data.splitlines()) if p]
    if not paths:
        raise CharterError("no paths given; pass PATH... or --stdin")
    rows: list[dict[str, object]] = []
    for resolution in ctx.ownership.resolve_all([repo_path(p, ctx.root) for p in paths]):
        rule = resolution.rule
        rows.append(
            {
                "path": resolution.path,
                "owner": resolution.owner,
                "pattern": rule.pattern if rule else None,
                "owners": list(resolution.owners),
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
                owner = str(resolution_row["owner"] or "(unowned)")
            print(f"{resolution_row['path']}\t{owner}\t{resolution_row['pattern'] or ''}")
    return 0
