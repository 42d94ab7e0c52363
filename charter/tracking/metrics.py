"""The orchestration guide's success metrics, evaluated from the tracking state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from charter.config import Charter
from charter.tracking.snapshot import MISSING, UNREADABLE, Snapshot

if TYPE_CHECKING:
    from charter.tracking.state import TrackingState

# Metric keys, in the order the checklist shows them.
M_LANES = "lanes"
M_DISCOVERY = "discovery"
M_SCRATCHPADS = "scratchpads"
M_TABLE = "table"
M_CONFLICTS = "conflicts"
M_TESTS = "tests"
M_DOCS = "docs"


@dataclass(frozen=True)
class Metric:
    """One success metric of the guide: met (True), not met (False) or unknown (None)."""

    key: str
    title: str
    ok: bool | None
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "title": self.title, "ok": self.ok, "detail": self.detail}


def _names(names: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def lanes_metric(root: Path, charter: Charter, base: str | None) -> Metric:
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


def discovery_metric(state: TrackingState) -> Metric:
    title = "Each instance completed discovery before implementation"
    pending = [i.name for i in state.instances if not i.discovery_done]
    if not pending:
        return Metric(M_DISCOVERY, title, True)
    return Metric(M_DISCOVERY, title, False, f"not yet: {_names(pending)}")


def scratchpads_metric(state: TrackingState) -> Metric:
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


def unknown_conflicts(why: str) -> Metric:
    return Metric(M_CONFLICTS, CONFLICTS_TITLE, None, why)


def with_forecast(root: Path, state: TrackingState, snap: Snapshot) -> TrackingState:
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
