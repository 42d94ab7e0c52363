"""The rule engine: may this identity make these changes?

One function, `judge`, serves every layer: the edit guard, the commit, merge and push
hooks, `charter check` and the pull-request bot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from charter.config import COORDINATOR, Charter
from charter.git import Change
from charter.identity import Identity
from charter.ownership import SHARED, Ownership, Resolution

if TYPE_CHECKING:
    from charter.grants import Grant, GrantBook

FOREIGN = "foreign"  # owned by another instance
OVERLAP = "overlap"  # claimed by several owners: nobody may change it until fixed
UNOWNED = "unowned"  # nobody owns it and `unowned: block`
COORDINATOR_ONLY = "coordinator-only"  # charter.yaml, the tracking file, .charter/
GRANTED_AWAY = "granted-away"  # the owner's own path, lent to another instance just now
GRANT_ENDED = "grant-ended"  # another's path, changed after the grant for it had ended

STATUS_WORDS = {
    "A": "add",
    "M": "modify",
    "D": "delete",
    "R": "rename",
    "C": "copy",
    "T": "change type of",
    "U": "resolve",
}


class Violation(NamedTuple):
    path: str
    status: str
    kind: str
    resolution: Resolution
    commit: str | None = None  # set by the push and pull-request layers
    rename: tuple[str, str] | None = None  # (source, target): messages show both sides
    grant: Grant | None = None  # the grant behind GRANTED_AWAY and GRANT_ENDED

    @property
    def shown(self) -> str:
        """The path as a message names it: a rename with both of its sides."""
        return " -> ".join(self.rename) if self.rename else self.path

    @property
    def owner_label(self) -> str:
        if self.kind == OVERLAP:
            return " and ".join(self.resolution.owners)
        if self.kind == UNOWNED:
            return "nobody"
        return self.resolution.owner or "nobody"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "kind": self.kind,
            "owners": list(self.resolution.owners),
            "patterns": [r.pattern for r in self.resolution.rules],
            "commit": self.commit,
            "grant": self.grant.to_json() if self.grant is not None else None,
        }


def allowed(charter: Charter, identity: Identity, resolution: Resolution) -> str | None:
    """None when `identity` may change the path, else the kind of violation."""
    if identity.is_coordinator:
        return None
    if resolution.overlap:
        return OVERLAP
    owner = resolution.owner
    if owner is None:
        return None if charter.unowned == "allow" else UNOWNED
    if owner == identity.name or owner == SHARED:
        return None
    if owner == COORDINATOR:
        return COORDINATOR_ONLY
    return FOREIGN


def with_grants(
    grants: GrantBook,
    name: str,
    resolution: Resolution,
    kind: str | None,
    when: float,
    commit: str | None = None,
) -> tuple[str | None, Grant | None]:
    """`allowed`'s verdict (`kind`) for `name`, amended by the grants in force at `when`:
    the owner of a path lent out may not change it; the grantee may (the use is noted in
    `grants.used`); a grantee's change after its grant ended is named as such."""
    owner = resolution.owner
    if owner is None:
        return kind, None
    if kind is None and owner == name:
        lent = grants.granted_away(owner, resolution.path, when)
        return (GRANTED_AWAY, lent) if lent is not None else (None, None)
    if kind != FOREIGN:
        return kind, None
    grant, ended = grants.granted_to(owner, name, resolution.path, when)
    if grant is not None:
        grants.used.append((commit, resolution.path, grant))
        return None, grant
    return (GRANT_ENDED, ended) if ended is not None else (kind, None)


