"""Conflict forecast: which instance branches will collide, long before anyone merges.

`forecast(repo, {"alpha": "instance/alpha", ...})` answers, for every unordered pair of
instance branches and for each branch against the base, "would `git merge` stop with
conflicts, and on which files?". It never touches a work tree or an index, so it is safe
in hooks, in the bot and next to agents that are busy committing.

How, cheapest step first:

1. Every ref is resolved once (one `git cat-file --batch-check`), so every later step
   looks at the same commits even while agents keep committing.
2. Merge bases for every pair at once, from one `git rev-list` of the commits not shared
   by all tips (`_History`); per-pair `git merge-base` only when that history is huge.
   A pair with no common history is reported with the kind `unrelated`, never merged.
3. One `git diff-tree --stdin` lists what each side changed since the merge base. Two
   sides whose footprints (`_Footprint`) cannot meet merge cleanly; most pairs stop here.
4. The remaining pairs go through `git merge-tree --write-tree --stdin -z` -- git's real
   merge machinery (merge-ort) with its rename, directory and binary handling and the
   repository's merge configuration, so "clean" means `git merge` of those commits would
   not stop. The objects it writes go to a throwaway object directory: the repository is
   left exactly as it was found.

Only the standard library and the git executable are used: 2.39 or newer, for
`git merge-tree --stdin` (`--write-tree` alone came in 2.38).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from charter.errors import ForecastError
from charter.git.merge import Merge, MergeMessage, merge_many, quarantine
from charter.git.runner import Git
from charter.git.zparse import decode as _text

__all__ = [
    "KINDS",
    "FileConflict",
    "Forecast",
    "ForecastError",
    "ForecastStats",
    "PairResult",
    "forecast",
]

#: Every `FileConflict.kind`, a short stable slug. `unrelated` is the one pair-level kind:
#: the two branches share no history, so git refuses to merge them at all.
KINDS: tuple[str, ...] = (
    "content",
    "rename/delete",
    "modify/delete",
    "add/add",
    "rename/rename",
    "file/directory",
    "binary",
    "submodule",
    "other",
    "unrelated",
)

# merge-tree's conflict types are documented as stable strings; the ones not listed here
# (directory-rename cases, distinct types, rename collisions, errors) are all `other`.
_KIND_BY_TYPE = {
    "CONFLICT (contents)": "content",
    "CONFLICT (binary)": "binary",
    "CONFLICT (file/directory)": "file/directory",
    "CONFLICT (modify/delete)": "modify/delete",
    "CONFLICT (rename/rename)": "rename/rename",
    "CONFLICT (rename/delete)": "rename/delete",
}

_TREE_MODE = b"040000"
# Pairs per merge-tree process: large enough to amortise git's start-up, small enough
# that both cores get work and `progress` moves often.
_MERGE_CHUNK = 16


@dataclass(frozen=True, order=True)
class FileConflict:
    """One conflict git would stop on.

    `path` is the file as the branches know it (for a file/directory conflict, the path
    both sides claim, not the `path~branch` name git moves one of them to). `kind` is one
    of `KINDS`. `message` is git's own explanation, with commit ids replaced by the
    instance (or base) names; it can span lines when git said several things about it.
    """

    path: str
    kind: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class PairResult:
    """The forecast for merging `right` into `left` (or the other way: same conflicts).

    `left` and `right` are instance names, except that `right` is the base's name (as
    passed to `forecast`) in branch-vs-base pairs. `merge_base` is the commit the merge
    would start from -- when criss-cross merges leave several, the one `git merge-base`
    prints -- or None when the branches share no history. An empty `conflicts` means the
    merge is clean.
    """

    left: str
    right: str
    conflicts: tuple[FileConflict, ...]
    merge_base: str | None

    @property
    def conflicting(self) -> bool:
        return bool(self.conflicts)

    def to_json(self) -> dict[str, object]:
        return {
            "left": self.left,
            "right": self.right,
            "merge_base": self.merge_base,
            "conflicting": self.conflicting,
            "conflicts": [conflict.to_json() for conflict in self.conflicts],
        }


@dataclass(frozen=True)
class ForecastStats:
    """How the pairs were settled: a cheap check, or a real (in-memory) merge."""

    pairs: int = 0
    unrelated: int = 0  # no common history: reported, not merged
    filtered: int = 0  # proved clean from the changed-file footprints alone
    merged: int = 0  # settled by `git merge-tree`


@dataclass(frozen=True)
class Forecast:
    """Every pair's result, in a fixed order.

    Instance-vs-instance pairs come first, sorted by (left, right) with left < right;
    then every instance against the base, sorted by instance name.
    """

    pairs: tuple[PairResult, ...]
    stats: ForecastStats = field(default_factory=ForecastStats)

    def conflicting_pairs(self) -> tuple[PairResult, ...]:
        """The pairs whose merge would stop with conflicts (including `unrelated` ones)."""
        return tuple(pair for pair in self.pairs if pair.conflicting)

    def collisions(self, name: str) -> tuple[str, ...]:
        """Sorted names (instances, or the base) that `name` would conflict with."""
        others = {pair.right for pair in self.conflicting_pairs() if pair.left == name}
        others |= {pair.left for pair in self.conflicting_pairs() if pair.right == name}
        return tuple(sorted(others))

    def to_json(self) -> list[dict[str, object]]:
        return [pair.to_json() for pair in self.pairs]


# --- running git -------------------------------------------------------------------------


def _parallel(jobs: int) -> int:
    return max(1, min(jobs, os.cpu_count() or 1))


# --- step 1: resolve every ref once --------------------------------------------------------


def _resolve(git: Git, refs: Sequence[str]) -> dict[str, str]:
    """Map each ref to its commit id, or raise ForecastError naming every missing one."""
    unique = sorted(set(refs))
    unusable = [ref for ref in unique if not ref.strip() or "\n" in ref]
    if unusable:
        raise ForecastError(f"not a branch name: {', '.join(map(repr, unusable))}")
    query = "".join(f"{ref}^{{commit}}\n" for ref in unique).encode("utf-8", "surrogateescape")
    out = git.run("cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=query).stdout
    answers = _text(out).splitlines()
    if len(answers) != len(unique):
        raise ForecastError("unexpected output from git cat-file --batch-check")
    resolved: dict[str, str] = {}
    missing: list[str] = []
    for ref, answer in zip(unique, answers, strict=True):
        oid, _, kind = answer.rpartition(" ")
        if kind == "commit":
            resolved[ref] = oid
        else:  # "missing" or "ambiguous"
            missing.append(ref)
    if missing:
        raise ForecastError(f"no such branch in {git.repo}: {', '.join(missing)}")
    return resolved


# --- step 2: merge bases -------------------------------------------------------------------

# Beyond this many commits not shared by every tip, per-pair `git merge-base` processes
# are used instead: the in-process bitsets grow with the square of this number.
_HISTORY_LIMIT = 10_000


def _merge_base(git: Git, left: str, right: str) -> tuple[str, ...]:
    """All best common ancestors, as git lists them; () when the histories are unrelated."""
    proc = git.run("merge-base", "--all", left, right, ok=(0, 1))
    # Exit 1 with no output is git's "no common ancestor".
    return tuple(_text(proc.stdout).split())


class _History:
    """Enough ancestry to find every pair's merge bases without a process per pair.

    Only commits not reachable from *every* tip are loaded (one `git rev-list`), plus the
    tips' octopus merge bases, which stand for everything below them: a pair's best
    common ancestors are either loaded commits or some of those octopus bases. Commit i's
    ancestors (itself included) are the set bits of `reach[i]`; parents always get lower
    indices than children, so the highest common bit of two tips is a merge base.
    """

    def __init__(self) -> None:
        self.commits: list[str] = []
        self.times: list[int] = []
        self.reach: list[int] = []
        self.index: dict[str, int] = {}

    def _add(self, oid: str, when: int, parents: Iterable[str]) -> None:
        bit = len(self.commits)
        mask = 1 << bit
        for parent in parents:
            # A parent not loaded is shared by every tip and strictly below an octopus
            # base, so it can never be a pair's best common ancestor: leave it out.
            if (known := self.index.get(parent)) is not None:
                mask |= self.reach[known]
        self.index[oid] = bit
        self.commits.append(oid)
        self.times.append(when)
        self.reach.append(mask)

    @classmethod
    def load(cls, git: Git, tips: Sequence[str]) -> _History | None:
        """The tips' history, or None when it is too long to hold (see `_HISTORY_LIMIT`)."""
        proc = git.run("merge-base", "--octopus", "--all", *tips, ok=(0, 1))
        octopus = sorted(_text(proc.stdout).split())  # empty: some tips are unrelated
        args = ["rev-list", "--parents", "--topo-order", "--timestamp", "--boundary"]
        args += [f"--max-count={_HISTORY_LIMIT + 1}", *tips]
        if octopus:
            args += ["--not", *octopus]
        loaded: list[tuple[int, str, list[str]]] = []
        boundary_times: dict[str, int] = {}
        for line in _text(git.run(*args).stdout).splitlines():
            stamp, oid, *parents = line.split()
            if oid.startswith("-"):
                boundary_times[oid[1:]] = int(stamp)
            else:
                loaded.append((int(stamp), oid, parents))
        if len(loaded) > _HISTORY_LIMIT:
            return None
        history = cls()
        for oid in octopus:
            history._add(oid, boundary_times.get(oid, 0), ())
        # --topo-order lists children first; add parents first.
        for when, oid, parents in reversed(loaded):
            history._add(oid, when, parents)
        return history

    def merge_bases(self, left: str, right: str) -> tuple[str, ...] | None:
        """Best common ancestors, newest first like git; None if a tip is not loaded."""
        if left not in self.index or right not in self.index:
            return None
        common = self.reach[self.index[left]] & self.reach[self.index[right]]
        found: list[int] = []
        while common:
            # The highest common bit has no descendant in common: a best common
            # ancestor. Everything below it is not; drop it all and look again.
            top = common.bit_length() - 1
            found.append(top)
            common &= ~self.reach[top]
        found.sort(key=lambda bit: -self.times[bit])
        return tuple(self.commits[bit] for bit in found)


