"""Questions about one repository: where it is, what is staged, what a revision holds."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from charter.errors import GitError
from charter.git.runner import git, git_maybe, run
from charter.git.zparse import Change, parse_name_status, split_z

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # the tree of no files
ZERO_SHA = "0" * 40  # git's "no commit" (a branch created or deleted)


def not_a_work_tree(cwd: str | os.PathLike[str] | None) -> GitError:
    where = os.fspath(cwd) if cwd is not None else os.getcwd()
    return GitError(
        f"{where} is not inside a git work tree; run charter from your repository "
        "(or `git init` one first)"
    )


def toplevel(cwd: str | os.PathLike[str] | None = None) -> Path:
    """The root of the work tree containing `cwd`."""
    out = git_maybe("rev-parse", "--show-toplevel", cwd=cwd)
    if out is None:
        raise not_a_work_tree(cwd)
    return Path(out.decode("utf-8", "surrogateescape").rstrip("\n"))


def rev_parse_lines(cwd: str | os.PathLike[str] | None, *args: str) -> tuple[int, list[str]]:
    """`git rev-parse ARGS`: its exit code and output lines (some may have resolved)."""
    result = run("rev-parse", *args, cwd=cwd, ok=None)
    return result.returncode, result.stdout.decode("utf-8", "surrogateescape").splitlines()


def git_dir(root: Path) -> Path | None:
    """This worktree's own git directory, or None outside a repository."""
    out = git_maybe("rev-parse", "--git-dir", cwd=root)
    found = out.decode("utf-8", "surrogateescape").strip() if out is not None else ""
    if not found:
        return None
    return Path(found) if os.path.isabs(found) else root / found


def ls_files(cwd: str | os.PathLike[str] | None = None, *, rev: str | None = None) -> list[str]:
    """Tracked files of the index, or of a commit when `rev` is given."""
    if rev is None:
        return split_z(git("ls-files", "-z", cwd=cwd))
    return split_z(git("ls-tree", "-r", "-z", "--name-only", "--full-tree", rev, cwd=cwd))


def staged_changes(cwd: str | os.PathLike[str] | None = None) -> list[Change]:
    """What the next commit would record, deletions and both sides of renames included.

    On an unborn branch `git diff --cached` compares with the empty tree, so every
    staged path is an addition.
    """
    return parse_name_status(
        git("diff", "--cached", "--name-status", "-z", "-M", "--no-ext-diff", cwd=cwd)
    )


def diff_changes(old: str, new: str, cwd: str | os.PathLike[str] | None = None) -> list[Change]:
    """Changes between two commits (tree to tree)."""
    return parse_name_status(
        git("diff", "--name-status", "-z", "-M", "--no-ext-diff", old, new, "--", cwd=cwd)
    )


def symbolic_ref(cwd: str | os.PathLike[str] | None = None) -> str | None:
    """What HEAD points at ('refs/heads/x', even on an unborn branch); None when detached."""
    out = git_maybe("symbolic-ref", "-q", "HEAD", cwd=cwd)
    if out is None:
        return None
    return out.decode("utf-8", "surrogateescape").strip() or None


def current_branch(cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The checked-out branch's short name, or None on a detached HEAD."""
    out = git_maybe("symbolic-ref", "-q", "--short", "HEAD", cwd=cwd)
    if out is None:
        return None
    return out.decode("utf-8", "surrogateescape").strip() or None


def rev_parse(rev: str, cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The full object name of `rev`, or None when it does not resolve."""
    out = git_maybe("rev-parse", "-q", "--verify", f"{rev}^{{commit}}", cwd=cwd)
    return out.decode().strip() if out is not None else None


def show_file(rev: str, path: str, cwd: str | os.PathLike[str] | None = None) -> bytes | None:
    """A file's bytes at `rev` (`:path` form for the index when rev is ''), or None if absent."""
    spec = f":{path}" if rev == "" else f"{rev}:{path}"
    return git_maybe("cat-file", "blob", spec, cwd=cwd)


def config_get(
    key: str, cwd: str | os.PathLike[str] | None = None, *, scope: Sequence[str] = ()
) -> str | None:
    out = git_maybe("config", *scope, "--get", key, cwd=cwd)
    return out.decode("utf-8", "surrogateescape").strip() if out is not None else None
