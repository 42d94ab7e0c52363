"""A team's lifecycle commands on real repositories and worktrees: `instance list`,
`instance remove`, `instance rename`, `despawn`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.config import load

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  # the shared base
  foundation:
    role: foundation
    owns: [packages/shared/**]
  auth:
    role: feature
    owns: [packages/auth/**]   # login and sessions
    depends_on: [foundation]
  web:
    role: feature
    owns: [apps/web/**]
    depends_on: [auth, foundation]
contracts:
  auth-api:
    owner: auth
    paths: [packages/auth/index.ts]
    language: file
    consumers: [web]
"""


@pytest.fixture
def team(repo: Path) -> Path:
    write(repo, "charter.yaml", MAP)
    write(repo, "packages/auth/index.ts", "export {}\n")
    commit_all(repo, "coordinator: lanes")
    return repo


def test_instance_list_shows_lane_branch_worktree_and_status(team: Path) -> None:
    auth = team.parent / "auth-wt"
    assert charter(team, "spawn", "auth", "--worktree", str(auth)).returncode == 0
    proc = charter(team, "instance", "list", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = {row["name"]: row for row in json.loads(proc.stdout)}
    assert rows["auth"] == {
        "name": "auth",
        "role": "feature",
        "lane": ["packages/auth/**"],
        "branch": "instance/auth",
        "worktree": str(auth),
        "status": "discovery",
    }
    assert rows["web"]["worktree"] is None and rows["web"]["status"] == "no scratchpad"
    text = charter(team, "instance", "list").stdout
    assert "auth (feature, discovery): packages/auth/**" in text
    assert "web (feature, no scratchpad): apps/web/**" in text
    assert "no worktree (`charter spawn web`)" in text


def test_instance_remove_refuses_while_others_need_it_unless_forced(team: Path) -> None:
    before = (team / "charter.yaml").read_text()
    proc = charter(team, "instance", "remove", "auth")
    assert proc.returncode == 2
    assert "web depend on it" in proc.stderr and "auth-api (consumed by web)" in proc.stderr
    assert (team / "charter.yaml").read_text() == before

    assert charter(team, "instance", "remove", "auth", "--force").returncode == 0
    after = load(team)
    assert "auth" not in after.instances and "auth-api" not in after.contracts
    assert after.instances["web"].depends_on == ("foundation",)
    text = (team / "charter.yaml").read_text()
    assert "# the shared base" in text  # a round-trip edit: comments stay
    assert charter(team, "instance", "remove", "web").returncode == 0
    assert charter(team, "instance", "remove", "ghost").returncode == 2


def test_instance_rename_keeps_branch_worktree_and_references(team: Path) -> None:
    auth = team.parent / "auth-wt"
    assert charter(team, "spawn", "auth", "--worktree", str(auth)).returncode == 0
    proc = charter(team, "instance", "rename", "auth", "identity")
    assert proc.returncode == 2 and "auth-api" in proc.stderr and "--force" in proc.stderr

    proc = charter(team, "instance", "rename", "auth", "identity", "--force")
    assert proc.returncode == 0, proc.stderr
    after = load(team)
    renamed = after.instances["identity"]
    assert renamed.branch == "instance/auth"  # its existing branch and worktree keep working
    assert list(after.instances) == ["foundation", "identity", "web"]
    assert after.instances["web"].depends_on == ("identity", "foundation")
    assert after.contracts["auth-api"].owner == "identity"
    assert "# login and sessions" in (team / "charter.yaml").read_text()
    assert (team / ".charter/scratchpads/identity.md").exists()
    assert git(auth, "config", "--worktree", "charter.instance").strip() == "identity"
    taken = charter(team, "instance", "rename", "identity", "web")
    assert taken.returncode == 2 and "already taken" in taken.stderr


def test_despawn_removes_the_worktree_refuses_uncommitted_work_and_may_delete_the_branch(
    team: Path,
) -> None:
    auth = team.parent / "auth-wt"
    assert charter(team, "spawn", "auth", "--worktree", str(auth)).returncode == 0
    write(auth, "packages/auth/draft.ts", "unsaved\n")
    proc = charter(team, "despawn", "auth")
    assert proc.returncode == 2 and "uncommitted work" in proc.stderr
    assert auth.exists()
    (auth / "packages/auth/draft.ts").unlink()

    proc = charter(team, "despawn", "auth", "--delete-branch")
    assert proc.returncode == 0, proc.stderr
    assert not auth.exists()
    assert git(team, "branch", "--list", "instance/auth").strip() == ""
    assert "auth" in load(team).instances  # the lane stays
    assert charter(team, "doctor").returncode == 0
