"""Read a CODEOWNERS file, as GitHub reads it, into charter instances.

GitHub gives a path the owners of the last line that matches it; charter's lanes are
exclusive, except that a deeper directory pattern carves its subtree out of a broader one
(nested lanes). The import keeps every line whose paths charter would give the same
owners as written; a line that later lines override in any other way is *compiled*:
replaced by exact patterns (a directory whose tracked files it all decides, else each
file) for the tracked paths where it is the last match. Every compiled line is reported
with its line number and the lines that override it, so nothing changes silently.

Owners: one instance per distinct set of owners (compared case-insensitively, as GitHub
does), named from the owners, with `github:` listing them all (emails included, when
there is a handle to start the value); `first_owner=True` keeps each line's first owner
only. A line without owners un-owns its paths: they become unowned in charter.
"""

from __future__ import annotations

import re
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
)


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
    """A line later lines override in a way nested lanes cannot say."""

    line: CodeownersLine
    overridden_by: tuple[int, ...]  # line numbers
    patterns: tuple[str, ...]  # the exact patterns that replace it

    def describe(self, filename: str) -> str:
        by = ", ".join(map(str, self.overridden_by[:8]))
        more = "..." if len(self.overridden_by) > 8 else ""
        return (
            f"{filename}:{self.line.number}: {self.line.pattern!r} is overridden by line(s) "
            f"{by}{more} (last match wins); compiled into {len(self.patterns)} exact "
            "pattern(s) for the tracked paths it decides"
        )


@dataclass
class Imported:
    owners: list[ImportedOwner]
    compiled: list[Compiled]
    carve_outs: int  # overrides kept as nested lanes
    unowned_lines: list[int]  # lines without owners


class _Line(NamedTuple):
    line: CodeownersLine
    pattern: Pattern
    key: tuple[str, ...]  # the owners, case-folded and sorted; () for none
    depth: int  # of its directory, for a directory pattern; else 0


def import_codeowners(
    text: str, filename: str, tracked: Sequence[str], *, first_owner: bool = False
) -> Imported:
    """charter instances that give every path of `tracked` the owners GitHub gives it."""
    parsed, problems = parse_lines(text, filename)
    rules: list[_Line] = []
    for line in parsed:
        try:
            pattern = compile_pattern(line.pattern)
        except PatternError as e:
            problems.append(Problem(filename, line.number, 1, str(e)))
            continue
        owners = line.owners[:1] if first_owner else line.owners
        line = line._replace(owners=owners)
        directory = directory_pattern(pattern)
        key = tuple(sorted(o.lower() for o in owners))
        rules.append(_Line(line, pattern, key, len(directory) if directory else 0))
    if problems:
        problems.append(
            Problem(filename, 0, 0, f"{len(problems)} line(s) charter cannot read; fix them")
        )
        raise ConfigError(problems)

    # Who decides each tracked path, and which lines are overridden other than by a
    # deeper directory carving out a broader one.
    index: RuleIndex[int] = RuleIndex((rule.pattern, i) for i, rule in enumerate(rules))
    decided: dict[int, list[str]] = {}
    overridden: dict[int, set[int]] = {}
    below: dict[str, int] = {}  # directory -> the one line deciding all below it, or -2
    for path in tracked:
        matching = index.payloads(path)
        decider = max(matching) if matching else -1
        if matching:
            decided.setdefault(decider, []).append(path)
        for i in matching:
            if i != decider and not _kept_under(rules[i], rules[decider]):
                overridden.setdefault(i, set()).add(rules[decider].line.number)
        parent = path
        while "/" in parent:
            parent = parent.rpartition("/")[0]
            if below.setdefault(parent, decider) != decider:
                below[parent] = -2

    instances: dict[tuple[str, ...], ImportedOwner] = {}
    compiled: list[Compiled] = []
    carve_outs = 0
    for i, rule in enumerate(rules):
        if not rule.key:
            continue
        entry = instances.get(rule.key)
        if entry is None:
            entry = instances[rule.key] = ImportedOwner(
                _unique_name(rule.line.owners, instances), rule.line.owners
            )
        if i not in overridden:
            entry.patterns.append(rule.line.pattern)
            carve_outs += any(
                rules[j].key != rule.key and _kept_under(rules[j], rule) for j in range(i)
            )
            continue
        exact = _cover(decided.get(i, []), i, rule.depth, below)
        entry.patterns += exact
        compiled.append(Compiled(rule.line, tuple(sorted(overridden[i])), tuple(exact)))
    unowned = [rule.line.number for rule in rules if not rule.key]
    return Imported([o for o in instances.values() if o.patterns], compiled, carve_outs, unowned)


def _kept_under(rule: _Line, decider: _Line) -> bool:
    """Does charter give `decider`'s owners where GitHub does, though `rule` matches too:
    same owners, or a nested lane (the decider a deeper directory with owners)."""
    return rule.key == decider.key or (
        bool(decider.key) and rule.depth > 0 and decider.depth > rule.depth
    )


def _cover(paths: Sequence[str], line: int, depth: int, below: dict[str, int]) -> list[str]:
    """Exact patterns for `paths`: the shallowest directory (no shallower than `depth`)
    whose tracked paths `line` decides all, else the path itself."""
    found: dict[str, None] = {}
    for path in paths:
        names = path.split("/")
        pattern = None
        for k in range(max(depth, 1), len(names)):
            directory = "/".join(names[:k])
            if below.get(directory) == line:
                pattern = "/" + literal_pattern(directory) + "/"
                break
        found.setdefault(pattern or "/" + literal_pattern(path), None)
    return list(found)


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


def render_instances(owners: list[ImportedOwner]) -> str:
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
