"""`charter codeowners`: keep .github/CODEOWNERS in step with charter.yaml."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update the managed region")
    mode.add_argument(
        "--check", action="store_true", help="exit 1 when the file drifted from charter.yaml"
    )


def run(args: argparse.Namespace) -> int:
    from charter.atomic import write_text
    from charter.codeowners_export import CODEOWNERS_PATH, codeowners_file, merged, render_region
    from charter.context import load_context

    ctx = load_context()
    region, warnings = render_region(ctx.charter)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    path = codeowners_file(ctx.root)
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    wanted = merged(existing, region)
    if args.write:
        if wanted != existing:
            write_text(path, wanted)
            print(f"wrote {CODEOWNERS_PATH}")
        else:
            print(f"{CODEOWNERS_PATH} is up to date")
        return 0
    if args.check:
        if wanted != existing:
            print(
                f"{CODEOWNERS_PATH} drifted from charter.yaml; run `charter codeowners --write` "
                "on a coordinator branch"
            )
            return 1
        print(f"{CODEOWNERS_PATH} matches charter.yaml")
        return 0
    sys.stdout.write(region)
    return 0
