"""The `charter-scratchpad` hook: the guide's anti-patterns, refused at commit time.

The rules themselves live in `charter.scratchpad_rules` (so `charter check` and the bot
can reuse them); this is their entry at the pre-commit stage: load the committed map,
skip the coordinator, print refusals and warnings, honour `CHARTER_BYPASS`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.hooks.entry import enforced_context

from charter.bypass import BYPASS_TRAILER, BYPASS_VAR, bypass_reason
from charter.errors import CharterError
from charter.scratchpad_rules import judge


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args:  # pre-commit passes none (pass_filenames: false)
        import argparse

        argparse.ArgumentParser(
            prog="charter-hook-scratchpad",
            description="Refuse commits that skip discovery or leave the scratchpad stale.",
        ).parse_args(args)
    try:
        ctx = enforced_context()
        if ctx is None:
            return 0
        identity = ctx.identity
        if identity.is_coordinator:
            return 0
        refusals, warnings = judge(ctx, identity.name)
    except CharterError as e:
        from charter.once import report_once  # the error path only

        return report_once(e)
    for warning in warnings:
        print(warning)
    if not refusals:
        return 0
    reason = bypass_reason(os.environ)
    if reason:
        print(
            f"charter: {BYPASS_VAR} set ({reason}): letting {len(refusals)} scratchpad "
            f"refusal(s) through; the commit records a {BYPASS_TRAILER} trailer",
            file=sys.stderr,
        )
        return 0
    print("\n\n".join(refusals))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
