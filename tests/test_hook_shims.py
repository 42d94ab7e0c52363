"""The plain-git hook shims `charter spawn` installs, run by git itself: what is in the
work tree cannot change their verdict, and the push stage judges each pushed ref."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write

from charter.install import install_hooks

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    owns: [packages/shared/**]
  auth:
    owns: [packages/auth/**]
"""

# A package that would let every commit through if Python imported it instead of charter.
IMPOSTOR = {
    "charter/__init__.py": "",
    "charter/hooks/__init__.py": "",
    "charter/hooks/dispatch.py": "def main(argv=None):\n    return 0\n"
    "if __name__ == '__main__':\n    raise SystemExit(0)\n",
}


@pytest.fixture
def auth(repo: Path) -> Path:
    """auth's worktree, with charter's plain-git shims installed (no pre-commit)."""
    write(repo, "charter.yaml", MAP)
    write(repo, "packages/shared/types.ts", "export type Id = string;\n")
    write(repo, "packages/auth/login.ts", "export {}\n")
    commit_all(repo, "coordinator: initial")
    assert install_hooks(repo) == []
    worktree = repo.parent / "auth"
    git(repo, "worktree", "add", "-q", "-b", "instance/auth", str(worktree))
    return worktree


def commit(worktree: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    git(worktree, "add", "packages")
    return subprocess.run(
        ("git", "commit", "-q", *extra, "-m", "auth: change"),
        cwd=worktree,
        capture_output=True,
        text=True,
    )


def test_the_shim_refuses_an_out_of_lane_commit(auth: Path) -> None:
    write(auth, "packages/shared/types.ts", "export type Id = number;\n")
    proc = commit(auth)
    assert proc.returncode == 1
    assert "owned by foundation" in proc.stdout + proc.stderr


def test_an_untracked_charter_package_in_the_work_tree_changes_no_verdict(auth: Path) -> None:
    for path, text in IMPOSTOR.items():
        write(auth, path, text)
    write(auth, "packages/shared/types.ts", "export type Id = number;\n")
    proc = commit(auth)
    assert proc.returncode == 1, "the work tree's charter/ was imported instead of charter"
    assert "owned by foundation" in proc.stdout + proc.stderr
    # The impostor is what `python -m` would have run from the work tree: it does pass.
    shadowed = subprocess.run(
        (sys.executable, "-m", "charter.hooks.dispatch", "pre-commit"),
        cwd=auth,
        capture_output=True,
    )
    assert shadowed.returncode == 0


def test_the_push_shim_judges_each_pushed_ref(auth: Path, repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(repo, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    write(auth, "packages/shared/types.ts", "export type Id = number;\n")
    assert commit(auth, "--no-verify").returncode == 0  # skips the commit hooks
    sneaky = git(auth, "rev-parse", "HEAD").strip()

    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )

    assert proc.returncode == 1
    assert sneaky[:12] in proc.stdout + proc.stderr
    assert "owned by foundation" in proc.stdout + proc.stderr
    # Nothing of auth's arrived.
    assert git(remote, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]
