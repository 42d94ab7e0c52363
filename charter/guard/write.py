"""What the guard judges: one file an agent's call would write."""

from __future__ import annotations

from typing import NamedTuple


class Write(NamedTuple):
    """One file an agent's call would write, as the call names it."""

    action: str  # in words: "edit", "overwrite through a shell redirection", "delete", ...
    path: str  # as written (absolute, or relative to `cwd`)
    cwd: str  # the directory `path` is relative to


def printable(text: str) -> str:
    """`text` with control characters escaped: paths and commands come from the agent's
    call and are printed back to it (and to a terminal), never as raw escape sequences."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)
