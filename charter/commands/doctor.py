"""`charter doctor`: is charter set up right in this repository and every worktree?"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def diagnose() -> list[str]:
    from charter.config import load
    from charter.errors import CharterError
    from charter.git import toplevel
    from charter.identity import resolve
    from charter.install import PRE_COMMIT_INSTALL, guard_installed, hook_states
    from charter.staleness import behind_default_branch, default_branch_has

    root = toplevel()
    problems: list[str] = []
    try:
        charter = load(root)
    except CharterError as e:
        return [
            f"{line} (fix charter.yaml; `charter validate` shows the same)"
            for line in str(e).splitlines()
        ]
    behind_here = behind_default_branch(root, charter)
    if behind_here is not None:
        problems.append(f"{root}: {behind_here.advice()}")
        if behind_here.charter is not None:
            charter = behind_here.charter  # judge the other worktrees by the newest lanes
    for hook in hook_states(root):
        if hook.state == "missing":
            problems.append(
                f"{hook.path}: {hook.stage} hook missing; run `charter hooks install` or "
                f"`{PRE_COMMIT_INSTALL}`"
            )
        elif hook.state == "stale":
            problems.append(
                f"{hook.path}: {hook.stage} hook is out of date (another Python or "
                "charter); run `charter hooks install`"
            )
        elif hook.state == "double":
            problems.append(
                f"{hook.path}: every charter {hook.stage} hook runs twice: pre-commit's hook "
                f"runs them and also charter's own shim, kept as {hook.legacy.name} by "
                "`pre-commit install`; run `charter hooks install` (it removes the shim)"
            )
        elif hook.state == "unconfigured":
            has_it = default_branch_has(root, charter, ".pre-commit-config.yaml")
            fix = (
                f"the default branch has one: run `git merge {has_it}` here"
                if has_it is not None
                else "add one that lists charter's hooks (see README)"
            )
            problems.append(
                f"{hook.path}: the {hook.stage} hook is pre-commit's, but {root} has no "
                f".pre-commit-config.yaml, so it fails there; {fix}"
            )
        elif hook.state == "foreign":
            problems.append(
                f"{hook.path}: {hook.stage} hook was not written by charter and does "
                "not run it; add charter's hooks to it (see README)"
            )
    from charter.git.worktrees import worktrees

    for where, branch, prunable in worktrees(root):
        path = str(where)
        if prunable:  # its directory is gone; git forgets it on `git worktree prune`
            continue
        try:
            identity = resolve(where, charter)
        except CharterError as e:
            problems.append(f"{path}: {e}")
            continue
        if identity.is_coordinator:
            continue
        behind = behind_default_branch(where, charter) if where != root else None
        if behind is not None:
            problems.append(f"{path}: {identity.name}: {behind.advice()}")
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
