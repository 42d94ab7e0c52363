"""Thin, fast git access through subprocess (`-z` output everywhere).

Hooks import this module, so it stays on the standard library.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from charter.errors import GitError

# Statuses from `git diff --name-status`: A added, M modified, D deleted, R renamed,
# C copied, T type change, U unmerged.


_new_tuple = tuple.__new__


class Change(NamedTuple):
    """One changed path. For renames and copies `old_path` is the source side."""

    status: str  # one letter: A M D R C T U
    path: str
    old_path: str | None = None

    def paths(self) -> tuple[str, ...]:
        """Every path this change touches: both sides of a rename, the new side of a copy."""
        if self.status == "R" and self.old_path is not None:
            return (self.old_path, self.path)
        return (self.path,)


def git(
    *args: str,
    cwd: str | os.PathLike[str] | None = None,
    input: bytes | None = None,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> bytes:
    """Run git and return its stdout; raise `GitError` with git's own message on failure."""
    proc = subprocess.run(
        ("git", *args),
        cwd=cwd,
        input=input,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
        raise GitError(f"git {' '.join(args[:2])} failed: {message}")
    return proc.stdout


def git_ok(*args: str, cwd: str | os.PathLike[str] | None = None) -> bool:
    """True when the git command exits 0 (its output is discarded)."""
    return (
        subprocess.run(
            ("git", *args),
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ).returncode
        == 0
    )


def git_text(*args: str, cwd: str | os.PathLike[str] | None = None) -> str:
    return git(*args, cwd=cwd).decode("utf-8", "surrogateescape").strip()


def toplevel(cwd: str | os.PathLike[str] | None = None) -> Path:
    """The root of the work tree containing `cwd`."""
    proc = subprocess.run(
        ("git", "rev-parse", "--show-toplevel"),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if proc.returncode != 0:
        where = os.fspath(cwd) if cwd is not None else os.getcwd()
        raise GitError(
            f"{where} is not inside a git work tree; run charter from your repository "
            "(or `git init` one first)"
        )
    return Path(proc.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))


def split_z(out: bytes) -> list[str]:
    """Split NUL-terminated git output into paths (decoded losslessly)."""
    if not out:
        return []
    # One decode for the whole output: NUL never occurs inside a UTF-8 sequence, and
    # surrogateescape keeps undecodable bytes per byte, so this equals decoding each part.
    parts = out.decode("utf-8", "surrogateescape").split("\0")
    if parts[-1] == "":
        parts.pop()
    return parts


def parse_name_status(out: bytes) -> list[Change]:
    """Parse `git diff --name-status -z` output, renames and copies included."""
    changes: list[Change] = []
    append = changes.append
    fields = iter(split_z(out))
    # tuple.__new__ skips the NamedTuple's Python-level __new__: hooks parse every
    # staged path here.
    for field in fields:
        status = field[:1]
        if status == "R" or status == "C":
            old_path = next(fields)
            append(_new_tuple(Change, (status, next(fields), old_path)))
        else:
            append(_new_tuple(Change, (status, next(fields), None)))
    return changes


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


def current_branch(cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The checked-out branch's short name, or None on a detached HEAD."""
    proc = subprocess.run(
        ("git", "symbolic-ref", "-q", "--short", "HEAD"),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape").strip() or None


def rev_parse(rev: str, cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The full object name of `rev`, or None when it does not resolve."""
    proc = subprocess.run(
        ("git", "rev-parse", "-q", "--verify", f"{rev}^{{commit}}"),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip()


def show_file(rev: str, path: str, cwd: str | os.PathLike[str] | None = None) -> bytes | None:
    """A file's bytes at `rev` (`:path` form for the index when rev is ''), or None if absent."""
    spec = f":{path}" if rev == "" else f"{rev}:{path}"
    proc = subprocess.run(
        ("git", "cat-file", "blob", spec),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout


def config_get(
    key: str, cwd: str | os.PathLike[str] | None = None, *, scope: Sequence[str] = ()
) -> str | None:
    proc = subprocess.run(
        ("git", "config", *scope, "--get", key),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape").strip()


def quote_paths(paths: Iterable[str]) -> str:
    return ", ".join(paths)
