"""Helpers for tests that build real git repositories and run charter in them
(`from gitrepo import charter, commit_all, git, write`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def git(repo: Path, *args: str, input: bytes | None = None) -> str:
    """Run git in `repo`, failing the test with git's message if it fails."""
    proc = subprocess.run(("git", *args), cwd=repo, input=input, capture_output=True, check=False)
    if proc.returncode != 0:
        raise AssertionError(
            f"git {' '.join(args)} failed ({proc.returncode}):\n"
            f"{proc.stdout.decode(errors='replace')}{proc.stderr.decode(errors='replace')}"
        )
    return proc.stdout.decode("utf-8", "surrogateescape")


def write(repo: Path, path: str, text: str = "x\n") -> Path:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def commit_all(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def charter(
    cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m charter ARGS` in `cwd`, as a user runs it: a new process, text out."""
    proc = subprocess.run(
        (sys.executable, "-m", "charter", *args),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "surrogateescape"),
        proc.stderr.decode("utf-8", "surrogateescape"),
    )


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
