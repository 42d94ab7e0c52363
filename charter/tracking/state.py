"""The tracking state: every instance's row and the success metrics, from a snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from charter.config import Charter
from charter.scratchpad import validate
from charter.tracking.history import history
from charter.tracking.metrics import (
    M_DOCS,
    M_TABLE,
    M_TESTS,
    Metric,
    discovery_metric,
    lanes_metric,
    scratchpads_metric,
    unknown_conflicts,
    with_forecast,
)
from charter.tracking.region import current_region
from charter.tracking.render import render_region
from charter.tracking.snapshot import MISSING, UNREADABLE, Snapshot, read_snapshot


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
class TrackingState:
    default_branch: str | None  # the ref compared against, e.g. refs/heads/main
    max_stale: int  # rules.scratchpad_max_stale_commits
    instances: tuple[InstanceState, ...]
    metrics: tuple[Metric, ...] = field(default=())
    grants: tuple[str, ...] = ()  # running grants, one line each (charter.grants_view.line)

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
            "grants": list(self.grants),
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
    snap = snap or read_snapshot(root, charter, default=default_ref)
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
    from charter.grants_view import line, recorded

    newest = max((info.time for info in snap.refs.values()), default=0)
    state = TrackingState(
        default_branch=base,
        max_stale=charter.rules.scratchpad_max_stale_commits,
        instances=tuple(rows),
        grants=tuple(line(g) for g in recorded(charter, root, newest)),
    )
    metrics = (
        lanes_metric(root, charter, base),
        discovery_metric(state),
        scratchpads_metric(state),
        Metric(M_TABLE, "Tracking table shows real-time status", None),
        unknown_conflicts("not run"),
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
        state = with_forecast(root, state, snap)
    current = current_region(root, charter)
    if isinstance(current, str):
        ok = current == render_region(state.with_metric(M_TABLE, True))
        fix = "run charter table --write (on a coordinator branch)"
        detail = "" if ok else f"{charter.tracking.file} differs: {fix}"
    else:
        ok, detail = False, current.detail
    return state.with_metric(M_TABLE, ok, detail)
