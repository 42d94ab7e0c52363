"""`charter conflicts`: which instance branches will collide, before anyone merges."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", metavar="REF", help="default: the default branch")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from charter.conflicts import ForecastError, forecast
    from charter.context import load_context
    from charter.errors import CharterError
    from charter.git.refs import branch_ref, read_refs
    from charter.review import default_branch_refs

    ctx = load_context()
    base = args.base
    if base is None:
        refs = default_branch_refs(ctx)
        if not refs:
            raise CharterError("cannot find the default branch here; pass --base REF")
        base = refs[0].removeprefix("refs/heads/")
    refs_here = read_refs(ctx.root)
    branches: dict[str, str] = {}
    for instance in ctx.charter.instances.values():
        ref = branch_ref(refs_here, instance.branch)
        if ref is not None:
            branches[instance.name] = ref
    progress = None
    if sys.stderr.isatty() and args.format == "text":

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pairs")
            if done == total:
                sys.stderr.write("\n")

    try:
        result = forecast(ctx.root, branches, base, progress=progress)
    except ForecastError as e:
        raise CharterError(str(e)) from None
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        pairs = result.conflicting_pairs()
        for pair in pairs:
            print(f"{pair.left} x {pair.right}:")
            for conflict in pair.conflicts:
                print(f"  {conflict.kind:14} {conflict.path}")
        if not pairs:
            print(f"no conflicts forecast among {len(branches)} instance branch(es) and {base}")
    return 1 if result.conflicting_pairs() else 0
