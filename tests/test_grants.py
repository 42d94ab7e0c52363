"""Grants end to end: `charter grant` and `charter revoke` in real worktrees, then the
plain-git hook shims (commit and push), the edit-time guard and the rules' reading of the
grant file, all in one real repository."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scratchpad import pad, sp

from charter.config import grants_path
from charter.granting import render
from charter.grants import Grant, format_time
from charter.install import guard_commands, install_guard, install_hooks, run_guard

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    owns: [packages/shared/**]
  auth:
    owns: [packages/auth/**]
    depends_on: [foundation]
rules:
  require_discovery: false
"""
SHARED = "packages/shared/src/x.ts"


class Team(NamedTuple):
    repo: Path  # main, the coordinator's
    foundation: Path
    auth: Path


@pytest.fixture
def team(repo: Path) -> Team:
    write(repo, "charter.yaml", MAP)
    for path in (SHARED, "packages/shared/src/y.ts", "packages/auth/login.ts"):
        write(repo, path, f"// {path}\n")
    for name in ("foundation", "auth"):
        write(repo, sp(name), pad("in-progress"))
    commit_all(repo, "coordinator: initial")
    assert install_hooks(repo) == []
    trees = {}
    for name in ("foundation", "auth"):
        trees[name] = repo.parent / name
        git(repo, "worktree", "add", "-q", "-b", f"instance/{name}", str(trees[name]))
    return Team(repo, trees["foundation"], trees["auth"])


def commit(tree: Path, path: str, text: str, **env: str) -> subprocess.CompletedProcess[str]:
    write(tree, path, text)
    git(tree, "add", "--", path)
    return subprocess.run(
        ("git", "commit", "-q", "-m", f"change {path}"),
        cwd=tree,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def undo(tree: Path) -> None:
    git(tree, "reset", "-q", "--hard", "HEAD")


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def refused(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"expected a refusal:\n{out}"
    for word in words:
        assert word in out, f"{word!r} missing from:\n{out}"
    return out


def test_a_grant_lets_the_grantee_commit_and_bars_the_owner(team: Team) -> None:
    before = refused(commit(team.auth, SHARED, "// auth\n"), "owned by foundation")
    # The refusal offers the command the owner would run.
    assert f"ask foundation: `charter grant {SHARED} --to auth --for 2h`" in before
    undo(team.auth)

    out = ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h",
                     "--reason", "auth needs the session type"))  # fmt: skip
    assert "granted packages/shared/src/x.ts to auth" in out
    # Committed on foundation's branch, in foundation's own grant file.
    shown = git(team.repo, "show", f"instance/foundation:{grants_path('foundation')}")
    assert 'to: "auth"' in shown and "auth needs the session type" in shown

    ok(commit(team.auth, SHARED, "// auth was lent this\n"))
    # `charter check PATH` asks the same rule engine, grants included.
    ok(charter(team.auth, "check", SHARED))
    refused(charter(team.foundation, "check", SHARED), "lent out")
    # Only the granted path: the next file of the lane is still foundation's.
    refused(commit(team.auth, "packages/shared/src/y.ts", "// no\n"), "owned by foundation")
    undo(team.auth)

    out = refused(
        commit(team.foundation, SHARED, "// foundation's own edit\n"),
        "foundation may not commit 1 path(s) lent to another instance",
        "lent out: foundation granted these to auth",
        "charter revoke auth-",
    )
    assert "auth needs the session type" in out
    undo(team.foundation)
    ok(commit(team.foundation, "packages/shared/src/y.ts", "// still foundation's\n"))

    status = ok(charter(team.auth, "owner", SHARED))
    assert "auth, granted by foundation until" in status
    # In JSON the lent path carries its grant, its neighbours of the same owner none.
    proc = charter(team.auth, "owner", "--format", "json", SHARED, "packages/shared/src/y.ts")
    rows = json.loads(ok(proc))
    assert [(r["path"], r["owner"]) for r in rows] == [
        (SHARED, "foundation"),
        ("packages/shared/src/y.ts", "foundation"),
    ]
    assert rows[0]["grant"]["to"] == "auth" and rows[0]["grant"]["pattern"] == SHARED
    assert rows[1]["grant"] is None
    assert proc.stdout == json.dumps(rows, ensure_ascii=False) + "\n"


def test_a_grant_on_a_packed_branch_is_still_read(team: Team) -> None:
    """charter reads which branches exist from git's files (no process); a branch
    `git pack-refs` moved into packed-refs must still count."""
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    git(team.repo, "pack-refs", "--all")
    assert not (team.repo / ".git/refs/heads/instance/foundation").exists()
    ok(commit(team.auth, SHARED, "// lent, read from a packed branch\n"))
    assert "auth, granted by foundation until" in ok(charter(team.auth, "owner", SHARED))


