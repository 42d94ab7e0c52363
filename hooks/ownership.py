"""The `charter-ownership` hook: commit, merge and push, judged by one rule engine.

* commit (pre-commit stage): the staged changes, deletions and both sides of renames;
  while a merge is being concluded, only what the merge adds beyond its parents.
* merge (pre-merge-commit stage): the same merge rule for an automatic merge.
* push (pre-push stage): the remote branch must be the instance's own; what the branch
  would bring to the default branch (the net change from the merge-base with the
  remote's default branch) must be in the lane, whatever route it came by; and each
  own commit is judged like a commit, so a commit made with `--no-verify` never leaves
  the machine (see `charter.branch_judgement`).

Imports stay on the standard library and charter's core: this runs on every commit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from charter.hooks.entry import enforced_context

from charter.bypass import BYPASS_TRAILER, BYPASS_VAR, bypass_reason
from charter.check import format_violations
from charter.errors import CharterError
from charter.push import PushRange
from charter.review import judge_index, judge_push

if TYPE_CHECKING:
    from charter.context import Context
    from charter.review import PushVerdict
    from charter.staleness import Behind


def run(push: PushRange | None) -> int:
    """Judge the pushed range, or (None) the commit being made; print what is refused."""
    try:
        rules_from = push.local_sha if push is not None and push.tip else "HEAD"
        ctx = enforced_context(rules_from)
        if ctx is None:
            return 0
        if push is not None:
            return _report_push(ctx, judge_push(ctx, push))
        identity = ctx.identity
        if identity.is_coordinator:
            return 0
        reason = bypass_reason(os.environ)
        violations = judge_index(ctx, identity)
    except CharterError as e:
        from charter.once import report_once  # the error path only

        return report_once(e)
    if violations and reason:
        print(
            f"charter: {BYPASS_VAR} set ({reason}): letting {len(violations)} "
            f"out-of-lane path(s) through; the commit records a {BYPASS_TRAILER} "
            "trailer, and the pull request needs a coordinator's approval for it",
            file=sys.stderr,
        )
        return 0
    if violations:
        print(format_violations(ctx.charter, identity, violations, layer="commit"))
        _advise_if_behind(ctx)
        print(
            f'  - (last resort) {BYPASS_VAR}="reason" git commit ... records a '
            f"{BYPASS_TRAILER} trailer; the pull request then needs a coordinator's approval"
        )
        return 1
    return 0


def _report_push(ctx: Context, result: PushVerdict) -> int:
    """Print what a push may not do; 1 when refused. Bypassed commits are reported, with
    their paths, and let through: the pull-request check holds them for a coordinator."""
    from charter.branch_judgement import describe_bypass, describe_carried  # the push stage only

    identity, verdict = result.identity, result.verdict
    status = 0
    if result.destination is not None:
        print(f"charter: {result.destination}")
        status = 1
    if verdict is None:
        return status
    for bypass in verdict.bypasses:
        if result.new is not None and bypass.commit not in result.new:
            continue  # reported when it was first pushed
        print(describe_bypass(bypass), file=sys.stderr)
    if verdict.violations:
        print(format_violations(ctx.charter, identity, verdict.violations, layer="push"))
        for line in describe_carried(verdict.carried, ctx.charter.default_branch_name):
            print(f"  - {line}")
        _advise_if_behind(ctx)
        status = 1
    return status


def _behind(ctx: Context) -> Behind | None:  # a refusal's extra advice: imports then
    from charter.staleness import behind_default_branch

    try:
        return behind_default_branch(ctx.root, ctx.charter)
    except CharterError:
        return None  # only advice: never a reason to fail differently


def _advise_if_behind(ctx: Context) -> None:
    behind = _behind(ctx)
    if behind is not None:  # the lanes judged here may be old ones
        print(f"  - first: {behind.advice()}, then try again (the lanes may have changed)")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    stage = "auto"
    if args:  # pre-commit passes none; argparse is imported only when there is work for it
        import argparse

        parser = argparse.ArgumentParser(prog="charter-hook-ownership")
        parser.add_argument(
            "--stage",
            choices=("auto", "commit", "push"),
            default="auto",
            help="what to judge (default: push when run by pre-push)",
        )
        stage = parser.parse_args(args).stage
    # The environment is read here, once; everything below gets the value.
    push = PushRange.from_environ(os.environ)
    if stage == "commit":
        push = None
    elif stage == "push" and push is None:
        push = PushRange.read_environ(os.environ)
    return run(push)


if __name__ == "__main__":
    raise SystemExit(main())
