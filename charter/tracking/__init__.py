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
and what became ready). Commands and the bot use the names below, nothing else.
"""

from __future__ import annotations

from charter.tracking.handoff import CONTRACT, READY, WAITING, Notice, inbox
from charter.tracking.metrics import (
    M_CONFLICTS,
    M_DISCOVERY,
    M_DOCS,
    M_LANES,
    M_SCRATCHPADS,
    M_TABLE,
    M_TESTS,
    Metric,
)
from charter.tracking.region import END, START, updated_file, write_tracking
from charter.tracking.render import escape_cell, render_region, render_table, render_terminal
from charter.tracking.snapshot import (
    MISSING,
    UNREADABLE,
    WORK_TREE,
    LoadedScratchpad,
    Snapshot,
    snapshot,
)
from charter.tracking.state import InstanceState, NeedState, TrackingState, collect_state

__all__ = [
    "CONTRACT",
    "END",
    "MISSING",
    "M_CONFLICTS",
    "M_DISCOVERY",
    "M_DOCS",
    "M_LANES",
    "M_SCRATCHPADS",
    "M_TABLE",
    "M_TESTS",
    "READY",
    "START",
    "UNREADABLE",
    "WAITING",
    "WORK_TREE",
    "InstanceState",
    "LoadedScratchpad",
    "Metric",
    "NeedState",
    "Notice",
    "Snapshot",
    "TrackingState",
    "collect_state",
    "escape_cell",
    "inbox",
    "render_region",
    "render_table",
    "render_terminal",
    "snapshot",
    "updated_file",
    "write_tracking",
]
