"""The contract rules the `charter-contracts` hook applies, as questions anyone can ask.

Commit: a staged change to a contract's files must come with a lock that matches the
staged surface, and breaking changes since HEAD are named with the consumers who must
adapt. Push: a contract that moved on the default branch since this branch's merge-base
(STALE_BASE). The hook prints the answers; `charter check` and the bot can reuse them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from charter.config import Contract
from charter.context import Context
from charter.contracts.drift import DriftItem

MUST_ADAPT = ("BREAKING", "POSSIBLY_BREAKING")


class StagedContract(NamedTuple):
    contract: Contract
    lock_stale: bool  # the staged lock does not match the staged surface
    must_adapt: list[Any]  # BREAKING / POSSIBLY_BREAKING findings since HEAD


def staged_contracts(ctx: Context) -> list[StagedContract]:
    """Every contract the staged commit touches, judged against its staged lock and HEAD."""
    from charter.contracts.drift import api, surface_changes
    from charter.contracts.lock import INDEX, compute_surface, contracts_touching, read_lock
    from charter.git import rev_parse
    from charter.review import index_changes

    paths = [p for change in index_changes(ctx) for p in change.paths()]
    has_head = rev_parse("HEAD", cwd=ctx.root) is not None
    judged = []
    for contract in contracts_touching(ctx.charter, paths):
        staged = compute_surface(ctx.root, contract, INDEX)
        lock = read_lock(ctx.root, contract, INDEX)
        stale = staged is not None and api(contract, staged) != api(contract, lock)
        must_adapt = []
        if has_head:
            before = compute_surface(ctx.root, contract, "HEAD")
            must_adapt = [
                f for f in surface_changes(contract, before, staged) if f.kind in MUST_ADAPT
            ]
        judged.append(StagedContract(contract, stale, must_adapt))
    return judged


def stale_bases(ctx: Context, tip: str) -> list[DriftItem]:
    """Contracts that moved on the default branch since `tip`'s merge-base with it."""
    from charter.contracts.drift import contract_drift
    from charter.review import default_branch_refs

    refs = default_branch_refs(ctx)
    if not refs:
        return []
    return [
        item
        for contract in ctx.charter.contracts.values()
        for item in contract_drift(ctx.root, contract, refs[0], tip)
        if item.kind == "STALE_BASE"
    ]


class MergedChange(NamedTuple):
    contract: Contract
    must_adapt: list[Any]  # BREAKING / POSSIBLY_BREAKING findings between the two locks


def merged_contract_changes(ctx: Context, name: str, before: str, after: str) -> list[MergedChange]:
    """Contracts `name` consumes whose lock changed in ways it must adapt to between
    `before` and `after` (a merge just made: ORIG_HEAD and HEAD)."""
    from charter.contracts.drift import surface_changes
    from charter.contracts.lock import read_lock

    changes = []
    for contract in ctx.charter.contracts_consumed_by(name):
        old = read_lock(ctx.root, contract, before)
        new = read_lock(ctx.root, contract, after)
        if old == new:
            continue
        must_adapt = [f for f in surface_changes(contract, old, new) if f.kind in MUST_ADAPT]
        if must_adapt:
            changes.append(MergedChange(contract, must_adapt))
    return changes
