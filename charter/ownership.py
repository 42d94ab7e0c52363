"""Who owns a path: explicit patterns, shared paths and charter's implicit ownership.

Ownership is exclusive. A path matched by two owners' rules is an *overlap*, reported
with both rules instead of being settled by rule order.

Implicit ownership:
* each instance owns its own scratchpad and its grant file `.charter/grants/<name>.yaml`;
* a contract's owner owns the contract's lock and API summary under `.charter/contracts/`;
* the coordinator owns `charter.yaml`, the tracking file and the rest of `.charter/`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from charter.config import CHARTER_DIR, CONFIG_FILE, COORDINATOR, Charter, grants_path
from charter.patterns import Pattern, RuleIndex, compile_pattern

SHARED = "(shared)"
_new_tuple = tuple.__new__  # a NamedTuple without its Python-level __new__: cheaper


class Rule(NamedTuple):
    """Why an owner owns a path: the pattern and where it was written."""

    owner: str  # an instance name, COORDINATOR, or SHARED
    pattern: str
    source: str  # "charter.yaml:LINE" or "implicit: ..."

    def describe(self) -> str:
        return f"{self.pattern!r} ({self.source})"


class Resolution(NamedTuple):
    path: str
    rules: tuple[Rule, ...]
    owners: tuple[str, ...]  # sorted, distinct
    # The single owner, or None when nobody owns the path or several claim it. A field,
    # not a property: hooks read it for every path, and a field is read in C.
    owner: str | None

    @classmethod
    def of(cls, path: str, rules: Sequence[Rule]) -> Resolution:
        rules = tuple(rules)
        if len(rules) == 1:  # the common case, kept cheap: hooks resolve every staged path
            owner = rules[0].owner
            return _new_tuple(cls, (path, rules, (owner,), owner))
        owners = tuple(sorted({r.owner for r in rules}))
        return _new_tuple(cls, (path, rules, owners, owners[0] if len(owners) == 1 else None))

    @property
    def overlap(self) -> bool:
        return len(self.owners) > 1

    @property
    def rule(self) -> Rule | None:
        return self.rules[0] if len(self.owners) == 1 else None


class Overlap(NamedTuple):
    """Two owners whose rules both match some paths."""

    first: Rule
    second: Rule
    examples: tuple[str, ...]

    def describe(self) -> str:
        return (
            f"{self.first.owner} {self.first.describe()} and {self.second.owner} "
            f"{self.second.describe()} both match {', '.join(self.examples)}"
        )


# (file names decided elsewhere, unanchored names, suffixes, rules, owners, owner);
# the first is None when every file of the directory takes the full lookup.
_FastEntry = tuple[
    Collection[str] | None,
    Collection[str],
    tuple[str, ...],
    tuple[Rule, ...],
    tuple[str, ...],
    str | None,
]
_FAST_CACHE_SIZE = 1 << 16


class Ownership:
    """The compiled ownership map of one `Charter`."""

    def __init__(self, charter: Charter) -> None:
        self.charter = charter
        self._index: RuleIndex[Rule] = RuleIndex()
        self._exact: dict[str, Rule] = {}
        for instance in charter.instances.values():
            for owned in instance.owns:
                self._index.add(
                    owned.pattern,
                    Rule(instance.name, owned.text, f"{charter.path}:{owned.line}:{owned.col}"),
                )
        for owned in charter.shared:
            self._index.add(
                owned.pattern, Rule(SHARED, owned.text, f"{charter.path}:{owned.line}:{owned.col}")
            )
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
        self._fast_get = self._fast.get
        self._fallback_index = RuleIndex(self._fallback)
        self._fallback_payloads = self._fallback_index.payloads

    def resolve(self, path: str) -> Resolution:
        directory, _, name = path.rpartition("/")
        fast = self._fast_get(directory)
        if fast is None:
            fast = self._fast_entry(directory)
        children, names, suffixes, rules, owners, owner = fast
        if (
            children is not None
            and name not in children
            and name not in names
            and not name.endswith(suffixes)
        ):
            return _new_tuple(Resolution, (path, rules, owners, owner))
        return self._resolve(path)

    def _fast_entry(self, directory: str) -> _FastEntry:
        """The answer for the plain files of `directory`, decided once (see `resolve`)."""
        decided = self._index.directory_payloads(directory)
        if decided is not None and not decided[3]:
            # Nobody's patterns: the fallback decides, when it needs no names either.
            fallback = self._fallback_index.directory_payloads(directory)
            decided = None if fallback is None or any(fallback[:3]) else (*decided[:3], fallback[3])
        if len(self._fast) >= _FAST_CACHE_SIZE:
            self._fast.clear()
        if decided is None or directory in self._exact_dirs:
            # Names to try one by one there, or implicit paths (scratchpads, locks).
            entry: _FastEntry = (None, (), (), (), (), None)
        else:
            children, names, suffixes, rules = decided
            shared = Resolution.of(directory, rules)  # what every plain file there gets
            entry = (children, names, suffixes, rules, shared.owners, shared.owner)
        self._fast[directory] = entry
        return entry

    def _resolve(self, path: str) -> Resolution:
        """The full lookup, where a directory's entry cannot decide (see `resolve`)."""
        rules: tuple[Rule, ...] = self._payloads(path)
        exact = self._exact.get(path)
        if exact is not None:
            rules = (exact, *rules)
        elif not rules:
            rules = self._fallback_payloads(path)
        return Resolution.of(path, rules)

    def resolve_all(self, paths: Iterable[str]) -> Iterator[Resolution]:
        resolve = self.resolve
        for path in paths:
            yield resolve(path)

    def overlaps(self, paths: Iterable[str], *, examples: int = 3) -> list[Overlap]:
        """Every pair of owners' rules that both match a path, from `paths` and from
        example paths built from the patterns themselves."""
        found: dict[tuple[Rule, Rule], list[str]] = {}

        def note(resolution: Resolution) -> None:
            if not resolution.overlap:
                return
            rules = sorted(set(resolution.rules), key=lambda r: (r.owner, r.pattern))
            for i, first in enumerate(rules):
                for second in rules[i + 1 :]:
                    if first.owner != second.owner:
                        found.setdefault((first, second), [])
                        if len(found[(first, second)]) < examples:
                            found[(first, second)].append(resolution.path)

        for resolution in self.resolve_all(paths):
            note(resolution)
        from charter.patterns import witness_paths

        for owned in self.patterns():
            for path in witness_paths(owned):
                note(self.resolve(path))
        return [
            Overlap(a, b, tuple(ex))
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

    def patterns(self) -> Iterator[Pattern]:
        """Every explicit pattern: instances' lanes and shared paths."""
        for instance in self.charter.instances.values():
            for owned in instance.owns:
                yield owned.pattern
        for owned in self.charter.shared:
            yield owned.pattern
