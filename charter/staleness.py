"""Is this worktree's charter.yaml behind the default branch's?

Each spawn commits a lane on the default branch, so a worktree spawned earlier lacks the
later lanes (and files such as .pre-commit-config.yaml) until it merges the default
branch. The symptoms (an unknown instance name, a hook that finds no config) say nothing
of the cause; this module names it, so messages can say `git merge main`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from charter.config import CONFIG_FILE, Charter


class Behind(NamedTuple):
    branch: str  # the default branch's short name, as the user types it
    charter: Charter | None  # the default branch's charter.yaml, None if it does not load

    def advice(self) -> str:
        return (
            f"this worktree's {CONFIG_FILE} is behind the default branch {self.branch!r}; "
            f"run `git merge {self.branch}` here"
        )


def default_branch_ref(root: Path, charter: Charter) -> str | None:
    """The ref standing for the default branch here (local, else origin's), if any."""
    from charter.git.refs import default_branch_names, default_ref, read_refs

    names = default_branch_names(charter.default_branch, charter.coordinator_branches)
    return default_ref(read_refs(root), names)


def default_branch_has(root: Path, charter: Charter, path: str) -> str | None:
    """The default branch's short name when it has `path` (and this work tree does not
    have it only because it has not merged it yet); else None."""
    from charter.git import git_ok
    from charter.git.refs import short_branch_name

    ref = default_branch_ref(root, charter)
    if ref is None or not git_ok("cat-file", "-e", f"{ref}:{path}", cwd=root):
        return None
    return short_branch_name(ref)


def behind_default_branch(root: Path, charter: Charter) -> Behind | None:
    """The default branch when its charter.yaml differs from the one at this worktree's
    HEAD and it has commits HEAD lacks (merging it would bring the newer lanes)."""
    from charter.config import load_bytes
    from charter.errors import CharterError
    from charter.git import git_maybe, git_ok, rev_parse, show_file
    from charter.git.refs import short_branch_name

    ref = default_branch_ref(root, charter)
    head = rev_parse("HEAD", cwd=root)
    if ref is None or head is None or rev_parse(ref, cwd=root) == head:
        return None

    def blob(rev: str) -> bytes | None:  # the object name only: no need to read it
        return git_maybe("rev-parse", "-q", "--verify", f"{rev}:{CONFIG_FILE}", cwd=root)

    theirs = blob(ref)
    if theirs is None or theirs == blob("HEAD"):
        return None
    if git_ok("merge-base", "--is-ancestor", ref, "HEAD", cwd=root):
        return None  # HEAD has it all: its charter.yaml is newer, not behind
    try:
        newer: Charter | None = load_bytes(show_file(ref, CONFIG_FILE, root) or b"")
    except CharterError:
        newer = None
    return Behind(short_branch_name(ref), newer)
