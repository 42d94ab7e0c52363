"""`charter demo`: a throwaway repository showing charter at work."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dir",
        metavar="DIR",
        default=None,
        help="build the demo in DIR (default: a new temporary directory)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from charter.demo import run_demo

    return run_demo(Path(args.dir) if args.dir else None)
