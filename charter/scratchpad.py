"""Per-instance scratchpads: created from `templates/scratchpad.md`, parsed, validated.

A scratchpad is Markdown with YAML front matter:

    ---
    status: in-progress        # discovery | in-progress | blocked | review | done
    blocked_by: [foundation]   # instances this one waits on
    needs:                     # what it needs from others, contract named when there is one
      - {from: foundation, what: "a User type", contract: shared-types}
    ---
    ## Discovery / ## Plan / ## Progress / ## Integration points / ## Needs / ## Notes

Parsing never looks at charter.yaml (`parse`); `validate` adds what needs the map (do the
named instances and contracts exist?). Every problem carries `file:line:col` and the fix,
because agents act on these messages. Hooks import this module: the standard library and
charter's core only, with ruamel.yaml imported lazily by `charter.located.parse_yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from charter.config import Charter, Rules
from charter.errors import CharterError, ConfigError, Problem
from charter.located import LocatedValidator, Positions, nearest, suggest

STATUSES = ("discovery", "in-progress", "blocked", "review", "done")
SECTIONS = ("Discovery", "Plan", "Progress", "Integration points", "Needs", "Notes")
FRONT_KEYS = ("status", "blocked_by", "needs")
NEED_KEYS = ("from", "what", "contract")
# Statuses that claim implementation has started: discovery must be written by then.
PAST_DISCOVERY = ("in-progress", "review", "done")

# Where the front matter's YAML starts: a problem about all of it is placed here.
FRONT_MATTER_START = (2, 1)
FRONT_MATTER_EXAMPLE = "---\\nstatus: discovery\\nblocked_by: []\\nneeds: []\\n---"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)


class Need(NamedTuple):
    """One `needs:` entry: what this instance needs `provider` to deliver."""

    provider: str  # the `from:` instance
    what: str
    contract: str | None
    line: int  # in the scratchpad file, 1-based
    col: int


class Section(NamedTuple):
    title: str  # canonical spelling from SECTIONS
    line: int  # the heading's line
    text: str  # the body with HTML comments removed, stripped: '' means empty


@dataclass(frozen=True)
class Scratchpad:
    """A parsed scratchpad. `problems` are shape errors found without charter.yaml."""

    path: str
    status: str | None
    blocked_by: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()
    sections: Mapping[str, Section] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    positions: Mapping[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    end_line: int = 1  # the last line of the file: where a missing section goes

    @property
    def discovery_text(self) -> str:
        section = self.sections.get("Discovery")
        return section.text if section else ""

    @property
    def in_discovery(self) -> bool:
        """Discovery is not finished: the status says so, or nothing is written under it."""
        return self.status in (None, "discovery") or not self.discovery_text

    def at(self, *key: Any) -> tuple[int, int]:
        """File position of a front-matter key (or its nearest located parent)."""
        return nearest(self.positions, key, FRONT_MATTER_START)


class Findings(NamedTuple):
    errors: list[Problem]
    warnings: list[Problem]


class ScratchpadUnreadable(ConfigError):
    """The scratchpad cannot be read at all: not UTF-8, broken front matter (exit 2)."""


# --- creation -------------------------------------------------------------------------------


def create_scratchpad(root: Path, charter: Charter, name: str) -> Path:
    """Write the instance's scratchpad from the template; never overwrite one."""
    if name not in charter.instances:
        known = ", ".join(sorted(charter.instances)) or "none"
        raise CharterError(f"no instance {name!r} in charter.yaml (known: {known})")
    path = root / charter.scratchpad_path(name)
    if path.exists():
        raise CharterError(f"{path} already exists; keep it, or remove it first")
    from charter.atomic import write_text  # not at the top: hooks import this module
    from charter.resources import render

    write_text(path, render("scratchpad.md", name=name))
    return path


# --- parsing --------------------------------------------------------------------------------


def decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ScratchpadUnreadable(
            [Problem(path, line, 1, "not UTF-8 text; save the file as UTF-8")]
        ) from None


def parse(source: str | bytes, path: str) -> Scratchpad:
    """Parse a scratchpad; raise `ScratchpadUnreadable` when it cannot be read at all."""
    text = decode(source, path) if isinstance(source, bytes) else source
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    problems: list[Problem] = []
    data: Any = None
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    body_start = 0
    if lines and lines[0].rstrip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if close is None:
            raise ScratchpadUnreadable(
                [
                    Problem(
                        path,
                        1,
                        1,
                        "the front matter opened here is never closed; add a line `---` "
                        "after `needs:`",
                    )
                ]
            )
        data, positions = _front_matter("\n".join(lines[1:close]) + "\n", path)
        body_start = close + 1
    else:
        problems.append(
            Problem(
                path,
                1,
                1,
                "no front matter; start the file with " + FRONT_MATTER_EXAMPLE,
            )
        )
    status, blocked_by, needs = _read_front(data, positions, path, problems)
    sections = _sections(lines, body_start, path, problems)
    return Scratchpad(
        path=path,
        status=status,
        blocked_by=blocked_by,
        needs=needs,
        sections=sections,
        problems=tuple(sorted(problems, key=lambda p: (p.line, p.col))),
        positions=positions,
        end_line=max(len(lines), 1),
    )


