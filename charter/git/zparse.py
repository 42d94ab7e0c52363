"""Parsing git's NUL-separated (`-z`) output: paths survive any byte git allows."""

from __future__ import annotations

from typing import NamedTuple

# Statuses from `git diff --name-status`: A added, M modified, D deleted, R renamed,
# C copied, T type change, U unmerged.

_new_tuple = tuple.__new__


class Change(NamedTuple):
    """One changed path. For renames and copies `old_path` is the source side."""

    status: str  # one letter: A M D R C T U
    path: str
    old_path: str | None = None

    def paths(self) -> tuple[str, ...]:
        """Every path this change touches: both sides of a rename, the new side of a copy."""
        if self.status == "R" and self.old_path is not None:
            return (self.old_path, self.path)
        return (self.path,)


def decode(raw: bytes) -> str:
    """git's bytes as text; surrogateescape: a path that is not UTF-8 survives the round
    trip back to git."""
    return raw.decode("utf-8", "surrogateescape")


def split_z(out: bytes) -> list[str]:
    """Split NUL-terminated git output into paths (decoded losslessly)."""
    if not out:
        return []
    # One decode for the whole output: NUL never occurs inside a UTF-8 sequence, and
    # surrogateescape keeps undecodable bytes per byte, so this equals decoding each part.
    parts = out.decode("utf-8", "surrogateescape").split("\0")
    if parts[-1] == "":
        parts.pop()
    return parts


def parse_name_status(out: bytes) -> list[Change]:
    """Parse `git diff --name-status -z` output, renames and copies included."""
    changes: list[Change] = []
    append = changes.append
    fields = iter(split_z(out))
    # tuple.__new__ skips the NamedTuple's Python-level __new__: hooks parse every
    # staged path here.
    for field in fields:
        status = field[:1]
        if status == "R" or status == "C":
            old_path = next(fields)
            append(_new_tuple(Change, (status, next(fields), old_path)))
        else:
            append(_new_tuple(Change, (status, next(fields), None)))
    return changes
