"""The tracking table: every instance's state, rendered from the repository alone.

The table is a function of charter.yaml, the scratchpads on each instance's branch and
git history (absolute dates, never "5 minutes ago"), so rendering twice without a change
gives the same bytes, and writing it twice writes once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from charter.config import Charter
from charter.errors import CharterError
from charter.gitutil import git, rev_parse, show_file

START = "<!-- charter:tracking:start -->"
END = "<!-- charter:tracking:end -->"
STATUSES = ("discovery", "in-progress", "blocked", "review", "done")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


class Row(NamedTuple):
    name: str
    role: str
    status: str
    branch: str
    ahead: int | None
    behind: int | None
    last_commit: str  # ISO date (UTC) of the branch tip, '' when the branch does not exist
    owns: str
    depends_on: str
    needs: str
    scratchpad_lag: int | None  # commits on the branch since its scratchpad last changed


def front_matter(text: str) -> dict[str, Any]:
    """The scratchpad's YAML front matter ({} when there is none or it is unreadable)."""
    match = _FRONT.match(text)
    if not match:
        return {}
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(match.group(1))
    except YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def escape_cell(text: str) -> str:
    """Cell text that cannot break the table, inject HTML or ping anyone."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("@", "&#64;").replace("`", "'")


def _branch_ref(root: Path, branch: str) -> str | None:
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        if rev_parse(ref, cwd=root) is not None:
            return ref
    return None


def _count(root: Path, spec: str) -> int:
    return int(git("rev-list", "--count", spec, cwd=root).decode().strip() or 0)


def _needs(data: dict[str, Any]) -> str:
    parts = []
    for need in data.get("needs") or []:
        if isinstance(need, dict):
            parts.append(f"{need.get('from', '?')}: {need.get('what', '')}")
    blocked = data.get("blocked_by") or []
    if isinstance(blocked, list) and blocked:
        parts.append("blocked by " + ", ".join(str(b) for b in blocked))
    return "; ".join(parts)


def _shorten(patterns: list[str], limit: int = 3) -> str:
    shown = ", ".join(patterns[:limit])
    return shown + (f" (+{len(patterns) - limit})" if len(patterns) > limit else "")


def collect_rows(root: Path, charter: Charter, default_ref: str | None) -> list[Row]:
    rows = []
    for instance in charter.instances.values():
        ref = _branch_ref(root, instance.branch)
        scratchpad = charter.scratchpad_path(instance.name)
        raw = show_file(ref or default_ref or "HEAD", scratchpad, cwd=root)
        data = front_matter(raw.decode("utf-8", "replace")) if raw else {}
        status = str(data.get("status", "unknown" if raw is None else "discovery"))
        ahead = behind = lag = None
        last = ""
        if ref is not None:
            if default_ref is not None:
                # One walk for both: "<behind>\t<ahead>" of default...branch.
                counts = (
                    git("rev-list", "--left-right", "--count", f"{default_ref}...{ref}", cwd=root)
                    .decode()
                    .split()
                )
                behind, ahead = int(counts[0]), int(counts[1])
            last = (
                git(
                    "log",
                    "-1",
                    "--format=%cd",
                    "--date=format-local:%Y-%m-%d %H:%M UTC",
                    ref,
                    cwd=root,
                    env=_utc(),
                )
                .decode()
                .strip()
            )
            touched = (
                git("log", "-1", "--format=%H", ref, "--", scratchpad, cwd=root).decode().strip()
            )
            lag = _count(root, f"{touched}..{ref}") if touched else _count(root, ref)
        rows.append(
            Row(
                instance.name,
                instance.role,
                status,
                instance.branch,
                ahead,
                behind,
                last,
                _shorten([p.text for p in instance.owns]),
                ", ".join(instance.depends_on),
                _needs(data),
                lag,
            )
        )
    return rows


def _utc() -> dict[str, str]:
    import os

    return {**os.environ, "TZ": "UTC"}


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def render_table(rows: list[Row]) -> str:
    lines = [
        "| instance | role | status | branch | ahead / behind | last commit | owns "
        "| depends on | needs / blocked by | scratchpad lag |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ahead_behind = f"{_num(r.ahead)} / {_num(r.behind)}" if r.ahead is not None else ""
        cells = [
            r.name,
            r.role,
            r.status,
            r.branch,
            ahead_behind,
            r.last_commit,
            r.owns,
            r.depends_on,
            r.needs,
            _num(r.scratchpad_lag),
        ]
        lines.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render_graph(charter: Charter, rows: list[Row]) -> str:
    """A Mermaid dependency graph, coloured by status (GitHub renders it)."""
    colours = {
        "discovery": "#d0e7ff",
        "in-progress": "#fff3b0",
        "blocked": "#ffc9c9",
        "review": "#e5d4ff",
        "done": "#c3f0c8",
    }
    lines = ["```mermaid", "graph LR"]
    status = {r.name: r.status for r in rows}
    for instance in charter.instances.values():
        node = instance.name.replace("-", "_")
        lines.append(f'  {node}["{instance.name} ({status.get(instance.name, "?")})"]')
    for instance in charter.instances.values():
        for dep in instance.depends_on:
            lines.append(f"  {dep.replace('-', '_')} --> {instance.name.replace('-', '_')}")
    for name, state in sorted(status.items()):
        if state in colours:
            lines.append(f"  style {name.replace('-', '_')} fill:{colours[state]}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def render_region(root: Path, charter: Charter, default_ref: str | None) -> str:
    rows = collect_rows(root, charter, default_ref)
    return f"{START}\n{render_table(rows)}\n{render_graph(charter, rows)}{END}"


def splice(existing: str, region: str, filename: str) -> str:
    """`existing` with the text between the markers (markers included) replaced."""
    starts, ends = existing.count(START), existing.count(END)
    if starts != 1 or ends != 1 or existing.index(START) > existing.index(END):
        raise CharterError(
            f"{filename} must contain exactly one {START} followed by one {END} "
            f"(found {starts} and {ends}); fix the markers, charter writes only between them"
        )
    head, _, rest = existing.partition(START)
    _, _, tail = rest.partition(END)
    return head + region + tail


def write_tracking(root: Path, charter: Charter, default_ref: str | None) -> bool:
    """Update the tracking file's region; False (and no write) when nothing changed."""
    from charter.atomic import write_text

    path = root / charter.tracking.file
    region = render_region(root, charter, default_ref)
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = f"# Tracking\n\n{START}\n{END}\n"
    updated = splice(existing, region, charter.tracking.file)
    if updated == existing and path.exists():
        return False
    write_text(path, updated)
    return True
