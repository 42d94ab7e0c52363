"""History for the tracking table and the scratchpad hook: ahead/behind counts and
scratchpad lag, from one `git log` walk.

Its own module, light on imports, because the `charter-scratchpad` hook runs it on every
commit; `charter.tracking` uses it for every row at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from charter.git import git, run


class _Commit(NamedTuple):
    parents: tuple[str, ...]
    paths: frozenset[str]  # changed paths (none listed for merges)


class History(NamedTuple):
    ahead: Mapping[str, int]  # tip oid -> commits not on the default branch
    behind: Mapping[str, int]  # tip oid -> default-branch commits it lacks (see `history`)
    lag: Mapping[tuple[str, str], int]  # (tip oid, scratchpad path) -> own commits since


def history(
    root: Path,
    tips: Sequence[tuple[str, str]],
    base: str | None,
    *,
    quiet_path: str | None = None,
) -> History:
    """Ahead/behind counts of each tip against `base`, and scratchpad lag for each
    (tip, scratchpad path): the non-merge commits on the tip's first-parent line since
    the last one that changed that path, not counting commits already on `base`.

    Commits on `base` that change only `quiet_path` (the tracking file) do not count as
    "behind": committing the table must not make the table stale.
    """
    oids = list(dict.fromkeys([oid for oid, _ in tips] + ([base] if base else [])))
    if not oids:
        return History({}, {}, {})
    common = []
    if len(oids) > 1:
        out = run("merge-base", "--octopus", *oids, cwd=root, ok=None).stdout
        common = out.decode().split()[:1]  # exit 1: unrelated histories, walk all
    else:
        common = oids
    graph = _walk(root, oids, common)
    bits = {oid: 1 << i for i, oid in enumerate(oids)}
    reach: dict[str, int] = {}
    for oid in oids:
        if oid in graph:
            reach[oid] = reach.get(oid, 0) | bits[oid]
    for oid, commit in graph.items():  # children before parents (topo order)
        mask = reach.get(oid, 0)
        for parent in commit.parents:
            if parent in graph:
                reach[parent] = reach.get(parent, 0) | mask
    base_bit = bits[base] if base else 0
    counted: Counter[int] = Counter()
    counted_behind: Counter[int] = Counter()
    for oid, mask in reach.items():
        counted[mask] += 1
        commit = graph[oid]
        quiet = len(commit.parents) < 2 and quiet_path is not None and commit.paths == {quiet_path}
        if not quiet:
            counted_behind[mask] += 1
    ahead = {}
    behind = {}
    for oid, _ in tips:
        bit = bits[oid]
        ahead[oid] = sum(n for mask, n in counted.items() if mask & bit and not mask & base_bit)
        behind[oid] = sum(
            n for mask, n in counted_behind.items() if mask & base_bit and not mask & bit
        )
    lag: dict[tuple[str, str], int] = {}
    for oid, path in tips:
        count = 0
        current: str | None = oid
        while current is not None and current in graph and not reach[current] & base_bit:
            commit = graph[current]
            if path in commit.paths:
                break
            if len(commit.parents) < 2:
                count += 1
            current = commit.parents[0] if commit.parents else None
        lag[(oid, path)] = count
    return History(ahead, behind, lag)


def _walk(root: Path, oids: Sequence[str], exclude: Sequence[str]) -> dict[str, _Commit]:
    """Commits reachable from `oids` but not from `exclude`, children first, with the
    paths each non-merge commit changes (renames as a deletion plus an addition)."""
    out = git(
        "-c",
        "log.showSignature=false",
        "log",
        "--topo-order",
        "--no-renames",
        "--no-color",
        "-z",
        "--format=%x01%H %P",
        "--name-only",
        *oids,
        "--not",
        *exclude,
        "--",
        cwd=root,
    )
    graph: dict[str, _Commit] = {}
    header: list[str] | None = None
    paths: list[str] = []

    def flush() -> None:
        if header:
            graph[header[0]] = _Commit(tuple(header[1:]), frozenset(paths))

    for token in out.split(b"\0"):
        if token.startswith(b"\x01"):
            flush()
            header = token[1:].decode().split()
            paths = []
        elif token.strip(b"\n"):
            paths.append(token.lstrip(b"\n").decode("utf-8", "surrogateescape"))
    flush()
    return graph


def scratchpad_lag(root: Path, tip: str, base: str | None, path: str) -> int:
    """Own non-merge commits on `tip`'s line since `path` last changed (see `history`)."""
    return history(root, [(tip, path)], base).lag[(tip, path)]