def test_grant_files_are_read_once_per_commit_and_then_from_the_cache(team: Team) -> None:
    """Keyed by the branch tips' commit ids: a second look starts no git process for
    grants, a new grant commit is read afresh, and a damaged cache is only a miss."""
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    cache = team.repo / ".git" / "charter" / "grants-cache.json"

    def owner_and_trace() -> tuple[str, str]:
        trace = team.repo.parent / "trace.txt"
        trace.unlink(missing_ok=True)
        out = ok(charter(team.auth, "owner", SHARED, env={"GIT_TRACE": str(trace)}))
        return out, trace.read_text() if trace.exists() else ""  # no git process at all

    out, _ = owner_and_trace()
    assert "auth, granted by foundation until" in out and cache.exists()
    out, trace = owner_and_trace()
    assert "auth, granted by foundation until" in out and "cat-file" not in trace
    ok(charter(team.foundation, "revoke", "--to", "auth"))  # foundation's tip moves
    out, trace = owner_and_trace()
    assert "granted" not in out and "cat-file" in trace
    cache.write_text("{not json")
    out, _ = owner_and_trace()
    assert "granted" not in out and json.loads(cache.read_text())


def test_revoking_ends_the_grant_for_both_sides(team: Team) -> None:
    ok(charter(team.foundation, "grant", "packages/shared/src/*.ts", "--to", "auth"))
    ok(commit(team.auth, SHARED, "// lent\n"))
    out = ok(charter(team.foundation, "revoke", "--to", "auth"))
    assert "foundation owns it again" in out
    refused(commit(team.auth, SHARED, "// after revoke\n"), "owned by foundation", "grant is over")
    undo(team.auth)
    ok(commit(team.foundation, SHARED, "// foundation again\n"))


def test_an_expired_grant_is_named_and_the_push_judges_the_committer_date(team: Team) -> None:
    now = time.time()
    old = Grant("auth-old", "foundation", SHARED, "auth", "foundation", now - 7200, now - 3600)
    ok(commit(team.foundation, grants_path("foundation"), render("foundation", [old])))
    out = refused(commit(team.auth, SHARED, "// late\n"), "the grant is over")
    assert f"until {format_time(now - 3600)}" in out
    undo(team.auth)

    # A running grant covers a commit made now, not one dated after its end: the push
    # judges each commit by its committer date.
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    later = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(now + 3 * 3600))
    commit(team.auth, SHARED, "// dated later\n", GIT_COMMITTER_DATE=later)
    bare = team.repo.parent / "remote.git"
    git(team.repo, "init", "-q", "--bare", str(bare))
    git(team.auth, "remote", "add", "origin", str(bare))
    push = subprocess.run(
        ("git", "push", "-q", "origin", "instance/auth"), cwd=team.auth, capture_output=True,
        text=True,
    )  # fmt: skip
    refused(push, "the grant is over", SHARED)


def test_nobody_but_the_owner_writes_its_grant_file(team: Team) -> None:
    # auth cannot lend itself foundation's paths, nor edit foundation's grant file.
    proc = charter(team.auth, "grant", SHARED, "--to", "foundation")
    assert proc.returncode == 2 and "already foundation's" in proc.stderr
    forever = Grant("auth-forever", "foundation", "packages/shared/**", "auth", "foundation",
                    time.time() - 60, time.time() + 86400)  # fmt: skip
    refused(
        commit(team.auth, grants_path("foundation"), render("foundation", [forever])),
        "owned by foundation",
        grants_path("foundation"),
    )
    undo(team.auth)
    # And a grant never covers a grant file: lent `.charter/**`, auth still may not write it.
    refused(
        charter(team.foundation, "grant", ".charter/grants/*", "--to", "auth"),
        "owned by",
    )


def test_the_guard_honours_grants(team: Team) -> None:
    install_guard(team.auth, "claude", "auth")
    install_guard(team.foundation, "claude", "foundation")

    def edit(tree: Path, path: str) -> int:
        command = guard_commands(tree)[0][2]
        payload = {
            "session_id": "s", "cwd": str(tree), "hook_event_name": "PreToolUse",
            "tool_name": "Edit", "tool_input": {"file_path": str(tree / path)},
        }  # fmt: skip
        return run_guard(command, json.dumps(payload).encode(), tree).returncode

    assert edit(team.auth, SHARED) == 2
    assert edit(team.foundation, SHARED) == 0
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    assert edit(team.auth, SHARED) == 0
    assert edit(team.foundation, SHARED) == 2
    assert edit(team.foundation, "packages/shared/src/y.ts") == 0


