"""`charter grant`: lend paths of your lane to another instance for a while."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pattern", metavar="PATTERN", help="the paths to lend (a lane pattern)")
    parser.add_argument(
        "--to", required=True, metavar="NAME", help="the instance that may edit them"
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--until", metavar="ISO", help="when the grant ends (2026-12-01T18:00Z)")
    when.add_argument(
        "--for", dest="duration", metavar="DURATION", help="how long: 90m, 4h, 2d (default 2h)"
    )
    parser.add_argument("--reason", default="", metavar="TEXT", help="why (shown to reviewers)")
    parser.add_argument(
        "--no-commit", action="store_true", help="write the grant file but do not commit it"
    )


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.escape import terminal
    from charter.granting import grant
    from charter.grants import format_time

    ctx = load_context()
    made = grant(
        ctx,
        args.pattern,
        args.to,
        until=args.until,
        duration=args.duration,
        reason=args.reason,
        commit=not args.no_commit,
    )
    state = "written" if args.no_commit else "committed"
    print(
        f"charter: granted {terminal(made.pattern)} to {made.to} until "
        f"{format_time(made.until)} (id {made.id}, {state}); {made.owner} may not edit it "
        f"meanwhile; end it early with `charter revoke {made.id}`"
    )
    return 0
