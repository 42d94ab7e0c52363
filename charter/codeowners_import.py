"""Read a CODEOWNERS file into charter instances, refusing what charter cannot express."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from charter.errors import ConfigError, Problem
from charter.patterns import PatternError, compile_pattern


@dataclass
class ImportedOwner:
    name: str
    handle: str
    patterns: list[str] = field(default_factory=list)


def instance_name(handle: str) -> str:
    """'@acme/platform' -> 'platform', '@alice' -> 'alice', 'a.b@x.org' -> 'a-b'."""
    base = handle.lstrip("@")
    base = base.split("/")[-1] if "/" in base else base.split("@")[0]
    name = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")
    if not name or not name[0].isalnum():
        name = f"owner-{name}".strip("-")
    return "owner-coordinator" if name == "coordinator" else name


def _split_line(line: str) -> list[str]:
    # CODEOWNERS escapes spaces in paths as '\ '.
    parts = re.split(r"(?<!\\)\s+", line.strip())
    return [p for p in parts if p]


def parse_codeowners(text: str, filename: str) -> list[ImportedOwner]:
    owners: dict[str, ImportedOwner] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") or line.startswith("^["):
            problems.append(
                Problem(
                    filename,
                    number,
                    1,
                    "GitLab sections are not supported; remove the section header",
                )
            )
            continue
        parts = _split_line(line)
        pattern, handles = parts[0].replace("\\ ", " "), parts[1:]
        try:
            compile_pattern(pattern)
        except PatternError as e:
            problems.append(Problem(filename, number, 1, f"{e}"))
            continue
        if not handles:
            problems.append(
                Problem(
                    filename,
                    number,
                    1,
                    f"{pattern!r} has no owner (it un-owns "
                    "paths); charter cannot express that: remove the line",
                )
            )
            continue
        if len(handles) > 1:
            problems.append(
                Problem(
                    filename,
                    number,
                    1,
                    f"{pattern!r} has {len(handles)} owners "
                    f"({' '.join(handles)}); charter's ownership is exclusive: "
                    "keep one owner per line",
                )
            )
            continue
        handle = handles[0]
        entry = owners.setdefault(handle, ImportedOwner(instance_name(handle), handle))
        entry.patterns.append(pattern)
    names: dict[str, str] = {}
    for entry in owners.values():
        if entry.name in names:
            problems.append(
                Problem(
                    filename,
                    0,
                    0,
                    f"owners {names[entry.name]} and {entry.handle}"
                    f" would both become instance {entry.name!r}; rename one",
                )
            )
        names[entry.name] = entry.handle
    if problems:
        raise ConfigError(problems)
    return list(owners.values())


def render_instances(owners: list[ImportedOwner]) -> str:
    """The `instances:` section for charter.yaml, one instance per owner."""
    if not owners:
        return "instances: {}\n"
    lines = ["instances:"]
    for entry in owners:
        patterns = ", ".join(_yaml_scalar(p) for p in entry.patterns)
        lines += [
            f"  {entry.name}:",
            "    role: feature",
            f'    github: "{entry.handle}"',
            f"    owns: [{patterns}]",
        ]
    return "\n".join(lines) + "\n"


def _yaml_scalar(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./-][A-Za-z0-9_./*?-]*", text) and not text.startswith("*"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
