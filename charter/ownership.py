"""Who owns a path: explicit patterns, shared paths and charter's implicit ownership.

Ownership is exclusive. A path matched by two owners' rules is an *overlap*, reported
with both rules instead of being settled by rule order, with one exception, *nested
lanes*: a directory pattern (anchored, literal: `/docs/`, `/docs`, `docs/api/**`) whose
directory lies strictly inside another directory pattern's carves its subtree out of the
broader one, so the deeper one alone decides there (docs/patterns.md).

Implicit ownership:
* each instance owns its own scratchpad and its grant file `.charter/grants/<name>.yaml`;
* a contract's owner owns the contract's lock and API summary under `.charter/contracts/`;
* the coordinator owns `charter.yaml`, the tracking file and the rest of `.charter/`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from charter.config import CHARTER_DIR, CONFIG_FILE, COORDINATOR, Charter, grants_path
from charter.patterns import Pattern, RuleIndex, compile_pattern, directory_pattern

SHARED = "(shared)"
_new_tuple = tuple.__new__  # a NamedTuple without its Python-level __new__: cheaper


class Rule(NamedTuple):
    """Why an owner owns a path: the pattern and where it was written."""

    owner: str  # an instance name, COORDINATOR, or SHARED
    pattern: str
    source: str  # "charter.yaml:LINE" or "implicit: ..."
    # For a directory pattern, the number of segments of its directory (a deeper one
    # carves its subtree out of a shallower one); 0 for every other pattern.
    depth: int = 0

    def describe(self) -> str:
        return f"{self.pattern!r} ({self.source})"


class Resolution(NamedTuple):
    path: str
    rules: tuple[Rule, ...]
    owners: tuple[str, ...]  # sorted, distinct
    # The single owner, or None when nobody owns the path or several claim it. A field,
    # not a property: hooks read it for every path, and a field is read in C.
    owner: str | None
    # Directory rules that match too but are carved out by a deeper directory rule.
    carved: tuple[Rule, ...] = ()

    @classmethod
    def of(cls, path: str, rules: Sequence[Rule]) -> Resolution:
        """The owner of `path` given every rule matching it: the one owner of the rules,
        once directory rules deeper than others have carved those out."""
        rules = tuple(rules)
        if len(rules) == 1:  # the common case, kept cheap: hooks resolve every staged path
            owner = rules[0].owner
            return _new_tuple(cls, (path, rules, (owner,), owner, ()))
        owners = tuple(sorted({r.owner for r in rules}))
        carved: tuple[Rule, ...] = ()
        if len(owners) > 1:
            deepest = max(r.depth for r in rules)
            if any(0 < r.depth < deepest for r in rules):
                carved = tuple(r for r in rules if 0 < r.depth < deepest)
                rules = tuple(r for r in rules if r.depth in (0, deepest))
                owners = tuple(sorted({r.owner for r in rules}))
        return _new_tuple(
            cls, (path, rules, owners, owners[0] if len(owners) == 1 else None, carved)
        )

    @property
    def overlap(self) -> bool:
        return len(self.owners) > 1

    @property
    def rule(self) -> Rule | None:
        return self.rules[0] if len(self.owners) == 1 else None

    def carve_note(self) -> str:
        """'(carved out of a's /docs/)' when the owner's rule carves out another owner's,
        else ''."""
        others = [r for r in self.carved if r.owner != self.owner]
        if self.owner is None or not others:
            return ""
        return "(carved out of " + ", ".join(f"{r.owner}'s {r.pattern}" for r in others) + ")"


class CarveOut(NamedTuple):
    """A directory rule whose subtree is carved out of another owner's broader one."""

    inner: Rule
    outer: Rule

    def describe(self) -> str:
        return (
            f"{self.inner.owner} owns {self.inner.pattern} (carved out of "
            f"{self.outer.owner}'s {self.outer.pattern}): the deeper lane owns its subtree"
        )


class Overlap(NamedTuple):
    """Two owners whose rules both match some paths."""

    first: Rule
    second: Rule
    examples: tuple[str, ...]
    # True when the examples are tracked files; False when no tracked file is shared yet
    # and the example is a shortest path both patterns match.
    tracked: bool = True

    def describe(self) -> str:
        where = ", ".join(self.examples)
        if not self.tracked:
            where += " (no tracked file yet: a path both patterns match)"
        return (
            f"{self.first.owner} {self.first.describe()} and {self.second.owner} "
            f"{self.second.describe()} both match {where}"
        )


