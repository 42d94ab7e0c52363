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
    from charter.repopath import repo_paths

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
    ctx.grants.preload(ctx.charter.instances)  # one git process for every owner's grants
    rows: list[dict[str, object]] = []
    notes: list[str] = []
    lent_to: list[str] = []  # "auth, granted by foundation until ..." where lent out now
    for resolution in ctx.ownership.resolve_all(repo_paths(paths, ctx.root)):
        rule = resolution.rule
        owner = resolution.owner
        lent = (
            ctx.grants.granted_away(owner, resolution.path, now)
            if owner is not None and owner in ctx.charter.instances
            else None
        )
        row: dict[str, object] = {
            "path": resolution.path,
            "owner": owner,
            "pattern": rule.pattern if rule else None,
            "owners": list(resolution.owners),
            "grant": lent.to_json() if lent is not None else None,
        }
        note = resolution.carve_note() if resolution.carved else ""
        if note:
            row["carved_out_of"] = [
                {"owner": r.owner, "pattern": r.pattern}
                for r in resolution.carved
                if r.owner != resolution.owner
            ]
        rows.append(row)
        notes.append(note)
        lent_to.append(
            f"{lent.to}, granted by {lent.owner} until {format_time(lent.end)}" if lent else ""
        )
    if args.format == "json":
        # json.dumps runs the C encoder; json.dump would run the pure-Python one.
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
    else:
        for resolution_row, note, lent_text in zip(rows, notes, lent_to, strict=True):
            owners = list(resolution_row["owners"])  # type: ignore[call-overload]
            if len(owners) > 1:
                owner = "OVERLAP: " + " and ".join(owners)
            else:
                owner = lent_text or str(resolution_row["owner"] or "(unowned)")
            pattern = str(resolution_row["pattern"] or "")
            print(f"{resolution_row['path']}\t{owner}\t{pattern}{' ' + note if note else ''}")
    return 0
