"""Reading the repository once: the refs, the default branch and every instance's
scratchpad (from its branch tip, else the default branch, else the work tree), with one
for-each-ref and one cat-file --batch however many instances there are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from charter.config import Charter
from charter.errors import ConfigError
from charter.git.blobs import read_blobs
from charter.git.refs import RefInfo, branch_ref, default_branch_names, read_refs
from charter.git.refs import default_ref as git_default_ref
from charter.scratchpad import Scratchpad, parse

MISSING = "missing"  # the status of an instance with no scratchpad anywhere
UNREADABLE = "unreadable"  # a scratchpad that cannot be parsed
WORK_TREE = "work tree"


def default_ref(refs: Mapping[str, RefInfo], charter: Charter) -> str | None:
    names = default_branch_names(charter.default_branch, charter.coordinator_branches)
    return git_default_ref(refs, names)


@dataclass(frozen=True)
class LoadedScratchpad:
    """An instance's scratchpad and where it was read from."""

    name: str
    path: str
    source: str | None  # a ref, WORK_TREE, or None when there is none anywhere
    scratchpad: Scratchpad | None
    error: str | None = None  # why it could not be read (file:line: message lines)


@dataclass(frozen=True)
class Snapshot:
    """The refs, the default branch and every scratchpad, read once."""

    root: Path
    charter: Charter
    refs: Mapping[str, RefInfo]
    default_ref: str | None
    scratchpads: Mapping[str, LoadedScratchpad]

    def branch_ref(self, name: str) -> str | None:
        return branch_ref(self.refs, self.charter.instances[name].branch)


def read_snapshot(root: Path, charter: Charter, *, default: str | None = None) -> Snapshot:
    """Read the refs and each scratchpad FROM ITS INSTANCE'S BRANCH TIP (where the
    instance writes it), falling back to the default branch, then the work tree."""
    refs = read_refs(root)
    base = default if default is not None and default in refs else default_ref(refs, charter)
    specs: list[str] = []
    plans: dict[str, list[str]] = {}
    for name, instance in charter.instances.items():
        path = charter.scratchpad_path(name)
        revs = [r for r in (branch_ref(refs, instance.branch), base) if r is not None]
        plans[name] = list(dict.fromkeys(revs))
        specs += [f"{rev}:{path}" for rev in plans[name]]
    blobs = read_blobs(root, list(dict.fromkeys(specs)))
    loaded: dict[str, LoadedScratchpad] = {}
    for name, revs in plans.items():
        path = charter.scratchpad_path(name)
        raw: bytes | None = None
        source: str | None = None
        for rev in revs:
            raw = blobs.get(f"{rev}:{path}")
            if raw is not None:
                source = rev
                break
        if raw is None:
            try:
                raw = (root / path).read_bytes()
                source = WORK_TREE
            except OSError:
                raw = None
        loaded[name] = _load(name, path, source, raw)
    return Snapshot(root, charter, refs, base, loaded)


def _load(name: str, path: str, source: str | None, raw: bytes | None) -> LoadedScratchpad:
    if raw is None:
        return LoadedScratchpad(name, path, None, None)
    try:
        return LoadedScratchpad(name, path, source, parse(raw, path))
    except ConfigError as e:
        return LoadedScratchpad(name, path, source, None, str(e))
