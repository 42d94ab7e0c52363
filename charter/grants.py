"""Grants: an owner lends some of its paths to another instance for a while.

`charter grant PATTERN --to auth --for 2h` (run by the owner, or by the coordinator on the
owner's behalf) records the grant in `.charter/grants/<owner>.yaml`. That file is the
owner's (implicit ownership, see `charter.ownership`), so no other instance can write it,
and a grant in it covers only paths the owner owns. A grant is exclusive: while it runs,
the grantee may change the granted paths and the owner may not (one writer per path).

The clock. A change is judged at a time: the commit's committer date (push, pull
request), or now (the commit being made, the guard's edit). A grant covers a change when
`start <= time < end`, where `end` is `until`, or the `revoked` time if that is earlier.

Where a grant is read from (never from the work tree, which anyone can edit):
* the pull-request check: the PR's base commit, that is the default branch. A PR that adds
  or edits a grant file is judged by the grants of its base, so it cannot grant itself.
* the local layers (guard, commit, merge, push): the owner's branch and the default branch
  (local and `origin/` copies). A grant the owner has committed on its own branch counts at
  once in every worktree of the repository, since they share refs.

Why a grantee cannot extend its own grant: the grant file is the owner's, so every layer
refuses the grantee's edit of it; a grant in the grantee's own file covers only the
grantee's own paths; and the PR check reads grants from the base commit, which the
grantee's PR cannot change. Where sources disagree about one grant (the same `id`), the
earliest `until` and the earliest `revoked` win, so a copy cannot lengthen a grant either.

Hooks import this module: the standard library, charter's core and ruamel.yaml (parsing
only when a grant file exists).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from charter.config import COORDINATOR, GRANTS_DIR, Charter, grants_path
from charter.errors import CharterError, ConfigError
from charter.patterns import Pattern, compile_pattern

if TYPE_CHECKING:
    from pathlib import Path

GRANT_KEYS = ("id", "pattern", "to", "granted_by", "start", "until", "reason", "revoked")
_ID = re.compile(r"[A-Za-z0-9._-]{1,100}\Z")
_DURATION = re.compile(r"(\d+)\s*([smhdw])\Z")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_GRANT_SECONDS = 30 * 86400  # a grant is a hand-over, not a new lane: that is charter.yaml


def format_time(when: float) -> str:
    """Seconds since the epoch as ISO 8601 UTC, to the minute when that is exact."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(int(when), dt.timezone.utc)
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return text.removesuffix(":00Z") + "Z" if text.endswith(":00Z") else text


def parse_time(text: str) -> float:
    """ISO 8601 (`2026-12-01T18:00Z`, `2026-12-01T18:00:00+02:00`, `2026-12-01`) -> seconds
    since the epoch; a time without a zone is UTC. ValueError when unreadable."""
    import datetime as dt

    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    stamp = dt.datetime.fromisoformat(value)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.timestamp()


def parse_duration(text: str) -> int:
    """`90m`, `4h`, `2d` -> seconds. ValueError when unreadable."""
    match = _DURATION.match(text.strip().lower())
    if not match or int(match.group(1)) <= 0:
        raise ValueError(text)
    return int(match.group(1)) * _UNITS[match.group(2)]


