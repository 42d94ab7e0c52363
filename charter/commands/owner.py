"""`charter owner`: who owns each path, and by which pattern."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.grants import Grant
    from charter.ownership import Resolution


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
    resolutions = list(ctx.ownership.resolve_all(repo_paths(paths, ctx.root)))
    lent = [
        ctx.grants.granted_away(r.owner, r.path, now)
        if r.owner is not None and r.owner in ctx.charter.instances
        else None
        for r in resolutions
    ]
    if args.format == "json":
        sys.stdout.write(json_rows(resolutions, lent) + "\n")
        return 0
    for resolution, grant in zip(resolutions, lent, strict=True):
        if resolution.overlap:
            owner = "OVERLAP: " + " and ".join(resolution.owners)
        elif grant is not None:  # "auth, granted by foundation until ..."
            owner = f"{grant.to}, granted by {grant.owner} until {format_time(grant.end)}"
        else:
            owner = resolution.owner or "(unowned)"
        rule = resolution.rule
        note = resolution.carve_note() if resolution.carved else ""
        pattern = rule.pattern if rule else ""
        print(f"{resolution.path}\t{owner}\t{pattern}{' ' + note if note else ''}")
    return 0


def json_rows(resolutions: list[Resolution], lent: list[Grant | None]) -> str:
    """`[{"path": ..., "owner": ..., "pattern": ..., "owners": [...], "grant": ...}, ...]`, as
    `json.dumps` writes it, built by hand: the part after the path is encoded once per
    distinct answer (a few dozen in a tree of thousands of paths) and every path in one
    `json.dumps` call; row by row, 74,529 paths took 0.3 s, most of the command."""
    if not resolutions:
        return "[]"
    # Inside an encoded string every `"` is escaped, so `", "` only ever separates two.
    paths = json.dumps([r.path for r in resolutions], ensure_ascii=False)[2:-2].split('", "')
    tails: dict[tuple[object, ...], str] = {}
    rows = []
    for path, resolution, grant in zip(paths, resolutions, lent, strict=True):
        # rules, owners, owner, carved: all but the path; and the grant, if the path is lent
        answer = (*resolution[1:], grant.id if grant is not None else None)
        tail = tails.get(answer)
        if tail is None:
            tail = tails[answer] = json.dumps(_answer(resolution, grant), ensure_ascii=False)[1:]
        rows.append(f'{{"path": "{path}", {tail}')
    return "[" + ", ".join(rows) + "]"


def _answer(resolution: Resolution, grant: Grant | None) -> dict[str, object]:
    rule = resolution.rule
    answer: dict[str, object] = {
        "owner": resolution.owner,
        "pattern": rule.pattern if rule else None,
        "owners": list(resolution.owners),
        "grant": grant.to_json() if grant is not None else None,
    }
    if resolution.carved and resolution.carve_note():
        answer["carved_out_of"] = [
            {"owner": r.owner, "pattern": r.pattern}
            for r in resolution.carved
            if r.owner != resolution.owner
        ]
    return answer
