"""Where the repository is, read from its files as git finds it, with no git process.

`charter owner PATH` and other read-only commands need only the work tree's root, the
git directories and HEAD's branch; asking `git rev-parse` for them costs a process (and
importing `subprocess`), a tenth of such a command. This module answers the common case
the way git's discovery does (walk up from the working directory to the first `.git`,
a directory or a `gitdir:` file; a linked worktree's `commondir`) and says None whenever
anything could make git answer differently, so that git is asked instead:

* a variable that pins git to a repository is set (`GIT_DIR`, `GIT_WORK_TREE`, ...);
* the repository's config moves or removes the work tree (`core.worktree`, `core.bare`)
  or enables per-worktree config;
* the directory found is not the user's own (git's `safe.directory` check decides);
* the working directory is inside the git directory, or no `.git` is found.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from charter.git.runner import LOCAL_ENV_VARS

# Besides the local variables: these change where discovery looks or stops.
_DISCOVERY_ENV = LOCAL_ENV_VARS | {"GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"}
# `core.worktree = ...`, `core.bare = true`, `extensions.worktreeConfig = true` (git
# writes `bare = false` in every repository: that one changes nothing).
_MOVES_WORK_TREE = re.compile(
    rb"^\s*(worktree\s*=|(bare|worktreeconfig)\s*=\s*(true|yes|on|1)\s*$)", re.MULTILINE | re.I
)


class Found(NamedTuple):
    root: Path  # the work tree's top (physical, as `git rev-parse --show-toplevel`)
    common_dir: Path
    git_dir: Path
    head_ref: str | None  # 'refs/heads/x' (born or not); None when detached


def find_work_tree(cwd: str | os.PathLike[str] | None = None) -> Found | None:
    """The work tree containing `cwd` as git would find it, or None: ask git."""
    if any(name in os.environ for name in _DISCOVERY_ENV):
        return None
    try:
        start = Path(os.path.realpath(os.fspath(cwd) if cwd is not None else os.getcwd()))
    except OSError:
        return None
    root = next((d for d in (start, *start.parents) if os.path.lexists(d / ".git")), None)
    dirs = _git_dirs(root) if root is not None else None
    if root is None or dirs is None:
        return None
    git_dir, common = dirs
    try:
        if start == git_dir or git_dir in start.parents:
            return None  # inside the git directory: git says "not a work tree"
        if hasattr(os, "getuid") and root.stat().st_uid != os.getuid():
            return None
        config = (common / "config").read_bytes()
        if _MOVES_WORK_TREE.search(config):
            return None
        head = (git_dir / "HEAD").read_bytes().strip().decode("utf-8", "surrogateescape")
    except OSError:
        return None
    ref = head.removeprefix("ref: ")  # detached: a commit id, never 'refs/heads/...'
    return Found(root, common, git_dir, ref if ref.startswith("refs/heads/") else None)


def common_dir(root: str | os.PathLike[str]) -> Path | None:
    """The git directory all worktrees share, from `root/.git` (a directory, or a file
    naming a worktree's directory, whose `commondir` names the shared one)."""
    dirs = _git_dirs(Path(root))
    return dirs[1] if dirs is not None else None


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """(this work tree's git directory, the shared one) from `root/.git`; None when it
    is neither a directory nor a readable `gitdir:` file."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git, dot_git
    return _linked(root, dot_git) if dot_git.is_file() else None


def _linked(root: Path, dot_git: Path) -> tuple[Path, Path] | None:
    """(its own git directory, the shared one) for a `.git` file (`gitdir: PATH`)."""
    try:
        line = dot_git.read_text(encoding="utf-8").strip()
        if not line.startswith("gitdir: "):
            return None
        own = Path(line.removeprefix("gitdir: "))
        own = Path(os.path.realpath(own if own.is_absolute() else root / own))
        try:
            shared = (own / "commondir").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return own, own  # a submodule's directory: its own and shared at once
    except (OSError, UnicodeDecodeError):
        return None
    common = Path(shared) if os.path.isabs(shared) else own / shared
    return own, Path(os.path.realpath(common))
