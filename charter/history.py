"""The old name of `charter.tracking.history`, kept for one import: hooks/scratchpad.py
(another branch rewrites the hooks this round; its import moves to
`charter.tracking.history` when that lands, and this module goes)."""

from __future__ import annotations

from charter.tracking.history import History, history, scratchpad_lag

__all__ = ["History", "history", "scratchpad_lag"]