class Grant(NamedTuple):
    id: str
    owner: str  # whose paths: the grant file's instance
    pattern: str
    to: str
    granted_by: str  # the owner, or the coordinator
    start: float
    until: float
    reason: str = ""
    revoked: float | None = None
    source: str = ""  # where it was read: "<rev>:<file>:<line>"
    compiled: Pattern | None = None  # the pattern, compiled once when read

    @property
    def end(self) -> float:
        return self.until if self.revoked is None else min(self.until, self.revoked)

    def active(self, when: float) -> bool:
        return self.start <= when < self.end

    def matches(self, path: str) -> bool:
        if path.startswith(GRANTS_DIR + "/"):
            return False  # never lent: a grantee holding the file could extend its grant
        pattern = self.compiled or compile_pattern(self.pattern)
        return pattern.matches(path)

    def describe(self) -> str:
        """'packages/x.ts to auth, granted by foundation until 2026-...Z (reason)', on one
        line (the pattern and reason come from a file: control characters made spaces)."""
        from charter.escape import one_line

        by = (
            self.granted_by
            if self.granted_by == self.owner
            else f"{self.granted_by} for {self.owner}"
        )
        ends = (
            f"revoked {format_time(self.revoked)}"
            if self.revoked is not None and self.revoked < self.until
            else f"until {format_time(self.until)}"
        )
        why = f" ({self.reason})" if self.reason else ""
        return one_line(f"{self.pattern} to {self.to}, granted by {by} {ends}{why}")

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "owner": self.owner,
            "pattern": self.pattern,
            "to": self.to,
            "granted_by": self.granted_by,
            "start": format_time(self.start),
            "until": format_time(self.until),
            "reason": self.reason,
            "revoked": format_time(self.revoked) if self.revoked is not None else None,
        }


def _time_field(v: _Reader, item: Mapping[str, Any], key: str, at: tuple[Any, ...]) -> float | None:
    raw = item.get(key)
    if raw is None:
        return None
    try:
        return parse_time(str(raw))
    except ValueError:
        v.error((*at, key), f"{key}: {raw!r} is not an ISO 8601 time; write e.g. 2026-12-01T18:00Z")
        return None


class _Reader:
    def __init__(self, filename: str, positions: Mapping[tuple[Any, ...], tuple[int, int]]) -> None:
        from charter.located import LocatedValidator

        self.v = LocatedValidator(filename, positions)

    def error(self, key: tuple[Any, ...], message: str) -> None:
        self.v.error(key, message)


def parse_grants(
    text: str, filename: str, owner: str, charter: Charter, rev: str = ""
) -> list[Grant]:
    """The grants of `owner`'s grant file; every problem at its line (ConfigError)."""
    from charter.located import parse_yaml

    data, positions = parse_yaml(text, filename)
    r = _Reader(filename, positions)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("grants", []), list):
        r.error((), "a grant file holds `grants:`, a list of grants; write it with `charter grant`")
        raise ConfigError(r.v.problems)
    r.v.unknown_keys(data, (), ("grants",))
    found: list[Grant] = []
    for i, item in enumerate(data.get("grants") or []):
        at = ("grants", i)
        if not isinstance(item, dict):
            r.error(at, "each grant is a mapping (id, pattern, to, start, until...)")
            continue
        r.v.unknown_keys(item, at, GRANT_KEYS)
        missing = [k for k in ("id", "pattern", "to", "start", "until") if not item.get(k)]
        if missing:
            r.error(at, f"grant without {', '.join(missing)}; write grants with `charter grant`")
            continue
        if not _ID.match(str(item["id"])):
            r.error((*at, "id"), "id: letters, digits, '.', '_' and '-' only")
            continue
        granted_by = str(item.get("granted_by") or owner)
        if granted_by not in (owner, COORDINATOR):
            r.error((*at, "granted_by"), f"granted_by: {owner} or {COORDINATOR}, who may grant")
            continue
        to = str(item["to"])
        if to not in charter.instances or to == owner:
            r.error((*at, "to"), f"to: {to!r} is not another instance in charter.yaml")
            continue
        try:
            compiled = compile_pattern(str(item["pattern"]))
        except CharterError as e:
            r.error((*at, "pattern"), f"pattern: {e}")
            continue
        start = _time_field(r, item, "start", at)
        until = _time_field(r, item, "until", at)
        revoked = _time_field(r, item, "revoked", at)
        if start is None or until is None:
            continue
        line = positions.get(at, (0, 0))[0]
        found.append(
            Grant(
                id=str(item["id"]),
                owner=owner,
                pattern=str(item["pattern"]),
                to=to,
                granted_by=granted_by,
                start=start,
                until=until,
                reason=str(item.get("reason") or ""),
                revoked=revoked,
                source=f"{rev + ':' if rev else ''}{filename}:{line}",
                compiled=compiled,
            )
        )
    if r.v.problems:
        raise ConfigError(r.v.problems)
    return found


