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
                f"{path}: no Claude Code guard for {identity.name} (nor any other agent's); "
                f"register one there with `charter guard --install --agent claude`"
            )
        problems += probe_guards(where, identity.name, charter.scratchpad_path(identity.name))
    return problems


AGENT_NAMES = {"claude": "Claude Code", "codex": "Codex CLI", "gemini": "Gemini CLI",
               "cursor": "Cursor"}  # fmt: skip


def probe_guards(worktree: Path, instance: str, own_path: str) -> list[str]:
    """Run every registered guard's exact command, as its agent would, on an edit of a
    file the instance owns: it must answer `allow`."""
    import json
    import subprocess

    from charter.guard.agents import allows, probe_payload
    from charter.install import guard_commands, run_guard

    problems = []
    for agent, settings, command in guard_commands(worktree):
        data = json.dumps(probe_payload(agent, str(worktree), own_path)).encode()
        fix = f"re-register it with `charter guard --install --agent {agent}` in {worktree}"
        try:
            proc = run_guard(command, data, worktree)
        except subprocess.TimeoutExpired:
            problems.append(f"{settings}: the {agent} guard did not answer in 30 s; {fix}")
            continue
        out = proc.stdout
        err = proc.stderr.strip()
        first = err.splitlines()[-1] if err else "no message"
        if proc.returncode in (126, 127):
            problems.append(
                f"{settings}: the {agent} guard's program is not found or cannot run "
                f"({first}), so {AGENT_NAMES[agent]} edits unguarded; {fix}"
            )
        elif not allows(agent, proc.returncode, out):
            what = (
                f"exits {proc.returncode}"
                if proc.returncode not in (0, 2)
                else "refuses the instance's own files"
            )
            problems.append(
                f"{settings}: the {agent} guard {what} ({first}) on an edit of {instance}'s "
                f"own {own_path}; {AGENT_NAMES[agent]} treats anything but its blocking answer "
                f"as no objection, so nothing is guarded; {fix}"
            )
    return problems


def run(args: argparse.Namespace) -> int:
    problems = diagnose()
    for problem in problems:
        print(problem)
    if not problems:
        print("charter doctor: everything is in order")
    return 1 if problems else 0
