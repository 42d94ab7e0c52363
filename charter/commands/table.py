"""`charter table`: the tracking table, from repository state alone."""

from __future__ import annotations

import argparse

HELP = "render the tracking table (Markdown); --write updates the tracking file's region"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--write",
        action="store_true",
        help="replace the region between the charter:tracking markers",
    )


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.review import default_branch_refs
    from charter.tracking import render_region, write_tracking

    ctx = load_context()
    refs = default_branch_refs(ctx)
    default_ref = refs[0] if refs else None
    if args.write:
        changed = write_tracking(ctx.root, ctx.charter, default_ref)
        state = "updated" if changed else "already current"
        print(f"{ctx.charter.tracking.file}: {state}")
        return 0
    print(render_region(ctx.root, ctx.charter, default_ref))
    return 0