def merge_copies(copies: Iterable[Grant]) -> list[Grant]:
    """One grant per id: the earliest `until` and the earliest `revoked` of its copies."""
    merged: dict[str, Grant] = {}
    for grant in copies:
        seen = merged.get(grant.id)
        if seen is None:
            merged[grant.id] = grant
            continue
        revoked = [t for t in (seen.revoked, grant.revoked) if t is not None]
        merged[grant.id] = seen._replace(
            until=min(seen.until, grant.until), revoked=min(revoked) if revoked else None
        )
    return list(merged.values())


# A loader: owners -> {owner: [(where, text)]}, each copy of each owner's grant file the
# layer trusts, read at once.
Loader = Callable[[list[str]], dict[str, list[tuple[str, str]]]]


class GrantBook:
    """The grants a layer trusts, read per owner on first need (most judgements need none).

    `used` collects (commit, path, grant) for every change a grant let through, which the
    pull-request check reports.
    """

    def __init__(self, charter: Charter, loader: Loader) -> None:
        self.charter = charter
        self._loader = loader
        self._by_owner: dict[str, list[Grant]] = {}
        self.used: list[tuple[str | None, str, Grant]] = []

    def of_owner(self, owner: str) -> list[Grant]:
        grants = self._by_owner.get(owner)
        if grants is None:
            self.preload([owner])
            grants = self._by_owner[owner]
        return grants

    def preload(self, owners: Iterable[str]) -> None:
        """Read the grant files of `owners` not read yet, in one go (a ConfigError names
        the first broken file's problems; the others stay unread)."""
        missing = [o for o in dict.fromkeys(owners) if o not in self._by_owner]
        if not missing:
            return
        texts = self._loader(missing)
        for owner in missing:
            copies: list[Grant] = []
            for where, text in texts.get(owner, []):
                copies += parse_grants(text, grants_path(owner), owner, self.charter, where)
            self._by_owner[owner] = merge_copies(copies)

    def granted_away(self, owner: str, path: str, when: float) -> Grant | None:
        """The grant that bars `owner` from its own `path` at `when`, if any."""
        for grant in self.of_owner(owner):
            if grant.active(when) and grant.matches(path):
                return grant
        return None

    def granted_to(
        self, owner: str, to: str, path: str, when: float
    ) -> tuple[Grant | None, Grant | None]:
        """(the grant covering `to`'s change of `owner`'s `path` at `when`, or None;
        else a grant of that path to `to` that was over by then, to name in the refusal)."""
        ended: Grant | None = None
        for grant in self.of_owner(owner):
            if grant.to != to or not grant.matches(path):
                continue
            if grant.active(when):
                return grant, None
            if when >= grant.end and (ended is None or grant.end > ended.end):
                ended = grant
        return None, ended


def blob_loader(root: str | os.PathLike[str], revs: Callable[[str], list[str]]) -> Loader:
    """A loader reading `<rev>:.charter/grants/<owner>.yaml` for each rev `revs(owner)`
    names (one `git cat-file --batch` however many; a rev that does not exist is skipped).

    A branch is read at its tip's commit id, found in git's ref files: a branch that
    does not exist costs nothing, and what a commit holds never changes, so the answers
    are kept in `grants-cache.json` of charter's cache directory and most runs (every
    commit hook, every `charter owner`) start no git process at all."""
    from charter.config import charter_cache_dir
    from charter.git.blobs import read_blobs
    from charter.git.discover import common_dir
    from charter.git.refs import OID, ref_tips

    def load(owners: list[str]) -> dict[str, list[tuple[str, str]]]:
        wanted = {owner: revs(owner) for owner in owners}
        names = {rev for listed in wanted.values() for rev in listed if rev.startswith("refs/")}
        tips = ref_tips(root, names) if names else None
        specs: dict[str, tuple[str, str]] = {}
        for owner, listed in wanted.items():
            for rev in listed:
                at = rev if tips is None or rev not in names else tips.get(rev)
                if at is not None:  # None: a branch that does not exist
                    specs.setdefault(f"{at}:{grants_path(owner)}", (owner, rev))
        # Read at a commit id, an answer never changes: those are kept.
        lasting = [spec for spec in specs if OID.fullmatch(spec.partition(":")[0])]
        common = common_dir(root)
        cache = _GrantCache(charter_cache_dir(common) if common is not None else None)
        blobs = cache.get(lasting)
        missing = [spec for spec in specs if spec not in blobs]
        if missing:
            fresh = read_blobs(root, missing)
            blobs.update(fresh)
            cache.put({spec: fresh[spec] for spec in lasting if spec in fresh})
        found: dict[str, list[tuple[str, str]]] = {}
        for spec, raw in blobs.items():
            if raw is not None:
                owner, rev = specs[spec]
                found.setdefault(owner, []).append((rev, raw.decode("utf-8", "replace")))
        return found

    return load


