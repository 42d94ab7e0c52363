"""Grants as people see them: the tracking table and `charter status`, `charter inbox`.

Everything here reads what the local layers trust (each owner's branch and the default
branch, see `charter.grants`); a grant file that does not load is left out here (the
commit hook names its line to the owner), so one broken file never breaks the table.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from charter.config import Charter
from charter.errors import ConfigError
from charter.grants import Grant, GrantBook, format_time, local_book

EXPIRING_SOON = 3600  # seconds: "expiring within an hour" in the inbox


def recorded(
    charter: Charter, root: Path, since: float, book: GrantBook | None = None
) -> list[Grant]:
    """Grants not over by `since` (the table passes its newest commit time, so the table
    stays a function of the repository, not of the clock)."""
    book = book or local_book(charter, root)
    found: list[Grant] = []
    with contextlib.suppress(ConfigError):  # one broken file: the others one by one below
        book.preload(charter.instances)
    for owner in charter.instances:
        try:
            found += book.of_owner(owner)
        except ConfigError:
            continue
    return sorted((g for g in found if g.end > since), key=lambda g: (g.owner, g.start, g.id))


def line(grant: Grant) -> str:
    """One line for the table and the terminal (untrusted text escaped by the caller)."""
    from charter.escape import one_line

    why = f" ({grant.reason})" if grant.reason else ""
    return one_line(
        f"{grant.pattern}: {grant.owner}'s, lent to {grant.to} until "
        f"{format_time(grant.end)}{why} [{grant.id}]"
    )


def _uncommitted(root: Path) -> list[str]:
    from charter.git import git, split_z

    out = git("status", "--porcelain=v1", "-z", "--untracked-files=all", cwd=root, check=False)
    # "XY path" entries; a rename's second field is its old name, also a path touched.
    return [entry[3:] if entry[2:3] == " " else entry for entry in split_z(out) if entry]


def inbox_lines(charter: Charter, root: Path, name: str, now: float, *, here: bool) -> list[str]:
    """What `name` should know about grants: lent to it, lent by it, ending within the hour,
    and (when `here` is its worktree) ended with its edits of the paths still uncommitted."""
    lines: list[str] = []
    grants = [g for g in recorded(charter, root, now - 7 * 86400) if name in (g.to, g.owner)]
    dirty = _uncommitted(root) if here else []
    for g in grants:
        left = g.end - now
        if g.start > now:
            continue
        if left > 0:
            soon = (
                " (ends within the hour: commit your work on it)" if left <= EXPIRING_SOON else ""
            )
            if g.to == name:
                lines.append(
                    f"granted to you: {g.pattern} by {g.granted_by} until "
                    f"{format_time(g.end)}{soon}" + (f"; {g.reason}" if g.reason else "")
                )
            else:
                lines.append(
                    f"lent by you: {g.pattern} to {g.to} until {format_time(g.end)}: do not edit "
                    f"it meanwhile (`charter revoke {g.id}` takes it back)"
                )
        elif g.to == name:
            stuck = [p for p in dirty if g.matches(p)]
            if stuck:
                lines.append(
                    f"grant over since {format_time(g.end)}: {g.pattern} (from {g.owner}), but "
                    f"you still have uncommitted edits of {', '.join(stuck[:5])}: ask "
                    f"{g.owner} for a new grant, or hand the change over in your scratchpad"
                )
    return lines
