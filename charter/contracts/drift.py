"""Contract drift between a branch and the default branch, each finding with a stable
fingerprint and the consumers who must adapt.

* BREAKING / POSSIBLY_BREAKING / ADDITIVE: what the branch changed in the surface since
  its merge-base with the default branch.
* LOCK_STALE: the surface in the tree differs from the committed lock.
* STALE_BASE: the contract moved on the default branch since the branch's merge-base:
  the instance builds against an old version.
* CONCURRENT: both the default branch and the branch changed the contract's files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, NamedTuple

from charter.config import Charter, Contract
from charter.contracts.lock import WORKTREE, compute_surface, read_lock
from charter.git import git

EMPTY: dict[str, Any] = {"files": {}, "exports": {}}
FAILING = ("BREAKING", "POSSIBLY_BREAKING", "LOCK_STALE", "STALE_BASE", "CONCURRENT")


class DriftItem(NamedTuple):
    kind: str
    contract: str
    title: str
    detail: str
    consumers: tuple[str, ...]
    path: str | None = None

    @property
    def fingerprint(self) -> str:
        text = f"{self.kind}\0{self.contract}\0{self.title}\0{self.detail}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "contract": self.contract,
            "title": self.title,
            "detail": self.detail,
            "consumers": list(self.consumers),
            "path": self.path,
            "fingerprint": self.fingerprint,
        }


def api(contract: Contract, surface: dict[str, Any] | None) -> Any:
    """What a lock must match: the public API, or the file hashes for `file` contracts.

    A pure refactor (formatting, comments, order) changes hashes but not the API, so for
    typed contracts it leaves the lock current.
    """
    if surface is None:
        return None
    if contract.language == "file":
        return surface.get("files", {})
    return surface.get("exports", {})


def surface_changes(
    contract: Contract, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> list[Any]:
    from charter.contracts.compare import compare

    if contract.language == "file":
        from charter.contracts.compare import Finding

        old_files = (old or EMPTY).get("files", {})
        new_files = (new or EMPTY).get("files", {})
        out = []
        for path in sorted(set(old_files) | set(new_files)):
            before, after = old_files.get(path), new_files.get(path)
            if before == after:
                continue
            kind = (
                "ADDITIVE"
                if before is None
                else "BREAKING"
                if after is None
                else ("POSSIBLY_BREAKING")
            )
            detail = "added" if before is None else "removed" if after is None else "changed"
            digest = hashlib.sha256(f"{kind}{path}{detail}".encode()).hexdigest()[:12]
            out.append(Finding(kind, path, detail, digest))
        return out
    positional = contract.language == "typescript"
    return list(compare(old or EMPTY, new or EMPTY, positional=positional))


def _merge_base(root: Path, a: str, b: str) -> str | None:
    from charter.git import git_ok

    if not git_ok("merge-base", a, b, cwd=root):
        return None
    return git("merge-base", a, b, cwd=root).decode().strip()


def _changed_files(root: Path, contract: Contract, old: str, new: str) -> list[str]:
    """The contract's files that differ between two commits (`new` WORKTREE: the work
    tree, staged and unstaged changes, as `git diff OLD` shows them)."""
    from charter.contracts.lock import _wanted
    from charter.git import split_z

    revs = (old,) if new == WORKTREE else (old, new)
    names = split_z(git("diff", "--name-only", "-z", *revs, "--", cwd=root))
    return [n for n in names if _wanted(contract, n)]


def _last_commit(root: Path, old: str, new: str, files: list[str]) -> str:
    line = git("log", "-1", "--format=%h %s", f"{old}..{new}", "--", *files, cwd=root)
    return line.decode("utf-8", "replace").strip()


class _Surfaces:
    """One contract's surface per commit (or the work tree), each extracted once: a check
    reads the tip, the merge-base and the default branch, and often two are one commit."""

    def __init__(self, root: Path, contract: Contract) -> None:
        self.root = root
        self.contract = contract
        self.found: dict[str, dict[str, Any] | None] = {}

    def at(self, rev: str) -> dict[str, Any] | None:
        from charter.git import rev_parse

        key = rev if rev == WORKTREE else (rev_parse(rev, cwd=self.root) or rev)
        if key not in self.found:
            self.found[key] = compute_surface(self.root, self.contract, rev)
        return self.found[key]


def contract_drift(root: Path, contract: Contract, base: str, head: str) -> list[DriftItem]:
    """Every drift finding of one contract for branch tip `head` against `base`; `head`
    WORKTREE judges the work tree (HEAD with staged and unstaged changes)."""
    consumers = contract.consumers
    items: list[DriftItem] = []
    surfaces = _Surfaces(root, contract)
    merge_base = _merge_base(root, base, "HEAD" if head == WORKTREE else head)
    at_head = surfaces.at(head)
    if merge_base is not None:
        at_merge_base = surfaces.at(merge_base)
        for f in surface_changes(contract, at_merge_base, at_head):
            items.append(DriftItem(f.kind, contract.name, f.symbol, f.detail, consumers))
    lock = read_lock(root, contract, head)
    if at_head is not None and api(contract, lock) != api(contract, at_head):
        what = "no lock is committed" if lock is None else "the committed lock differs"
        if head == WORKTREE:
            what = "no lock is written" if lock is None else "the lock in the work tree differs"
        items.append(
            DriftItem(
                "LOCK_STALE",
                contract.name,
                contract.lock_path,
                f"{what} from the surface in the tree; the owner runs `charter contracts lock "
                f"{contract.name}` and commits both files",
                consumers,
                contract.lock_path,
            )
        )
    if merge_base is not None:
        theirs = _changed_files(root, contract, merge_base, base)
        if api(contract, surfaces.at(base)) != api(contract, at_merge_base):
            changes = surface_changes(contract, at_merge_base, surfaces.at(base))
            summary = "; ".join(f"{f.kind} {f.symbol}" for f in changes[:5]) or "files changed"
            items.append(
                DriftItem(
                    "STALE_BASE",
                    contract.name,
                    f"{contract.name} moved on the default branch",
                    f"{summary} (latest: {_last_commit(root, merge_base, base, theirs)}); "
                    "merge the default branch to build against the current version",
                    consumers,
                )
            )
        ours = _changed_files(root, contract, merge_base, head)
        both = sorted(set(theirs) & set(ours))
        if theirs and ours:
            items.append(
                DriftItem(
                    "CONCURRENT",
                    contract.name,
                    f"{contract.name} changed on both sides",
                    f"the default branch changed {', '.join(theirs[:3])} and this branch changed "
                    f"{', '.join(ours[:3])} since their merge-base"
                    + (f" (both: {', '.join(both[:3])})" if both else ""),
                    consumers,
                    both[0] if both else None,
                )
            )
    return items


def uncommitted(root: Path, charter: Charter) -> list[str]:
    """The contracts' files (and locks) with staged or unstaged changes, or untracked."""
    from charter.contracts.lock import contracts_touching
    from charter.git import split_z

    entries = split_z(
        git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", cwd=root)
    )
    paths: list[str] = []
    skip = False
    for entry in entries:
        if skip:  # the source path of a rename
            skip = False
            continue
        status, path = entry[:2], entry[3:]
        skip = "R" in status or "C" in status
        if contracts_touching(charter, [path]):
            paths.append(path)
    return sorted(paths)


def drift_between(charter: Charter, root: Path, base: str, head: str) -> list[DriftItem]:
    items: list[DriftItem] = []
    for contract in charter.contracts.values():
        items += contract_drift(root, contract, base, head)
    return items
