"""Git's own hook interface, for repositories that do not use the pre-commit framework.

`charter spawn` installs small shims (`exec python -m charter.hooks.dispatch STAGE "$@"`)
into the hooks directory every worktree shares. This module turns git's arguments and
stdin into what the hooks expect, the same way pre-commit does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

ZERO = "0" * 40


def _pre_push(args: Sequence[str]) -> int:
    from . import ownership

    remote = args[0] if args else "origin"
    status = 0
    for line in sys.stdin.read().splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        local_ref, local_sha, remote_ref, remote_sha = parts
        if local_sha == ZERO:
            continue  # deleting a remote branch
        env = {
            "PRE_COMMIT_LOCAL_BRANCH": local_ref,
            "PRE_COMMIT_REMOTE_BRANCH": remote_ref,
            "PRE_COMMIT_REMOTE_NAME": remote,
            "PRE_COMMIT_TO_REF": local_sha,
        }
        if remote_sha != ZERO:
            env["PRE_COMMIT_FROM_REF"] = remote_sha
        saved = {k: os.environ.get(k) for k in (*env, "PRE_COMMIT_FROM_REF")}
        os.environ.update(env)
        try:
            status = max(status, ownership.main(["--stage", "push"]))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m charter.hooks.dispatch STAGE [ARGS...]", file=sys.stderr)
        return 2
    stage, rest = args[0], args[1:]
    if stage in ("pre-commit", "pre-merge-commit"):
        from . import contracts, ownership, scratchpad

        status = ownership.main(["--stage", "commit"]) or contracts.main([])
        if stage == "pre-commit":
            status = status or scratchpad.main([])
        return status
    if stage == "commit-msg":
        from . import commit_msg

        return commit_msg.main(rest)
    if stage == "pre-push":
        return _pre_push(rest)
    print(f"charter: no hook for stage {stage!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
