"""The `charter-bypass-trailer` hook (commit-msg stage): charter's trailers.

* `Charter-Instance: NAME`: the instance whose identity made the commit, written on
  every commit an instance makes (replacing one typed into the message), so the
  pull-request check can see commits made under another instance's identity on a branch.
  A record, not a proof: `--no-verify` skips it and anyone can type one.
* `Charter-Bypass: reason`: when `CHARTER_BYPASS="reason"` let a commit through, so
  the push check and the pull-request check can report it instead of the bypass
  going unseen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charter.bypass import BYPASS_TRAILER, INSTANCE_TRAILER, bypass_reason


def _instance() -> str | None:
    """This worktree's instance, or None (the coordinator, no charter.yaml, no identity:
    the other hooks say what is wrong; a message hook never blocks for it)."""
    from charter.context import load_context
    from charter.errors import CharterError

    try:
        identity = load_context(rules_from="HEAD").identity
    except CharterError:
        return None
    return None if identity.is_coordinator else identity.name


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    reason = " ".join(bypass_reason(os.environ).split())  # one line in the trailer
    instance = _instance()
    if not reason and instance is None:
        return 0
    if not args:
        print("charter-hook-commit-msg: expected the commit message file", file=sys.stderr)
        return 2
    from charter.git import run

    trailers = []
    if instance is not None:
        trailers += ["--if-exists", "replace", "--trailer", f"{INSTANCE_TRAILER}: {instance}"]
    if reason:
        trailers += ["--if-exists", "addIfDifferent", "--trailer", f"{BYPASS_TRAILER}: {reason}"]
    result = run("interpret-trailers", "--in-place", *trailers, args[0], ok=None)
    if result.returncode != 0:
        print(
            f"charter: could not record the trailers: {result.stderr.decode().strip()}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
