"""`charter validate`: is charter.yaml well-formed, and is ownership exclusive?"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--unowned", action="store_true", help="also list tracked files nobody owns"
    )
    parser.add_argument(
        "--carve-outs",
        action="store_true",
        help=f"list every carve-out (nested lane), not only the first {CARVE_OUTS_SHOWN}",
    )


CARVE_OUTS_SHOWN = 20  # an imported map may hold hundreds; each is legal, not a problem


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.git import ls_files

    ctx = load_context()
    files = ls_files(ctx.root)
    problems = 0
    for overlap in ctx.ownership.overlaps(files):
        problems += 1
        print(
            f"{overlap.first.source.removeprefix('implicit: ')}: overlap: {overlap.describe()}; "
            "ownership must be exclusive: narrow one pattern, or move the path to `shared:`"
        )
    carve_outs = ctx.ownership.carve_outs()
    shown = carve_outs if args.carve_outs else carve_outs[:CARVE_OUTS_SHOWN]
    for carve in shown:
        print(f"{carve.inner.source}: carve-out: {carve.describe()}")
    if len(shown) < len(carve_outs):
        print(
            f"... and {len(carve_outs) - len(shown)} more carve-out(s): "
            "`charter validate --carve-outs` lists them all"
        )
    unowned = 0
    if args.unowned:
        for resolution in ctx.ownership.resolve_all(files):
            if not resolution.rules:
                unowned += 1
                print(f"unowned: {resolution.path}")
        if unowned:
            policy = ctx.charter.unowned
            print(
                f"{unowned} tracked file(s) owned by nobody (unowned: {policy}); give them an "
                "owner in charter.yaml or list them under `shared:`"
            )
            if policy == "block":
                problems += unowned
    if problems == 0:
        print(
            f"charter.yaml is valid: {len(ctx.charter.instances)} instance(s), "
            f"{len(ctx.charter.contracts)} contract(s), {len(files)} tracked file(s), "
            f"no overlaps{f', {len(carve_outs)} carve-out(s)' if carve_outs else ''}"
        )
        return 0
    return 1
