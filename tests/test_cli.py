"""The command line on real repositories: owner, check, validate, whoami, init, guard."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.cli import _command_modules

MAP = """\
version: 1
shared: [/CHANGELOG.md]
unowned: {unowned}
instances:
  foundation:
    role: foundation
    owns: [/package.json, packages/shared/**]
  auth:
    owns: [packages/auth/**, "/*.auth.md"]
    depends_on: [foundation]
  billing:
    owns: [packages/billing/]
    depends_on: [foundation]
    github: "@acme/billing"
  integration:
    role: integration
    owns: [tests/integration/**]
"""


@pytest.fixture
def mapped(repo: Path) -> Path:
    write(repo, "charter.yaml", MAP.format(unowned="block"))
    for path in (
        "package.json",
        "packages/shared/types.ts",
        "packages/auth/login.ts",
        "packages/billing/pay.ts",
        "CHANGELOG.md",
        "README.md",
    ):
        write(repo, path)
    commit_all(repo, "setup")
    return repo


def test_every_command_has_help_and_there_is_a_version(tmp_path: Path) -> None:
    for name in _command_modules():
        proc = charter(tmp_path, name.replace("_", "-"), "--help")
        assert proc.returncode == 0, proc.stderr
        assert "usage: charter" in proc.stdout
    proc = charter(tmp_path, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("charter ")
    assert charter(tmp_path).returncode == 2  # no command: help and a usage error


def test_not_a_repository_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = charter(tmp_path, "validate")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not inside a git work tree" in proc.stderr


def test_owner_text_json_and_stdin(mapped: Path) -> None:
    proc = charter(
        mapped,
        "owner",
        "packages/auth/a.ts",
        "./packages/billing/x/y.ts",
        "README.md",
        "charter.yaml",
        ".charter/scratchpads/auth.md",
        "x.auth.md",
    )
    assert proc.returncode == 0
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert rows == [
        ["packages/auth/a.ts", "auth", "packages/auth/**"],
        ["packages/billing/x/y.ts", "billing", "packages/billing/"],
        ["README.md", "(unowned)", ""],
        ["charter.yaml", "coordinator", "charter.yaml"],
        [".charter/scratchpads/auth.md", "auth", ".charter/scratchpads/auth.md"],
        ["x.auth.md", "auth", "/*.auth.md"],
    ]
    names = ["z/last.ts", "packages/shared/new\nline.ts", "packages/auth/ü.ts"]
    proc = charter(
        mapped,
        "owner",
        "--stdin",
        "-z",
        "--format",
        "json",
        stdin="\0".join(names).encode() + b"\0",
    )
    data = json.loads(proc.stdout)
    assert [d["path"] for d in data] == names  # input order kept
    assert [d["owner"] for d in data] == [None, "foundation", "auth"]
    assert data[1]["pattern"] == "packages/shared/**" and data[0]["pattern"] is None


def test_check_staged_refuses_out_of_lane_and_names_the_owner(mapped: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    write(mapped, "packages/auth/login.ts", "mine\n")
    git(mapped, "add", "-A")
    proc = charter(mapped, "check", "--staged")
    assert proc.returncode == 0 and "inside auth's lane" in proc.stdout

    write(mapped, "packages/billing/pay.ts", "theirs\n")
    git(mapped, "rm", "-q", "packages/shared/types.ts")
    git(mapped, "add", "-A")
    proc = charter(mapped, "check")
    assert proc.returncode == 1
    assert "owned by billing" in proc.stdout and "modify packages/billing/pay.ts" in proc.stdout
    assert "owned by foundation" in proc.stdout and "delete packages/shared/types.ts" in proc.stdout
    assert "Needs section of your scratchpad .charter/scratchpads/auth.md" in proc.stdout

    proc = charter(mapped, "check", "--format", "json")
    report = json.loads(proc.stdout)
    assert report["instance"] == "auth"
    assert {(v["path"], v["kind"], tuple(v["owners"])) for v in report["violations"]} == {
        ("packages/billing/pay.ts", "foreign", ("billing",)),
        ("packages/shared/types.ts", "foreign", ("foundation",)),
    }


def test_check_paths_with_instance_override_and_coordinator(mapped: Path) -> None:
    proc = charter(
        mapped, "check", "--instance", "billing", "packages/billing/a.ts", "CHANGELOG.md"
    )
    assert proc.returncode == 0
    proc = charter(mapped, "check", "--instance", "billing", "packages/billing")
    assert proc.returncode == 1  # 'packages/billing/' owns what is below, not the name itself
    proc = charter(mapped, "check", "packages/auth/x.ts")  # on main: the coordinator
    assert proc.returncode == 0
    proc = charter(mapped, "check", "--instance", "ghost", "x")
    assert proc.returncode == 2 and "not an instance" in proc.stderr


def test_check_range_judges_each_own_commit(mapped: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    write(mapped, "packages/auth/a.ts", "1\n")
    commit_all(mapped, "in lane")
    write(mapped, "packages/shared/types.ts", "2\n")
    bad = commit_all(mapped, "out of lane")
    write(mapped, "packages/auth/a.ts", "3\n")
    commit_all(mapped, "in lane again")
    proc = charter(mapped, "check", "--range", "main..instance/auth", "--format", "json")
    assert proc.returncode == 1
    violations = json.loads(proc.stdout)["violations"]
    assert [(v["path"], v["commit"]) for v in violations] == [("packages/shared/types.ts", bad)]
    # Without a start: what the branch would bring to the default branch (no remote here:
    # the local main), the same one commit named.
    proc = charter(mapped, "check", "--range", "..instance/auth", "--format", "json")
    violations = json.loads(proc.stdout)["violations"]
    assert [(v["path"], v["commit"]) for v in violations] == [("packages/shared/types.ts", bad)]
    assert charter(mapped, "check", "--range", "nonsense").returncode == 2


def test_unowned_policy(mapped: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    proc = charter(mapped, "check", "scripts/x.sh")
    assert proc.returncode == 1 and "owned by nobody" in proc.stdout
    git(mapped, "checkout", "-q", "main")
    write(mapped, "charter.yaml", MAP.format(unowned="allow"))
    commit_all(mapped, "allow unowned")
    git(mapped, "checkout", "-q", "instance/auth")
    git(mapped, "merge", "-q", "main")
    assert charter(mapped, "check", "scripts/x.sh").returncode == 0


def test_whoami_in_order_of_precedence(mapped: Path) -> None:
    assert charter(mapped, "whoami").stdout.startswith("coordinator\t(from coordinator branch")
    git(mapped, "checkout", "-q", "-b", "instance/billing")
    assert charter(mapped, "whoami").stdout.startswith("billing\t(from branch")
    git(mapped, "config", "extensions.worktreeConfig", "true")
    git(mapped, "config", "--worktree", "charter.instance", "auth")
    assert charter(mapped, "whoami").stdout.startswith("auth\t(from git config charter.instance")
    proc = charter(mapped, "whoami", env={"CHARTER_INSTANCE": "integration"})
    assert proc.stdout.startswith("integration\t(from $CHARTER_INSTANCE")
    proc = charter(mapped, "whoami", env={"CHARTER_INSTANCE": "ghost"})
    assert proc.returncode == 2 and "'ghost', which is not an instance" in proc.stderr


def test_whoami_refuses_unknown_branches_and_detached_heads(mapped: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "feature/random")
    proc = charter(mapped, "whoami")
    assert proc.returncode == 2
    assert "branch 'feature/random'" in proc.stderr and "CHARTER_INSTANCE" in proc.stderr
    git(mapped, "checkout", "-q", "--detach")
    proc = charter(mapped, "whoami")
    assert proc.returncode == 2 and "a detached HEAD" in proc.stderr


def test_whoami_during_a_rebase_uses_the_branch_being_rebased(mapped: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    write(mapped, "packages/auth/a.ts", "a\n")
    commit_all(mapped, "auth work")
    git(mapped, "checkout", "-q", "main")
    write(mapped, "packages/auth/a.ts", "conflict\n")
    commit_all(mapped, "coordinator edit")
    git(mapped, "checkout", "-q", "instance/auth")
    proc = subprocess.run(("git", "rebase", "main"), cwd=mapped, capture_output=True)
    assert proc.returncode != 0  # stopped on the conflict, HEAD detached
    assert charter(mapped, "whoami").stdout.startswith("auth\t(from branch 'instance/auth'")


def test_validate_names_both_sides_of_every_overlap_and_lists_unowned(mapped: Path) -> None:
    assert charter(mapped, "validate").returncode == 0
    overlapping = MAP.format(unowned="block") + "  docs:\n    owns: ['*.md']\n"
    write(mapped, "charter.yaml", overlapping)
    write(mapped, "packages/auth/README.md")
    commit_all(mapped, "overlap")
    proc = charter(mapped, "validate")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    auth_docs = [line for line in lines if "auth 'packages/auth/**'" in line and "docs" in line]
    assert auth_docs and "packages/auth/README.md" in auth_docs[0]
    assert auth_docs[0].startswith("charter.yaml:9:")
    shared = [line for line in lines if "(shared)" in line]
    assert shared and "CHANGELOG.md" in shared[0] and "'*.md'" in shared[0]
    proc = charter(mapped, "validate", "--unowned")
    assert "unowned: README.md" not in proc.stdout  # '*.md' now owns it
    assert "unowned: packages/billing" not in proc.stdout


def test_validate_unowned_exit_code_follows_policy(mapped: Path) -> None:
    proc = charter(mapped, "validate", "--unowned")
    assert proc.returncode == 1 and "unowned: README.md" in proc.stdout


def test_init_writes_a_valid_template_and_refuses_to_overwrite(repo: Path) -> None:
    assert charter(repo, "init").returncode == 0
    assert charter(repo, "validate").returncode == 0
    proc = charter(repo, "init")
    assert proc.returncode == 2 and "--force" in proc.stderr


def test_init_from_codeowners(repo: Path) -> None:
    write(
        repo,
        "CODEOWNERS",
        "# owners\n/packages/auth/ @acme/auth\n*.md @alice\ndocs/ @alice  # trailing comment\n",
    )
    files = ["packages/auth/x", "a/b.md", "docs/x.txt"]
    for path in files:
        write(repo, path)
    commit_all(repo)
    proc = charter(repo, "init", "--from-codeowners", "CODEOWNERS")
    assert proc.returncode == 0, proc.stderr
    # '*.md' and 'docs/' (any depth) meet auth's lane at paths no file has yet
    # (packages/auth/docs/x.md): they are compiled into exact patterns, and init says so.
    assert "CODEOWNERS:3: '*.md'" in proc.stdout and "CODEOWNERS:4: 'docs/'" in proc.stdout
    text = (repo / "charter.yaml").read_text()
    assert "# Paths any instance may edit." in text  # the commented template is kept
    proc = charter(repo, "owner", "--format", "json", *files)
    assert [d["owner"] for d in json.loads(proc.stdout)] == ["auth", "alice", "alice"]
    assert '"@acme/auth"' in text
    assert "no overlaps" in charter(repo, "validate").stdout


def test_init_from_codeowners_refuses_only_what_github_does_not_read(repo: Path) -> None:
    # Several owners and owner-less lines are imported (issue 16); negation is not CODEOWNERS.
    write(repo, "CODEOWNERS", "*.js @a @b\n/legacy/\n!keep @c\nok/ @d\n")
    proc = charter(repo, "init", "--from-codeowners", "CODEOWNERS")
    assert proc.returncode == 2
    assert "CODEOWNERS:3:1" in proc.stderr and "negation" in proc.stderr
    assert "CODEOWNERS:1:" not in proc.stderr and "CODEOWNERS:2:" not in proc.stderr
    assert not (repo / "charter.yaml").exists()
    write(repo, "CODEOWNERS", "*.js @a @b\n/legacy/\nok/ @d\n")
    for path in ("src/x.js", "legacy/y.js", "ok/z.txt"):
        write(repo, path)
    commit_all(repo)
    assert charter(repo, "init", "--from-codeowners", "CODEOWNERS").returncode == 0
    assert '"@a @b"' in (repo / "charter.yaml").read_text()


def guard(
    cwd: Path, payload: object | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return charter(cwd, "guard", stdin=data, env=env)


def test_guard_refuses_out_of_lane_edits_and_allows_in_lane(mapped: Path, tmp_path: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    root = str(mapped)
    edit = {
        "tool_name": "Edit",
        "cwd": root,
        "tool_input": {"file_path": f"{root}/packages/billing/pay.ts"},
    }
    proc = guard(mapped, edit)
    assert proc.returncode == 2
    assert "owned by billing" in proc.stderr and "edit only files your instance owns" in proc.stderr
    for tool, key, path in (
        ("Write", "file_path", "packages/auth/new.ts"),
        ("MultiEdit", "file_path", f"{root}/packages/auth/login.ts"),
        ("NotebookEdit", "notebook_path", "packages/auth/n.ipynb"),
    ):
        proc = guard(mapped, {"tool_name": tool, "cwd": root, "tool_input": {key: path}})
        assert proc.returncode == 0, (tool, proc.stderr)
    proc = guard(
        mapped,
        {
            "tool_name": "Write",
            "cwd": f"{root}/packages",
            "tool_input": {"file_path": "shared/new.ts"},
        },
    )
    assert proc.returncode == 2 and "write packages/shared/new.ts" in proc.stderr
    proc = guard(
        mapped,
        {
            "tool_name": "Edit",
            "cwd": root,
            "tool_input": {"file_path": str(tmp_path / "elsewhere.txt")},
        },
    )
    assert proc.returncode == 0  # outside the repository
    proc = guard(mapped, {"tool_name": "Bash", "cwd": root, "tool_input": {"command": "rm -rf"}})
    assert proc.returncode == 0  # not an edit tool


def test_guard_never_wedges_on_a_bad_payload(mapped: Path) -> None:
    for payload in (b"not json", b"[]", json.dumps({"tool_name": "Edit"}).encode(), b"\xff"):
        proc = guard(mapped, payload)
        assert proc.returncode == 0
        assert "cannot read" in proc.stderr and "commit hook will judge it" in proc.stderr


def test_guard_through_a_symlinked_path(mapped: Path, tmp_path: Path) -> None:
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    link = tmp_path / "link"
    link.symlink_to(mapped)
    proc = guard(
        mapped,
        {
            "tool_name": "Edit",
            "cwd": str(link),
            "tool_input": {"file_path": str(link / "packages/billing/pay.ts")},
        },
    )
    assert proc.returncode == 2 and "owned by billing" in proc.stderr


def test_cli_minus_c(mapped: Path, tmp_path: Path) -> None:
    proc = charter(tmp_path, "-C", str(mapped), "owner", "package.json")
    assert proc.stdout.startswith("package.json\tfoundation")
    assert charter(tmp_path, "-C", str(tmp_path / "missing"), "whoami").returncode == 2


def test_init_github_writes_a_least_privilege_workflow(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    git(tmp_path, "init", "-q", "-b", "main")
    assert charter(tmp_path, "init").returncode == 0
    proc = charter(tmp_path, "init", "--github", "--action-ref", "acme/charter@" + "a" * 40)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / ".github/workflows/charter.yml").read_text()
    flow = YAML(typ="safe").load(text)
    assert "pull_request_target" not in flow["on"] and "pull_request" in flow["on"]
    assert flow["on"]["push"] == {"branches": ["main"]}  # charter.yaml's default branch
    # A coordinator's review (approving a bypass) judges the pull request again.
    assert flow["on"]["pull_request_review"] == {"types": ["submitted", "dismissed"]}
    assert flow["permissions"] == {}
    pr, sync = flow["jobs"]["pr"], flow["jobs"]["sync"]
    assert pr["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert sync["permissions"] == {"contents": "write", "issues": "write"}
    assert sync["concurrency"]["group"] == "charter-sync"
    for job, command in ((pr, "pr"), (sync, "sync")):
        checkout, action = job["steps"]
        assert re.fullmatch(r"actions/checkout@[0-9a-f]{40}", checkout["uses"])
        assert checkout["with"]["fetch-depth"] == 0
        assert action["uses"] == "acme/charter@" + "a" * 40
        assert action["with"]["command"] == command
    assert pr["steps"][0]["with"]["persist-credentials"] is False
    assert charter(tmp_path, "init", "--github").returncode == 2  # never overwritten silently


def test_owner_and_check_take_paths_as_git_does(mapped: Path, tmp_path: Path) -> None:
    sub = mapped / "packages" / "auth"
    sub.mkdir(parents=True, exist_ok=True)
    proc = charter(sub, "owner", "src/index.ts", "../billing/x.ts", str(mapped / "README.md"))
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t")[:2] for line in proc.stdout.splitlines()]
    assert rows == [
        ["packages/auth/src/index.ts", "auth"],
        ["packages/billing/x.ts", "billing"],
        ["README.md", "(unowned)"],
    ]
    outside = tmp_path / "elsewhere" / "packages" / "auth" / "a.ts"
    proc = charter(sub, "owner", str(outside))
    assert proc.returncode == 2
    assert f"{outside} is outside the repository {mapped}" in proc.stderr
    assert "Traceback" not in proc.stderr
    git(mapped, "checkout", "-q", "-b", "instance/auth")
    assert charter(sub, "check", "src/index.ts").returncode == 0
    refused = charter(sub, "check", "../billing/x.ts")
    assert refused.returncode == 1 and "packages/billing/x.ts" in refused.stdout


def test_validate_lists_a_few_carve_outs_and_all_on_request(repo: Path) -> None:
    """An imported map may hold hundreds of carve-outs: legal, so not all printed."""
    inner = ", ".join(f"/docs/d{n}/" for n in range(25))
    write(
        repo,
        "charter.yaml",
        f"version: 1\ninstances:\n  a:\n    owns: [/docs/]\n  b:\n    owns: [{inner}]\n",
    )
    commit_all(repo, "many nested lanes")
    proc = charter(repo, "validate")
    assert proc.returncode == 0 and "no overlaps, 25 carve-out(s)" in proc.stdout
    assert proc.stdout.count("carve-out: b owns") == 20
    assert "... and 5 more carve-out(s): `charter validate --carve-outs`" in proc.stdout
    every = charter(repo, "validate", "--carve-outs")
    assert every.stdout.count("carve-out: b owns") == 25 and "more carve-out" not in every.stdout


def test_validate_says_when_an_overlap_has_no_file_yet(repo: Path) -> None:
    write(
        repo,
        "charter.yaml",
        "version: 1\ninstances:\n  a:\n    owns: ['/src/**/*.md']\n"
        "  b:\n    owns: [/src/api/]\n  c:\n    owns: ['/lib/*.c']\n"
        "  d:\n    owns: ['/lib/x*']\n",
    )
    write(repo, "lib/x.c")
    commit_all(repo, "overlaps")
    proc = charter(repo, "validate")
    assert proc.returncode == 1
    [pattern_only] = [line for line in proc.stdout.splitlines() if "/src/api/" in line]
    assert "src/api/" in pattern_only and "(no tracked file yet" in pattern_only
    [on_file] = [line for line in proc.stdout.splitlines() if "/lib/x*" in line]
    assert "both match lib/x.c" in on_file and "no tracked file yet" not in on_file