def test_grants_show_in_status_the_table_and_both_inboxes(team: Team) -> None:
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "30m",
               "--reason", "session type"))  # fmt: skip
    status = ok(charter(team.repo, "status"))
    assert "GRANT packages/shared/src/x.ts: foundation's, lent to auth until" in status
    table = ok(charter(team.repo, "table"))
    assert "**Grants**" in table and "lent to auth until" in table
    mine = ok(charter(team.auth, "inbox"))
    assert "granted to you: packages/shared/src/x.ts by foundation until" in mine
    assert "ends within the hour" in mine and "session type" in mine
    theirs = ok(charter(team.foundation, "inbox"))
    assert "lent by you: packages/shared/src/x.ts to auth" in theirs

    # Over, with auth's edit of the path still uncommitted: auth's inbox says so.
    write(team.auth, SHARED, "// half done\n")
    ok(charter(team.foundation, "revoke", "--to", "auth"))
    late = ok(charter(team.auth, "inbox"))
    assert "grant over since" in late and f"uncommitted edits of {SHARED}" in late


def test_a_broken_grant_file_is_named_at_its_line(team: Team) -> None:
    broken = "grants:\n- id: x\n  pattern: packages/shared/src/x.ts\n  to: nobody\n"
    ok(commit(team.foundation, grants_path("foundation"), broken))  # judged by the old grants
    proc = commit(team.foundation, SHARED, "// next\n")
    assert proc.returncode != 0, proc.stdout + proc.stderr  # git reports any hook failure as 1
    assert ".charter/grants/foundation.yaml:2:3: grant without start, until" in proc.stderr
    # The guard never wedges on it: the lanes still decide, with a warning.
    install_guard(team.auth, "claude", "auth")
    command = guard_commands(team.auth)[0][2]
    payload = {
        "session_id": "s", "cwd": str(team.auth), "hook_event_name": "PreToolUse",
        "tool_name": "Edit", "tool_input": {"file_path": str(team.auth / SHARED)},
    }  # fmt: skip
    answer = run_guard(command, json.dumps(payload).encode(), team.auth)
    assert answer.returncode == 2 and "owned by foundation" in answer.stderr


def test_the_grantee_may_resolve_a_merge_conflict_in_a_granted_file(team: Team) -> None:
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    ok(commit(team.auth, SHARED, "// auth's version\n"))
    write(team.repo, SHARED, "// the coordinator's version\n")
    commit_all(team.repo, "coordinator: touches x.ts")
    merge = subprocess.run(
        ("git", "merge", "-q", "main"), cwd=team.auth, capture_output=True, text=True
    )
    assert merge.returncode != 0 and "CONFLICT" in merge.stdout + merge.stderr
    write(team.auth, SHARED, "// both, resolved by auth\n")
    git(team.auth, "add", SHARED)
    conclude = ("git", "commit", "-q", "--no-edit")
    # Without the grant, resolving foundation's file is refused; with it, it passes.
    ok(charter(team.foundation, "revoke", "--to", "auth"))
    refused(
        subprocess.run(conclude, cwd=team.auth, capture_output=True, text=True),
        f"resolve {SHARED}",
    )
    ok(charter(team.foundation, "grant", SHARED, "--to", "auth", "--for", "1h"))
    ok(subprocess.run(conclude, cwd=team.auth, capture_output=True, text=True))
    assert git(team.auth, "rev-list", "--count", "--merges", "HEAD").strip() == "1"


def test_grant_files_are_read_as_untrusted_text() -> None:
    from charter.config import loads
    from charter.errors import ConfigError
    from charter.grants import parse_grants

    charter_map = loads(MAP)
    entry = (
        '- id: "{id}"\n  pattern: packages/shared/src/x.ts\n  to: auth\n'
        '  granted_by: "{by}"\n  start: 2026-01-01T00:00Z\n  until: 2026-01-01T01:00Z\n'
        '  reason: "red \\e[31m text\\nsecond line"\n'
    )
    (grant,) = parse_grants(
        "grants:\n" + entry.format(id="auth-1", by="foundation"),
        "g.yaml", "foundation", charter_map,
    )  # fmt: skip
    assert "\x1b" not in grant.describe() and "\n" not in grant.describe()
    for bad_id, by, where in (("x; rm -rf /", "foundation", "g.yaml:2:3: id:"),
                              ("auth-2", "auth", "g.yaml:5:3: granted_by:")):  # fmt: skip
        with pytest.raises(ConfigError) as error:
            parse_grants("grants:\n" + entry.format(id=bad_id, by=by), "g.yaml", "foundation",
                         charter_map)  # fmt: skip
        assert where in str(error.value)