def _front_matter(yaml_text: str, path: str) -> tuple[Any, Positions]:
    from charter.located import parse_yaml

    try:
        data, positions = parse_yaml(yaml_text, path)
    except ConfigError as e:
        # The YAML starts on the file's second line (after the opening `---`).
        raise ScratchpadUnreadable(
            [
                Problem(
                    p.file, p.line + 1 if p.line else 2, p.col or 1, f"front matter {p.message}"
                )
                for p in e.problems
            ]
        ) from None
    return data, {k: (line + 1, col) for k, (line, col) in positions.items()}


def _read_front(
    data: Any,
    positions: Mapping[tuple[Any, ...], tuple[int, int]],
    path: str,
    problems: list[Problem],
) -> tuple[str | None, tuple[str, ...], tuple[Need, ...]]:
    v = LocatedValidator(path, positions, fallback=FRONT_MATTER_START, problems=problems)

    if data is None:
        data = {}
    if not isinstance(data, dict):
        v.error_at(
            FRONT_MATTER_START,
            "the front matter must be `key: value` lines: " + FRONT_MATTER_EXAMPLE,
        )
        return None, (), ()
    v.unknown_keys(data, (), FRONT_KEYS, what="front-matter key")

    status: str | None = None
    raw_status = data.get("status")
    if "status" not in data:
        v.error_at(
            FRONT_MATTER_START,
            f"missing `status:`; add `status: discovery` ({' | '.join(STATUSES)})",
        )
    elif raw_status not in STATUSES:
        fix = suggest(str(raw_status), STATUSES, f"use one of {' | '.join(STATUSES)}")
        v.error(("status",), f"status {raw_status!r} is not a status; {fix}", value=True)
    else:
        status = str(raw_status)

    blocked_by: list[str] = []
    raw_blocked = data.get("blocked_by")
    if isinstance(raw_blocked, str):
        v.error(
            ("blocked_by",),
            f"blocked_by must be a list; write `blocked_by: [{raw_blocked}]`",
            value=True,
        )
    elif raw_blocked is not None and not isinstance(raw_blocked, list):
        v.error(("blocked_by",), "blocked_by must be a list of instance names", value=True)
    else:
        for i, item in enumerate(raw_blocked or []):
            if isinstance(item, str) and item:
                blocked_by.append(item)
            else:
                v.error(("blocked_by", i), "blocked_by: each item must be an instance name")

    needs: list[Need] = []
    raw_needs = data.get("needs")
    if raw_needs is not None and not isinstance(raw_needs, list):
        v.error(
            ("needs",),
            'needs must be a list such as `needs: [{from: NAME, what: "..."}]`',
            value=True,
        )
        raw_needs = []
    for i, item in enumerate(raw_needs or []):
        where = v.at(("needs", i))
        if not isinstance(item, dict):
            v.error_at(
                where, 'each need must be a mapping: {from: NAME, what: "...", contract: NAME}'
            )
            continue
        v.unknown_keys(item, ("needs", i), NEED_KEYS, inside=" in a need")
        provider = item.get("from")
        what = item.get("what")
        contract = item.get("contract")
        ok = True
        if not isinstance(provider, str) or not provider:
            v.error_at(where, "this need names no provider; add `from: INSTANCE`")
            ok = False
        if not isinstance(what, str) or not what.strip():
            v.error_at(where, 'this need says nothing; add `what: "what you need, concretely"`')
            ok = False
        if contract is not None and (not isinstance(contract, str) or not contract):
            v.error(("needs", i, "contract"), "contract must be a contract's name", value=True)
            ok = False
        if ok:
            named = contract if isinstance(contract, str) else None
            needs.append(Need(str(provider), str(what).strip(), named, where[0], where[1]))
    return status, tuple(blocked_by), tuple(needs)


def _sections(
    lines: list[str], start: int, path: str, problems: list[Problem]
) -> dict[str, Section]:
    """The level-2 sections we know, by canonical title; problems for missing or doubled ones."""
    canonical = {title.lower(): title for title in SECTIONS}
    found: dict[str, Section] = {}
    misplaced: dict[str, int] = {}  # `### Plan` and the like: a hint for the fix
    open_title: str | None = None
    open_line = 0
    body: list[str] = []
    fence: str | None = None

    def close() -> None:
        if open_title is not None and open_title not in found:
            text = _COMMENT.sub("", "\n".join(body)).strip()
            found[open_title] = Section(open_title, open_line, text)

    for number, line in enumerate(lines[start:], start=start + 1):
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            body.append(line)
            continue
        if marker:
            fence = marker.group(1)
            body.append(line)
            continue
        heading = _HEADING.match(line)
        if heading is None or len(heading.group(1)) > 2:
            if heading is not None and heading.group(2).lower() in canonical:
                misplaced.setdefault(canonical[heading.group(2).lower()], number)
            body.append(line)
            continue
        close()
        body = []
        title = canonical.get(heading.group(2).lower()) if len(heading.group(1)) == 2 else None
        if title is not None and title in found:
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    f"section `## {title}` appears twice (first at line {found[title].line}); "
                    "merge the two into one",
                )
            )
            title = None
        open_title, open_line = title, number
    close()

    end = max(len(lines), 1)
    for i, title in enumerate(SECTIONS):
        if title in found:
            continue
        later = [found[t].line for t in SECTIONS[i + 1 :] if t in found]
        at_line = min(later) if later else end
        where = f" after `## {SECTIONS[i - 1]}`" if i else " first, before the other sections"
        hint = (
            f" (line {misplaced[title]} has it at the wrong level: make it `## {title}`)"
            if title in misplaced
            else ""
        )
        problems.append(
            Problem(path, at_line, 1, f"missing section `## {title}`; add it{where}{hint}")
        )
    return found