# What a path resolves to, less the path: `Resolution` without its first field
# (rules, owners, owner, carved). Most paths share theirs with many others.
Verdict = tuple[tuple[Rule, ...], tuple[str, ...], str | None, tuple[Rule, ...]]

# (file names decided elsewhere, unanchored names, suffixes, rules, owners, owner,
# carved, whether sub-directories inherit the entry, the number of the verdict);
# the first is None when every file of the directory takes the full lookup.
_FastEntry = tuple[
    Collection[str] | None,
    Collection[str],
    tuple[str, ...],
    tuple[Rule, ...],
    tuple[str, ...],
    str | None,
    tuple[Rule, ...],
    bool,
    int,
]
_FAST_CACHE_SIZE = 1 << 16


class Ownership:
    """The compiled ownership map of one `Charter`."""

    def __init__(self, charter: Charter) -> None:
        self.charter = charter
        self._index: RuleIndex[Rule] = RuleIndex()
        self._exact: dict[str, Rule] = {}
        self._rules: list[tuple[Pattern, Rule]] = []  # the explicit ones, in file order
        lanes = [(i.name, i.owns) for i in charter.instances.values()]
        for owner, owns in [*lanes, (SHARED, charter.shared)]:
            for owned in owns:
                directory = directory_pattern(owned.pattern)
                rule = Rule(
                    owner,
                    owned.text,
                    f"{charter.path}:{owned.line}:{owned.col}",
                    len(directory) if directory else 0,
                )
                self._rules.append((owned.pattern, rule))
                self._index.add(owned.pattern, rule)
        for name in charter.instances:
            path = charter.scratchpad_path(name)
            self._exact[path] = Rule(name, path, "implicit: its scratchpad")
            grants = grants_path(name)
            self._exact[grants] = Rule(name, grants, "implicit: its grant file")
        for contract in charter.contracts.values():
            for path in (contract.lock_path, contract.api_path):
                self._exact[path] = Rule(
                    contract.owner, path, f"implicit: lock of contract {contract.name!r}"
                )
        for path in (CONFIG_FILE, charter.tracking.file):
            self._exact[path] = Rule(COORDINATOR, path, "implicit: coordinator's file")
        # The rest of .charter/ is the coordinator's, but only where nothing else claims it.
        self._fallback: list[tuple[Pattern, Rule]] = [
            (
                compile_pattern(f"/{CHARTER_DIR}/"),
                Rule(COORDINATOR, f"/{CHARTER_DIR}/", "implicit: charter's own directory"),
            ),
        ]
        self._scratchpads_dir = charter.scratchpads
        self._payloads = self._index.payloads
        # Per directory, what its plain files resolve to: most paths cost a few probes.
        self._exact_dirs = frozenset(p.rpartition("/")[0] for p in self._exact)
        self._fast: dict[str, _FastEntry] = {}
        self._shared: dict[tuple[int, int, bool], tuple[object, object, _FastEntry]] = {}
        self._fast_get = self._fast.get
        self._fallback_index = RuleIndex(self._fallback)
        self._near_fallback = frozenset(("", CHARTER_DIR))
        self._fallback_payloads = self._fallback_index.payloads
        # Names an unanchored glob ('**/*Test*') matches: never decided by their directory.
        self._floating = self._index.floating_test()
        # Every distinct verdict given so far, numbered, and the number of the verdict of
        # each set of matching rules (`Resolution.of` depends on nothing else).
        self._verdicts: list[Verdict] = []
        self._verdict_numbers: dict[tuple[Rule, ...], int] = {}

    def resolve(self, path: str) -> Resolution:
        return _new_tuple(Resolution, (path, *self._verdicts[self._number_of(path)]))

    def verdicts(self, paths: Iterable[str]) -> tuple[list[int], list[Verdict]]:
        """For each path the number of its verdict, and the verdicts: `Resolution(path,
        *verdicts[number])` is what `resolve(path)` says. For callers that print many
        paths: each distinct answer is worked out (and can be printed) once."""
        return list(map(self._number_of, paths)), list(self._verdicts)

    def _number_of(self, path: str) -> int:
        """The number of the path's verdict: mostly from its directory's entry (a few
        probes on the name), else from the full lookup."""
        directory, _, name = path.rpartition("/")
        fast = self._fast_get(directory)
        if fast is None:
            fast = self._inherited(directory) or self._fast_entry(directory)
        children = fast[0]
        if (
            children is not None
            and name not in children
            and name not in fast[1]
            and not name.endswith(fast[2])
            and (self._floating is None or not self._floating(name))
        ):
            return fast[8]
        return self._number(self._matching(path), path)

    def _number(self, rules: tuple[Rule, ...], path: str) -> int:
        """The number of the verdict of a path matched by `rules`, numbered when new."""
        number = self._verdict_numbers.get(rules)
        if number is None:
            number = self._verdict_numbers[rules] = len(self._verdicts)
            self._verdicts.append(Resolution.of(path, rules)[1:])
        return number

    def _inherited(self, directory: str) -> _FastEntry | None:
        """The parent directory's entry, when the index says it holds here too: in a
        tree where every file has a directory of its own, most directories."""
        if not directory:
            return None
        parent, _, segment = directory.rpartition("/")
        above = self._fast_get(parent)
        if above is None:  # decided once for the parent too, which its other children reuse
            above = self._inherited(parent) or self._fast_entry(parent)
        if (
            not above[7]
            or segment in above[1]
            or segment.endswith(above[2])
            or (self._floating is not None and self._floating(segment))
            or directory in self._exact_dirs
        ):
            return None
        if len(self._fast) >= _FAST_CACHE_SIZE:
            self._fast.clear()
            self._shared.clear()
        self._fast[directory] = above
        return above

    def _fast_entry(self, directory: str) -> _FastEntry:
        """The answer for the plain files of `directory`, decided once (see `resolve`)."""
        decided = self._index.directory_payloads(directory)
        if (
            decided is not None
            and not decided[3]
            and directory.partition("/")[0] in self._near_fallback
        ):
            # Nobody's patterns: the fallback decides, when it needs no names either
            # (only at the root and in its own directory can it say anything at all).
            fallback = self._fallback_index.directory_payloads(directory)
            decided = (
                None
                if fallback is None or any(fallback[:3])
                else (*decided[:3], fallback[3], decided[4] and fallback[4])
            )
        if len(self._fast) >= _FAST_CACHE_SIZE:
            self._fast.clear()
            self._shared.clear()
        if decided is None or directory in self._exact_dirs:
            # Names to try one by one there, or implicit paths (scratchpads, locks).
            entry: _FastEntry = (None, (), (), (), (), None, (), False, -1)
        else:
            children, names, suffixes, rules, passes = decided
            # Directories the index answers with the same objects share one answer: in a
            # tree where every file has a directory of its own, most do.
            key = (id(children), id(rules), passes)
            known = self._shared.get(key)
            if known is None:
                number = self._number(rules, directory)  # what every plain file there gets
                answer: _FastEntry = (
                    children,
                    names,
                    suffixes,
                    *self._verdicts[number],
                    passes,
                    number,
                )
                known = self._shared[key] = (children, rules, answer)  # the ids stay valid
            entry = known[2]
        self._fast[directory] = entry
        return entry

    def _resolve(self, path: str) -> Resolution:
        """The full lookup, where a directory's entry cannot decide (see `resolve`)."""
        return Resolution.of(path, self._matching(path))

    def _matching(self, path: str) -> tuple[Rule, ...]:
        """Every rule matching `path`: its implicit one or the explicit ones, else the
        fallback's."""
        rules: tuple[Rule, ...] = self._payloads(path)
        exact = self._exact.get(path)
        if exact is not None:
            return (exact, *rules)
        return rules or self._fallback_payloads(path)

    def resolve_all(self, paths: Iterable[str]) -> Iterator[Resolution]:
        return map(self.resolve, paths)

    def overlaps(self, paths: Iterable[str] = (), *, examples: int = 3) -> list[Overlap]:
        """Every pair of owners' rules that both decide some path: decided from the
        patterns themselves (complete, tracked files or not), with examples from `paths`
        (tracked files) where there are some, else a shortest path both match."""
        found: dict[tuple[Rule, Rule], list[str]] = {}
        witnessed: set[tuple[Rule, Rule]] = set()  # pairs sharing no tracked path

        def note(resolution: Resolution) -> None:
            if not resolution.overlap:
                return
            rules = sorted(set(resolution.rules), key=lambda r: (r.owner, r.pattern))
            for i, first in enumerate(rules):
                for second in rules[i + 1 :]:
                    if first.owner != second.owner:
                        listed = found.setdefault((first, second), [])
                        if len(listed) < examples:
                            listed.append(resolution.path)

        for resolution in self.resolve_all([*paths, *self._exact]):
            note(resolution)
        for first, second, witness in self._pattern_overlaps():
            pair = (
                (first, second)
                if (first.owner, first.pattern)
                <= (
                    second.owner,
                    second.pattern,
                )
                else (second, first)
            )
            if not found.get(pair):
                found[pair] = [witness]
                witnessed.add(pair)
        return [
            Overlap(a, b, tuple(ex), (a, b) not in witnessed)
            for (a, b), ex in sorted(
                found.items(),
                key=lambda item: (
                    item[0][0].owner,
                    item[0][1].owner,
                    item[0][0].pattern,
                    item[0][1].pattern,
                ),
            )
        ]

    def _pattern_overlaps(self) -> Iterator[tuple[Rule, Rule, str]]:
        """Each pair of explicit rules of two owners that both decide some path, with a
        shortest such path. A rule of a directory pattern decides only outside the
        subtrees of deeper directory patterns, so those are left out of its question."""
        from charter.patterns import overlap_witness

        rules = self._rules
        directories = [
            (directory_pattern(pattern), pattern.needs_child is False, rule.depth)
            for pattern, rule in rules
        ]
        excluded: dict[int, list[tuple[Sequence[str], bool]]] = {}

        def carved_from(i: int) -> list[tuple[Sequence[str], bool]]:
            """The subtrees of directory rules deeper inside rule i's directory."""
            if i not in excluded:
                within, _, depth = directories[i]
                excluded[i] = [
                    (directory, itself)
                    for directory, itself, deeper in directories
                    if within is not None
                    and directory is not None
                    and deeper > depth
                    and directory[:depth] == within
                ]
            return excluded[i]

        for i, j in candidate_pairs([pattern for pattern, _ in rules]):
            (pattern_a, rule_a), (pattern_b, rule_b) = rules[i], rules[j]
            if rule_a.owner == rule_b.owner:
                continue
            if rule_a.depth and rule_b.depth and rule_a.depth != rule_b.depth:
                continue  # nested directories: the deeper carves out the other
            # A directory rule decides only outside deeper directory rules' subtrees.
            witness = overlap_witness(pattern_a, pattern_b, carved_from(i if rule_a.depth else j))
            if witness is not None:
                yield rule_a, rule_b, witness

    def carve_outs(self) -> list[CarveOut]:
        """Each directory rule nested strictly inside another owner's directory rule
        (the innermost enclosing one only)."""
        by_directory: dict[tuple[str, ...], list[Rule]] = {}
        for pattern, rule in self._rules:
            directory = directory_pattern(pattern)
            if directory is not None:
                by_directory.setdefault(directory, []).append(rule)
        found = []
        for inner_dir, inners in by_directory.items():
            for inner in inners:
                for depth in range(len(inner_dir) - 1, 0, -1):  # the innermost first
                    outers = [
                        o for o in by_directory.get(inner_dir[:depth], ()) if o.owner != inner.owner
                    ]
                    if outers:
                        found += [CarveOut(inner, o) for o in outers]
                        break
        return found

    def explicit_rules(self) -> list[tuple[Pattern, Rule]]:
        """Every pattern of charter.yaml (lanes and shared paths) with its rule."""
        return list(self._rules)