def _merge_bases(
    git: Git, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Merge bases of every pair of commits, keyed by the pair as given."""
    unique = sorted(set(pairs))
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for left, right in unique:
        if left == right:
            found[left, right] = (left,)
    rest = [pair for pair in unique if pair not in found]
    tips = sorted({tip for pair in rest for tip in pair})
    history = _History.load(git, tips) if rest else None
    if history is not None:
        for left, right in rest:
            if (bases := history.merge_bases(left, right)) is not None:
                found[left, right] = bases
    missing = [pair for pair in rest if pair not in found]
    with ThreadPoolExecutor(_parallel(len(missing))) as pool:
        answers = pool.map(lambda pair: _merge_base(git, *pair), missing)
        found.update(zip(missing, answers, strict=True))
    return found


# --- step 3: footprints --------------------------------------------------------------------


def _parents(path: str) -> Iterator[str]:
    """'a/b/c' -> 'a/b', 'a' (never the root: git does not rename the root directory)."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path


@dataclass(frozen=True)
class _Footprint:
    """What one side of a merge changed since the merge base, as far as conflicts care.

    Git can only conflict where both sides did something to the same path, or where a
    directory one side created or removed meets a path the other side touched:

    * `paths`: every non-directory entry added, deleted, modified or re-typed. A rename
      is listed as its deleted source and its added target (renames are not detected
      here on purpose: both names are then in the set whatever the similarity).
    * `new_dirs`: directories that did not exist at the merge base (file/directory).
    * `gone_dirs`: directories that no longer exist at the tip -- what merge-ort's
      directory-rename detection starts from.
    * `add_parents`: every directory an added entry sits in, for the other side's
      `gone_dirs` (a file added in a directory the other side renamed away).
    """

    paths: frozenset[str] = frozenset()
    new_dirs: frozenset[str] = frozenset()
    gone_dirs: frozenset[str] = frozenset()
    add_parents: frozenset[str] = frozenset()

    def __or__(self, other: _Footprint) -> _Footprint:
        return _Footprint(
            self.paths | other.paths,
            self.new_dirs | other.new_dirs,
            self.gone_dirs | other.gone_dirs,
            self.add_parents | other.add_parents,
        )

    def may_meet(self, other: _Footprint) -> bool:
        """False only when merging the two sides cannot conflict."""
        return not (
            self.paths.isdisjoint(other.paths)
            and self.paths.isdisjoint(other.new_dirs)
            and self.new_dirs.isdisjoint(other.paths)
            and self.gone_dirs.isdisjoint(other.add_parents)
            and self.add_parents.isdisjoint(other.gone_dirs)
        )


class _FootprintBuilder:
    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.new_dirs: set[str] = set()
        self.gone_dirs: set[str] = set()
        self.add_parents: set[str] = set()

    def add(self, meta: bytes, raw_path: bytes) -> None:
        # meta is ":<old mode> <new mode> <old oid> <new oid> <status>"
        old_mode, new_mode, _, _, status = meta[1:].split(b" ")
        path = _text(raw_path)
        if old_mode == _TREE_MODE and new_mode == _TREE_MODE:
            return  # a directory whose contents changed: its files are listed one by one
        if old_mode == _TREE_MODE:
            self.gone_dirs.add(path)
        elif new_mode == _TREE_MODE:
            self.new_dirs.add(path)
        else:
            self.paths.add(path)
            if status == b"A":
                self.add_parents.update(_parents(path))

    def build(self) -> _Footprint:
        return _Footprint(
            frozenset(self.paths),
            frozenset(self.new_dirs),
            frozenset(self.gone_dirs),
            frozenset(self.add_parents),
        )


def _footprints(git: Git, sides: Iterable[tuple[str, str]]) -> dict[tuple[str, str], _Footprint]:
    """Footprint of every (merge base, tip) side, all from one `git diff-tree` process."""
    wanted = sorted({(base, tip) for base, tip in sides if base != tip})
    found = {(tip, tip): _Footprint() for _, tip in sides}
    if not wanted:
        return found
    # "<tip> <base>" makes diff-tree treat base as tip's parent: the diff base -> tip.
    # -t adds the directory entries themselves; --always prints every tip's header even
    # for an empty diff, which keeps the output aligned with the input lines.
    query = "".join(f"{tip} {base}\n" for base, tip in wanted).encode()
    out = git.run(
        "diff-tree",
        "--stdin",
        "-t",
        "-z",
        "--raw",
        "--no-renames",
        "--ignore-submodules=none",
        "--always",
        stdin=query,
    ).stdout
    tokens = out.split(b"\0")
    at = 0
    for base, tip in wanted:
        if at >= len(tokens) or _text(tokens[at]) != tip:
            raise ForecastError("unexpected output from git diff-tree --stdin")
        at += 1
        builder = _FootprintBuilder()
        while at < len(tokens) and tokens[at].startswith(b":"):
            builder.add(tokens[at], tokens[at + 1])
            at += 2
        found[base, tip] = builder.build()
    return found


# --- step 4: merge-tree --------------------------------------------------------------------


def _kind(message: MergeMessage) -> str | None:
    """The slug for a conflict message; None for informational ones (Auto-merging...)."""
    if not message.type.startswith(("CONFLICT", "ERROR", "error")):
        return None
    if message.type == "CONFLICT (contents)":
        # add/add and submodule conflicts share the contents type; git names the real
        # reason in the (untranslated, thanks to LC_ALL=C) text.
        if message.text.startswith("CONFLICT (add/add)"):
            return "add/add"
        if message.text.startswith("CONFLICT (submodule)"):
            return "submodule"
    if message.type.startswith("CONFLICT (submodule"):
        return "submodule"
    return _KIND_BY_TYPE.get(message.type, "other")


def _headline_path(kind: str, paths: tuple[str, ...]) -> str:
    # For file/directory git lists the `path~branch` it moved the file to first, then the
    # path both sides claim; the latter is the one people know.
    if kind == "file/directory" and len(paths) > 1:
        return paths[1]
    return paths[0] if paths else ""


def _file_conflicts(merge: Merge, labels: Mapping[str, str]) -> tuple[FileConflict, ...]:
    """Group a merge's conflict messages into one FileConflict per (path, kind)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for message in merge.messages:
        kind = _kind(message)
        if kind is None:
            continue
        text = message.text
        for oid, label in labels.items():
            text = text.replace(oid, label)
        texts = grouped.setdefault((_headline_path(kind, message.paths), kind), [])
        if text not in texts:
            texts.append(text)
    # A binary or submodule conflict also gets a generic contents message: keep the
    # specific kind only.
    for path, kind in list(grouped):
        if kind == "content" and ((path, "binary") in grouped or (path, "submodule") in grouped):
            del grouped[path, kind]
    if not grouped and not merge.clean:
        # git said "conflicted" without a message we understand: still a conflict.
        reason = "git merge-tree reports a conflict"
        for path in merge.conflicted_files or ("",):
            grouped[path, "other"] = [reason]
    return tuple(
        sorted(
            FileConflict(path, kind, "\n".join(texts)) for (path, kind), texts in grouped.items()
        )
    )


def _merge_all(
    git: Git,
    pairs: Sequence[tuple[str, str]],
    done: Callable[[Sequence[tuple[str, str]]], None],
) -> dict[tuple[str, str], Merge]:
    """Merge every (left tip, right tip) in memory; `done(chunk)` as each chunk finishes."""
    results: dict[tuple[str, str], Merge] = {}
    if not pairs:
        return results
    with quarantine(git) as env:
        chunks = [pairs[i : i + _MERGE_CHUNK] for i in range(0, len(pairs), _MERGE_CHUNK)]
        with ThreadPoolExecutor(_parallel(len(chunks))) as pool:
            merged = pool.map(lambda chunk: merge_many(git, env, chunk), chunks)
            for chunk, merges in zip(chunks, merged, strict=True):
                results.update(zip(chunk, merges, strict=True))
                done(chunk)
    return results


# --- the forecast --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pair:
    left: str  # names, as reported
    right: str
    left_tip: str  # commit ids, as merged
    right_tip: str

    @property
    def tips(self) -> tuple[str, str]:
        return (min(self.left_tip, self.right_tip), max(self.left_tip, self.right_tip))


def _pairs(branches: Mapping[str, str], base: str, tips: Mapping[str, str]) -> list[_Pair]:
    names = sorted(branches)
    pairs = [_Pair(a, b, tips[branches[a]], tips[branches[b]]) for a, b in combinations(names, 2)]
    pairs += [_Pair(name, base, tips[branches[name]], tips[base]) for name in names]
    return pairs


def _check_names(branches: Mapping[str, str], base: str) -> None:
    if base in branches:
        raise ForecastError(
            f"instance {base!r} has the name of the base branch; results would be ambiguous"
        )
    if any(not name for name in branches):
        raise ForecastError("an instance name is empty")


def _unrelated(pair: _Pair) -> PairResult:
    message = (
        f"{pair.left} and {pair.right} share no history: "
        "git refuses to merge them without --allow-unrelated-histories"
    )
    return PairResult(pair.left, pair.right, (FileConflict("", "unrelated", message),), None)


def forecast(
    repo: Path,
    branches: Mapping[str, str],
    base: str = "main",
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Forecast:
    """Forecast the merge of every pair of instance branches, and of each with `base`.

    `branches` maps instance name -> branch (any ref git resolves to a commit). Nothing
    is merged for real: no work tree, index or ref is touched and no object is left in
    the repository. `progress(done, total)` is called from the calling thread as pairs
    are settled, from (0, total) to (total, total).

    Raises ForecastError when `repo` is not a git repository, a branch (or `base`) does
    not exist, an instance is named like `base`, or git fails.
    """
    _check_names(branches, base)
    git = Git.isolated(repo, error=ForecastError)
    tips = _resolve(git, [*branches.values(), base])
    pairs = _pairs(branches, base, tips)
    total = len(pairs)
    settled = 0

    def advance(count: int) -> None:
        nonlocal settled
        settled += count
        if progress is not None:
            progress(settled, total)

    advance(0)
    bases = _merge_bases(git, (pair.tips for pair in pairs))
    related = [pair for pair in pairs if bases[pair.tips]]
    sides = [(mb, tip) for pair in related for mb in bases[pair.tips] for tip in pair.tips]
    footprints = _footprints(git, sides)

    def side(tip: str, pair: _Pair) -> _Footprint:
        merged = _Footprint()
        for mb in bases[pair.tips]:
            merged |= footprints[mb, tip]
        return merged

    to_merge = [p for p in related if side(p.left_tip, p).may_meet(side(p.right_tip, p))]
    advance(total - len(to_merge))  # unrelated and filtered pairs are settled now
    # Two instances on the same commit share one merge; progress still counts pairs.
    weight = Counter((p.left_tip, p.right_tip) for p in to_merge)
    merges = _merge_all(git, sorted(weight), lambda chunk: advance(sum(weight[k] for k in chunk)))

    results: list[PairResult] = []
    for pair in pairs:
        found = bases[pair.tips]
        if not found:
            results.append(_unrelated(pair))
            continue
        merge = merges.get((pair.left_tip, pair.right_tip))
        labels = {pair.left_tip: pair.left, pair.right_tip: pair.right}
        conflicts = _file_conflicts(merge, labels) if merge is not None else ()
        results.append(PairResult(pair.left, pair.right, conflicts, found[0]))
    stats = ForecastStats(
        pairs=total,
        unrelated=total - len(related),
        filtered=len(related) - len(to_merge),
        merged=len(to_merge),
    )
    return Forecast(tuple(results), stats)