def judge(
    charter: Charter,
    ownership: Ownership,
    identity: Identity,
    changes: Iterable[Change],
    *,
    commit: str | None = None,
    grants: GrantBook | None = None,
    when: float = 0.0,
) -> list[Violation]:
    """Every path in `changes` that `identity` may not change (both sides of renames),
    with `grants` (when given) in force at time `when`."""
    violations: list[Violation] = []
    if identity.is_coordinator:
        return violations
    # The common case decided inline (this loop runs for every staged path): a path the
    # instance owns, or a shared one. `allowed` settles the rest. Only an instance that
    # has lent paths out has its own paths looked up in the grants.
    fine = (identity.name, SHARED)
    lends = grants is not None and bool(grants.of_owner(identity.name))
    resolve = ownership.resolve
    for change in changes:
        for path in change.paths():
            resolution = resolve(path)
            if resolution.owner in fine and not (lends and resolution.owner == identity.name):
                continue
            kind = allowed(charter, identity, resolution)
            grant = None
            if grants is not None:
                kind, grant = with_grants(grants, identity.name, resolution, kind, when, commit)
            if kind is not None:
                sides = (
                    (change.old_path, change.path)
                    if change.status == "R" and change.old_path is not None
                    else None
                )
                violations.append(
                    Violation(path, change.status, kind, resolution, commit, sides, grant)
                )
    return violations


def contract_of(charter: Charter, path: str) -> str | None:
    """The contract a path belongs to, if any."""
    for contract in charter.contracts.values():
        if path in (contract.lock_path, contract.api_path) or any(
            p.pattern.matches(path) for p in contract.paths
        ):
            return contract.name
    return None


# Advice templates; {paths} becomes the violating paths, quoted for a shell.
UNSTAGE_ADVICE = (
    "unstage these paths (`git restore --staged -- {paths}`) and restore them "
    "(`git restore -- {paths}`)"
)
PUSH_ADVICE = (
    "these commits are made already, and a later revert would not help (the push would "
    "still carry them): take the change out of them with `git rebase -i {oldest}^` (mark "
    "the commits named above `edit` or `drop`), then push again; or hand the change to "
    "its owner (below)"
)
EDIT_ADVICE = "edit only files your instance owns (`charter owner {paths}` tells who owns them)"


def _shell_paths(violations: Sequence[Violation]) -> str:
    import shlex

    paths = [p for v in violations for p in (v.rename or (v.path,))]
    return " ".join(shlex.quote(path) for path in dict.fromkeys(paths))


def _conflict_advice(charter: Charter, conflicts: Sequence[Violation]) -> str:
    """Resolving a conflict in another lane: what the instance may still do, and who may
    resolve it otherwise."""
    paths = _shell_paths(conflicts)
    integrators = [n for n, i in charter.instances.items() if i.role == "integration"]
    owners = sorted({v.owner_label for v in conflicts})
    who = " or ".join(
        ([f"the integration instance ({', '.join(integrators)})"] if integrators else [])
        + [f"the owner ({', '.join(owners)})"]
    )
    return (
        f"  - these are merge conflicts in files you do not own: take one side's version "
        f"unchanged (`git checkout --theirs -- {paths}` or `--ours`, then `git add -- "
        f"{paths}`), or stop the merge (`git merge --abort`) and leave the resolution to {who}"
    )


def _group_key(v: Violation) -> tuple[str, str]:
    return (v.kind, v.owner_label)


