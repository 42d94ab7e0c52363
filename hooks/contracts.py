"""The `charter-contracts` hook.

Commit: when the staged paths touch a contract, recompute its surface from the index
(what is being committed, not the work tree) and refuse a lock that no longer matches,
with the command that fixes it; report breaking changes and the consumers who must
adapt (the owner may commit them; the pull-request bot carries them to review).
Push: warn when a contract moved on the default branch since this branch's merge-base.
Post-merge (`--post-merge`): tell a consumer that what it just merged changes a contract
it consumes in ways it must adapt to, and what to read (a merge cannot be refused then;
it is news). The rules are `charter.contracts.gate`; this prints their answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.context import Context, load_context
from charter.errors import CharterError
from charter.push import PushRange


def _commit(ctx: Context) -> int:
    from charter.contracts.gate import staged_contracts

    status = 0
    for judged in staged_contracts(ctx):
        contract = judged.contract
        if judged.lock_stale:
            print(
                f"charter: contract {contract.name!r}: {contract.lock_path} does not match the "
                "staged surface (LOCK_STALE).\n"
                f"  fix: charter contracts lock {contract.name} && git add {contract.lock_path} "
                f"{contract.api_path}\n"
                "  (only the owner, "
                f"{contract.owner}, or the coordinator changes a contract)"
            )
            status = 1
        if judged.must_adapt:
            consumers = ", ".join(contract.consumers) or "no consumers yet"
            print(
                f"charter: contract {contract.name!r} changes in ways consumers must "
                f"adapt to ({consumers}):"
            )
            for f in judged.must_adapt:
                print(f"  {f.kind} {f.symbol}: {f.detail}")
            print(
                "  tell them in the Integration points of your scratchpad; the pull "
                "request will list this change"
            )
    return status


def _push(ctx: Context, push: PushRange) -> int:
    from charter.contracts.gate import stale_bases

    for item in stale_bases(ctx, push.local_sha or "HEAD"):
        print(f"charter: warning: {item.title}: {item.detail}", file=sys.stderr)
    return 0


def post_merge() -> int:
    """After `git merge` (fast-forward included): the consumer's side of a breaking change."""
    from charter.contracts.gate import merged_contract_changes
    from charter.git import rev_parse

    try:
        ctx = load_context(rules_from="HEAD")
        identity = ctx.identity
        before = rev_parse("ORIG_HEAD", cwd=ctx.root)
        if identity.is_coordinator or before is None or not ctx.charter.contracts:
            return 0
        changes = merged_contract_changes(ctx, identity.name, before, "HEAD")
    except CharterError as e:
        from charter.once import report_once  # the error path only

        report_once(e)
        return 0  # git ignores a post-merge hook's status; the merge is made
    for change in changes:
        contract = change.contract
        print(
            f"charter: the merge changes contract {contract.name!r} ({contract.owner}) in ways "
            f"{identity.name} must adapt to:"
        )
        for f in change.must_adapt:
            print(f"  {f.kind} {f.symbol}: {f.detail}")
        print(
            f"  read {contract.api_path} and the Integration points in "
            f"{ctx.charter.scratchpad_path(contract.owner)}, adapt your code, and note it in "
            f"{ctx.charter.scratchpad_path(identity.name)}"
        )
    return 0


def run(push: PushRange | None) -> int:
    """Warn about the pushed range, or (None) check the commit being made."""
    try:
        ctx = load_context(rules_from="HEAD")
        if not ctx.charter.contracts:
            return 0
        return _push(ctx, push) if push is not None else _commit(ctx)
    except CharterError as e:
        from charter.once import report_once  # the error path only

        return report_once(e)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--post-merge"]:
        return post_merge()
    return run(PushRange.from_environ(os.environ))  # the environment is read here, once


if __name__ == "__main__":
    raise SystemExit(main())
