"""Git's own hook interface, for repositories that do not use the pre-commit framework.

`charter spawn` installs small shims (`charter.install.shim`: python runs `main` here with
STAGE and git's arguments, the work tree kept off sys.path) into the hooks directory every
worktree shares. This module turns git's arguments and
stdin into the values the hooks take (a `PushRange` per pushed ref), the way pre-commit's
hook_impl does; nothing is passed through the environment.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _pre_push(args: Sequence[str]) -> int:
    from charter.push import PushRange

    from . import ownership

    remote = args[0] if args else "origin"
    status = 0
    for push in PushRange.from_git_hook(remote, sys.stdin.read()):
        status = max(status, ownership.run(push))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m charter.hooks.dispatch STAGE [ARGS...]", file=sys.stderr)
        return 2
    stage, rest = args[0], args[1:]
    if stage in ("pre-commit", "pre-merge-commit"):
        from . import contracts, ownership, scratchpad

        status = ownership.run(None) or contracts.run(None)
        if stage == "pre-commit":
            status = status or scratchpad.main([])
        return status
    if stage == "post-merge":
        from . import contracts

        return contracts.post_merge()
    if stage == "commit-msg":
        from . import commit_msg

        return commit_msg.main(rest)
    if stage == "pre-push":
        return _pre_push(rest)
    print(f"charter: no hook for stage {stage!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
