"""The tracking table: every instance's state, rendered from the repository alone.

The table is a function of charter.yaml, the scratchpads at each instance's branch tip
and git history -- absolute dates, never "5 minutes ago" -- so rendering twice without a
change gives the same bytes, and writing it twice writes once. `charter table`,
`charter status`, `charter inbox` and the GitHub bot all read the state through here:

* `collect_state(root, charter) -> TrackingState` (dataclasses; `to_json()` for programs)
* `render_table(state) -> str`: the Markdown that goes between the markers
* `write_tracking(root, charter) -> bool`: update the tracking file's region, if changed

Committing the table on the default branch must not make it stale again, so nothing
in it depends on the default branch's tip itself: "behind" leaves out commits that only
touch the tracking file, and the tip's id is never shown.

Git is asked a fixed number of questions however many instances there are (one
for-each-ref, one cat-file --batch, one merge-base, one log); the conflict forecast
(`charter.conflicts`) is the one part that grows with the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from charter.config import Charter
from charter.errors import CharterError, ConfigError
from charter.git.blobs import read_blobs
from charter.git.refs import RefInfo, branch_ref, default_branch_names, read_refs
from charter.git.refs import default_ref as git_default_ref
from charter.history import history
from charter.scratchpad import STATUSES, Scratchpad, parse, validate

START = "<!-- charter:tracking:start -->"
END = "<!-- charter:tracking:end -->"
MISSING = "missing"  # the status of an instance with no scratchpad anywhere
UNREADABLE = "unreadable"  # a scratchpad that cannot be parsed
WORK_TREE = "work tree"

# Metric keys, in the guide's order.
M_LANES = "lanes"
M_DISCOVERY = "discovery"
M_SCRATCHPADS = "scratchpads"
M_TABLE = "table"
M_CONFLICTS = "conflicts"
M_TESTS = "tests"
M_DOCS = "docs"


# --- reading the repository once ----------------------------------------------------------


def default_ref(refs: Mapping[str, RefInfo], charter: Charter) -> str | None:
    names = default_branch_names(charter.default_branch, charter.coordinator_branches)
    return git_default_ref(refs, names)


@dataclass(frozen=True)
class LoadedScratchpad:
    """An instance's scratchpad and where it was read from."""

    name: str
    path: str
    source: str | None  # a ref, WORK_TREE, or None when there is none anywhere
    scratchpad: Scratchpad | None
    error: str | None = None  # why it could not be read (file:line: message lines)


@dataclass(frozen=True)
class Snapshot:
    """The refs, the default branch and every scratchpad, read once."""

    root: Path
    charter: Charter
    refs: Mapping[str, RefInfo]
    default_ref: str | None
    scratchpads: Mapping[str, LoadedScratchpad]

    def branch_ref(self, name: str) -> str | None:
        return branch_ref(self.refs, self.charter.instances[name].branch)


def snapshot(root: Path, charter: Charter, *, default: str | None = None) -> Snapshot:
    """Read the refs and each scratchpad FROM ITS INSTANCE'S BRANCH TIP (where the
    instance writes it), falling back to the default branch, then the work tree."""
    refs = read_refs(root)
    base = default if default is not None and default in refs else default_ref(refs, charter)
    specs: list[str] = []
    plans: dict[str, list[str]] = {}
    for name, instance in charter.instances.items():
        path = charter.scratchpad_path(name)
        revs = [r for r in (branch_ref(refs, instance.branch), base) if r is not None]
        plans[name] = list(dict.fromkeys(revs))
        specs += [f"{rev}:{path}" for rev in plans[name]]
    blobs = read_blobs(root, list(dict.fromkeys(specs)))
    loaded: dict[str, LoadedScratchpad] = {}
    for name, revs in plans.items():
        path = charter.scratchpad_path(name)
        raw: bytes | None = None
        source: str | None = None
        for rev in revs:
            raw = blobs.get(f"{rev}:{path}")
            if raw is not None:
                source = rev
                break
        if raw is None:
            try:
                raw = (root / path).read_bytes()
                source = WORK_TREE
            except OSError:
                raw = None
        loaded[name] = _load(name, path, source, raw)
    return Snapshot(root, charter, refs, base, loaded)


def _load(name: str, path: str, source: str | None, raw: bytes | None) -> LoadedScratchpad:
    if raw is None:
        return LoadedScratchpad(name, path, None, None)
    try:
        return LoadedScratchpad(name, path, source, parse(raw, path))
    except ConfigError as e:
        return LoadedScratchpad(name, path, source, None, str(e))


