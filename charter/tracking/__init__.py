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

The package, one job a module: `snapshot` (refs and scratchpads, read once), `history`
(ahead/behind and scratchpad lag from one `git log`), `state` (the rows), `metrics` (the
guide's checklist), `render` (Markdown and terminal, one cleaning of untrusted text),
`region` (the marked region of the tracking file), `handoff` (what an instance waits for
and what became ready). Commands and the bot use the names below, nothing else. They load
on first use (as pip's commands do), so a hook that needs only `charter.tracking.history`
imports nothing else of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `X as X`: what mypy and readers see as this package's names
    from charter.tracking.handoff import CONTRACT as CONTRACT
    from charter.tracking.handoff import READY as READY
    from charter.tracking.handoff import WAITING as WAITING
    from charter.tracking.handoff import Notice as Notice
    from charter.tracking.handoff import inbox as inbox
    from charter.tracking.metrics import M_CONFLICTS as M_CONFLICTS
    from charter.tracking.metrics import M_DISCOVERY as M_DISCOVERY
    from charter.tracking.metrics import M_DOCS as M_DOCS
    from charter.tracking.metrics import M_LANES as M_LANES
    from charter.tracking.metrics import M_SCRATCHPADS as M_SCRATCHPADS
    from charter.tracking.metrics import M_TABLE as M_TABLE
    from charter.tracking.metrics import M_TESTS as M_TESTS
    from charter.tracking.metrics import Metric as Metric
    from charter.tracking.region import END as END
    from charter.tracking.region import START as START
    from charter.tracking.region import updated_file as updated_file
    from charter.tracking.region import write_tracking as write_tracking
    from charter.tracking.render import render_region as render_region
    from charter.tracking.render import render_table as render_table
    from charter.tracking.render import render_terminal as render_terminal
    from charter.tracking.snapshot import MISSING as MISSING
    from charter.tracking.snapshot import UNREADABLE as UNREADABLE
    from charter.tracking.snapshot import WORK_TREE as WORK_TREE
    from charter.tracking.snapshot import LoadedScratchpad as LoadedScratchpad
    from charter.tracking.snapshot import Snapshot as Snapshot
    from charter.tracking.snapshot import read_snapshot as read_snapshot
    from charter.tracking.state import InstanceState as InstanceState
    from charter.tracking.state import NeedState as NeedState
    from charter.tracking.state import TrackingState as TrackingState
    from charter.tracking.state import collect_state as collect_state

# name -> the module that defines it
_WHERE = {
    **dict.fromkeys(("CONTRACT", "READY", "WAITING", "Notice", "inbox"), "handoff"),
    **dict.fromkeys(
        (
            "M_CONFLICTS",
            "M_DISCOVERY",
            "M_DOCS",
            "M_LANES",
            "M_SCRATCHPADS",
            "M_TABLE",
            "M_TESTS",
            "Metric",
        ),
        "metrics",
    ),
    **dict.fromkeys(("END", "START", "updated_file", "write_tracking"), "region"),
    **dict.fromkeys(("render_region", "render_table", "render_terminal"), "render"),
    **dict.fromkeys(
        ("MISSING", "UNREADABLE", "WORK_TREE", "LoadedScratchpad", "Snapshot", "read_snapshot"),
        "snapshot",
    ),
    **dict.fromkeys(("InstanceState", "NeedState", "TrackingState", "collect_state"), "state"),
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
