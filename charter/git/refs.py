"""Branches: every ref read at once, and the one resolver of the default branch."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from charter.git.repo import rev_parse
from charter.git.runner import git


class RefInfo(NamedTuple):
    oid: str
    time: int  # committer date of the tip, seconds since the epoch


def read_refs(cwd: str | os.PathLike[str] | None) -> dict[str, RefInfo]:
    """Every local and remote-tracking branch that points at a commit."""
    out = git(
        "for-each-ref",
        "--format=%(refname)%00%(objectname)%00%(committerdate:unix)%00%(objecttype)",
        "refs/heads",
        "refs/remotes",
        cwd=cwd,
    )
    refs: dict[str, RefInfo] = {}
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        name, oid, when, kind = line.split("\0")
        if kind == "commit":
            refs[name] = RefInfo(oid, int(when or 0))
    return refs


def ref_tips(root: str | os.PathLike[str], names: Iterable[str]) -> dict[str, str] | None:
    """The object id each of `names` (full ref names: `refs/heads/main`) points at, for
    those that exist, read from the ref store's files with no git process (a loose ref
    file wins over packed-refs, as in git); None when it cannot tell (no `.git` under
    `root`, a reftable store, a symbolic or unreadable ref), and git must be asked.

    Why: asking `git cat-file` for `<ref>:<path>` on a ref that does not exist makes git
    try each of its ref-name rules (for the grant files of 50 instances whose branches
    mostly do not exist yet, 5 ms of a 75 ms `charter owner`); and a commit id, unlike a
    branch name, says once and for all what a path holds there, so it can key a cache."""
    from charter.git.discover import common_dir

    common = common_dir(root)
    if common is None or (common / "reftable").exists():
        return None
    packed: dict[str, str] = {}
    try:
        text = (common / "packed-refs").read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    else:
        for line in text.splitlines():
            oid, _, ref = line.partition(b" ")
            if ref and not line.startswith((b"#", b"^")):
                packed[ref.decode("utf-8", "surrogateescape")] = oid.decode("ascii", "replace")
    tips: dict[str, str] = {}
    for name in names:
        try:
            loose = (common / name).read_bytes().strip().decode("ascii")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            if name in packed:
                tips[name] = packed[name]
            continue
        except (OSError, UnicodeDecodeError):
            return None
        if not OID.fullmatch(loose):
            return None  # a symbolic ref ('ref: refs/heads/x'): git must follow it
        tips[name] = loose
    return tips if all(OID.fullmatch(oid) for oid in tips.values()) else None


OID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # a git object id: SHA-1, or SHA-256


def default_branch_names(
    default_branch: str | None, coordinator_branches: Sequence[str]
) -> tuple[str, ...]:
    """The names the default branch may have, most likely first: charter.yaml's
    `default_branch`, else its coordinator branches."""
    return (default_branch,) if default_branch else tuple(coordinator_branches)


def branch_ref(refs: Mapping[str, object], branch: str) -> str | None:
    """The local branch, else origin's copy of it (CI checkouts have only the latter)."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        if ref in refs:
            return ref
    return None


def default_ref(refs: Mapping[str, object], names: Iterable[str]) -> str | None:
    """The one ref that stands for the default branch (`names` from
    `default_branch_names`), or None when none of them exists here."""
    for branch in names:
        ref = branch_ref(refs, branch)
        if ref is not None:
            return ref
    return None


def short_branch_name(ref: str) -> str:
    """'refs/heads/x' -> 'x'; 'refs/remotes/origin/x' -> 'x' (any remote)."""
    if ref.startswith("refs/remotes/"):
        return ref.split("/", 3)[3] if ref.count("/") >= 3 else ""
    return ref.removeprefix("refs/heads/")


def refs_named(refs: Iterable[str], names: Iterable[str]) -> list[str]:
    """Every ref whose branch has one of `names`: the local branch and each remote's copy."""
    wanted = set(names)
    return [ref for ref in refs if short_branch_name(ref) in wanted]


def remote_default_ref(
    cwd: str | os.PathLike[str] | None, remote: str, names: Iterable[str]
) -> tuple[str, str] | None:
    """(ref, commit) of the default branch's copy on `remote`
    (`refs/remotes/<remote>/<name>`, the first of `names` that exists), or None.

    The one ref history is measured against: never "any ref called main", which anyone
    can create (`git update-ref refs/remotes/x/main HEAD`)."""
    for name in names:
        ref = f"refs/remotes/{remote}/{name}"
        commit = rev_parse(ref, cwd=cwd)
        if commit is not None:
            return ref, commit
    return None
