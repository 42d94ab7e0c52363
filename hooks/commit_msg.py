"""The `charter-bypass-trailer` hook (commit-msg stage).

When `CHARTER_BYPASS="reason"` let a commit through, record it in the message as a
`Charter-Bypass: reason` trailer, so the push check and the pull-request bot can
report it instead of the bypass going unseen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.bypass import BYPASS_TRAILER, bypass_reason


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    reason = " ".join(bypass_reason(os.environ).split())  # one line in the trailer
    if not reason:
        return 0
    if not args:
        print("charter-hook-commit-msg: expected the commit message file", file=sys.stderr)
        return 2
    from charter.git import run

    result = run(
        "interpret-trailers",
        "--in-place",
        "--if-exists",
        "addIfDifferent",
        "--trailer",
        f"{BYPASS_TRAILER}: {reason}",
        args[0],
        ok=None,
    )
    if result.returncode != 0:
        print(
            f"charter: could not record the bypass: {result.stderr.decode().strip()}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