def candidate_pairs(patterns: Sequence[Pattern]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of patterns that might share a path: all but those whose
    literal leading segments already tell them apart, and but two directory patterns
    (anchored, literal) of different directories: those are disjoint or nested."""
    directories: dict[tuple[str, ...], list[int]] = {}
    by_first: dict[str, list[int]] = {}  # patterns with a literal first segment
    floating: list[int] = []  # no literal first segment: may meet anything
    for i, pattern in enumerate(patterns):
        if directory_pattern(pattern) is not None:
            directories.setdefault(pattern.prefix, []).append(i)
        if pattern.prefix:
            by_first.setdefault(pattern.prefix[0], []).append(i)
        else:
            floating.append(i)
    for same in directories.values():
        for a, i in enumerate(same):
            for j in same[a + 1 :]:
                yield i, j
    for group in by_first.values():
        globs = [i for i in group if directory_pattern(patterns[i]) is None]
        if not globs:
            continue
        for i in globs:
            for j in group:
                if j == i or (j < i and directory_pattern(patterns[j]) is None):
                    continue  # (i, i), or a pair of globs met from its first one
                if _may_meet(patterns[i], patterns[j]):
                    yield min(i, j), max(i, j)
    order = {i: a for a, i in enumerate(floating)}
    for a, i in enumerate(floating):
        for j in range(len(patterns)):
            if order.get(j, len(floating)) > a:  # each floating pair once, never (i, i)
                yield min(i, j), max(i, j)


def _may_meet(first: Pattern, second: Pattern) -> bool:
    """False when two patterns' literal leading segments already tell them apart."""
    a, b = first.prefix, second.prefix
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]
