"""The `charter-contracts` hook.

Commit: when the staged paths touch a contract, recompute its surface from the index
(what is being committed, not the work tree) and refuse a lock that no longer matches,
with the command that fixes it; report breaking changes and the consumers who must
adapt (the owner may commit them; the pull-request bot carries them to review).
Push: warn when a contract moved on the default branch since this branch's merge-base.
The rules are `charter.contracts.gate`; this prints their answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.context import Context
from charter.errors import EXIT_UNUSABLE, CharterError
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


def run(push: PushRange | None) -> int:
    """Warn about the pushed range, or (None) check the commit being made."""
    from charter.context import load_context

    try:
        ctx = load_context(rules_from="HEAD")
        if not ctx.charter.contracts:
            return 0
        return _push(ctx, push) if push is not None else _commit(ctx)
    except CharterError as e:
        print(f"charter: {e}", file=sys.stderr)
        return EXIT_UNUSABLE


def main(argv: Sequence[str] | None = None) -> int:
    return run(PushRange.from_environ(os.environ))  # the environment is read here, once


if __name__ == "__main__":
    raise SystemExit(main())
