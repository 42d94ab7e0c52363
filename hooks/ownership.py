"""The `charter-ownership` hook: commit, merge and push, judged by one rule engine.

* commit (pre-commit stage): the staged changes, deletions and both sides of renames;
  while a merge is being concluded, only what the merge adds beyond its parents.
* merge (pre-merge-commit stage): the same merge rule for an automatic merge.
* push (pre-push stage): every commit the instance made in the pushed range, each
  judged like a commit, so a commit made with `--no-verify` never leaves the machine.

Imports stay on the standard library and charter's core: this runs on every commit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.hooks.entry import enforced_context

from charter.bypass import BYPASS_TRAILER, BYPASS_VAR, bypass_reason
from charter.check import format_violations
from charter.errors import EXIT_UNUSABLE, CharterError
from charter.push import PushRange
from charter.review import judge_index, judge_push


def run(push: PushRange | None) -> int:
    """Judge the pushed range, or (None) the commit being made; print what is refused."""
    try:
        ctx = enforced_context((push.local_sha or "HEAD") if push is not None else "HEAD")
        if ctx is None:
            return 0
        if push is not None:
            identity, violations, bypassed = judge_push(ctx, push)
            for commit, why in bypassed:
                print(
                    f"charter: {commit[:12]} was committed with {BYPASS_TRAILER}: {why} "
                    "(the pull-request check will report it)",
                    file=sys.stderr,
                )
            layer = "push"
        else:
            identity = ctx.identity
            if identity.is_coordinator:
                return 0
            reason = bypass_reason(os.environ)
            violations = judge_index(ctx, identity)
            if violations and reason:
                print(
                    f"charter: {BYPASS_VAR} set ({reason}): letting {len(violations)} "
                    f"out-of-lane path(s) through; the commit records a {BYPASS_TRAILER} "
                    "trailer and the pull-request check will report it",
                    file=sys.stderr,
                )
                return 0
            layer = "commit"
    except CharterError as e:
        print(f"charter: {e}", file=sys.stderr)
        return EXIT_UNUSABLE
    if violations:
        print(format_violations(ctx.charter, identity, violations, layer=layer))
        if layer == "commit":
            print(
                f'  - (last resort) {BYPASS_VAR}="reason" git commit ... records a '
                f"{BYPASS_TRAILER} trailer that reviewers will see"
            )
        return 1
    return 0


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
