"""Real git repositories for tests (`from testing.gitrepo import commit_all, git, write`)."""

from __future__ import annotations

import subprocess
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


def add_worktrees(repo: Path, where: Path, names: tuple[str, ...]) -> dict[str, Path]:
    """A worktree `where/wt-NAME` on a new branch `instance/NAME` for each name, with
    `repo` itself as "main"."""
    trees = {"main": repo}
    for name in names:
        trees[name] = where / f"wt-{name}"
        git(repo, "worktree", "add", "-q", "-b", f"instance/{name}", str(trees[name]))
    return trees
