"""Writing grants: `charter grant` and `charter revoke` (reading and judging: `charter.grants`).

The grant file is written in the current worktree (the owner's, or the coordinator's on
the default branch) and committed there on its own, so the grant counts at once for every
local layer (they read the owner's branch) and, once merged, for the pull-request check
(it reads the default branch).
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Sequence

from charter.config import grants_path
from charter.context import Context
from charter.errors import CharterError
from charter.grants import (
    MAX_GRANT_SECONDS,
    Grant,
    format_time,
    parse_duration,
    parse_grants,
    parse_time,
)
from charter.patterns import compile_pattern, witness_paths

DEFAULT_SECONDS = 2 * 3600

HEADER = (
    "# Grants by {owner}: paths of its lane lent to another instance for a while.\n"
    "# Written by `charter grant` and `charter revoke`; only {owner} and the coordinator\n"
    "# may change this file. A grant counts for the local hooks once committed on\n"
    "# {owner}'s branch, and for the pull-request check once on the default branch.\n"
)


def read_worktree_grants(ctx: Context, owner: str) -> list[Grant]:
    path = ctx.root / grants_path(owner)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        raise CharterError(
            f"{grants_path(owner)}: cannot read it ({e}); restore it with git"
        ) from e
    return parse_grants(text, grants_path(owner), owner, ctx.charter)


def render(owner: str, grants: Sequence[Grant]) -> str:
    """The grant file (JSON strings are valid YAML double-quoted scalars)."""
    lines = [HEADER.format(owner=owner).rstrip("\n"), "grants:"]
    if not grants:
        lines[-1] = "grants: []"
    for g in grants:
        lines.append(f"- id: {json.dumps(g.id)}")
        lines.append(f"  pattern: {json.dumps(g.pattern, ensure_ascii=False)}")
        lines.append(f"  to: {json.dumps(g.to)}")
        lines.append(f"  granted_by: {json.dumps(g.granted_by)}")
        lines.append(f"  start: {json.dumps(format_time(g.start))}")
        lines.append(f"  until: {json.dumps(format_time(g.until))}")
        if g.reason:
            lines.append(f"  reason: {json.dumps(g.reason, ensure_ascii=False)}")
        if g.revoked is not None:
            lines.append(f"  revoked: {json.dumps(format_time(g.revoked))}")
    return "\n".join(lines) + "\n"


def _owner_of_pattern(ctx: Context, pattern: str) -> tuple[str, list[str]]:
    """The one instance owning every path the pattern names (tracked files, else example
    paths built from the pattern), and the tracked files it names."""
    from charter.git import ls_files

    compiled = compile_pattern(pattern)
    tracked = [p for p in ls_files(ctx.root) if compiled.matches(p)]
    probes = tracked or witness_paths(compiled)
    owners = {r.owner for r in ctx.ownership.resolve_all(probes)}
    if len(owners) != 1 or None in owners:
        named = ", ".join(sorted(o or "nobody" for o in owners)) or "nobody"
        raise CharterError(
            f"{pattern!r} names paths owned by {named}; a grant lends paths of one instance's "
            "lane: narrow the pattern (`charter owner PATH` tells who owns a path)"
        )
    owner = owners.pop()
    assert owner is not None
    if owner not in ctx.charter.instances:
        raise CharterError(
            f"{pattern!r} names paths owned by {owner}, not by an instance; only an instance's "
            "paths can be lent (the coordinator changes the rest in charter.yaml)"
        )
    return owner, tracked


def _granter(ctx: Context, owner: str) -> str:
    identity = ctx.identity
    if identity.is_coordinator or identity.name == owner:
        return identity.name
    raise CharterError(
        f"{identity.name} may not lend {owner}'s paths: only {owner} (or the coordinator) "
        f"grants them; ask {owner} to run the grant"
    )


def _until(now: float, until: str | None, duration: str | None) -> float:
    if until is not None:
        try:
            end = parse_time(until)
        except ValueError:
            raise CharterError(
                f"--until {until!r} is not an ISO 8601 time; write e.g. 2026-12-01T18:00Z"
            ) from None
    elif duration is not None:
        try:
            end = now + parse_duration(duration)
        except ValueError:
            raise CharterError(
                f"--for {duration!r} is not a duration; write e.g. 90m, 4h, 2d"
            ) from None
    else:
        end = now + DEFAULT_SECONDS
    if end <= now:
        raise CharterError(f"the grant would end at {format_time(end)}, which is not in the future")
    if end - now > MAX_GRANT_SECONDS:
        raise CharterError(
            "a grant lasts at most 30 days; for a lasting change of lanes ask the coordinator "
            "to edit charter.yaml"
        )
    return end


def _commit(ctx: Context, owner: str, message: str) -> None:
    from charter.git import git

    path = grants_path(owner)
    git("add", "--", path, cwd=ctx.root)
    try:
        git("commit", "-q", "-m", message, "--only", "--", path, cwd=ctx.root)
    except CharterError as e:
        raise CharterError(
            f"{path} is written but the commit failed ({e}); commit it yourself: "
            f"`git commit -m {shlex.quote(message.splitlines()[0])} -- {path}`"
        ) from e


def _save(ctx: Context, owner: str, grants: Sequence[Grant], message: str, commit: bool) -> None:
    from charter.atomic import write_text

    target = ctx.root / grants_path(owner)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, render(owner, grants))
    if commit:
        _commit(ctx, owner, message)


def grant(
    ctx: Context,
    pattern: str,
    to: str,
    *,
    until: str | None = None,
    duration: str | None = None,
    reason: str = "",
    commit: bool = True,
    now: float | None = None,
) -> Grant:
    """Record (and commit) a grant of `pattern` to `to`; returns it."""
    now = time.time() if now is None else now
    if to not in ctx.charter.instances:
        known = ", ".join(sorted(ctx.charter.instances))
        raise CharterError(f"--to {to!r} is not an instance in charter.yaml (known: {known})")
    owner, _ = _owner_of_pattern(ctx, pattern)
    if to == owner:
        raise CharterError(f"{pattern!r} is already {to}'s")
    granted_by = _granter(ctx, owner)
    end = _until(now, until, duration)
    existing = read_worktree_grants(ctx, owner)
    for other in existing:
        if other.active(now) and other.to != to and other.pattern == pattern:
            raise CharterError(
                f"{pattern!r} is lent to {other.to} until {format_time(other.end)}: one writer "
                f"per path; revoke that first (`charter revoke {other.id}`)"
            )
    ids = {g.id for g in existing}
    base = f"{to}-{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now))}"
    gid, n = base, 1
    while gid in ids:
        n += 1
        gid = f"{base}-{n}"
    new = Grant(gid, owner, pattern, to, granted_by, float(int(now)), float(int(end)), reason)
    message = f"charter: grant {pattern} to {to} until {format_time(new.until)}"
    _save(ctx, owner, [*existing, new], message + (f"\n\n{reason}" if reason else ""), commit)
    return new


def revoke(
    ctx: Context,
    ids: Sequence[str],
    *,
    to: str | None = None,
    commit: bool = True,
    now: float | None = None,
) -> list[Grant]:
    """End grants now: those named by id, or every running one to `to`. Returns them."""
    now = float(int(time.time() if now is None else now))
    identity = ctx.identity
    owners = list(ctx.charter.instances) if identity.is_coordinator else [identity.name]
    ended: list[Grant] = []
    for owner in owners:
        grants = read_worktree_grants(ctx, owner)
        changed = False
        for i, g in enumerate(grants):
            wanted = g.id in ids or (to is not None and g.to == to)
            if wanted and now < g.end:
                grants[i] = g._replace(revoked=now)
                ended.append(grants[i])
                changed = True
        if changed:
            names = ", ".join(f"{g.pattern} to {g.to}" for g in ended if g.owner == owner)
            _save(ctx, owner, grants, f"charter: revoke grant of {names}", commit)
    missing = [i for i in ids if i not in {g.id for g in ended}]
    if missing or not ended:
        what = ", ".join(missing) if missing else f"running grants to {to}"
        raise CharterError(
            f"no running grant {what} in {identity.name}'s grant file(s) here; "
            "`charter status` lists the grants"
            + (f" (revoked meanwhile: {', '.join(g.id for g in ended)})" if ended else "")
        )
    return ended
