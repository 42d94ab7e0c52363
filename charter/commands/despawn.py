"""`charter despawn`: take an instance's worktree (and with it its guard) away, and
optionally its branch; its lane stays in charter.yaml (`charter instance remove`)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the instance whose worktree goes")
    parser.add_argument(
        "--delete-branch",
        action="store_true",
        help="also delete its branch (only when fully merged: git branch -d)",
    )


def run(args: argparse.Namespace) -> int:
    import os

    from charter.config import load
    from charter.errors import CharterError
    from charter.git import git, git_ok, toplevel
    from charter.git.worktrees import worktree_of_branch

    root = toplevel()
    charter = load(root)
    instance = charter.instances.get(args.name)
    if instance is None:
        known = ", ".join(sorted(charter.instances)) or "none yet"
        raise CharterError(f"no instance {args.name!r} in charter.yaml (known: {known})")
    holder = worktree_of_branch(root, instance.branch)
    if holder is not None:
        if holder.path.resolve() == root.resolve():
            raise CharterError(
                f"this is {args.name}'s worktree; run `charter despawn {args.name}` from "
                "the coordinator's worktree"
            )
        dirty = git("status", "--porcelain", "-z", cwd=holder.path)
        if dirty:
            raise CharterError(
                f"{holder.path} has uncommitted work (`git -C {holder.path} status`); "
                "commit it on its branch or discard it, then despawn again"
            )
        # Its guard settings are git-ignored local files: --force lets them go with it.
        git("worktree", "remove", "--force", os.fspath(holder.path), cwd=root)
        print(f"removed {args.name}'s worktree {holder.path} (its guard went with it)")
    else:
        print(f"{args.name} has no worktree")
    if args.delete_branch:
        if not git_ok("branch", "-d", instance.branch, cwd=root):
            raise CharterError(
                f"kept branch {instance.branch!r}: it has commits not merged into the "
                f"current branch; merge them, or delete it anyway with `git branch -D "
                f"{instance.branch}`"
            )
        print(f"deleted branch {instance.branch}")
    print(
        "the git hooks stay: every worktree shares them (`charter hooks uninstall` removes "
        f"them); {args.name}'s lane stays in charter.yaml (`charter instance remove {args.name}`)"
    )
    return 0
