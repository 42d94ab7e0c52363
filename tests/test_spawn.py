"""charter spawn and charter doctor on fresh repositories, with the real git hooks they install."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scratchpad import pad

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
        (["ghost"], "--owns PATTERN"),
        ([], "or pass --all"),
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


def test_spawn_equips_an_instance_charter_yaml_already_has(base: Path) -> None:
    """The coordinator writes every lane first (or `charter init` does), then spawns."""
    worktree = base.parent / "foundation-wt"
    head = git(base, "rev-parse", "HEAD").strip()
    proc = charter(base, "spawn", "foundation", "--worktree", str(worktree))
    assert proc.returncode == 0, proc.stderr
    assert "# You are the `foundation` instance (foundation)" in proc.stdout
    assert git(worktree, "config", "--worktree", "charter.instance").strip() == "foundation"
    assert git(worktree, "branch", "--show-current").strip() == "instance/foundation"
    assert (worktree / ".claude/settings.local.json").exists()
    # charter.yaml is untouched; only the missing scratchpad was committed on main.
    assert git(base, "diff", "--name-only", head, "HEAD").split() == [
        ".charter/scratchpads/foundation.md"
    ]
    assert charter(base, "doctor").returncode == 0


def test_spawn_all_then_respawn_after_worktree_remove_reuses_the_branch(base: Path) -> None:
    assert charter(base, "instance", "add", "auth", "--owns", "packages/auth/**").returncode == 0
    commit_all(base, "coordinator: lanes")
    proc = charter(base, "spawn", "--all")
    assert proc.returncode == 0, proc.stderr
    for name in ("foundation", "auth"):
        assert f"spawned {name}: {base.parent / f'repo-{name}'}" in proc.stdout
    assert charter(base, "spawn", "--all").stdout.strip() == "every instance already has a worktree"
    again = charter(base, "spawn", "auth")
    assert again.returncode == 2 and "already has a worktree at" in again.stderr

    auth = base.parent / "repo-auth"
    write(auth, "packages/auth/login.ts", "export const login = 1;\n")
    git(auth, "commit", "-q", "--no-verify", "-am", "auth: login")
    work = git(auth, "rev-parse", "HEAD").strip()
    git(base, "worktree", "remove", str(auth))
    proc = charter(base, "spawn", "auth")
    assert proc.returncode == 0, proc.stderr
    assert git(auth, "rev-parse", "HEAD").strip() == work  # the branch's work is back
    assert git(auth, "config", "--worktree", "charter.instance").strip() == "auth"


def test_owns_takes_one_pattern_per_use_so_name_is_not_swallowed(base: Path) -> None:
    worktree = base.parent / "wt"
    proc = charter(
        base, "spawn", "--owns", "packages/auth/**", "--owns", "docs/auth/**",
        "--depends-on", "foundation", "auth", "--worktree", str(worktree),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lane = load(base).instances["auth"]
    assert [p.text for p in lane.owns] == ["packages/auth/**", "docs/auth/**"]
    assert lane.depends_on == ("foundation",) or list(lane.depends_on) == ["foundation"]


def test_a_worktree_spawned_earlier_is_told_to_merge_main(base: Path) -> None:
    auth = base.parent / "auth-wt"
    web = base.parent / "web-wt"
    assert charter(base, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(auth))
    assert charter(base, "spawn", "web", "--owns", "apps/web/**", "--worktree", str(web))
    # auth's charter.yaml predates web's lane: doctor there names the cause, not a symptom.
    proc = charter(auth, "doctor")
    assert proc.returncode == 1
    assert (
        f"{auth}: this worktree's charter.yaml is behind the default branch 'main'; "
        "run `git merge main` here"
    ) in proc.stdout
    assert "not an instance" not in proc.stdout
    # An identity charter.yaml here lacks but main has: the refusal says the same.
    whoami = charter(auth, "whoami", env={"CHARTER_INSTANCE": "web"})
    assert whoami.returncode == 2
    assert "does not have yet but 'main''s does" in whoami.stderr
    assert "run `git merge main` here" in whoami.stderr
    assert "ask the coordinator" not in whoami.stderr
    # From main, doctor names the stale worktree too; after the merge all is well.
    assert "auth: this worktree's charter.yaml is behind" in charter(base, "doctor").stdout
    git(auth, "merge", "-q", "--no-verify", "--no-edit", "main")
    assert charter(base, "doctor").returncode == 0


def test_a_refusal_by_old_lanes_says_to_merge_main(base: Path) -> None:
    auth = base.parent / "auth-wt"
    assert charter(base, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(auth))
    text = (base / "charter.yaml").read_text().replace(
        "owns: [packages/auth/**]", "owns: [packages/auth/**, docs/auth/**]"
    )
    write(base, "charter.yaml", text)
    commit_all(base, "coordinator: auth also owns its docs")
    write(auth, ".charter/scratchpads/auth.md", pad("in-progress"))
    write(auth, "docs/auth/login.md", "how to log in\n")
    git(auth, "add", "-A")
    proc = subprocess.run(
        ("git", "commit", "-q", "-m", "docs"), cwd=auth, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert (
        "first: this worktree's charter.yaml is behind the default branch 'main'; run "
        "`git merge main` here"
    ) in proc.stdout + proc.stderr
    git(auth, "merge", "-q", "--no-edit", "main")
    again = subprocess.run(
        ("git", "commit", "-q", "-m", "docs"), cwd=auth, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
