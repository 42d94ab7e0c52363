"""`charter check`: may this identity make these changes?"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--staged",
        action="store_true",
        help="the staged changes (the default when nothing else is given)",
    )
    what.add_argument(
        "--range",
        metavar="A..B",
        help="what B would bring to the default branch (the net change from the merge-base "
        "with origin's default branch) and every own commit after A, judged one by one; "
        "bypassed commits are listed as the push hook lists them",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="judge these paths as edits")
    parser.add_argument("--instance", metavar="NAME", help="judge as this instance")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from charter.check import format_violations
    from charter.config import COORDINATOR
    from charter.context import load_context
    from charter.errors import CharterError
    from charter.git import Change, staged_changes
    from charter.identity import Identity
    from charter.review import judge_edits, judge_range

    if TYPE_CHECKING:
        from charter.branch_judgement import Bypass

    if args.paths and (args.staged or args.range):
        raise CharterError("give PATH... or --staged or --range, not several")
    ctx = load_context(rules_from="HEAD")
    if args.instance:
        if args.instance not in ctx.charter.instances and args.instance != COORDINATOR:
            raise CharterError(f"--instance {args.instance!r} is not an instance in charter.yaml")
        identity = Identity(args.instance, "--instance", None)
    else:
        identity = ctx.identity
    bypasses: list[Bypass] = []
    if args.range:
        if ".." not in args.range:
            raise CharterError(f"--range takes A..B, not {args.range!r}")
        start, _, end = args.range.partition("..")
        verdict = judge_range(ctx, identity, start.lstrip("."), end or "HEAD")
        violations, bypasses = verdict.violations, verdict.bypasses
    elif args.paths:
        from charter.repopath import repo_paths

        changes = [Change("M", p) for p in repo_paths(args.paths, ctx.root)]
        violations = judge_edits(ctx, identity, changes)  # grants in force now
    else:
        violations = judge_edits(ctx, identity, staged_changes(ctx.root))
    if args.format == "json":
        json.dump(
            {
                "instance": identity.name,
                "violations": [v.to_json() for v in violations],
                "bypasses": [
                    {
                        "commit": b.commit,
                        "reason": b.reason,
                        "violations": [v.to_json() for v in b.violations],
                    }
                    for b in bypasses
                ],
            },
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 1 if violations else 0
    from charter.branch_judgement import describe_bypass

    for b in bypasses:
        print(describe_bypass(b))
    if violations:
        print(format_violations(ctx.charter, identity, violations))
    else:
        print(f"charter: every change is inside {identity.name}'s lane")
    return 1 if violations else 0
