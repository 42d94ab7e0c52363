"""Repositories several test files start from."""

from __future__ import annotations

from pathlib import Path

from testing.gitrepo import add_worktrees, commit_all, write
from testing.run import charter
from testing.scratchpad import sp


def lanes(
    repo: Path,
    where: Path,
    charter_yaml: str,
    *,
    scratchpads: dict[str, str],
    branches: tuple[str, ...],
    files: dict[str, str] | None = None,
) -> dict[str, Path]:
    """The coordinator commits `charter_yaml`, `files` and a scratchpad per instance
    (name -> text) on main; then a worktree per instance in `branches` (see
    `add_worktrees`). Returns the trees by name, main included."""
    write(repo, "charter.yaml", charter_yaml)
    for path, text in (files or {}).items():
        write(repo, path, text)
    for name, text in scratchpads.items():
        write(repo, sp(name), text)
    commit_all(repo, "lanes")
    return add_worktrees(repo, where, branches)


_CONTRACT_MAP = """\
version: 1
instances:
  foundation:
    role: foundation
    owns: [{lane}/**]
  auth:
    owns: [auth/**]
    depends_on: [foundation]
contracts:
  {name}:
    owner: foundation
    paths: [{lane}/api/**]
    language: {language}
"""


def contract_map(language: str, *, name: str = "schemas", lane: str = "schemas") -> str:
    """charter.yaml for contract tests: foundation owns `lane/` and its contract `name`
    (`lane/api/**`), which auth consumes."""
    return _CONTRACT_MAP.format(language=language, name=name, lane=lane)


def commit_and_lock(repo: Path, files: dict[str, str]) -> Path:
    """Write `files` (charter.yaml among them) and an auth file, commit, lock every
    contract as `charter contracts lock` does, and commit the lock."""
    for path, text in {**files, "auth/a.txt": "x\n"}.items():
        write(repo, path, text)
    commit_all(repo, "initial")
    proc = charter(repo, "contracts", "lock")
    assert proc.returncode == 0, proc.stderr
    commit_all(repo, "lock")
    return repo
