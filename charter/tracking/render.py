"""Rendering the tracking state: Markdown (the table between the markers, the Mermaid
graph, the metrics checklist) and the terminal (`charter status`), in one place, with one
cleaning of untrusted text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from charter.scratchpad import STATUSES
from charter.tracking.snapshot import MISSING, UNREADABLE

if TYPE_CHECKING:
    from charter.tracking.state import InstanceState, TrackingState

# Untrusted text (scratchpads, charter.yaml) reaches Markdown and terminals: no control
# characters, escape sequences or line breaks survive.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")
_MENTION_BREAK = "@&#8203;"  # a zero-width space after '@': GitHub links no mention


def one_line(text: object) -> str:
    """`text` on one line, control characters (escape sequences too) made spaces."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def short_date(row: InstanceState) -> str:
    # 2026-11-24T03:41:04Z -> 2026-11-24T03:41Z: a table needs minutes, not seconds
    return row.last_commit[:16] + "Z" if row.last_commit else ""


# --- Markdown -------------------------------------------------------------------------


def escape_cell(text: object, limit: int = 120) -> str:
    """Cell text that cannot break the table, inject HTML or Markdown, or ping anyone."""
    flat = one_line(text)
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MARKDOWN.sub(r"\\\1", flat)
    return flat.replace("@", _MENTION_BREAK)


def _code(text: str) -> str:
    """A pattern from charter.yaml as inline code (pipes still need escaping in tables)."""
    if "`" in text or _CONTROL.search(text):
        return escape_cell(text)
    return "`" + text.replace("|", "\\|") + "`"


def _owns_cell(owns: Sequence[str], limit: int = 2) -> str:
    shown = ", ".join(_code(p) for p in owns[:limit])
    return shown + (f" +{len(owns) - limit} more" if len(owns) > limit else "")


def _needs_text(row: InstanceState, limit: int = 80) -> list[str]:
    parts = []
    if row.blocked_by:
        parts.append("blocked by " + ", ".join(row.blocked_by))
    for need in row.needs:
        what = need.what if len(need.what) <= limit else need.what[: limit - 1] + "…"
        contract = f" [{need.contract}]" if need.contract else ""
        parts.append(f"{need.provider}: {what}{contract}")
    return parts


def _status_text(row: InstanceState) -> str:
    if row.problems and row.status not in (MISSING, UNREADABLE):
        return f"{row.status} ({len(row.problems)} problem(s))"
    return row.status


def _lag_text(row: InstanceState, max_stale: int) -> str:
    if row.scratchpad_lag is None:
        return ""
    over = f" (over {max_stale})" if row.scratchpad_lag > max_stale else ""
    return f"{row.scratchpad_lag}{over}"


def _ahead_behind(row: InstanceState) -> str:
    if row.ref is None:
        return "no branch"
    if row.ahead is None or row.behind is None:
        return ""
    return f"+{row.ahead} / -{row.behind}"


COLUMNS = (
    "Instance",
    "Role",
    "Status",
    "Branch",
    "Ahead / behind",
    "Last commit (UTC)",
    "Owns",
    "Depends on",
    "Needs / blocked by",
    "Scratchpad lag",
    "Conflicts",
)

STATUS_COLOURS = {
    "discovery": ("#dbeafe", "#1d4ed8"),
    "in-progress": ("#fef3c7", "#b45309"),
    "blocked": ("#fee2e2", "#b91c1c"),
    "review": ("#ede9fe", "#6d28d9"),
    "done": ("#dcfce7", "#15803d"),
    MISSING: ("#f3f4f6", "#6b7280"),
    UNREADABLE: ("#f3f4f6", "#6b7280"),
}


def _graph(state: TrackingState) -> list[str]:
    """A Mermaid dependency graph coloured by status. Node ids are positional (i0, i1...)
    so no instance name can collide with Mermaid's keywords; names and statuses are
    validated words, so labels need no escaping."""
    ids = {row.name: f"i{n}" for n, row in enumerate(state.instances)}
    lines = ["```mermaid", "flowchart LR"]
    for row in state.instances:
        lines.append(f'  {ids[row.name]}["{row.name}<br/>{row.status}"]')
    for row in state.instances:
        for dep in row.depends_on:
            if dep in ids:
                lines.append(f"  {ids[dep]} --> {ids[row.name]}")
        for blocker in row.blocked_by:
            if blocker in ids and blocker != row.name:
                lines.append(f"  {ids[blocker]} -. blocks .-> {ids[row.name]}")
    used = sorted({row.status for row in state.instances}, key=_status_order)
    for status in used:
        fill, stroke = STATUS_COLOURS[status]
        members = ",".join(ids[r.name] for r in state.instances if r.status == status)
        lines.append(f"  classDef {_css(status)} fill:{fill},stroke:{stroke},color:#111")
        lines.append(f"  class {members} {_css(status)}")
    lines.append("```")
    return lines


def _status_order(status: str) -> int:
    order = (*STATUSES, MISSING, UNREADABLE)
    return order.index(status) if status in order else len(order)


