"""Export the ownership map to `.github/CODEOWNERS`, inside a managed region, and check
that GitHub gives every path the owner charter gives it.

GitHub reads CODEOWNERS with "the last matching line wins". charter's lanes are
exclusive except for nested lanes, where the deeper directory pattern wins; so the region
lists lines by the depth of their directory (other patterns first, at depth 0) and every
path's last matching line is its charter owner's. Instances without a `github:` handle
get owner-less lines, so GitHub gives their paths no owner instead of a broader lane's.
Lines outside the region are the user's and stay byte for byte; the region goes at the
end, so only user lines after it can override charter's owners, which `--check` reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from charter.codeowners_import import CodeownersLine, parse_lines
from charter.config import COORDINATOR, Charter
from charter.errors import CharterError
from charter.ownership import SHARED, Ownership
from charter.patterns import (
    Pattern,
    PatternError,
    RuleIndex,
    compile_pattern,
    directory_pattern,
    literal_pattern,
    overlap_witness,
)

CODEOWNERS_PATH = ".github/CODEOWNERS"
START = "# charter:codeowners:start"
START_LINE = f"{START} (generated from charter.yaml by `charter codeowners --write`)"
END = "# charter:codeowners:end"


def _escape(pattern: str) -> str:
    # CODEOWNERS splits a line on whitespace; a space inside a path is written '\ '.
    return pattern.replace(" ", "\\ ")


def render_region(charter: Charter) -> tuple[str, list[str]]:
    """The managed region's text and warnings about instances without a handle."""
    warnings = []
    entries: list[tuple[int, int, str]] = []  # (depth, order, line)
    for instance in charter.instances.values():
        if not instance.github:
            warnings.append(
                f"instance {instance.name!r} has no `github:` handle; its paths get no code "
                'owner on GitHub (add e.g. github: "@org/team" to charter.yaml)'
            )
        owner = f" {instance.github}" if instance.github else ""
        own_files = [charter.scratchpad_path(instance.name)] + [
            path
            for c in charter.contracts.values()
            if c.owner == instance.name
            for path in (c.lock_path, c.api_path)
        ]
        for owned in instance.owns:
            directory = directory_pattern(owned.pattern)
            depth = len(directory) if directory else 0
            entries.append((depth, len(entries), f"{_escape(owned.text)}{owner}"))
        for path in own_files:
            entries.append(
                (path.count("/") + 1, len(entries), f"/{_escape(literal_pattern(path))}{owner}")
            )
    lines = [
        START_LINE,
        "# Ordered by directory depth: GitHub's last match gives each path charter's owner.",
    ]
    lines += [line for _, _, line in sorted(entries)]
    lines.append(END)
    return "\n".join(lines) + "\n", warnings


def merged(existing: str | None, region: str) -> str:
    """`existing` with its managed region replaced (or appended)."""
    if existing is None or existing == "":
        return region
    starts = existing.count(START)
    ends = existing.count(END)
    if starts == 0 and ends == 0:
        separator = "" if existing.endswith("\n") else "\n"
        return existing + separator + "\n" + region
    if starts != 1 or ends != 1:
        raise CharterError(
            f"{CODEOWNERS_PATH} has {starts} start and {ends} end markers of charter's region; "
            "keep exactly one of each (or remove both to let charter append the region)"
        )
    head, _, rest = existing.partition(START)
    _, _, tail = rest.partition(END)
    tail = tail[1:] if tail.startswith("\n") else tail
    return head + region + tail


def codeowners_file(root: Path) -> Path:
    return root / CODEOWNERS_PATH


# --- what GitHub gives each path -------------------------------------------------------


class GithubRules:
    """A CODEOWNERS file as GitHub reads it: for a path, the last matching line."""

    def __init__(self, text: str) -> None:
        self.lines: list[CodeownersLine] = []
        self.unreadable: list[CodeownersLine] = []  # patterns charter cannot evaluate
        self._index: RuleIndex[CodeownersLine] = RuleIndex()
        self._patterns: dict[int, Pattern] = {}
        lines, _ = parse_lines(text, CODEOWNERS_PATH)
        for line in lines:
            try:
                pattern = compile_pattern(line.pattern)
            except PatternError:
                self.unreadable.append(line)
                continue
            self.lines.append(line)
            self._patterns[line.number] = pattern
            self._index.add(pattern, line)
        self.region_end = _region_end(text)

    def deciding_line(self, path: str) -> CodeownersLine | None:
        found = self._index.payloads(path)
        return max(found, key=lambda line: line.number) if found else None

    def owners(self, path: str) -> tuple[str, ...]:
        line = self.deciding_line(path)
        return line.owners if line else ()

    def after_region(self) -> list[tuple[Pattern, CodeownersLine]]:
        """The lines after charter's region: the only ones that can override it."""
        return [
            (self._patterns[line.number], line)
            for line in self.lines
            if self.region_end is not None and line.number > self.region_end
        ]


def _region_end(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(END):
            return number
    return None


class Drift(NamedTuple):
    path: str
    owner: str  # charter's owner of the path
    expected: tuple[str, ...]  # its handles (none for an instance without one)
    github: tuple[str, ...]  # what GitHub gives it
    line: CodeownersLine | None  # the line that decides on GitHub

    def describe(self) -> str:
        wanted = " ".join(self.expected) or "no owner"
        got = " ".join(self.github) or "no owner"
        where = f" ({CODEOWNERS_PATH}:{self.line.number})" if self.line else ""
        return f"{self.path}: GitHub gives {got}{where}; charter gives {self.owner} ({wanted})"


def probe_paths(ownership: Ownership, github: GithubRules) -> list[str]:
    """Paths worth asking about beyond tracked files: one per charter pattern, and one
    per meeting of a charter pattern with a user line after the region."""
    charter_patterns = [pattern for pattern, _ in ownership.explicit_rules()]
    probes = [w for p in charter_patterns if (w := overlap_witness(p, p)) is not None]
    for user_pattern, _ in github.after_region():
        for pattern in charter_patterns:
            witness = overlap_witness(user_pattern, pattern)
            if witness is not None:
                probes.append(witness)
    return probes


def drift(
    charter: Charter,
    ownership: Ownership,
    github: GithubRules,
    paths: Iterable[str],
) -> list[Drift]:
    """Every path (of `paths`) an instance owns whose owner GitHub names differently."""
    handles = {name: i.handles for name, i in charter.instances.items()}
    found: list[Drift] = []
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        owner = ownership.resolve(path).owner
        if owner is None or owner in (COORDINATOR, SHARED):
            continue  # unowned, overlapping or the coordinator's: the user's lines decide
        expected = handles[owner]
        line = github.deciding_line(path)
        got = line.owners if line else ()
        if _fold(got) != _fold(expected):
            found.append(Drift(path, owner, expected, got, line))
    return found


def _fold(handles: Sequence[str]) -> list[str]:
    # GitHub compares handles and emails case-insensitively.
    return sorted(h.lower() for h in handles)
