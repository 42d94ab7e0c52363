"""`charter status`: the tracking table for a terminal, or (--format json) for programs."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    import json
    import os
    import sys

    from charter.context import load_context
    from charter.tracking import collect_state, render_terminal

    ctx = load_context()
    state = collect_state(ctx.root, ctx.charter)
    if args.format == "json":
        print(json.dumps(state.to_json(), ensure_ascii=False, indent=2))
        return 0
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write("\n".join(render_terminal(state, colour=colour)) + "\n")
    return 0
