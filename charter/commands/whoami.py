"""`charter whoami`: the identity charter sees here, and where it came from."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context

    ctx = load_context(rules_from="HEAD")
    identity = ctx.identity
    print(f"{identity.name}\t(from {identity.source})")
    return 0