def _css(status: str) -> str:
    return "s_" + status.replace("-", "_")


def render_table(state: TrackingState) -> str:
    """The Markdown between the tracking markers: the table, the graph, the checklist."""
    lines = [
        "<!-- generated by `charter table` from charter.yaml, the scratchpads and git; "
        "edits here are overwritten -->",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in state.instances:
        cells = [
            escape_cell(row.name),
            escape_cell(row.role),
            escape_cell(_status_text(row)),
            escape_cell(row.branch),
            escape_cell(_ahead_behind(row)),
            escape_cell(short_date(row)),
            _owns_cell(row.owns),
            escape_cell(", ".join(row.depends_on)),
            "; ".join(escape_cell(part, 200) for part in _needs_text(row)),
            escape_cell(_lag_text(row, state.max_stale)),
            escape_cell("; ".join(f"{other} ({files} file(s))" for other, files in row.conflicts)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if not state.instances:
        lines.append("| (no instances yet) |" + " |" * (len(COLUMNS) - 1))
    lines.append("")
    if state.default_branch:
        base = state.default_branch.removeprefix("refs/heads/")
        lines.append(
            f"Ahead / behind: commits against `{base}`. Scratchpad lag: the branch's own "
            f"commits since its scratchpad changed (more than {state.max_stale} is stale)."
        )
        lines.append("")
    lines += _graph(state) if state.instances else []
    lines += ["", "**Success metrics** (the orchestration guide's, evaluated by charter)", ""]
    for metric in state.metrics:
        box = "x" if metric.ok else " "
        detail = escape_cell(metric.detail, 300)
        if metric.ok is None:
            suffix = f" ({detail or 'unknown'})"
        else:
            suffix = f": {detail}" if detail else ""
        lines.append(f"- [{box}] {metric.title}{suffix}")
    return "\n".join(lines) + "\n"


def render_region(state: TrackingState) -> str:
    """The exact text between the markers."""
    return "\n" + render_table(state)


# --- the terminal (`charter status`) --------------------------------------------------

WIDTH = 100
COLOURS = {
    "discovery": "36",
    "in-progress": "33",
    "blocked": "31",
    "review": "35",
    "done": "32",
}
# (header, width) of the fixed columns; the needs column takes what is left of WIDTH.
FIXED = (
    ("INSTANCE", 14),
    ("ROLE", 11),
    ("STATUS", 12),
    ("AHEAD/BEHIND", 12),
    ("LAST COMMIT (UTC)", 17),
    ("LAG", 4),
)


def _fit(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _paint(text: str, code: str | None, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour and code else text


def _terminal_row(row: InstanceState, max_stale: int, colour: bool) -> str:
    counts = "no branch" if row.ref is None else f"+{row.ahead}/-{row.behind}"
    if row.ref is not None and row.ahead is None:
        counts = ""
    lag = "" if row.scratchpad_lag is None else str(row.scratchpad_lag)
    if row.scratchpad_lag is not None and row.scratchpad_lag > max_stale:
        lag += "!"
    status = row.status + ("*" if row.problems and row.status not in (MISSING, UNREADABLE) else "")
    waiting = []
    if row.blocked_by:
        waiting.append("blocked by " + ", ".join(row.blocked_by))
    waiting += [f"{n.provider}: {n.what}" for n in row.needs]
    if row.conflicts:
        waiting.insert(0, "conflicts: " + ", ".join(other for other, _ in row.conflicts))
    values = (row.name, row.role, status, counts, short_date(row), lag)
    cells = []
    for (_, width), value in zip(FIXED, values, strict=True):
        text = _fit(value, width)
        padded = text.rjust(width) if width == 4 else text.ljust(width)
        if value is status:
            padded = _paint(padded, COLOURS.get(row.status), colour)
        cells.append(padded)
    used = sum(width + 1 for _, width in FIXED) + 1
    line = " ".join(cells) + "  " + _fit("; ".join(waiting), WIDTH - used - 1)
    return line.rstrip()


def render_terminal(state: TrackingState, *, colour: bool = False) -> list[str]:
    """Lines of at most 100 visible columns (`colour`: ANSI colours for a TTY)."""
    base = (state.default_branch or "").removeprefix("refs/heads/") or "(no default branch)"
    lines = [
        _fit(
            f"vs {base}. LAG: own commits since the scratchpad changed (! = over "
            f"{state.max_stale}). *: scratchpad problems",
            WIDTH,
        )
    ]
    header = " ".join(
        name.rjust(width) if width == 4 else name.ljust(width) for name, width in FIXED
    )
    lines.append(header + "  CONFLICTS; NEEDS")
    lines += [_terminal_row(row, state.max_stale, colour) for row in state.instances]
    lines.append("")
    for metric in state.metrics:
        mark, code = {True: ("[x]", "32"), False: ("[ ]", "31"), None: ("[?]", "33")}[metric.ok]
        detail = f": {metric.detail}" if metric.detail else ""
        text = _fit(f"{mark} {metric.title}{detail}", WIDTH)
        lines.append(_paint(mark, code, colour) + text[len(mark) :])
    return lines
