"""`charter doctor`: is charter set up right in this repository and every worktree?"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _worktrees(root: Path) -> list[tuple[str, str | None]]:
    """(path, branch or None) of every worktree, main one first."""
    from charter.git import git, split_z

    entries: list[tuple[str, str | None]] = []
    path: str | None = None
    branch: str | None = None
    for field in split_z(git("worktree", "list", "--porcelain", "-z", cwd=root)) + [""]:
        if field.startswith("worktree "):
            path, branch = field.removeprefix("worktree "), None
        elif field.startswith("branch "):
            branch = field.removeprefix("branch refs/heads/")
        elif field == "" and path is not None:
            entries.append((path, branch))
            path = None
    return entries


def diagnose() -> list[str]:
    from charter.config import load
    from charter.errors import CharterError
    from charter.git import toplevel
    from charter.identity import resolve
    from charter.install import guard_installed, hook_states

    root = toplevel()
    problems: list[str] = []
    try:
        charter = load(root)
    except CharterError as e:
        return [
            f"{line} (fix charter.yaml; `charter validate` shows the same)"
            for line in str(e).splitlines()
        ]
    for hook in hook_states(root):
        if hook.state == "missing":
            problems.append(
                f"{hook.path}: {hook.stage} hook missing; run `charter spawn` or "
                "`pre-commit install -t pre-commit -t pre-merge-commit -t pre-push "
                "-t commit-msg`"
            )
        elif hook.state == "stale":
            problems.append(
                f"{hook.path}: {hook.stage} hook is out of date (another Python or "
                "charter); re-run `charter spawn` for any instance or delete it and "
                "reinstall"
            )
        elif hook.state == "foreign":
            problems.append(
                f"{hook.path}: {hook.stage} hook was not written by charter and does "
                "not run it; add charter's hooks to it (see README)"
            )
    for path, branch in _worktrees(root):
        where = Path(path)
        try:
            identity = resolve(where, charter)
        except CharterError as e:
            problems.append(f"{path}: {e}")
            continue
        if identity.is_coordinator:
            continue
        instance = charter.instances[identity.name]
        if branch is not None and branch != instance.branch:
            problems.append(
                f"{path}: worktree of {identity.name} ({identity.source}) is on branch "
                f"{branch!r}, not its branch {instance.branch!r}; `git switch "
                f"{instance.branch}` there"
            )
        if not guard_installed(where):
            problems.append(
                f"{path}: no Claude Code guard for {identity.name}; re-run spawn or add "
                "the PreToolUse entry from the README to .claude/settings.local.json"
            )
    return problems


def run(args: argparse.Namespace) -> int:
    problems = diagnose()
    for problem in problems:
        print(problem)
    if not problems:
        print("charter doctor: everything is in order")
    return 1 if problems else 0
