"""Every worktree of a repository, from `git worktree list --porcelain -z`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from charter.git.runner import git
from charter.git.zparse import split_z


class Worktree(NamedTuple):
    path: Path
    branch: str | None  # None for a detached HEAD
    prunable: bool  # its directory is gone (`git worktree prune` would drop it)


def worktrees(cwd: str | os.PathLike[str] | None) -> list[Worktree]:
    """Every worktree, the main one first."""
    entries: list[Worktree] = []
    path: str | None = None
    branch: str | None = None
    prunable = False
    for field in split_z(git("worktree", "list", "--porcelain", "-z", cwd=cwd)) + [""]:
        if field.startswith("worktree "):
            path, branch, prunable = field.removeprefix("worktree "), None, False
        elif field.startswith("branch "):
            branch = field.removeprefix("branch refs/heads/")
        elif field.startswith("prunable"):
            prunable = True
        elif field == "" and path is not None:
            entries.append(Worktree(Path(path), branch, prunable))
            path = None
    return entries


def worktree_of_branch(cwd: str | os.PathLike[str] | None, branch: str) -> Worktree | None:
    """The live worktree that has `branch` checked out, if any."""
    return next((w for w in worktrees(cwd) if w.branch == branch and not w.prunable), None)