@pytest.mark.parametrize("form", ["text", "json"])
def test_owner_into_a_closed_pipe_ends_quietly(mapped: Path, form: str) -> None:
    """`charter owner --stdin | head -1`: the reader leaves early; no traceback."""
    paths = b"".join(b"packages/auth/f%d.ts\0" % n for n in range(5_000))
    proc = subprocess.Popen(
        (sys.executable, "-m", "charter", "owner", "--stdin", "-z", "--format", form),
        cwd=mapped,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(paths)
    proc.stdin.close()
    assert proc.stdout.read(10)  # the answer started ...
    proc.stdout.close()  # ... and its reader went away
    assert proc.wait(timeout=60) in (0, 141)
    with proc.stderr:
        assert proc.stderr.read() == b""


def test_nested_lanes_show_their_carve_out(repo: Path) -> None:
    """A lane inside another instance's directory owns its subtree: validate lists it as
    a carve-out (not an overlap), owner names what it was carved out of."""
    write(
        repo,
        "charter.yaml",
        "version: 1\ninstances:\n  a:\n    owns: [/docs/]\n  b:\n    owns: [/docs/api/]\n",
    )
    commit_all(repo, "nested")
    proc = charter(repo, "validate")
    assert proc.returncode == 0, proc.stdout
    assert "carve-out: b owns /docs/api/ (carved out of a's /docs/)" in proc.stdout
    assert "no overlaps, 1 carve-out(s)" in proc.stdout
    proc = charter(repo, "owner", "docs/api/x.md", "docs/x.md")
    assert proc.stdout.splitlines() == [
        "docs/api/x.md\tb\t/docs/api/ (carved out of a's /docs/)",
        "docs/x.md\ta\t/docs/",
    ]
    data = json.loads(charter(repo, "owner", "--format", "json", "docs/api/x.md").stdout)
    assert data[0]["owner"] == "b"
    assert data[0]["carved_out_of"] == [{"owner": "a", "pattern": "/docs/"}]


def test_owner_stdin_at_the_root_takes_plain_paths_as_they_are_and_normalises_the_rest(
    mapped: Path,
) -> None:
    names = ["packages/auth/a.ts", "./packages/auth/b.ts", "x/../packages/billing/c.ts",
             ".charter/scratchpads/auth.md", "docs/"]  # fmt: skip
    proc = charter(mapped, "owner", "--stdin", "-z", "--format", "json",
                   stdin="\0".join(names).encode())  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # Built by hand, byte for byte what json.dumps writes (no path here needs escaping).
    assert proc.stdout == json.dumps(json.loads(proc.stdout), ensure_ascii=False) + "\n"
    assert [d["path"] for d in json.loads(proc.stdout)] == [
        "packages/auth/a.ts",
        "packages/auth/b.ts",
        "packages/billing/c.ts",
        ".charter/scratchpads/auth.md",
        "docs/",
    ]


def test_owner_json_keeps_paths_that_look_like_json_separators(mapped: Path) -> None:
    # owner --format json encodes all paths in one json.dumps and splits at `", "`.
    names = ['packages/auth/a", "b.ts', "packages/auth/back\\", 'docs/"', "packages/é\u2028.ts"]
    proc = charter(mapped, "owner", "--stdin", "-z", "--format", "json",
                   stdin="\0".join(names).encode())  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [row["path"] for row in rows] == names
    assert rows[0]["owner"] == rows[1]["owner"] != rows[2]["owner"]
    assert proc.stdout == json.dumps(rows, ensure_ascii=False) + "\n"


def test_owner_collects_garbage_less_often_only_while_it_runs(
    mapped: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`charter owner` raises the garbage collector's first threshold for its run (the
    map and its answers are containers without cycles) and puts it back, also when the
    command fails: a caller in the same process keeps its own setting."""
    import gc

    from charter.cli import main

    monkeypatch.chdir(mapped)
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    real = gc.set_threshold
    monkeypatch.setattr(gc, "set_threshold", lambda *t: (seen.append(t), real(*t))[1])
    assert main(["owner", "--format", "json", "packages/auth/a.ts"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["owner"] == "auth"
    assert seen[0][0] > before[0] and gc.get_threshold() == before
    assert main(["owner"]) == 2  # no paths: refused, and the setting restored all the same
    assert gc.get_threshold() == before
