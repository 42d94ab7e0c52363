"""What the guard judges: one file an agent's call would write."""

from __future__ import annotations

from typing import NamedTuple


class Write(NamedTuple):
    """One file an agent's call would write, as the call names it."""

    action: str  # in words: "edit", "overwrite through a shell redirection", "delete", ...
    path: str  # as written (absolute, or relative to `cwd`)
    cwd: str  # the directory `path` is relative to
