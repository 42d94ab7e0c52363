"""`charter contracts`: lock a contract's surface, see its diff, check for drift."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.context import Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lock = sub.add_parser("lock", help="record the surface in .charter/contracts/ (owner only)")
    lock.add_argument("names", nargs="*", metavar="NAME", help="default: the contracts you own")
    diff = sub.add_parser("diff", help="surface changes of this branch since the base")
    check = sub.add_parser("check", help="every drift finding (exit 1 when one fails)")
    for action in (diff, check):
        action.add_argument("--base", metavar="REF", help="default: the default branch")
        action.add_argument(
            "--committed",
            action="store_true",
            help="judge HEAD only (default: HEAD with the staged and unstaged changes to "
            "contract files, as `git diff HEAD` shows them, and untracked ones)",
        )
    check.add_argument("--format", choices=("text", "json"), default="text")


def _base(ctx: Context, requested: str | None) -> str:
    from charter.errors import CharterError
    from charter.review import default_branch_refs

    if requested:
        return requested
    refs = default_branch_refs(ctx)
    if not refs:
        raise CharterError("cannot find the default branch here; pass --base REF")
    return refs[0]


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context

    ctx = load_context()
    if args.action == "lock":
        return _lock(ctx, args.names)
    base = _base(ctx, args.base)
    head, judged = _head(ctx, args.committed)
    if args.action == "diff":
        return _diff(ctx, base, head, judged)
    return _check(ctx, base, args.format, head, judged)


def _head(ctx: Context, committed: bool) -> tuple[str, str]:
    """What to judge, and the sentence that says so."""
    from charter.contracts.drift import uncommitted
    from charter.contracts.lock import WORKTREE

    changed = [] if committed else uncommitted(ctx.root, ctx.charter)
    if not changed:
        return "HEAD", "judged: HEAD (no uncommitted changes to contract files)"
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return WORKTREE, (
        f"judged: the work tree, HEAD with uncommitted changes to {shown} "
        "(--committed for HEAD only)"
    )


def _lock(ctx: Context, names: list[str]) -> int:
    from charter.contracts.lock import write_lock
    from charter.errors import CharterError

    charter = ctx.charter
    identity = ctx.identity
    if not names:
        names = [
            c.name
            for c in charter.contracts.values()
            if identity.is_coordinator or c.owner == identity.name
        ]
        if not names:
            raise CharterError(f"{identity.name} owns no contract; name one to lock")
    for name in names:
        contract = charter.contracts.get(name)
        if contract is None:
            raise CharterError(
                f"no contract {name!r} in charter.yaml; known: "
                f"{', '.join(sorted(charter.contracts)) or 'none'}"
            )
        if not identity.is_coordinator and contract.owner != identity.name:
            raise CharterError(
                f"contract {name!r} belongs to {contract.owner}; only its owner "
                "or the coordinator locks it"
            )
        changed, lock, api = write_lock(ctx.root, contract)
        state = "updated" if changed else "already current"
        print(
            f"{name}: {state} ({lock.relative_to(ctx.root)}, {api.relative_to(ctx.root)}); "
            f"commit both: git add {contract.lock_path} {contract.api_path}"
        )
    return 0


def _diff(ctx: Context, base: str, head: str, judged: str) -> int:
    from charter.contracts.drift import contract_drift

    print(judged)
    shown = 0
    for contract in ctx.charter.contracts.values():
        for item in contract_drift(ctx.root, contract, base, head):
            if item.kind in ("BREAKING", "POSSIBLY_BREAKING", "ADDITIVE"):
                print(f"{contract.name}: {item.kind} {item.title}: {item.detail}")
                shown += 1
    if not shown:
        print(f"no surface changes since {base}")
    return 0


def _check(ctx: Context, base: str, output: str, head: str, judged: str) -> int:
    import json
    import sys

    from charter.contracts.drift import FAILING, drift_between

    items = drift_between(ctx.charter, ctx.root, base, head)
    if output == "json":
        print(judged, file=sys.stderr)  # stdout stays one JSON document
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False))
    else:
        print(judged)
        for item in items:
            consumers = ", ".join(item.consumers) or "nobody yet"
            who = "consumers" if item.kind == "ADDITIVE" else "consumers who must adapt"
            print(
                f"{item.kind} [{item.fingerprint}] {item.contract}: {item.title}: "
                f"{item.detail} ({who}: {consumers})"
            )
        if not items:
            print(f"no contract drift against {base}")
    return 1 if any(i.kind in FAILING for i in items) else 0
