"""Contract locks: the recorded public surface of each contract, one file a contract.

`.charter/contracts/<name>.lock.json` holds the canonical surface (file hashes plus the
public API); `<name>.api.md` beside it is a readable rendering, so a pull request's diff
shows an API change in words. The owner (or the coordinator) writes them with
`charter contracts lock`; the hooks and the bot compare them with the tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from charter.config import Charter, Contract
from charter.errors import CharterError
from charter.git import git, split_z
from charter.git.blobs import read_blobs

LANGUAGE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "typescript": (".ts", ".tsx", ".mts", ".cts"),
    "python": (".py", ".pyi"),
    "jsonschema": (".json",),
    "file": (),
}

WORKTREE = "WORKTREE"  # read the files from disk
INDEX = ""  # read the files from the index (what is being committed)


class LockState(NamedTuple):
    surface: dict[str, Any] | None  # None when the contract has no files there
    lock: dict[str, Any] | None  # the committed lock's surface, None when there is none


def _wanted(contract: Contract, path: str) -> bool:
    suffixes = LANGUAGE_SUFFIXES[contract.language]
    if suffixes and not path.endswith(suffixes):
        return False
    return any(p.pattern.matches(path) for p in contract.paths)


def _list(root: Path, rev: str) -> dict[str, str]:
    """path -> blob id at a revision or in the index."""
    entries: dict[str, str] = {}
    if rev == WORKTREE:
        # What is on disk, untracked files included: a lock is made before `git add`.
        for path in split_z(
            git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=root)
        ):
            entries[path] = ""
        return entries
    if rev == INDEX:
        for field in split_z(git("ls-files", "-s", "-z", cwd=root)):
            meta, _, path = field.partition("\t")
            mode, blob, stage = meta.split()
            if stage in ("0", "2") and mode != "160000":
                entries[path] = blob
        return entries
    for field in split_z(git("ls-tree", "-r", "-z", "--full-tree", rev, cwd=root)):
        meta, _, path = field.partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob":
            entries[path] = blob
    return entries


def contract_files(root: Path, contract: Contract, rev: str) -> dict[str, bytes]:
    """The contract's files (of its language) at `rev`, in the index, or on disk."""
    listing = {p: b for p, b in _list(root, rev).items() if _wanted(contract, p)}
    if rev == WORKTREE:
        files: dict[str, bytes] = {}
        for path in listing:
            try:
                files[path] = (root / path).read_bytes()
            except FileNotFoundError:
                continue  # deleted in the work tree
        return files
    blobs = read_blobs(root, listing.values())
    return {p: raw for p, b in listing.items() if (raw := blobs.get(b)) is not None}


def compute_surface(root: Path, contract: Contract, rev: str) -> dict[str, Any] | None:
    from charter.contracts.errors import SurfaceError
    from charter.contracts.surface import extract_surface

    files = contract_files(root, contract, rev)
    if not files:
        return None
    try:
        surface: dict[str, Any] = extract_surface(contract.language, files)
    except SurfaceError as e:
        where = "the index" if rev == INDEX else ("the work tree" if rev == WORKTREE else rev)
        raise CharterError(
            f"contract {contract.name!r}: cannot read its surface in {where}: {e}"
        ) from None
    return surface


def lock_document(contract: Contract, surface: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "contract": contract.name,
        "owner": contract.owner,
        "language": contract.language,
        "paths": [p.text for p in contract.paths],
        "surface": dict(surface),
    }


def read_lock(root: Path, contract: Contract, rev: str) -> dict[str, Any] | None:
    """The surface recorded in the contract's lock at `rev` (INDEX, WORKTREE or a commit)."""
    if rev == WORKTREE:
        try:
            raw = (root / contract.lock_path).read_bytes()
        except FileNotFoundError:
            return None
    else:
        from charter.git import show_file

        found = show_file(rev, contract.lock_path, cwd=root)
        if found is None:
            return None
        raw = found
    from charter.contracts.limits import MAX_LOCK_DEPTH, json_depth

    try:
        document = json.loads(raw)
        if json_depth(document) > MAX_LOCK_DEPTH:
            raise ValueError("nested too deeply")
        surface = document["surface"]
    except (ValueError, KeyError, TypeError, RecursionError):
        raise CharterError(
            f"{contract.lock_path} is not a charter lock; regenerate it with "
            f"`charter contracts lock {contract.name}`"
        ) from None
    if not isinstance(surface, dict):
        raise CharterError(
            f"{contract.lock_path} has no surface; regenerate it with "
            f"`charter contracts lock {contract.name}`"
        )
    return surface


def lock_state(root: Path, contract: Contract, rev: str) -> LockState:
    return LockState(compute_surface(root, contract, rev), read_lock(root, contract, rev))


def write_lock(root: Path, contract: Contract) -> tuple[bool, Path, Path]:
    """Recompute the lock and API summary from the work tree; (changed?, lock, api)."""
    from charter.atomic import write_text
    from charter.contracts.apimd import render_api_md
    from charter.contracts.surface import canonical_json

    surface = compute_surface(root, contract, WORKTREE)
    if surface is None:
        raise CharterError(
            f"contract {contract.name!r} has no {contract.language} files under "
            f"{', '.join(p.text for p in contract.paths)}; add them or fix `paths:`"
        )
    lock_path = root / contract.lock_path
    api_path = root / contract.api_path
    lock_text = canonical_json(lock_document(contract, surface))
    api_text = render_api_md(contract.name, surface)
    changed = False
    for path, text in ((lock_path, lock_text), (api_path, api_text)):
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            write_text(path, text)
            changed = True
    return changed, lock_path, api_path


def contracts_touching(charter: Charter, paths: Iterable[str]) -> list[Contract]:
    """Contracts one of whose files (or lock) is among `paths`."""
    paths = list(paths)
    found = []
    for contract in charter.contracts.values():
        if any(p in (contract.lock_path, contract.api_path) or _wanted(contract, p) for p in paths):
            found.append(contract)
    return found
