"""The charter-scratchpad hook on real repositories with a worktree per instance."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from charter.hooks.scratchpad import main
from testing.gitrepo import commit_all, git, write
from testing.run import python_module
from testing.scenarios import lanes
from testing.scratchpad import pad

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [shared/**]
  auth:
    owns: [auth/**]
    depends_on: [foundation]
  web:
    owns: [web/**]
    depends_on: [auth]
contracts:
  shared-types:
    owner: foundation
    paths: [shared/types/**]
rules:
  scratchpad_max_stale_commits: 2
"""
AUTH = ".charter/scratchpads/auth.md"


def hook(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return python_module("charter.hooks.scratchpad", cwd, env=env)


def stage(tree: Path, path: str, text: str = "x\n") -> None:
    write(tree, path, text)
    git(tree, "add", "--", path)


def commit(tree: Path, message: str) -> None:
    git(tree, "commit", "-q", "--no-verify", "-m", message)


@pytest.fixture
def team(repo: Path, tmp_path: Path) -> dict[str, Path]:
    names = ("foundation", "auth", "web")
    return lanes(
        repo,
        tmp_path,
        MAP,
        files={"shared/types/user.ts": "export type User = {};\n"},
        scratchpads=dict.fromkeys(names, pad("discovery", discovery="")),
        branches=names,
    )


# --- skipping discovery -----------------------------------------------------------------


def test_in_discovery_only_the_scratchpad_may_be_committed(team: dict[str, Path]) -> None:
    auth = team["auth"]
    stage(auth, "auth/login.ts")
    stage(auth, "auth/session.ts")
    proc = hook(auth)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        f"charter: auth has not finished discovery (status: discovery in {AUTH}), so it may "
        "commit only its scratchpad; this commit also has: auth/login.ts auth/session.ts\n"
        "What to do next:\n"
    )
    assert f"write what you read and learned under `## Discovery` in {AUTH}" in proc.stdout
    assert "set `status: in-progress`" in proc.stdout
    assert "or keep this work for later: git restore --staged auth/login.ts" in proc.stdout

    git(auth, "restore", "--staged", "auth")
    stage(auth, AUTH, pad("discovery", discovery="Reading the spec."))
    assert hook(auth).returncode == 0  # the scratchpad alone is fine
    commit(auth, "auth: discovery notes")

    # Discovery written and status moved on, in the same commit as the work: fine.
    stage(auth, AUTH, pad("in-progress"))
    git(auth, "add", "auth")
    proc = hook(auth)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_empty_discovery_section_blocks_work_whatever_the_status(
    team: dict[str, Path],
) -> None:
    auth = team["auth"]
    stage(auth, AUTH, pad("in-progress", discovery="<!-- later -->"))
    stage(auth, "auth/login.ts")
    proc = hook(auth)
    assert proc.returncode == 1
    assert (
        f"  {AUTH}:2:9: status is 'in-progress' but `## Discovery` (line 6) is empty" in proc.stdout
    )
    assert f"then `git add {AUTH}` and commit again" in proc.stdout


def test_require_discovery_false_lets_work_through_but_only_from_head(
    team: dict[str, Path],
) -> None:
    auth = team["auth"]
    stage(auth, "auth/login.ts")
    # An uncommitted edit of charter.yaml cannot relax the rules (they come from HEAD).
    write(auth, "charter.yaml", MAP + "  require_discovery: false\n")
    assert hook(auth).returncode == 1
    main_tree = team["main"]
    write(main_tree, "charter.yaml", MAP + "  require_discovery: false\n")
    commit_all(main_tree, "coordinator: no discovery rule")
    git(auth, "checkout", "-q", "--", "charter.yaml")
    git(auth, "merge", "-q", "--no-edit", "main")
    stage(auth, "auth/login.ts", "y\n")
    proc = hook(auth)
    assert proc.returncode == 0, proc.stdout


# --- ignoring scratchpads ---------------------------------------------------------------


def install_shim(repo: Path) -> None:
    """A plain-git pre-commit hook (shared by every worktree) that runs the module."""
    shim = repo / ".git" / "hooks" / "pre-commit"
    shim.write_text(f"#!/bin/sh\nexec '{sys.executable}' -m charter.hooks.scratchpad\n")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)


def git_commit(tree: Path, message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ("git", "commit", "-q", "-m", message), cwd=tree, capture_output=True, text=True
    )


def test_more_than_n_commits_past_the_scratchpad_is_refused(team: dict[str, Path]) -> None:
    install_shim(team["main"])
    auth = team["auth"]
    stage(auth, AUTH, pad("in-progress"))
    assert git_commit(auth, "auth: start").returncode == 0
    for n in (1, 2):
        stage(auth, f"auth/f{n}.ts")
        proc = git_commit(auth, f"auth: f{n}")
        assert proc.returncode == 0, proc.stderr
    stage(auth, "auth/f3.ts")
    proc = git_commit(auth, "auth: f3")
    assert proc.returncode == 1  # git shows a hook's output on its stderr
    assert proc.stderr.startswith(
        f"charter: auth has made 2 commit(s) since its scratchpad {AUTH} last changed; this "
        "one would be number 3, over the limit of 2 (rules.scratchpad_max_stale_commits)."
    )
    assert f"  2. git add {AUTH}\n" in proc.stderr
    assert "auth: f3" not in git(auth, "log", "--format=%s")
    # The fix it names works: the scratchpad goes in with this commit and resets the count.
    stage(auth, AUTH, pad("in-progress") + "f1-f3 done\n")
    proc = git_commit(auth, "auth: f3 and progress")
    assert proc.returncode == 0, proc.stderr
    stage(auth, "auth/f4.ts")
    assert git_commit(auth, "auth: f4").returncode == 0


