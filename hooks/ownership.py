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

from charter.check import Violation, format_violations
from charter.config import CONFIG_FILE
from charter.context import Context, load_context
from charter.errors import EXIT_UNUSABLE, CharterError
from charter.identity import Identity
from charter.review import (
    ZERO_SHA,
    commit_changes,
    default_branch_refs,
    judge_edits,
    judge_index,
    own_commits,
)

BYPASS_VAR = "CHARTER_BYPASS"
BYPASS_TRAILER = "Charter-Bypass"


def _push_identity(ctx: Context) -> Identity:
    """Whose commits are being pushed: the pushed branch's instance, else this worktree's."""
    local = os.environ.get("PRE_COMMIT_LOCAL_BRANCH", "").removeprefix("refs/heads/")
    instance = ctx.charter.instance_for_branch(local) if local else None
    if instance is not None and not os.environ.get("CHARTER_INSTANCE"):
        return Identity(instance.name, f"pushed branch {local!r}", local)
    return ctx.identity


def _bypassed(ctx: Context, commit: str) -> str | None:
    from charter.git import git

    body = (
        git(
            "log",
            "-1",
            "--format=%(trailers:key=" + BYPASS_TRAILER + ",valueonly)",
            commit,
            cwd=ctx.root,
        )
        .decode("utf-8", "replace")
        .strip()
    )
    return body or None


def check_push(ctx: Context) -> tuple[Identity, list[Violation]]:
    identity = _push_identity(ctx)
    if identity.is_coordinator:
        return identity, []
    to_ref = os.environ.get("PRE_COMMIT_TO_REF") or os.environ.get("PRE_COMMIT_LOCAL_BRANCH")
    if not to_ref:
        return identity, []
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
    exclude = default_branch_refs(ctx)
    remote = os.environ.get("PRE_COMMIT_REMOTE_NAME") if from_ref is None else None
    if from_ref == ZERO_SHA:
        from_ref = None
    violations: list[Violation] = []
    for commit in own_commits(ctx, from_ref, to_ref, exclude, exclude_remote=remote):
        reason = _bypassed(ctx, commit)
        if reason is not None:
            print(
                f"charter: {commit[:12]} was committed with {BYPASS_TRAILER}: {reason} "
                "(the pull-request check will report it)",
                file=sys.stderr,
            )
            continue
        violations += judge_edits(ctx, identity, commit_changes(ctx.root, commit), commit=commit)
    return identity, violations


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
    push = stage == "push" or (
        stage == "auto"
        and bool(os.environ.get("PRE_COMMIT_REMOTE_NAME") or os.environ.get("PRE_COMMIT_TO_REF"))
    )
    try:
        try:
            ctx = load_context(
                rules_from=os.environ.get("PRE_COMMIT_TO_REF", "HEAD") if push else "HEAD"
            )
        except CharterError as e:
            if CONFIG_FILE in str(e) and "no charter.yaml" in str(e):
                print(f"charter: no {CONFIG_FILE} here yet; nothing to enforce", file=sys.stderr)
                return 0
            raise
        if push:
            identity, violations = check_push(ctx)
            layer = "push"
        else:
            identity = ctx.identity
            if identity.is_coordinator:
                return 0
            reason = os.environ.get(BYPASS_VAR, "").strip()
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


if __name__ == "__main__":
    raise SystemExit(main())