class _GrantCache:
    """Grant files by `<commit id>:<path>`, in charter's cache directory: an answer keyed
    by a commit id never goes stale. Kept to the newest `SIZE` answers; unreadable or
    missing, it is simply empty (a cache never decides anything)."""

    SIZE = 512

    def __init__(self, directory: Path | None) -> None:
        self._file = directory / "grants-cache.json" if directory is not None else None
        self._entries: dict[str, str | None] | None = None

    def _read(self) -> dict[str, str | None]:
        if self._entries is None:
            self._entries = {}
            if self._file is not None:
                import json

                try:
                    data = json.loads(self._file.read_bytes())
                except (OSError, ValueError):
                    data = None
                if isinstance(data, dict):
                    self._entries = {
                        k: v
                        for k, v in data.items()
                        if isinstance(k, str) and (v is None or isinstance(v, str))
                    }
        return self._entries

    def get(self, specs: Iterable[str]) -> dict[str, bytes | None]:
        entries = self._read()
        found: dict[str, bytes | None] = {}
        for spec in specs:
            if spec in entries:
                text = entries[spec]
                found[spec] = None if text is None else text.encode("utf-8", "surrogateescape")
        return found

    def put(self, blobs: Mapping[str, bytes | None]) -> None:
        keep = {
            spec: None if raw is None else raw.decode("utf-8", "surrogateescape")
            for spec, raw in blobs.items()
        }
        if not keep or self._file is None:
            return
        entries = self._read()
        for spec in keep:
            entries.pop(spec, None)  # newest last
        entries.update(keep)
        newest = dict(list(entries.items())[-self.SIZE :])
        import json

        from charter.atomic import write_text

        with contextlib.suppress(OSError):  # a read-only repository: no cache, same answers
            write_text(self._file, json.dumps(newest))


def local_revs(charter: Charter) -> Callable[[str], list[str]]:
    """For the local layers: the owner's branch and the default branch, local and origin's."""
    from charter.git.refs import default_branch_names

    defaults = default_branch_names(charter.default_branch, charter.coordinator_branches)

    def revs(owner: str) -> list[str]:
        branches: list[str] = list(defaults)
        instance = charter.instances.get(owner)
        if instance is not None:
            branches.append(instance.branch)
        return [
            f"{prefix}{b}" for b in branches for prefix in ("refs/heads/", "refs/remotes/origin/")
        ]

    return revs


def local_book(charter: Charter, root: str | os.PathLike[str]) -> GrantBook:
    return GrantBook(charter, blob_loader(root, local_revs(charter)))


def commit_book(charter: Charter, root: str | os.PathLike[str], rev: str) -> GrantBook:
    """The grants as recorded at one commit (the pull-request check: the base)."""
    return GrantBook(charter, blob_loader(root, lambda _owner: [rev]))


def suggest_command(path: str, to: str, hours: int = 2) -> str:
    import shlex

    return f"charter grant {shlex.quote(path)} --to {to} --for {hours}h"
