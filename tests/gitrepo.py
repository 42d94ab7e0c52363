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