# --- the state ------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedState:
    provider: str
    what: str
    contract: str | None

    def to_json(self) -> dict[str, object]:
        return {"from": self.provider, "what": self.what, "contract": self.contract}


@dataclass(frozen=True)
class InstanceState:
    name: str
    role: str
    description: str
    branch: str
    ref: str | None  # the ref the branch was read from; None when it does not exist yet
    ahead: int | None
    behind: int | None
    last_commit: str | None  # committer date of the tip, ISO 8601 in UTC
    owns: tuple[str, ...]
    depends_on: tuple[str, ...]
    status: str  # one of STATUSES, MISSING or UNREADABLE
    scratchpad: str
    scratchpad_source: str | None
    discovery_done: bool
    blocked_by: tuple[str, ...]
    needs: tuple[NeedState, ...]
    scratchpad_lag: int | None
    problems: tuple[str, ...]  # the scratchpad's shape problems, "file:line:col: message"
    # Forecast merge conflicts: (other, number of files), other an instance or the base.
    conflicts: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role,
            "description": self.description,
            "branch": self.branch,
            "ref": self.ref,
            "ahead": self.ahead,
            "behind": self.behind,
            "last_commit": self.last_commit,
            "owns": list(self.owns),
            "depends_on": list(self.depends_on),
            "status": self.status,
            "scratchpad": self.scratchpad,
            "scratchpad_source": self.scratchpad_source,
            "discovery_done": self.discovery_done,
            "blocked_by": list(self.blocked_by),
            "needs": [need.to_json() for need in self.needs],
            "scratchpad_lag": self.scratchpad_lag,
            "problems": list(self.problems),
            "conflicts": [{"with": other, "files": files} for other, files in self.conflicts],
        }


@dataclass(frozen=True)
class Metric:
    """One success metric of the guide: met (True), not met (False) or unknown (None)."""

    key: str
    title: str
    ok: bool | None
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "title": self.title, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True)
class TrackingState:
    default_branch: str | None  # the ref compared against, e.g. refs/heads/main
    max_stale: int  # rules.scratchpad_max_stale_commits
    instances: tuple[InstanceState, ...]
    metrics: tuple[Metric, ...] = field(default=())

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics if m.key == key)

    def with_metric(self, key: str, ok: bool | None, detail: str = "") -> TrackingState:
        metrics = tuple(
            replace(m, ok=ok, detail=detail) if m.key == key else m for m in self.metrics
        )
        return replace(self, metrics=metrics)

    def to_json(self) -> dict[str, object]:
        return {
            "default_branch": self.default_branch,
            "max_stale": self.max_stale,
            "instances": [i.to_json() for i in self.instances],
            "metrics": [m.to_json() for m in self.metrics],
        }


def _iso(seconds: int, *, precise: bool = False) -> str:
    when = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ" if precise else "%Y-%m-%dT%H:%MZ")


