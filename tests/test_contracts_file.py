"""`file` contracts (hashes only) on real repositories: locks, each drift kind, the hook."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter, python_module
from testing.scenarios import commit_and_lock, contract_map

from charter.config import load
from charter.contracts.drift import contract_drift


def kinds(repo: Path, base: str = "main") -> set[str]:
    contract = load(repo).contracts["schemas"]
    return {i.kind for i in contract_drift(repo, contract, base, "HEAD")}


@pytest.fixture
def locked(repo: Path) -> Path:
    return commit_and_lock(
        repo,
        {"charter.yaml": contract_map("file"), "schemas/api/user.json": '{"id": "string"}\n'},
    )


def test_lock_is_current_and_idempotent(locked: Path) -> None:
    assert (locked / ".charter/contracts/schemas.lock.json").exists()
    assert "schemas/api/user.json" in (locked / ".charter/contracts/schemas.api.md").read_text()
    assert "already current" in charter(locked, "contracts", "lock").stdout
    assert kinds(locked) == set()
    assert charter(locked, "contracts", "check").returncode == 0


def test_removed_file_is_breaking_added_is_additive(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    git(locked, "rm", "-q", "schemas/api/user.json")
    write(locked, "schemas/api/team.json", "{}\n")
    charter(locked, "contracts", "lock")
    commit_all(locked, "replace user with team")
    items = contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD")
    assert {(i.kind, i.title) for i in items} == {
        ("BREAKING", "schemas/api/user.json"),
        ("ADDITIVE", "schemas/api/team.json"),
    }
    assert all(i.consumers == ("auth",) for i in items)
    assert charter(locked, "contracts", "check").returncode == 1


def test_lock_stale(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    write(locked, "schemas/api/user.json", '{"id": "number"}\n')
    commit_all(locked, "forgot the lock")
    assert "LOCK_STALE" in kinds(locked)


def test_stale_base_then_concurrent(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/auth")
    write(locked, "auth/a.txt", "work\n")
    commit_all(locked, "auth work")
    git(locked, "checkout", "-q", "main")
    write(locked, "schemas/api/user.json", '{"id": "uuid"}\n')
    charter(locked, "contracts", "lock")
    moved = commit_all(locked, "ids are uuids")
    git(locked, "checkout", "-q", "instance/auth")
    items = contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD")
    stale = [i for i in items if i.kind == "STALE_BASE"]
    assert stale and moved[:7] in stale[0].detail and "ids are uuids" in stale[0].detail
    assert "CONCURRENT" not in {i.kind for i in items}
    git(locked, "checkout", "-q", "-b", "instance/foundation", "main~1")
    write(locked, "schemas/api/user.json", '{"id": "int"}\n')
    charter(locked, "contracts", "lock")
    commit_all(locked, "ids are ints")
    assert "CONCURRENT" in kinds(locked)


def test_hook_judges_the_index_not_the_work_tree(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    write(locked, "schemas/api/user.json", '{"id": "number"}\n')
    git(locked, "add", "-A")
    proc = python_module("charter.hooks.contracts", locked)
    assert proc.returncode == 1 and "charter contracts lock schemas" in proc.stdout
    charter(locked, "contracts", "lock")  # updated on disk, not staged yet
    assert python_module("charter.hooks.contracts", locked).returncode == 1
    git(locked, "add", "-A")
    proc = python_module("charter.hooks.contracts", locked)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "POSSIBLY_BREAKING schemas/api/user.json" in proc.stdout and "auth" in proc.stdout


def test_non_owner_and_unsupported_language(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/auth")
    assert "belongs to foundation" in charter(locked, "contracts", "lock", "schemas").stderr
    write(locked, "schemas/api/user.json", "{}\n")
    git(locked, "add", "-A")
    assert "part of contract 'schemas'" in charter(locked, "check").stdout
    git(locked, "checkout", "-q", "-f", "main")
    write(locked, "charter.yaml", contract_map("typescript"))
    write(locked, "schemas/api/x.ts", "export type X = 1;\nexport interface Y {\n  y: = ;\n}\n")
    git(locked, "add", "-A")
    proc = charter(locked, "contracts", "lock")
    assert proc.returncode == 2 and "schemas/api/x.ts:3" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plain_git_hook_shims_run_the_contracts_check(locked: Path) -> None:
    proc = charter(
        locked, "spawn", "docs", "--owns", "docs/**", "--worktree", str(locked.parent / "wt")
    )
    assert proc.returncode == 0, proc.stderr
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    write(locked, "schemas/api/user.json", '{"id": "number"}\n')
    git(locked, "add", "-A")
    commit = subprocess.run(
        ("git", "commit", "-q", "-m", "no lock"), cwd=locked, capture_output=True, text=True
    )
    assert commit.returncode == 1
    assert "charter contracts lock schemas" in commit.stdout + commit.stderr


def test_a_consumer_merging_a_breaking_change_hears_what_to_read(locked: Path) -> None:
    """The post-merge hook (a shim `charter spawn` installs) speaks after `git merge`,
    fast-forward included: the consumer learns what changed and what to read."""
    auth = locked.parent / "auth-wt"
    proc = charter(locked, "spawn", "auth", "--worktree", str(auth))
    assert proc.returncode == 0, proc.stderr
    # The coordinator lands the owner's work: user.json removed, team.json added.
    git(locked, "rm", "-q", "schemas/api/user.json")
    write(locked, "schemas/api/team.json", "{}\n")
    lock = charter(locked, "contracts", "lock")
    assert lock.returncode == 0, lock.stdout + lock.stderr
    commit_all(locked, "user schema replaced")
    merge = subprocess.run(
        ("git", "merge", "main"), cwd=auth, capture_output=True, text=True, check=True
    )
    out = merge.stdout + merge.stderr
    assert "the merge changes contract 'schemas' (foundation) in ways auth must adapt to" in out
    assert "BREAKING schemas/api/user.json" in out
    assert "read .charter/contracts/schemas.api.md" in out
    again = subprocess.run(("git", "merge", "main"), cwd=auth, capture_output=True, text=True)
    assert "must adapt" not in again.stdout + again.stderr  # nothing new: nothing said
