"""`charter revoke`: end grants before their time."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", nargs="*", metavar="ID", help="grant ids (`charter status` lists them)"
    )
    parser.add_argument("--to", metavar="NAME", help="every running grant to this instance")
    parser.add_argument(
        "--no-commit", action="store_true", help="write the grant file but do not commit it"
    )


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.errors import CharterError
    from charter.escape import terminal
    from charter.granting import revoke

    if not args.ids and not args.to:
        raise CharterError("name the grants to end: ID... or --to NAME")
    ctx = load_context()
    for g in revoke(ctx, args.ids, to=args.to, commit=not args.no_commit):
        print(f"charter: revoked {g.id} ({terminal(g.pattern)} to {g.to}); {g.owner} owns it again")
    return 0