def collect_state(
    root: Path,
    charter: Charter,
    *,
    default_ref: str | None = None,
    tests_passed: bool | None = None,
    forecast: bool = True,
    snap: Snapshot | None = None,
) -> TrackingState:
    """Everything the table shows. `tests_passed` is for callers who know (CI, the bot);
    `forecast=False` skips the conflict forecast (its metric is then unknown); `snap`, a
    snapshot the caller already read (and uses for more, like `inbox`)."""
    snap = snap or snapshot(root, charter, default=default_ref)
    base = snap.default_ref
    base_oid = snap.refs[base].oid if base else None
    refs = {name: snap.branch_ref(name) for name in charter.instances}
    tips = [
        (snap.refs[ref].oid, charter.scratchpad_path(name))
        for name, ref in refs.items()
        if ref is not None
    ]
    hist = history(root, tips, base_oid, quiet_path=charter.tracking.file)
    rows = []
    for name, instance in charter.instances.items():
        ref = refs[name]
        info = snap.refs[ref] if ref is not None else None
        loaded = snap.scratchpads[name]
        pad = loaded.scratchpad
        if pad is not None:
            status = pad.status or UNREADABLE
            problems = tuple(str(p) for p in validate(pad, charter, name).errors)
        elif loaded.source is not None:
            status, problems = UNREADABLE, tuple((loaded.error or "").splitlines())
        else:
            status, problems = MISSING, ()
        rows.append(
            InstanceState(
                name=name,
                role=instance.role,
                description=instance.description,
                branch=instance.branch,
                ref=ref,
                ahead=hist.ahead[info.oid] if info and base_oid else None,
                behind=hist.behind[info.oid] if info and base_oid else None,
                last_commit=_iso(info.time, precise=True) if info else None,
                owns=tuple(p.text for p in instance.owns),
                depends_on=instance.depends_on,
                status=status,
                scratchpad=loaded.path,
                scratchpad_source=loaded.source,
                discovery_done=pad is not None and not pad.in_discovery,
                blocked_by=pad.blocked_by if pad else (),
                needs=tuple(NeedState(n.provider, n.what, n.contract) for n in pad.needs)
                if pad
                else (),
                scratchpad_lag=hist.lag[(info.oid, loaded.path)] if info else None,
                problems=problems,
            )
        )
    state = TrackingState(
        default_branch=base,
        max_stale=charter.rules.scratchpad_max_stale_commits,
        instances=tuple(rows),
    )
    metrics = (
        _lanes_metric(root, charter, base),
        _discovery_metric(state),
        _scratchpads_metric(state),
        Metric(M_TABLE, "Tracking table shows real-time status", None),
        _unknown_conflicts("not run"),
        Metric(M_TESTS, "All tests pass after integration", tests_passed),
        Metric(
            M_DOCS,
            "Documentation matches implementation",
            None,
            "not evaluated by charter: review it by hand",
        ),
    )
    state = replace(state, metrics=metrics)
    if forecast:
        state = _with_forecast(root, state, snap)
    current = _current_region(root, charter)
    if isinstance(current, str):
        ok = current == render_region(state.with_metric(M_TABLE, True))
        detail = "" if ok else f"{charter.tracking.file} differs: run `charter table --write`"
    else:
        ok, detail = False, current.detail
    return state.with_metric(M_TABLE, ok, detail)


