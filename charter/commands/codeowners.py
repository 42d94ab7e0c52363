"""`charter codeowners`: keep .github/CODEOWNERS in step with charter.yaml."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.context import Context

SHOWN = 20  # drifted paths printed before a count of the rest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update the managed region")
    mode.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when GitHub would give some path another owner than charter does",
    )


def run(args: argparse.Namespace) -> int:
    from charter.atomic import write_text
    from charter.codeowners_export import CODEOWNERS_PATH, codeowners_file, merged, render_region
    from charter.context import load_context
    from charter.errors import CharterError

    ctx = load_context()
    region, warnings = render_region(ctx.charter)
    path = codeowners_file(ctx.root)
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        return _check(ctx, existing)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.write:
        sys.stdout.write(region)
        return 0
    if not any(i.github for i in ctx.charter.instances.values()):
        raise CharterError(
            "no instance has a `github:` handle, so the CODEOWNERS region would name nobody; "
            'add one per instance to charter.yaml (github: "@org/team"), then run this again'
        )
    wanted = merged(existing, region)
    if wanted != existing:
        write_text(path, wanted)
        print(f"wrote {CODEOWNERS_PATH}")
    else:
        print(f"{CODEOWNERS_PATH} is up to date")
    return 0


def _check(ctx: Context, existing: str | None) -> int:
    """Compare, path by path, the owner GitHub gives with the owner charter gives."""
    from charter.codeowners_export import CODEOWNERS_PATH, GithubRules, drift, probe_paths
    from charter.git import ls_files

    if existing is None:
        print(
            f"{CODEOWNERS_PATH} is missing; run `charter codeowners --write` on a "
            "coordinator branch and commit it"
        )
        return 1
    github = GithubRules(existing)
    for line in github.unreadable:
        print(
            f"warning: {CODEOWNERS_PATH}:{line.number}: cannot evaluate {line.pattern!r} "
            "(a pattern charter does not read); its paths are not checked",
            file=sys.stderr,
        )
    tracked = ls_files(ctx.root)
    found = drift(
        ctx.charter, ctx.ownership, github, [*tracked, *probe_paths(ctx.ownership, github)]
    )
    if not found:
        print(f"{CODEOWNERS_PATH} gives every path charter's owner ({len(tracked)} tracked files)")
        return 0
    for item in found[:SHOWN]:
        print(f"drift: {item.describe()}")
    if len(found) > SHOWN:
        print(f"... and {len(found) - SHOWN} more path(s)")
    end = github.region_end or 0
    overriding = sorted({d.line.number for d in found if d.line and end and d.line.number > end})
    advice = "run `charter codeowners --write` on a coordinator branch"
    if overriding:
        advice += (
            f"; lines after charter's region override it ({CODEOWNERS_PATH} line "
            f"{', '.join(map(str, overriding))}): move them above the region or into charter.yaml"
        )
    print(f"{CODEOWNERS_PATH} drifted from charter.yaml: {len(found)} path(s); {advice}")
    return 1
