"""`charter bot`: the GitHub side (run by the charter Action)."""

from __future__ import annotations

import argparse

HELP = "run the GitHub bot: `pr` checks a pull request (run by the charter Action)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("pr",), help="what to do")


def run(args: argparse.Namespace) -> int:
    from charter.bot.settings import Settings

    settings = Settings.from_env()
    from charter.bot.pr import run_pr

    status: int = run_pr(settings)
    return status