def test_the_count_leaves_out_merges_and_default_branch_commits(team: dict[str, Path]) -> None:
    main_tree, auth = team["main"], team["auth"]
    stage(auth, AUTH, pad("in-progress"))
    commit(auth, "auth: start")
    stage(auth, "auth/f1.ts")
    commit(auth, "auth: f1")
    for n in range(3):  # the coordinator's commits are not auth's
        write(main_tree, f"docs/{n}.md")
        commit_all(main_tree, f"coordinator {n}")
    git(auth, "merge", "-q", "--no-edit", "main")
    stage(auth, "auth/f2.ts")
    assert hook(auth).returncode == 0  # f1 + f2: two own commits, the merge not counted
    commit(auth, "auth: f2")
    # Concluding a (conflicted) merge is never refused for staleness.
    write(main_tree, "auth/f2.ts", "main's version\n")
    commit_all(main_tree, "coordinator touches auth/f2.ts")
    stage(auth, "auth/f2.ts", "auth's version\n")
    commit(auth, "auth: f2 again")
    merge = subprocess.run(("git", "merge", "main"), cwd=auth, capture_output=True, text=True)
    assert merge.returncode == 1 and (auth / ".git").is_file()
    stage(auth, "auth/f2.ts", "resolved\n")
    proc = hook(auth)
    assert proc.returncode == 0, proc.stdout


# --- implicit contracts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        (
            "  - {from: fundation, what: types}\n",
            f"{AUTH}:4:5: this need is `from: fundation`, which is not an instance",
        ),
        (
            "  - {from: foundation, what: types, contract: types}\n",
            f"{AUTH}:4:5: contract 'types' is not in charter.yaml",
        ),
    ],
)
def test_needs_naming_unknown_instances_or_contracts_are_refused(
    team: dict[str, Path], needs: str, expected: str
) -> None:
    auth = team["auth"]
    stage(auth, AUTH, pad("in-progress", "needs:\n" + needs))
    proc = hook(auth)
    assert proc.returncode == 1
    assert "charter: auth's staged scratchpad has 1 problem(s):" in proc.stdout
    assert expected in proc.stdout
    assert "What to do next: fix each one as it says" in proc.stdout


def test_a_need_without_its_providers_contract_is_a_warning(team: dict[str, Path]) -> None:
    auth = team["auth"]
    stage(auth, AUTH, pad("in-progress", "needs:\n  - {from: foundation, what: a User type}\n"))
    proc = hook(auth)
    assert proc.returncode == 0
    assert proc.stdout.startswith(
        f"charter: warning: {AUTH}:4:5: this need from foundation names no contract, but "
        "foundation owns shared-types; add `contract: shared-types`"
    )


# --- unreadable, missing, exempt --------------------------------------------------------


def test_a_broken_staged_scratchpad_is_refused_with_its_line(team: dict[str, Path]) -> None:
    auth = team["auth"]
    stage(auth, AUTH, "---\nstatus: in-progress\nneeds: [oops\n---\n## Discovery\n")
    proc = hook(auth)
    assert proc.returncode == 1
    assert "charter: auth's staged scratchpad cannot be read:" in proc.stdout
    assert f"{AUTH}:" in proc.stdout and "not valid YAML" in proc.stdout
    assert f"fix it, then `git add {AUTH}` and commit again" in proc.stdout


def test_a_missing_or_deleted_scratchpad_is_refused(team: dict[str, Path]) -> None:
    web = team["web"]
    git(web, "rm", "-q", ".charter/scratchpads/web.md")
    proc = hook(web)
    assert proc.returncode == 1
    assert "scratchpad .charter/scratchpads/web.md is being deleted" in proc.stdout
    assert "git restore --staged --worktree .charter/scratchpads/web.md" in proc.stdout
    commit(web, "web: deleted it anyway")
    stage(web, "web/page.ts")
    proc = hook(web)
    assert proc.returncode == 1
    assert "does not exist" in proc.stdout and "charter scratchpad new web" in proc.stdout


def test_the_coordinator_is_exempt(team: dict[str, Path]) -> None:
    stage(team["main"], "auth/anything.ts")
    proc = hook(team["main"])
    assert (proc.returncode, proc.stdout) == (0, "")


def test_bypass_lets_a_refusal_through_and_says_so(team: dict[str, Path]) -> None:
    auth = team["auth"]
    stage(auth, "auth/hotfix.ts")
    proc = hook(auth, CHARTER_BYPASS="prod is down")
    assert proc.returncode == 0
    assert "CHARTER_BYPASS set (prod is down): letting 1 scratchpad refusal(s)" in proc.stderr


def test_no_charter_yaml_and_no_identity(repo: Path, team: dict[str, Path]) -> None:
    bare = repo.parent / "elsewhere"
    bare.mkdir()
    git(bare, "init", "-q", "-b", "main")
    proc = hook(bare)
    assert proc.returncode == 0 and "nothing to enforce" in proc.stderr
    auth = team["auth"]
    git(auth, "checkout", "-q", "--detach")
    proc = hook(auth)
    assert proc.returncode == 2
    assert "cannot tell which instance is working here" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_main_in_process(
    team: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(team["auth"])
    stage(team["auth"], "auth/x.ts")
    assert main([]) == 1
    assert "has not finished discovery" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