def _names(names: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _lanes_metric(root: Path, charter: Charter, base: str | None) -> Metric:
    from charter.git import ls_files
    from charter.ownership import Ownership

    title = "All instances have clear, non-overlapping responsibilities"
    empty = [i.name for i in charter.instances.values() if not i.owns]
    overlaps = Ownership(charter).overlaps(ls_files(root, rev=base) if base else ls_files(root))
    if not empty and not overlaps:
        return Metric(M_LANES, title, True)
    parts = []
    if overlaps:
        first = overlaps[0]
        parts.append(
            f"{len(overlaps)} overlap(s), e.g. {first.first.owner} {first.first.pattern!r} and "
            f"{first.second.owner} {first.second.pattern!r}"
        )
    if empty:
        parts.append(f"owning nothing: {_names(empty)}")
    return Metric(M_LANES, title, False, "; ".join(parts))


def _discovery_metric(state: TrackingState) -> Metric:
    title = "Each instance completed discovery before implementation"
    pending = [i.name for i in state.instances if not i.discovery_done]
    if not pending:
        return Metric(M_DISCOVERY, title, True)
    return Metric(M_DISCOVERY, title, False, f"not yet: {_names(pending)}")


def _scratchpads_metric(state: TrackingState) -> Metric:
    title = "Scratchpads accurately reflect work done"
    stale = [
        i.name
        for i in state.instances
        if i.scratchpad_lag is not None and i.scratchpad_lag > state.max_stale
    ]
    broken = [i.name for i in state.instances if i.status in (MISSING, UNREADABLE) or i.problems]
    if not stale and not broken:
        return Metric(M_SCRATCHPADS, title, True, f"each within {state.max_stale} commits")
    parts = []
    if stale:
        parts.append(f"more than {state.max_stale} commits behind their branch: {_names(stale)}")
    if broken:
        parts.append(f"missing or invalid: {_names(broken)}")
    return Metric(M_SCRATCHPADS, title, False, "; ".join(parts))


CONFLICTS_TITLE = "No blocking conflicts at integration time"


def _unknown_conflicts(why: str) -> Metric:
    return Metric(M_CONFLICTS, CONFLICTS_TITLE, None, why)


def _with_forecast(root: Path, state: TrackingState, snap: Snapshot) -> TrackingState:
    """The conflicts column and metric, from one forecast of every pair of branches."""
    from charter.conflicts import ForecastError, forecast

    branches = {i.name: i.ref for i in state.instances if i.ref is not None}
    if snap.default_ref is None:
        return state.with_metric(M_CONFLICTS, None, "no default branch to forecast against")
    try:
        result = forecast(root, branches, snap.default_ref)
    except ForecastError as e:
        return state.with_metric(M_CONFLICTS, None, f"forecast failed: {e}")
    base_label = snap.default_ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
    per_instance: dict[str, list[tuple[str, int]]] = {}
    shown = []
    for pair in result.conflicting_pairs():
        right = base_label if pair.right == snap.default_ref else pair.right
        files = len(pair.conflicts)
        shown.append(f"{pair.left} x {right} ({files} file(s))")
        per_instance.setdefault(pair.left, []).append((right, files))
        if right != base_label:
            per_instance.setdefault(right, []).append((pair.left, files))
    rows = tuple(
        replace(row, conflicts=tuple(sorted(per_instance.get(row.name, ()))))
        for row in state.instances
    )
    state = replace(state, instances=rows)
    if not shown:
        return state.with_metric(M_CONFLICTS, True, "none forecast")
    return state.with_metric(M_CONFLICTS, False, f"forecast: {_names(shown, 3)}")


# --- rendering ------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")
_MENTION_BREAK = "@&#8203;"  # a zero-width space after '@': GitHub links no mention


def escape_cell(text: object, limit: int = 120) -> str:
    """Cell text that cannot break the table, inject HTML or Markdown, or ping anyone."""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
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


def _short_date(row: InstanceState) -> str:
    # 2026-11-24T03:41:04Z -> 2026-11-24T03:41Z: the table needs minutes, not seconds
    return row.last_commit[:16] + "Z" if row.last_commit else ""


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
            escape_cell(_short_date(row)),
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


# --- writing between the markers --------------------------------------------------------


class _NoRegion(NamedTuple):
    detail: str


def _markers(data: bytes, filename: str) -> tuple[int, int]:
    """Offsets just after the start marker and at the end marker; raise on anything else."""
    start, end = START.encode(), END.encode()
    starts = [m.start() for m in re.finditer(re.escape(start), data)]
    ends = [m.start() for m in re.finditer(re.escape(end), data)]

    def lines(offsets: list[int]) -> str:
        return ", ".join(str(data.count(b"\n", 0, o) + 1) for o in offsets)

    if len(starts) != 1 or len(ends) != 1:
        found = []
        for marker, offsets in ((START, starts), (END, ends)):
            if not offsets:
                found.append(f"no {marker}")
            elif len(offsets) > 1:
                found.append(f"{marker} {len(offsets)} times (lines {lines(offsets)})")
        raise CharterError(
            f"{filename}: {'; '.join(found)}. charter writes only between exactly one "
            f"{START} and one {END} after it: put that pair where the table goes (and "
            "remove any extra copy); nothing was written"
        )
    if starts[0] > ends[0]:
        raise CharterError(
            f"{filename}: {END} (line {lines(ends)}) comes before {START} (line "
            f"{lines(starts)}); swap them; nothing was written"
        )
    return starts[0] + len(start), ends[0]


def _current_region(root: Path, charter: Charter) -> str | _NoRegion:
    path = root / charter.tracking.file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _NoRegion(f"no {charter.tracking.file} yet: run `charter table --write`")
    except OSError as e:
        return _NoRegion(f"cannot read {charter.tracking.file}: {e.strerror}")
    try:
        begin, end = _markers(data, charter.tracking.file)
    except CharterError:
        return _NoRegion(f"{charter.tracking.file} lacks one pair of charter:tracking markers")
    return data[begin:end].decode("utf-8", "replace")


def splice(data: bytes, region: str, filename: str) -> bytes:
    """`data` with the bytes between the markers replaced; every other byte kept."""
    begin, end = _markers(data, filename)
    return data[:begin] + region.encode("utf-8") + data[end:]


def write_tracking(
    root: Path,
    charter: Charter,
    default_ref: str | None = None,
    *,
    state: TrackingState | None = None,
) -> bool:
    """Update the tracking file's region; False (and nothing written, not even the
    mtime) when it already says this. A missing file is created from the template."""
    from charter.atomic import write_bytes
    from charter.resources import read

    path = root / charter.tracking.file
    if state is None:
        state = collect_state(root, charter, default_ref=default_ref)
    # Once written, the table is current: say so in what is written, or it never would be.
    region = render_region(state.with_metric(M_TABLE, True))
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as e:
        raise CharterError(f"cannot read {charter.tracking.file}: {e.strerror}") from None
    data = existing if existing is not None else read("tracking.md").encode("utf-8")
    updated = splice(data, region, charter.tracking.file)
    if updated == existing:
        return False
    write_bytes(path, updated)
    return True
