"""`charter table`: the tracking table, from repository state alone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.context import Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--write",
        action="store_true",
        help="replace the region between the charter:tracking markers (only when it changed)",
    )
    parser.add_argument(
        "--tests",
        choices=("passed", "failed"),
        help="the test suite's result after integration, when you know it (CI does): fills "
        "the success metric 'All tests pass after integration'",
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from charter.context import load_context
    from charter.tracking import collect_state, render_table, write_tracking

    ctx = load_context()
    tests = None if args.tests is None else args.tests == "passed"
    state = collect_state(ctx.root, ctx.charter, tests_passed=tests)
    if args.write:
        _refuse_outside_the_coordinator(ctx)
        changed = write_tracking(ctx.root, ctx.charter, state=state)
        what = "updated" if changed else "already current; nothing written"
        print(f"{ctx.charter.tracking.file}: {what}", file=sys.stderr)
        return 0
    sys.stdout.write(render_table(state))
    return 0


def _refuse_outside_the_coordinator(ctx: Context) -> None:
    """The tracking file is the coordinator's: an instance could not commit it."""
    from charter.errors import CharterError

    identity = ctx.identity
    if not identity.is_coordinator:
        branches = ", ".join(ctx.charter.coordinator_branches)
        raise CharterError(
            f"{ctx.charter.tracking.file} is the coordinator's file and {identity.name} "
            f"({identity.source}) may not commit it; run `charter table --write` in the "
            f"coordinator's worktree (branch {branches}), or `charter table` here to print it"
        )