def format_violations(
    charter: Charter,
    identity: Identity,
    violations: Sequence[Violation],
    *,
    layer: str = "change",
    undo: str = UNSTAGE_ADVICE,
) -> str:
    """A message for an agent: what it may not change, grouped by owner, and what to do."""
    where = (
        "lent to another instance"
        if all(v.kind == GRANTED_AWAY for v in violations)
        else "outside its lane"
    )
    lines = [f"charter: {identity.name} may not {layer} {len(violations)} path(s) {where}:"]
    groups: dict[tuple[str, str], list[Violation]] = {}
    for v in violations:
        groups.setdefault(_group_key(v), []).append(v)
    for (kind, label), items in sorted(groups.items()):
        first = items[0].resolution
        if kind == FOREIGN:
            rule = first.rule
            where = f" via {rule.describe()}" if rule else ""
            lines.append(f"  owned by {label}{where}:")
        elif kind == OVERLAP:
            rules = "; ".join(f"{r.owner} {r.describe()}" for r in first.rules)
            lines.append(f"  claimed by several instances ({rules}):")
        elif kind == UNOWNED:
            lines.append("  owned by nobody (charter.yaml has `unowned: block`):")
        elif kind == GRANTED_AWAY and items[0].grant is not None:
            grant = items[0].grant
            lines.append(f"  lent out: {label} granted these to {grant.to} ({grant.describe()}):")
        elif kind == GRANT_ENDED and items[0].grant is not None:
            lines.append(f"  owned by {label}; the grant is over ({items[0].grant.describe()}):")
        else:
            lines.append("  the coordinator's files:")
        for v in items:
            where = f" in {v.commit[:12]}" if v.commit else ""
            contract = contract_of(charter, v.path)
            note = (
                f" (part of contract {contract!r}: its owner changes it, consumers build on it)"
                if contract
                else ""
            )
            lines.append(f"    {STATUS_WORDS.get(v.status, v.status)} {v.shown}{where}{note}")
    lines.append("What you can do instead:")
    scratchpad = charter.scratchpad_path(identity.name)
    kinds = {v.kind for v in violations}
    owners = sorted({v.owner_label for v in violations if v.kind == FOREIGN})
    conflicts = [v for v in violations if v.status == "U"]
    edits = [v for v in violations if v.status != "U"]
    if conflicts:
        lines.append(_conflict_advice(charter, conflicts))
    if edits:
        if layer == "push" and undo == UNSTAGE_ADVICE:
            undo = PUSH_ADVICE
        oldest = next((v.commit[:12] for v in edits if v.commit), "HEAD")  # oldest first
        advice = undo.format(paths=_shell_paths(edits), oldest=oldest)
        lines.append(f"  - keep your change inside your lane: {advice}")
    if owners:
        lines.append(
            f"  - ask {', '.join(owners)} for the change: add it under `needs:` and the "
            f"Needs section of your scratchpad {scratchpad}, then go on with other work"
        )
    lines += _grant_advice(identity, violations)
    if OVERLAP in kinds:
        lines.append(
            "  - ask the coordinator to make ownership exclusive in charter.yaml "
            "(`charter validate` lists every overlap)"
        )
    if UNOWNED in kinds:
        lines.append(
            "  - ask the coordinator to give these paths an owner in charter.yaml "
            "(`charter validate --unowned` lists them)"
        )
    if COORDINATOR_ONLY in kinds:
        lines.append(
            "  - charter.yaml, the tracking file and .charter/ change only on a "
            f"coordinator branch ({', '.join(charter.coordinator_branches)}); describe "
            f"what you need in {scratchpad}"
        )
    if FOREIGN in kinds:
        lines.append("  - if the lanes are wrong, ask the coordinator to change charter.yaml")
    return "\n".join(lines)


def _grant_advice(identity: Identity, violations: Sequence[Violation]) -> list[str]:
    """What to do about grants: ask the owner for one (naming the command), wait for a
    lent path to come back, or take it back."""
    from charter.grants import format_time, suggest_command

    lines: list[str] = []
    wanted: dict[str, list[str]] = {}
    for v in violations:
        if v.kind in (FOREIGN, GRANT_ENDED) and v.resolution.owner:
            wanted.setdefault(v.resolution.owner, []).append(v.path)
    for owner, paths in sorted(wanted.items()):
        commands = "; ".join(f"`{suggest_command(p, identity.name)}`" for p in paths[:3])
        more = f" (and {len(paths) - 3} more path(s))" if len(paths) > 3 else ""
        lines.append(f"  - or have the path(s) lent to you: ask {owner}: {commands}{more}")
    lent = {v.grant for v in violations if v.kind == GRANTED_AWAY and v.grant is not None}
    for grant in sorted(lent, key=lambda g: g.id):
        lines.append(
            f"  - {grant.pattern} is {grant.to}'s until {format_time(grant.end)}: leave it to "
            f"them, or take it back first (`charter revoke {grant.id}`)"
        )
    return lines
