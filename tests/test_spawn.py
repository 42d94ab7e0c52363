"""charter spawn and charter doctor on fresh repositories, with the real git hooks they install."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.config import load

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [packages/shared/**]
"""


@pytest.fixture
def base(repo: Path) -> Path:
    write(repo, "charter.yaml", MAP)
    write(repo, "packages/shared/types.ts", "export type Id = string;\n")
    write(repo, "packages/auth/login.ts", "export {}\n")
    commit_all(repo, "coordinator: initial")
    return repo


def state(repo: Path) -> tuple[str, str, str, str]:
    """Everything spawn could leave behind if it stopped half-way."""
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "branch", "--list"),
        git(repo, "worktree", "list", "--porcelain"),
        git(repo, "status", "--porcelain", "--ignored"),
    )


def test_spawn_makes_everything_and_doctor_is_happy(base: Path) -> None:
    worktree = base.parent / "auth-wt"
    proc = charter(
        base,
        "spawn",
        "auth",
        "--owns",
        "packages/auth/**",
        "--depends-on",
        "foundation",
        "--worktree",
        str(worktree),
        "--description",
        "Login",
    )
    assert proc.returncode == 0, proc.stderr
    brief = proc.stdout
    assert "# You are the `auth` instance (feature)" in brief
    assert "`packages/auth/**`" in brief and "Depends on: foundation" in brief
    assert ".charter/scratchpads/auth.md" in brief

    charter_map = load(base)
    assert charter_map.instances["auth"].owns[0].text == "packages/auth/**"
    assert git(base, "log", "-1", "--format=%s").strip() == "charter: spawn instance auth"
    assert (worktree / ".charter/scratchpads/auth.md").exists()
    assert git(worktree, "branch", "--show-current").strip() == "instance/auth"
    assert git(worktree, "config", "--worktree", "charter.instance").strip() == "auth"
    settings = json.loads((worktree / ".claude/settings.local.json").read_text())
    command = settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
    assert f"--agent claude --instance auth --root {worktree}" in command
    assert " -I -S -c " in command  # isolated: the worktree's directory never on sys.path
    assert git(worktree, "status", "--porcelain") == ""  # the local settings are excluded

    proc = charter(base, "doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "everything is in order" in proc.stdout

    # The installed hooks are real: an out-of-lane commit in the worktree is refused.
    write(worktree, "packages/shared/types.ts", "changed\n")
    git(worktree, "add", "-A")
    commit = subprocess.run(
        ("git", "commit", "-q", "-m", "x"), cwd=worktree, capture_output=True, text=True
    )
    assert commit.returncode != 0
    assert "owned by foundation" in commit.stdout + commit.stderr
    git(worktree, "checkout", "-q", "HEAD", "--", "packages/shared/types.ts")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["foundation", "--owns", "x/**"], "already exists"),
        (["auth", "--owns", "packages/shared/auth/**"], "overlaps foundation"),
        (["auth", "--owns", "packages/auth/**", "--depends-on", "ghost"], "not an instance"),
    ],
)
def test_spawn_refuses_before_writing_anything(base: Path, args: list[str], message: str) -> None:
    before = state(base)
    config = (base / "charter.yaml").read_bytes()
    proc = charter(base, "spawn", *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert state(base) == before
    assert (base / "charter.yaml").read_bytes() == config


def test_spawn_undoes_every_step_when_a_late_step_fails(base: Path) -> None:
    before = state(base)
    config = (base / "charter.yaml").read_bytes()
    worktree = base.parent / "auth-wt"
    # The guard settings cannot be written: a directory stands where the file would go.
    # Worktree creation runs first, so spawn must undo the commit, branch and worktree.
    write(base, ".claude/settings.local.json/in-the-way", "x\n")
    commit_all(base, "a directory in the way")
    before = state(base)
    proc = charter(base, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(worktree))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "nothing was changed" in proc.stderr
    assert state(base) == before
    assert (base / "charter.yaml").read_bytes() == config
    assert not worktree.exists()


def test_spawn_needs_a_coordinator_branch(base: Path) -> None:
    git(base, "checkout", "-q", "-b", "instance/foundation")
    proc = charter(base, "spawn", "auth", "--owns", "packages/auth/**")
    assert proc.returncode == 2 and "coordinator branch" in proc.stderr


def test_spawn_never_clobbers_a_foreign_hook_and_doctor_reports_it(base: Path) -> None:
    hooks = Path(git(base, "rev-parse", "--git-path", "hooks").strip())
    hooks = hooks if hooks.is_absolute() else base / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    mine = hooks / "pre-push"
    mine.write_text("#!/bin/sh\necho my own hook\n")
    mine.chmod(0o755)
    proc = charter(
        base, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(base.parent / "wt")
    )
    assert proc.returncode == 0, proc.stderr
    assert "was not written by charter; left it alone" in proc.stdout
    assert mine.read_text() == "#!/bin/sh\necho my own hook\n"
    assert (hooks / "pre-commit").read_text().startswith("#!/bin/sh\n# charter-managed hook")
    doctor = charter(base, "doctor")
    assert doctor.returncode == 1
    assert "pre-push hook was not written by charter" in doctor.stdout


def test_spawn_honours_core_hooks_path(base: Path) -> None:
    git(base, "config", "core.hooksPath", ".githooks")
    proc = charter(
        base, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(base.parent / "wt")
    )
    assert proc.returncode == 0, proc.stderr
    assert (base / ".githooks" / "pre-commit").exists()
    assert os.access(base / ".githooks" / "pre-commit", os.X_OK)


def test_doctor_finds_the_usual_problems(base: Path) -> None:
    assert (
        charter(
            base,
            "spawn",
            "auth",
            "--owns",
            "packages/auth/**",
            "--worktree",
            str(base.parent / "wt"),
        ).returncode
        == 0
    )
    worktree = base.parent / "wt"
    git(worktree, "checkout", "-q", "-b", "wandering")
    (worktree / ".claude" / "settings.local.json").unlink()
    hooks = Path(git(base, "rev-parse", "--git-path", "hooks").strip())
    hooks = hooks if hooks.is_absolute() else base / hooks
    (hooks / "commit-msg").write_text("#!/bin/sh\n# charter-managed hook (old)\n")
    git(base, "worktree", "add", "-q", "-b", "stray", str(base.parent / "stray"))
    proc = charter(base, "doctor")
    assert proc.returncode == 1
    out = proc.stdout
    assert "commit-msg hook is out of date" in out
    assert "is on branch 'wandering', not its branch 'instance/auth'" in out
    assert "no Claude Code guard for auth" in out
    assert "cannot tell which instance is working here (branch 'stray'" in out
    assert len(out.strip().splitlines()) == 4
