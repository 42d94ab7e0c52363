"""Handoffs: `inbox` from the repository alone, and `charter inbox` in worktrees."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scenarios import lanes
from testing.scratchpad import pad, sp

from charter.config import load
from charter.tracking import CONTRACT, READY, WAITING, inbox

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
  session:
    owner: auth
    paths: [auth/session.ts]
    consumers: [web]
"""


AUTH_NEEDS = (
    "blocked_by: [foundation]\n"
    "needs:\n"
    "  - {from: foundation, what: a User type, contract: shared-types}\n"
    "  - {from: foundation, what: an Id type, contract: shared-types}\n"
)


def inbox_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return charter(cwd, "inbox", *args)


@pytest.fixture
def team(repo: Path, tmp_path: Path) -> dict[str, Path]:
    names = ("foundation", "auth", "web")
    trees = lanes(
        repo,
        tmp_path,
        MAP,
        files={"shared/types/user.ts": "export type User = {};\n"},
        scratchpads=dict.fromkeys(names, pad("discovery")),
        branches=names,
    )
    write(trees["foundation"], sp("foundation"), pad("in-progress"))
    commit_all(trees["foundation"], "foundation: starts")
    write(trees["auth"], sp("auth"), pad("blocked", AUTH_NEEDS))
    commit_all(trees["auth"], "auth: needs types")
    return trees


def lock(main: Path, text: str) -> None:
    """The coordinator merges a new lock of shared-types into main."""
    write(main, ".charter/contracts/shared-types.lock.json", text)
    commit_all(main, "lock shared-types")


def test_waiting_while_the_provider_works(team: dict[str, Path]) -> None:
    notices = inbox(team["main"], load(team["main"]), "auth")
    assert [(n.kind, n.source, n.what) for n in notices] == [
        (WAITING, "foundation", ("a User type",)),
        (WAITING, "foundation", ("an Id type",)),
    ]
    assert notices[0].message == "waiting on foundation (in-progress): a User type"
    assert not any(n.actionable for n in notices)
    assert len({n.key for n in notices}) == 2


def test_a_done_provider_is_ready_with_a_stable_key(team: dict[str, Path]) -> None:
    foundation = team["foundation"]
    write(foundation, sp("foundation"), pad("done"))
    commit_all(foundation, "foundation: done")
    charter = load(team["main"])
    notices = inbox(team["main"], charter, "auth")
    assert [(n.kind, n.source) for n in notices] == [(READY, "foundation")]
    (ready,) = notices
    assert ready.actionable and ready.key == "ready:auth:foundation"
    assert ready.what == ("a User type", "an Id type")
    assert ready.next_steps[:2] == ("git merge main", "charter inbox")
    assert ready.message.startswith(
        "foundation is done; you still wait on it for: a User type; an Id type. Read the "
        "Integration points in .charter/scratchpads/foundation.md"
    )
    # More work on the provider's branch does not make it a new event.
    write(foundation, sp("foundation"), pad("done") + "more notes\n")
    commit_all(foundation, "foundation: notes")
    assert [n.key for n in inbox(team["main"], charter, "auth")] == ["ready:auth:foundation"]
    # Once auth drops the need from its scratchpad, the notice is gone.
    write(team["auth"], sp("auth"), pad("in-progress"))
    commit_all(team["auth"], "auth: types arrived")
    assert inbox(team["main"], charter, "auth") == []


def test_a_contract_lock_changed_on_main_after_the_last_scratchpad_commit(
    team: dict[str, Path],
) -> None:
    main = team["main"]
    charter = load(main)
    lock(main, '{"v": 1}\n')
    notices = [n for n in inbox(main, charter, "auth") if n.kind == CONTRACT]
    assert len(notices) == 1
    first = notices[0]
    blob = git(main, "rev-parse", "main:.charter/contracts/shared-types.lock.json").strip()
    assert first.key == f"contract:auth:shared-types:{blob}"
    assert first.contract == "shared-types" and first.source == "foundation"
    assert "contract shared-types (foundation) changed on main in " in first.message
    assert "read .charter/contracts/shared-types.api.md" in first.message
    assert first.next_steps == (
        "git merge main",
        "charter inbox",
        "read .charter/contracts/shared-types.api.md",
    )
    # Same lock: same key on every run.
    assert [n.key for n in inbox(main, charter, "auth") if n.kind == CONTRACT] == [first.key]

    # auth updates its scratchpad afterwards: the change is acknowledged.
    auth = team["auth"]
    git(auth, "merge", "-q", "--no-edit", "main")
    write(auth, sp("auth"), pad("blocked", AUTH_NEEDS) + "read the new lock\n")
    commit_all(auth, "auth: saw the lock")
    assert [n for n in inbox(main, charter, "auth") if n.kind == CONTRACT] == []

    # A newer lock is a new event with a new key.
    lock(main, '{"v": 2}\n')
    (again,) = [n for n in inbox(main, charter, "auth") if n.kind == CONTRACT]
    assert again.key != first.key and again.key.startswith("contract:auth:shared-types:")


