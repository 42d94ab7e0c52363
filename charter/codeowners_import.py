"""Read a CODEOWNERS file, as GitHub reads it, into charter instances.

GitHub gives a path the owners of the last line that matches it; charter's lanes are
exclusive, decided from the patterns themselves, except that a deeper directory pattern
carves its subtree out of a broader one (nested lanes). The import writes a map that is
exclusive in that sense and gives every tracked path GitHub's owners:

1. Conflicts: a line cannot be kept as written when a later line of other owners wins
   on its tracked paths in a way a nested lane cannot say (`_tracked_conflicts`), or when
   it is a glob sharing any path, tracked or not, with another owner's line or reaching
   one of charter's own files (`_pattern_conflicts`).
2. Exact patterns: the tracked paths such *compiled* lines decide get the fewest
   `/dir/` and `/path` patterns that, with the kept lines, give each its owners
   (`_exact_patterns`, dynamic programming over the tracked tree).
3. Check: the map is read as charter reads it (every tracked path's owner, `overlaps()`);
   a kept line still at fault is compiled too, and the steps repeat (`_blame`).

Every compiled line is reported with its line number, the lines that override it or
that it meets (with a path both match) and the tracked paths it decided, so nothing
changes silently. A map too large for charter.yaml is refused, naming the lines.

Owners: one instance per distinct set of owners (compared case-insensitively, as GitHub
does), named from the owners, with `github:` listing them all (emails included, when
there is a handle to start the value); `first_owner=True` keeps each line's first owner
only. A line without owners un-owns its paths: they become unowned in charter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from charter.errors import ConfigError, Problem
from charter.patterns import (
    Pattern,
    PatternError,
    RuleIndex,
    compile_pattern,
    directory_pattern,
    literal_pattern,
    overlap_witness,
)
from charter.yamlsafe import MAX_BYTES


class CodeownersLine(NamedTuple):
    """One rule of a CODEOWNERS file: its line number, pattern and owners."""

    number: int
    pattern: str  # escaped spaces ('\\ ') turned into spaces, as charter.yaml writes them
    owners: tuple[str, ...]  # each once, compared case-insensitively, first spelling kept


def _tokens(line: str) -> list[str]:
    """A line split on unescaped spaces and tabs, up to an inline comment (a word that
    starts with '#'): '/my\\ #dir/  @a\\t# note' -> ['/my\\ #dir/', '@a']."""
    words = [w for w in re.split(r"(?<!\\)[ \t]+", line.strip()) if w]
    for i, word in enumerate(words):
        if i and word.startswith("#"):
            return words[:i]
    return words


def parse_lines(text: str, filename: str) -> tuple[list[CodeownersLine], list[Problem]]:
    """The rules of a CODEOWNERS file, and what GitHub would not read (GitLab sections)."""
    lines: list[CodeownersLine] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(("[", "^[")):
            problems.append(
                Problem(filename, number, 1, "GitLab sections are not supported; remove the header")
            )
            continue
        words = _tokens(stripped)
        owners: dict[str, str] = {}
        for handle in words[1:]:
            owners.setdefault(handle.lower(), handle)
        lines.append(CodeownersLine(number, words[0].replace("\\ ", " "), tuple(owners.values())))
    return lines, problems


def instance_name(handle: str) -> str:
    """'@acme/platform' -> 'platform', '@alice' -> 'alice', 'a.b@x.org' -> 'a-b'."""
    base = handle.lstrip("@")
    base = base.split("/")[-1] if "/" in base else base.split("@")[0]
    name = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")
    if not name or not name[0].isalnum():
        name = f"owner-{name}".strip("-")
    return "owner-coordinator" if name == "coordinator" else name


@dataclass
class ImportedOwner:
    """One instance: a distinct set of owners and the patterns it gets."""

    name: str
    owners: tuple[str, ...]  # as first written
    patterns: list[str] = field(default_factory=list)

    @property
    def github(self) -> str | None:
        """Every owner, for the CODEOWNERS line; None when no handle can start it."""
        handles = [o for o in self.owners if o.startswith("@")]
        emails = [o for o in self.owners if not o.startswith("@")]
        return " ".join(handles + emails) if handles else None

    @property
    def contacts(self) -> list[str]:
        return [o for o in self.owners if not o.startswith("@")]


class Compiled(NamedTuple):
    """A line charter cannot keep as written: later lines override it in a way nested
    lanes cannot say, or it shares paths with another owner's line (even paths no file
    has yet), which an exclusive map cannot hold. Its tracked paths keep GitHub's owners
    through exact patterns instead."""

    line: CodeownersLine
    overridden_by: tuple[int, ...]  # line numbers winning on its tracked paths
    meets: tuple[tuple[int, str], ...]  # (line number, a path both match), no file there
    paths: int  # the tracked paths it decides (last match), now owned by exact patterns
    misplaced: str | None = None  # a path the map would give another owner, kept as is

    def describe(self, filename: str) -> str:
        why = []
        if self.overridden_by:
            by = ", ".join(map(str, self.overridden_by[:8]))
            more = ", ..." if len(self.overridden_by) > 8 else ""
            why.append(f"is overridden by line(s) {by}{more} (last match wins)")
        if self.meets:
            number, example = self.meets[0]
            more = f" and {len(self.meets) - 1} more line(s)" if len(self.meets) > 1 else ""
            why.append(f"meets line {number}{more} of other owners (both match {example!r})")
        if self.misplaced is not None:
            why.append(f"would give {self.misplaced!r} an owner GitHub does not")
        what = (
            f"its {self.paths} tracked path(s) are owned through exact patterns"
            if self.paths
            else "it decides no tracked path, so it is left out"
        )
        return f"{filename}:{self.line.number}: {self.line.pattern!r} {' and '.join(why)}; {what}"


@dataclass
class Imported:
    owners: list[ImportedOwner]
    compiled: list[Compiled]
    carve_outs: int  # lines kept as nested lanes inside another owner's directory
    unowned_lines: list[int]  # lines without owners
    exact_patterns: int = 0  # patterns written for the compiled lines' tracked paths


class _Line(NamedTuple):
    line: CodeownersLine
    pattern: Pattern
    key: tuple[str, ...]  # the owners, case-folded and sorted; () for none
    directory: tuple[str, ...] | None  # what an anchored literal pattern names
    # One of charter's own files (charter.yaml, the tracking file, a scratchpad, a grant
    # file): its implicit owner keeps it whatever the patterns say, so a line of another
    # owner must not reach it. Never written out.
    implicit: bool = False


class _Why:
    """Why lines cannot be kept: line index -> overriding lines, and lines met."""

    def __init__(self) -> None:
        self.overridden: dict[int, set[int]] = {}
        self.meets: dict[int, dict[int, str]] = {}
        self.misplaced: dict[int, str] = {}  # a tracked path it would give another owner

    def misplace(self, i: int, path: str) -> None:
        self.misplaced.setdefault(i, path)

    def override(self, i: int, by: int) -> None:
        self.overridden.setdefault(i, set()).add(by)

    def meet(self, i: int, other: int, witness: str) -> None:
        self.meets.setdefault(i, {}).setdefault(other, witness)

    def lines(self) -> set[int]:
        return {*self.overridden, *self.meets, *self.misplaced}


def import_codeowners(
    text: str, filename: str, tracked: Sequence[str], *, first_owner: bool = False
) -> Imported:
    """charter instances that give every path of `tracked` the owners GitHub gives it,
    as an exclusive map: no two instances' patterns share any path, tracked or not,
    except where a deeper directory carves its subtree out of a broader one."""
    parsed, problems = parse_lines(text, filename)
    rules: list[_Line] = []
    for line in parsed:
        try:
            pattern = compile_pattern(line.pattern)
        except PatternError as e:
            problems.append(Problem(filename, line.number, 1, str(e)))
            continue
        owners = line.owners[:1] if first_owner else line.owners
        key = tuple(sorted(o.lower() for o in owners))
        rules.append(_Line(line._replace(owners=owners), pattern, key, directory_pattern(pattern)))
    if problems:
        problems.append(
            Problem(filename, 0, 0, f"{len(problems)} line(s) charter cannot read; fix them")
        )
        raise ConfigError(problems)

    paths = list(dict.fromkeys(tracked))
    index: RuleIndex[int] = RuleIndex((rule.pattern, i) for i, rule in enumerate(rules))
    matching = [index.payloads(path) for path in paths]
    deciders = [max(found) if found else -1 for found in matching]
    why = _Why()
    _tracked_conflicts(rules, paths, matching, deciders, why)

    instances: dict[tuple[str, ...], ImportedOwner] = {}
    for rule in rules:
        if rule.key and rule.key not in instances:
            instances[rule.key] = ImportedOwner(
                _unique_name(rule.line.owners, instances), rule.line.owners
            )
    wanted = [rules[d].key if d >= 0 else () for d in deciders]
    implicit = _implicit_files(instances)
    lines = len(rules)
    for path, key in implicit.items():
        pattern = compile_pattern("/" + literal_pattern(path))
        rules.append(_Line(CodeownersLine(0, pattern.text, ()), pattern, key, None, True))
    _pattern_conflicts(rules, why)
    # charter's own files get no exact pattern above them: charter gives them their owner.
    listed = set(paths)
    tree = [*paths, *(p for p in implicit if p not in listed)]
    tree_wanted: list[tuple[str, ...]] = [
        () if p in implicit else k for p, k in zip(paths, wanted, strict=True)
    ]
    tree_wanted += [()] * (len(tree) - len(paths))
    decided = Counter(deciders)
    while True:
        compiled_now = why.lines()
        kept = [i for i in range(lines) if rules[i].key and i not in compiled_now]
        exact = _exact_patterns(rules, kept, tree, tree_wanted)
        for entry in instances.values():
            entry.patterns = []
        for i in kept:
            instances[rules[i].key].patterns.append(rules[i].line.pattern)
        for key, text in exact:
            instances[key].patterns.append(text)
        written = [o for o in instances.values() if o.patterns]
        _fits(written, rules, why, decided, filename)
        checked = [(p, k) for p, k in zip(paths, wanted, strict=True) if p not in implicit]
        if not _blame(written, rules, kept, checked, why, filename):
            break

    compiled = [
        Compiled(
            rules[i].line,
            tuple(sorted({rules[j].line.number for j in why.overridden.get(i, ())})),
            tuple(sorted((rules[j].line.number, w) for j, w in why.meets.get(i, {}).items())),
            decided[i],
            why.misplaced.get(i),
        )
        for i in sorted(why.lines())
        if i < lines and rules[i].key
    ]
    kept_set = set(kept)
    carve_outs = sum(
        any(
            j in kept_set and rules[j].key != rules[i].key and _nests(rules[i], rules[j])
            for j in range(i)
        )
        for i in kept
    )
    unowned = [rule.line.number for rule in rules if not rule.key]
    return Imported(written, compiled, carve_outs, unowned, len(exact))


def _implicit_files(instances: dict[tuple[str, ...], ImportedOwner]) -> dict[str, tuple[str, ...]]:
    """charter's own files in the map being written, each with its owner's key (the
    coordinator's files with a key no CODEOWNERS line has)."""
    from charter.config import CONFIG_FILE, grants_path, loads

    defaults = loads("version: 1\n")
    coordinator: tuple[str, ...] = ("(charter's coordinator)",)
    found: dict[str, tuple[str, ...]] = {
        CONFIG_FILE: coordinator,
        defaults.tracking.file: coordinator,
    }
    for key, entry in instances.items():
        found[defaults.scratchpad_path(entry.name)] = key
        found[grants_path(entry.name)] = key
    return found


def _nests(inner: _Line, outer: _Line) -> bool:
    """Is `inner` a directory pattern strictly inside `outer`'s directory?"""
    a, b = inner.directory, outer.directory
    return a is not None and b is not None and len(a) > len(b) and a[: len(b)] == b


def _tracked_conflicts(
    rules: Sequence[_Line],
    paths: Sequence[str],
    matching: Sequence[tuple[int, ...]],
    deciders: Sequence[int],
    why: _Why,
) -> None:
    """Lines that would give some tracked path another owner than GitHub's last match."""
    for path, found, d in zip(paths, matching, deciders, strict=True):
        if len(found) < 2:
            continue
        decider = rules[d]
        for i in found:
            rule = rules[i]
            if i == d or rule.key == decider.key:
                continue
            # A directory rule stays when the decider owns a subtree inside it: a deeper
            # directory (a nested lane), or a glob, compiled below into exact patterns.
            inside = decider.directory is None or _nests(decider, rule)
            if rule.key and not (decider.key and rule.directory is not None and inside):
                why.override(i, d)
            if rule.key and decider.key and decider.directory is None:
                why.meet(d, i, path)  # a glob meeting another owner's line


def _pattern_conflicts(rules: Sequence[_Line], why: _Why) -> None:
    """Pairs of lines of different owners that share some path, tracked or not: an
    exclusive map holds only a later directory pattern nested in an earlier one."""
    from charter.ownership import candidate_pairs

    literal: dict[tuple[str, ...], list[int]] = {}
    for i, rule in enumerate(rules):
        if rule.directory is not None:
            literal.setdefault(rule.directory, []).append(i)
    for i, rule in enumerate(rules):  # directory patterns at or above another's
        if rule.directory is None:
            continue
        for k in range(1, len(rule.directory) + 1):
            for j in literal.get(rule.directory[:k], ()):
                if j != i:
                    _judge(rules, min(i, j), max(i, j), "/".join(rule.directory), why)
    for i, j in candidate_pairs([rule.pattern for rule in rules]):
        if rules[i].directory is not None and rules[j].directory is not None:
            continue  # judged above
        if rules[i].key == rules[j].key or not rules[i].key:
            continue  # the same owners, or a later line taking an owner-less one's paths
        witness = overlap_witness(rules[i].pattern, rules[j].pattern)
        if witness is not None:
            _judge(rules, i, j, witness, why)


def _judge(rules: Sequence[_Line], i: int, j: int, witness: str, why: _Why) -> None:
    """Line i and the later line j both match `witness`: which cannot be kept."""
    first, later = rules[i], rules[j]
    if first.key == later.key or not first.key:
        return
    if later.implicit:
        why.override(i, j)  # charter's own file: its owner keeps it, nothing carves it
    elif first.directory is not None and later.directory is not None:
        if not (later.key and _nests(later, first)):
            why.override(i, j)  # the later line is no deeper: it takes first's subtree
    elif not later.key:
        why.override(i, j)  # an owner-less later line un-owns what they share
    else:
        for a, b in ((i, j), (j, i)):
            if rules[a].directory is None:
                why.meet(a, b, witness)


_NONE, _OTHER = 0, 1  # states of the tree below: nobody's, and an owner not needed there
_INF = 1 << 40


def _exact_patterns(
    rules: Sequence[_Line],
    kept: Sequence[int],
    paths: Sequence[str],
    wanted: Sequence[tuple[str, ...]],
) -> list[tuple[tuple[str, ...], str]]:
    """The fewest exact patterns (`/dir/`, `/path`), with their owners, that together
    with the kept lines give every tracked path its wanted owners.

    Dynamic programming over the tracked tree: a directory pattern decides its subtree
    down to the next deeper directory pattern (nested lanes), a kept line's directory is
    fixed, a kept glob must agree with what is chosen around it, and a path GitHub gives
    nobody must have no directory pattern above it (charter has no owner-less lane).
    """
    keys: list[tuple[str, ...]] = [(), ()]
    state_of: dict[tuple[str, ...], int] = {}

    def state(key: tuple[str, ...]) -> int:
        if not key:
            return _NONE
        if key not in state_of:
            state_of[key] = len(keys)
            keys.append(key)
        return state_of[key]

    globs: RuleIndex[int] = RuleIndex(
        (rules[i].pattern, state(rules[i].key)) for i in kept if rules[i].directory is None
    )
    fixed: dict[str, tuple[int, bool]] = {}  # kept directory pattern -> state, matches itself
    for i in kept:
        directory = rules[i].directory
        if directory is not None:
            itself = not rules[i].pattern.needs_child
            name = "/".join(directory)
            fixed[name] = (state(rules[i].key), itself or fixed.get(name, (0, False))[1])

    tree: dict[str, object] = {}
    for n, path in enumerate(paths):
        node = tree
        *parents, name = path.split("/")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a file and a directory of one name: not git's
                child = node[part] = {}
            node = child
        node[name] = n

    costs: dict[str, dict[int, int]] = {}
    labels: dict[str, tuple[dict[int, int], int | None]] = {}

    def file_cost(path: str, n: int) -> dict[int, int]:
        want = state(wanted[n])
        around = frozenset(globs.payloads(path))

        def ok(s: int) -> bool:
            answer = around | {s} if s > _OTHER else around
            return answer == {want} if want else not answer

        pinned = fixed.get(path)
        if pinned is not None and pinned[1]:
            c = 0 if ok(pinned[0]) else _INF
            return {_NONE: c, _OTHER: c}
        fix = 1 if want and ok(want) else _INF
        found = {_NONE: 0 if ok(_NONE) else fix, _OTHER: fix}
        if want:
            found[want] = 0 if ok(want) else fix
        return found

    def dir_cost(prefix: str, node: dict[str, object]) -> dict[int, int]:
        below = []
        for name in sorted(node):
            child = node[name]
            path = f"{prefix}/{name}" if prefix else name
            if isinstance(child, dict):
                below.append(dir_cost(path, child))
            else:
                assert isinstance(child, int)
                below.append(file_cost(path, child))
            costs[path] = below[-1]
        states = sorted({_NONE, _OTHER}.union(*below))
        sums = {s: min(_INF, sum(c.get(s, c[_OTHER]) for c in below)) for s in states}
        pinned = fixed.get(prefix) if prefix else None
        if pinned is not None:
            s = pinned[0]
            value = sums[s] if s in sums else min(_INF, sum(c.get(s, c[_OTHER]) for c in below))
            labels[prefix] = ({}, None)
            return {_NONE: value, _OTHER: value}
        choices = [s for s in states if s > _OTHER]
        best = min(choices, key=lambda s: (sums[s], s)) if choices and prefix else None
        labels[prefix] = (sums, best)
        relabel = 1 + sums[best] if best is not None else _INF
        return {s: min(sums[s], relabel) for s in states}

    dir_cost("", tree)
    found: list[tuple[tuple[str, ...], str]] = []

    def place(prefix: str, node: dict[str, object], inherited: int) -> None:
        pinned = fixed.get(prefix) if prefix else None
        if pinned is not None:
            inherited = pinned[0]
        else:
            sums, best = labels[prefix]
            here = sums.get(inherited, sums[_OTHER])
            if best is not None and 1 + sums[best] < here:
                found.append((keys[best], "/" + literal_pattern(prefix) + "/"))
                inherited = best
        for name in sorted(node):
            child = node[name]
            path = f"{prefix}/{name}" if prefix else name
            if isinstance(child, dict):
                place(path, child, inherited)
            else:
                c = costs[path]
                assert isinstance(child, int)
                if c.get(inherited, c[_OTHER]) == 1:
                    found.append((wanted[child], "/" + literal_pattern(path)))

    place("", tree, _NONE)
    return found


# What the instances may take of charter.yaml: the rest is the template's comments.
_BUDGET = MAX_BYTES - 32 * 1024


def _fits(
    owners: Sequence[ImportedOwner],
    rules: Sequence[_Line],
    why: _Why,
    decided: Counter[int],
    filename: str,
) -> None:
    """Refuse a map charter could not read back, naming the lines that made it big."""
    size = len(render_instances(owners).encode())
    if size <= _BUDGET:
        return
    biggest = sorted(
        (i for i in why.lines() if i < len(rules) and rules[i].key), key=lambda i: -decided[i]
    )[:5]
    named = ", ".join(
        f"{rules[i].line.number} ({rules[i].line.pattern!r}, {decided[i]} tracked paths)"
        for i in biggest
    )
    compiled = sum(1 for i in why.lines() if i < len(rules) and rules[i].key)
    if compiled > len(biggest):
        named += f" and {compiled - len(biggest)} more"
    raise ConfigError(
        [
            Problem(
                filename,
                rules[biggest[0]].line.number if biggest else 0,
                1,
                f"an exclusive map of this file takes {size:,} bytes, more than the "
                f"{_BUDGET:,} charter.yaml has room for: line(s) {named} share paths with "
                "other owners' lines, so each file they decide needs a pattern of its own. "
                "Give those owners directories of their own (or anchor the lines) in "
                "CODEOWNERS, then import again",
            )
        ]
    )


def _blame(
    owners: Sequence[ImportedOwner],
    rules: Sequence[_Line],
    kept: Sequence[int],
    checked: Sequence[tuple[str, tuple[str, ...]]],
    why: _Why,
    filename: str,
) -> bool:
    """Check the map as charter will read it: every tracked path gets its wanted owner and
    no two instances' patterns meet. Marks the kept lines at fault; False when it is clean."""
    from charter.config import loads
    from charter.ownership import Ownership

    ownership = Ownership(loads("version: 1\n" + render_instances(owners)))
    name_of = {tuple(sorted(o.lower() for o in entry.owners)): entry.name for entry in owners}
    line_of = {(name_of[rules[i].key], rules[i].line.pattern): i for i in kept}
    wrong = 0
    before = len(why.lines())
    for path, key in checked:
        resolution = ownership.resolve(path)
        want = name_of.get(key)
        if resolution.owner == want and not resolution.overlap:
            continue
        wrong += 1
        for rule in resolution.rules:
            i = line_of.get((rule.owner, rule.pattern))
            if i is not None and rule.owner != want:
                why.misplace(i, path)
    for overlap in ownership.overlaps():
        pair = [line_of.get((r.owner, r.pattern)) for r in (overlap.first, overlap.second)]
        wrong += 1
        globs = [i for i in pair if i is not None and rules[i].directory is None]
        lines = [i for i in pair if i is not None]
        example = overlap.examples[0] if overlap.examples else ""
        for i in globs or lines[:1]:
            other = next((k for k in lines if k != i), None)
            if other is None:
                why.misplace(i, example)
            else:
                why.meet(i, other, example)
    if wrong and len(why.lines()) == before:
        raise ConfigError(
            [
                Problem(
                    filename,
                    0,
                    0,
                    f"could not compile an exclusive map ({wrong} problem(s) left); this is "
                    "a charter bug: please report it with the file",
                )
            ]
        )
    return wrong > 0


def _unique_name(owners: tuple[str, ...], taken: dict[tuple[str, ...], ImportedOwner]) -> str:
    names = [instance_name(o) for o in owners] or ["unowned"]
    base = "-".join(dict.fromkeys(names))
    if len(base) > 40:
        base = f"{names[0]}-and-{len(names) - 1}-more"
    used = {o.name for o in taken.values()}
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    return name


def render_instances(owners: Sequence[ImportedOwner]) -> str:
    """The `instances:` section for charter.yaml, one instance per set of owners."""
    if not owners:
        return "instances: {}\n"
    lines = ["instances:"]
    for entry in owners:
        lines += [f"  {entry.name}:", "    role: feature"]
        if entry.github:
            lines.append(f"    github: {_yaml_scalar(entry.github)}")
        if entry.contacts:
            lines.append(
                f"    description: {_yaml_scalar('contacts: ' + ', '.join(entry.contacts))}"
            )
        lines.append("    owns:")
        lines += [f"      - {_yaml_scalar(p)}" for p in entry.patterns]
    return "\n".join(lines) + "\n"


def _yaml_scalar(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./-][A-Za-z0-9_./*?-]*", text) and not text.startswith("*"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
