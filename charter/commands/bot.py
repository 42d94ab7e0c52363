"""`charter bot`: the GitHub side (run by the charter Action)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("pr", "sync"), help="what to do")


def run(args: argparse.Namespace) -> int:
    # First, before the environment is read: without the github extra nothing here works,
    # and the import says so (MissingExtra, exit 2, naming the extra).
    import charter.bot.client  # noqa: F401
    from charter.bot.settings import Settings

    settings = Settings.from_env()
    if args.action == "sync":
        from charter.bot.sync import run_sync

        synced: int = run_sync(settings)
        return synced
    from charter.bot.pr import run_pr

    status: int = run_pr(settings)
    return status