def test_consumers_hear_about_contracts_they_do_not_list_in_needs(team: dict[str, Path]) -> None:
    main = team["main"]
    write(main, ".charter/contracts/session.lock.json", "{}\n")
    commit_all(main, "lock session")
    notices = inbox(main, load(main), "web")  # web consumes session; its needs are empty
    assert [(n.kind, n.contract, n.source) for n in notices] == [(CONTRACT, "session", "auth")]


def test_inbox_command_in_worktrees(team: dict[str, Path]) -> None:
    proc = inbox_cli(team["auth"])  # the identity comes from the worktree's branch
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "auth: still waiting:",
        "  - waiting on foundation (in-progress): a User type",
        "  - waiting on foundation (in-progress): an Id type",
    ]
    write(team["foundation"], sp("foundation"), pad("done"))
    commit_all(team["foundation"], "foundation: done")
    proc = inbox_cli(team["main"], "auth", "--format", "json")
    data = json.loads(proc.stdout)
    assert [(d["kind"], d["key"]) for d in data] == [("ready", "ready:auth:foundation")]
    proc = inbox_cli(team["web"])
    assert proc.stdout == "web: nothing to wait for, nothing new\n"
    coordinator = inbox_cli(team["main"])
    assert coordinator.returncode == 2
    assert "the coordinator has no inbox; name an instance" in coordinator.stderr
    unknown = inbox_cli(team["main"], "ghost")
    assert unknown.returncode == 2 and "no instance 'ghost'" in unknown.stderr


def test_inbox_reads_the_uncommitted_scratchpad_and_the_providers_branch(
    team: dict[str, Path],
) -> None:
    web = team["web"]
    # A need written but not committed yet is waited on already.
    write(web, sp("web"), pad("blocked", "needs:\n  - {from: auth, what: a session API}\n"))
    proc = inbox_cli(web)
    assert proc.returncode == 0, proc.stderr
    assert "waiting on auth (blocked): a session API" in proc.stdout
    assert "nothing to wait for" not in proc.stdout
    # auth finishes on its branch: web is pointed at auth's scratchpad there, not at its
    # own (the default branch's, stale) copy.
    write(team["auth"], sp("auth"), pad("done"))
    commit_all(team["auth"], "auth: done")
    proc = inbox_cli(web)
    assert (
        "Read the Integration points in .charter/scratchpads/auth.md on instance/auth "
        "(`git show instance/auth:.charter/scratchpads/auth.md`)"
    ) in proc.stdout


def commit_on(tree: Path, day: int, message: str) -> None:
    """Commit everything with a committer date on day `day` of 2030 (order without sleep)."""
    git(tree, "add", "-A")
    subprocess.run(
        ("git", "commit", "-q", "--no-verify", "-m", message),
        cwd=tree,
        check=True,
        env={**os.environ, "GIT_COMMITTER_DATE": f"2030-01-{day:02d}T00:00:00"},
    )


def test_a_dependency_that_became_done_is_news_for_its_dependents(
    team: dict[str, Path],
) -> None:
    web, auth = team["web"], team["auth"]
    write(web, sp("web"), pad("in-progress"))
    commit_on(web, 1, "web: starts")
    assert inbox(team["main"], load(team["main"]), "web") == []  # auth not done: no news
    write(auth, sp("auth"), pad("done"))
    commit_on(auth, 2, "auth: done")
    notices = inbox(team["main"], load(team["main"]), "web")
    assert [(n.kind, n.source, n.key) for n in notices] == [(READY, "auth", "ready:web:auth")]
    assert "you still wait on it for: (depends_on)" in notices[0].message
    # Once web writes its scratchpad again (after reading auth's), the news is old.
    write(web, sp("web"), pad("in-progress", "blocked_by: []\n"))
    commit_on(web, 3, "web: read auth")
    assert inbox(team["main"], load(team["main"]), "web") == []