# --- validation against charter.yaml -----------------------------------------------------


def validate(
    scratchpad: Scratchpad, charter: Charter, name: str, rules: Rules | None = None
) -> Findings:
    """Shape problems plus what charter.yaml decides: do named instances and contracts
    exist, does the contract belong to the provider, is discovery written before work."""
    rules = charter.rules if rules is None else rules
    errors = list(scratchpad.problems)
    warnings: list[Problem] = []
    path = scratchpad.path
    known = ", ".join(sorted(charter.instances)) or "none"
    instance = charter.instances.get(name)
    depends_on = instance.depends_on if instance is not None else ()

    for i, other in enumerate(scratchpad.blocked_by):
        line, col = scratchpad.at("blocked_by", i)
        if other == name:
            errors.append(Problem(path, line, col, f"{name} cannot be blocked by itself"))
        elif other not in charter.instances:
            errors.append(
                Problem(
                    path,
                    line,
                    col,
                    f"blocked_by names {other!r}, which is not an instance (known: {known}); "
                    "fix the name",
                )
            )

    for need in scratchpad.needs:
        line, col = need.line, need.col
        if need.provider == name:
            errors.append(Problem(path, line, col, "a need from yourself is not a need; drop it"))
            continue
        if need.provider not in charter.instances:
            errors.append(
                Problem(
                    path,
                    line,
                    col,
                    f"this need is `from: {need.provider}`, which is not an instance "
                    f"(known: {known}); name the instance that owns what you need "
                    "(`charter owner PATH` tells)",
                )
            )
            continue
        provided = sorted(c.name for c in charter.contracts.values() if c.owner == need.provider)
        if need.contract is not None:
            contract = charter.contracts.get(need.contract)
            if contract is None:
                errors.append(
                    Problem(
                        path,
                        line,
                        col,
                        f"contract {need.contract!r} is not in charter.yaml (contracts of "
                        f"{need.provider}: {', '.join(provided) or 'none'}); name one of them, "
                        "or drop `contract:` and ask the coordinator to add the contract",
                    )
                )
            elif contract.owner != need.provider:
                errors.append(
                    Problem(
                        path,
                        line,
                        col,
                        f"contract {need.contract!r} is owned by {contract.owner}, not "
                        f"{need.provider}; write `from: {contract.owner}`",
                    )
                )
        elif provided:
            warnings.append(
                Problem(
                    path,
                    line,
                    col,
                    f"this need from {need.provider} names no contract, but {need.provider} "
                    f"owns {', '.join(provided)}; add `contract: {provided[0]}` if it is part "
                    "of it, or ask the coordinator for a contract (unwritten expectations "
                    "are implicit contracts)",
                )
            )
        if instance is not None and need.provider not in depends_on:
            warnings.append(
                Problem(
                    path,
                    line,
                    col,
                    f"{need.provider} is not in {name}'s depends_on in charter.yaml; ask the "
                    "coordinator to add it so the tracking table shows the dependency",
                )
            )

    if (
        rules.require_discovery
        and scratchpad.status in PAST_DISCOVERY
        and not scratchpad.discovery_text
    ):
        line, col = scratchpad.at("status", "=")
        section = scratchpad.sections.get("Discovery")
        where = f" (line {section.line})" if section else ""
        errors.append(
            Problem(
                path,
                line,
                col,
                f"status is {scratchpad.status!r} but `## Discovery`{where} is empty; write "
                "what you read (specs, contracts, code) and learned there, or set "
                "`status: discovery`",
            )
        )
    if scratchpad.status == "blocked" and not scratchpad.blocked_by and not scratchpad.needs:
        line, col = scratchpad.at("status", "=")
        warnings.append(
            Problem(
                path,
                line,
                col,
                "status is 'blocked' but neither blocked_by nor needs says on what; name "
                "the instances you wait on in `blocked_by:`",
            )
        )

    def order(p: Problem) -> tuple[int, int]:
        return (p.line, p.col)

    return Findings(sorted(errors, key=order), sorted(warnings, key=order))


def load_worktree(root: Path, charter: Charter, name: str) -> Scratchpad | None:
    """The instance's scratchpad as it is in the work tree (None when there is none)."""
    rel = charter.scratchpad_path(name)
    try:
        raw = (root / rel).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ScratchpadUnreadable([Problem(rel, 0, 0, f"cannot read: {e.strerror}")]) from None
    return parse(raw, rel)
