"""The hooks as users run them: through the real pre-commit framework.

Each test builds a real repository with worktrees (and a bare remote where pushing),
points `.pre-commit-config.yaml` at a snapshot of this project, installs the hooks
with `pre-commit install`, and commits, merges and pushes with plain git.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.scratchpad import pad

MakeRepo = Callable[..., Path]
PROJECT = Path(__file__).resolve().parents[1]

CHARTER_YAML = """\
version: 1
shared: [.pre-commit-config.yaml, README.md]
unowned: {unowned}
instances:
  foundation:
    role: foundation
    owns: [packages/shared/**]
  auth:
    role: feature
    owns: [packages/auth/**, "docs/auth notes/"]
    depends_on: [foundation]
  billing:
    role: feature
    owns: [packages/billing/**, packages/common/**]
    depends_on: [foundation]
  integration:
    role: integration
    owns: [tests/integration/**, "packages/common/x.*"]  # a glob: an overlap, not a nested lane
    depends_on: [auth, billing]
"""


@pytest.fixture(scope="session")
def project_snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project's work tree as a git repo, so pre-commit can install it (even uncommitted)."""
    snap = tmp_path_factory.mktemp("charter-snapshot")
    listed = subprocess.run(
        ("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"),
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in listed:
        if not raw:
            continue
        rel = raw.decode()
        source = PROJECT / rel
        if not source.is_file():
            continue  # deleted but still in the index
        target = snap / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "s",
        "GIT_AUTHOR_EMAIL": "s@s",
        "GIT_COMMITTER_NAME": "s",
        "GIT_COMMITTER_EMAIL": "s@s",
    }
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("commit", "-q", "--no-verify", "-m", "snapshot"),
    ):
        subprocess.run(("git", *args), cwd=snap, check=True, env=env, capture_output=True)
    sha = (
        subprocess.run(
            ("git", "rev-parse", "HEAD"), cwd=snap, check=True, capture_output=True, env=env
        )
        .stdout.decode()
        .strip()
    )
    return snap, sha


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, "-m", "pre_commit", *args), cwd=repo, capture_output=True, text=True
    )


@pytest.fixture
def make_repo(tmp_path: Path, project_snapshot: tuple[Path, str]) -> Iterator[MakeRepo]:
    def make(unowned: str = "block") -> Path:
        snap, sha = project_snapshot
        repo = tmp_path / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        write(repo, "charter.yaml", CHARTER_YAML.format(unowned=unowned))
        write(
            repo,
            ".pre-commit-config.yaml",
            f"repos:\n- repo: {snap}\n  rev: {sha}\n  hooks:\n"
            "  - id: charter-ownership\n  - id: charter-bypass-trailer\n"
            "  - id: charter-config\n",
        )
        for path in (
            "packages/shared/types.ts",
            "packages/auth/login.ts",
            "packages/billing/pay.ts",
            "packages/common/util.ts",
            "README.md",
        ):
            write(repo, path, f"// {path}\nline 2\nline 3\nline 4\nline 5\n")
        commit_all(repo, "coordinator sets up the repo")
        proc = pre_commit(
            repo,
            "install",
            "-t",
            "pre-commit",
            "-t",
            "pre-merge-commit",
            "-t",
            "pre-push",
            "-t",
            "commit-msg",
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        proc = pre_commit(repo, "install-hooks")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return repo

    yield make


def worktree(repo: Path, name: str) -> Path:
    path = repo.parent / f"wt-{name}"
    git(repo, "worktree", "add", "-q", "-b", f"instance/{name}", str(path), "main")
    return path


def commit(repo: Path, message: str = "work", *extra: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return subprocess.run(
        ("git", "commit", "-q", "-m", message, *extra), cwd=repo, capture_output=True, text=True
    )


def refused(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"expected a refusal, got:\n{out}"
    assert "charter-ownership" in out or "charter" in out
    for word in words:
        assert word in out, f"{word!r} missing from:\n{out}"


def passed(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_in_lane_commit_passes_and_out_of_lane_add_modify_delete_are_refused(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    auth = worktree(repo, "auth")
    write(auth, "packages/auth/session.ts", "export {}\n")
    passed(commit(auth, "in lane"))

    write(auth, "packages/billing/new.ts", "nope\n")
    proc = commit(auth, "add in billing")
    refused(proc, "owned by billing", "add packages/billing/new.ts", "Needs section")
    git(auth, "rm", "-q", "--cached", "packages/billing/new.ts")
    (auth / "packages/billing/new.ts").unlink()

    write(auth, "packages/shared/types.ts", "changed\n")
    refused(
        commit(auth, "modify shared types"),
        "owned by foundation",
        "modify packages/shared/types.ts",
    )
    git(auth, "checkout", "-q", "HEAD", "--", "packages/shared/types.ts")

    (auth / "packages/billing/pay.ts").unlink()
    refused(commit(auth, "delete billing"), "delete packages/billing/pay.ts", "billing")
    assert git(auth, "log", "--format=%s", "-1").strip() == "in lane"


def test_renames_out_of_and_into_another_lane_are_refused(make_repo: MakeRepo) -> None:
    repo = make_repo()
    auth = worktree(repo, "auth")
    git(auth, "mv", "packages/auth/login.ts", "packages/billing/login.ts")
    refused(
        commit(auth, "move out"),
        "rename packages/auth/login.ts -> packages/billing/login.ts",
        "billing",
    )
    git(auth, "reset", "-q", "--hard")

    git(auth, "mv", "packages/billing/pay.ts", "packages/auth/pay.ts")
    refused(
        commit(auth, "move in"),
        "rename packages/billing/pay.ts -> packages/auth/pay.ts",
        "owned by billing",
    )


def test_overlapping_path_is_refused_with_both_instances(make_repo: MakeRepo) -> None:
    repo = make_repo()
    billing = worktree(repo, "billing")
    write(billing, "packages/common/x.ts", "both claim me\n")
    refused(
        commit(billing, "overlap"),
        "claimed by several instances",
        "billing",
        "integration",
        "packages/common/x.ts",
        "exclusive",
    )


@pytest.mark.parametrize("policy", ["block", "allow"])
def test_unowned_path_follows_the_policy(make_repo: MakeRepo, policy: str) -> None:
    repo = make_repo(unowned=policy)
    auth = worktree(repo, "auth")
    write(auth, "scripts/deploy.sh", "echo\n")
    proc = commit(auth, "unowned")
    if policy == "block":
        refused(proc, "owned by nobody", "scripts/deploy.sh", "give these paths an owner")
    else:
        passed(proc)


def test_coordinator_may_change_anything_and_only_the_coordinator_changes_charter_yaml(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    write(repo, "packages/auth/login.ts", "coordinator edit\n")
    with (repo / "charter.yaml").open("a") as f:
        f.write("# a note\n")
    passed(commit(repo, "coordinator"))

    auth = worktree(repo, "auth")
    with (auth / "charter.yaml").open("a") as f:
        f.write("# widen my lane\n")
    refused(commit(auth, "edit rules"), "the coordinator's files", "modify charter.yaml")


def test_merging_main_into_an_instance_branch_passes(make_repo: MakeRepo) -> None:
    repo = make_repo()
    auth = worktree(repo, "auth")
    foundation = worktree(repo, "foundation")
    write(foundation, "packages/shared/types.ts", "export type Id = string\n")
    passed(commit(foundation, "foundation work"))
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "instance/foundation")  # coordinator
    write(auth, "packages/auth/login.ts", "auth work\n")
    passed(commit(auth, "auth work"))
    proc = subprocess.run(
        ("git", "merge", "--no-edit", "main"), cwd=auth, capture_output=True, text=True
    )
    passed(proc)
    assert "Merge branch 'main'" in git(auth, "log", "-1", "--format=%s")


def _conflict(repo: Path, name: str) -> Path:
    """Make instance `name` hit a conflict in billing's file when merging main."""
    wt = worktree(repo, name)
    write(wt, "packages/billing/pay.ts", f"// {name} copy\n")
    commit_all(wt, "sneaky edit made without hooks")
    write(repo, "packages/billing/pay.ts", "// main's version\n")
    commit_all(repo, "billing's work landed on main")
    proc = subprocess.run(("git", "merge", "main"), cwd=wt, capture_output=True, text=True)
    assert proc.returncode != 0 and "CONFLICT" in proc.stdout
    write(wt, "packages/billing/pay.ts", "// resolved\n")
    git(wt, "add", "packages/billing/pay.ts")
    return wt


def test_resolving_a_conflict_in_another_lane_is_refused_for_a_feature(make_repo: MakeRepo) -> None:
    repo = make_repo()
    auth = _conflict(repo, "auth")
    proc = subprocess.run(("git", "commit", "--no-edit"), cwd=auth, capture_output=True, text=True)
    refused(proc, "resolve packages/billing/pay.ts", "owned by billing")


def test_the_integration_instance_may_resolve_conflicts_anywhere(make_repo: MakeRepo) -> None:
    repo = make_repo()
    integration = _conflict(repo, "integration")
    proc = subprocess.run(
        ("git", "commit", "--no-edit"), cwd=integration, capture_output=True, text=True
    )
    passed(proc)


def test_integration_keeps_to_its_lane_outside_conflicts(make_repo: MakeRepo) -> None:
    repo = make_repo()
    integration = _conflict(repo, "integration")
    write(integration, "packages/auth/login.ts", "slipped into the merge\n")
    git(integration, "add", "packages/auth/login.ts")
    proc = subprocess.run(
        ("git", "commit", "--no-edit"), cwd=integration, capture_output=True, text=True
    )
    refused(proc, "packages/auth/login.ts", "owned by auth")


def test_push_stops_a_no_verify_commit(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    remote = tmp_path / "remote.git"
    git(repo, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    auth = worktree(repo, "auth")
    write(auth, "packages/auth/a.ts", "fine\n")
    passed(commit(auth, "fine"))
    write(auth, "packages/shared/types.ts", "skipped the hook\n")
    passed(commit(auth, "sneaky", "--no-verify"))
    sneaky = git(auth, "rev-parse", "HEAD").strip()
    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )
    refused(
        proc,
        "packages/shared/types.ts",
        sneaky[:12],
        "owned by foundation",
        f"`git rebase -i {sneaky[:12]}^`",  # push-time advice: the commit exists already
    )
    assert "git restore --staged" not in proc.stdout + proc.stderr
    assert "instance/auth" not in git(remote, "branch", "--list")

    # Once fixed, the push goes through; the merge of main that brought other lanes' work
    # is judged only for what it adds.
    git(auth, "revert", "--no-edit", "HEAD")
    git(auth, "merge", "-q", "--no-edit", "main")
    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )
    refused(proc, sneaky[:12])  # the bad commit is still in the pushed history
    git(auth, "reset", "-q", "--hard", "main")
    write(auth, "packages/auth/a.ts", "clean history\n")
    passed(commit(auth, "clean"))
    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )
    passed(proc)


def test_bypass_is_recorded_and_reported_at_push(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    remote = tmp_path / "remote.git"
    git(repo, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    auth = worktree(repo, "auth")
    write(auth, "packages/shared/types.ts", "hotfix\n")
    git(auth, "add", "-A")
    proc = subprocess.run(
        ("git", "commit", "-q", "-m", "hotfix"),
        cwd=auth,
        capture_output=True,
        text=True,
        env={**os.environ, "CHARTER_BYPASS": "prod is down"},
    )
    passed(proc)
    # pre-commit hides a passing hook's output unless the hook is `verbose`.
    assert "CHARTER_BYPASS set (prod is down): letting 1 out-of-lane path(s) through" in (
        proc.stdout + proc.stderr
    )
    assert "Charter-Bypass: prod is down" in git(auth, "log", "-1", "--format=%B")
    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )
    passed(proc)
    assert "instance/auth" in git(remote, "branch", "--list")

    # A later unrecorded bypass is stopped, and the recorded one is named as reported.
    write(auth, "packages/billing/pay.ts", "no record\n")
    passed(commit(auth, "unrecorded", "--no-verify"))
    proc = subprocess.run(
        ("git", "push", "origin", "instance/auth"), cwd=auth, capture_output=True, text=True
    )
    refused(proc, "packages/billing/pay.ts")
    assert "Charter-Bypass: prod is down" not in proc.stdout + proc.stderr  # already pushed


def test_detached_head_needs_an_identity(make_repo: MakeRepo) -> None:
    repo = make_repo()
    git(repo, "checkout", "-q", "--detach")
    write(repo, "packages/auth/login.ts", "who am I?\n")
    proc = commit(repo, "detached")
    refused(proc, "cannot tell which instance", "git config --worktree charter.instance")
    git(repo, "config", "extensions.worktreeConfig", "true")
    git(repo, "config", "--worktree", "charter.instance", "auth")
    passed(commit(repo, "detached, as auth"))


@pytest.mark.parametrize(
    "name",
    ["with space.ts", "ünïcødé-名前.ts", "new\nline.ts", "-leading-dash.ts"],
)
def test_unusual_file_names(make_repo: MakeRepo, name: str) -> None:
    repo = make_repo()
    auth = worktree(repo, "auth")
    write(auth, f"packages/auth/{name}", "ok\n")
    passed(commit(auth, "in lane"))
    write(auth, f"packages/billing/{name}", "not mine\n")
    refused(commit(auth, "out of lane"), "owned by billing")


def test_charter_config_hook_refuses_an_invalid_map(make_repo: MakeRepo) -> None:
    repo = make_repo()
    with (repo / "charter.yaml").open("a") as f:
        f.write("  bogus:\n    owns: ['[ab]']\n")
    proc = commit(repo, "broken map")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "charter.yaml:" in out and "character ranges" in out


def test_charter_scratchpad_hook_holds_work_until_discovery_is_written(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    with (repo / ".pre-commit-config.yaml").open("a") as f:
        f.write("  - id: charter-scratchpad\n")
    write(repo, ".charter/scratchpads/auth.md", pad("discovery", discovery=""))
    passed(commit(repo, "coordinator adds the hook and the scratchpad"))
    auth = worktree(repo, "auth")
    write(auth, "packages/auth/login.ts", "// first real work\n")
    proc = commit(auth, "work before discovery")
    refused(proc, "charter scratchpad", "Discovery")
    write(
        auth,
        ".charter/scratchpads/auth.md",
        pad("in-progress", discovery="Read the guide and packages/shared."),
    )
    passed(commit(auth, "discovery written, and the work with it"))
    write(auth, "packages/auth/login.ts", "// more work\n")
    passed(commit(auth, "more work"))


def hooks_directory(repo: Path) -> Path:
    return repo / ".git" / "hooks"


def test_one_installation_path_doctor_finds_doubles_and_hooks_install_heals(
    make_repo: MakeRepo,
) -> None:
    """Shims written before the repository adopted pre-commit, then the README's
    `pre-commit install`: pre-commit keeps the shim as `*.legacy` and runs it too."""
    from testing.run import charter

    repo = make_repo()
    assert pre_commit(repo, "uninstall", "-t", "pre-commit").returncode == 0
    config = repo / ".pre-commit-config.yaml"
    saved = config.read_text()
    config.unlink()
    charter(repo, "hooks", "install")  # no pre-commit config yet: a shim where none was
    assert "charter-managed hook" in (hooks_directory(repo) / "pre-commit").read_text()
    config.write_text(saved)
    passed(pre_commit(repo, "install", "-t", "pre-commit"))
    assert (hooks_directory(repo) / "pre-commit.legacy").exists()

    auth = worktree(repo, "auth")
    write(auth, "packages/shared/types.ts", "changed\n")
    twice = commit(auth, "out of lane")
    assert (twice.stdout + twice.stderr).count("owned by foundation") == 2
    doctor = charter(repo, "doctor")
    assert "every charter pre-commit hook runs twice" in doctor.stdout

    healed = charter(repo, "hooks", "install")
    assert healed.returncode == 0, healed.stdout + healed.stderr
    assert not (hooks_directory(repo) / "pre-commit.legacy").exists()
    once = commit(auth, "out of lane")
    assert (once.stdout + once.stderr).count("owned by foundation") == 1
    assert "runs twice" not in charter(repo, "doctor").stdout


def test_hooks_install_writes_no_shim_where_pre_commit_runs_charter(make_repo: MakeRepo) -> None:
    from testing.run import charter

    repo = make_repo()
    assert pre_commit(repo, "uninstall", "-t", "pre-push").returncode == 0
    proc = charter(repo, "hooks", "install")
    assert proc.returncode == 1
    assert "missing hooks (pre-push, post-merge)" in proc.stdout
    assert "pre-commit install -t" in proc.stdout
    assert not (hooks_directory(repo) / "pre-push").exists()


def test_hooks_uninstall_removes_only_what_charter_wrote(make_repo: MakeRepo) -> None:
    from testing.run import charter

    repo = make_repo()
    hooks = hooks_directory(repo)
    assert pre_commit(repo, "uninstall", "-t", "pre-push").returncode == 0
    (repo / ".pre-commit-config.yaml").rename(repo.parent / "saved-config")
    charter(repo, "hooks", "install")  # no pre-commit config: a shim where none was
    assert "charter-managed hook" in (hooks / "pre-push").read_text()
    (repo.parent / "saved-config").rename(repo / ".pre-commit-config.yaml")
    pre_commit_hook = (hooks / "pre-commit").read_text()
    proc = charter(repo, "hooks", "uninstall")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        f"removed {hooks / 'pre-push'}",
        f"removed {hooks / 'post-merge'}",
    ]
    assert not (hooks / "pre-push").exists()
    assert (hooks / "pre-commit").read_text() == pre_commit_hook  # pre-commit's stays


def test_taking_one_side_of_a_foreign_conflict_is_allowed(make_repo: MakeRepo) -> None:
    """`git checkout MERGE_HEAD -- PATH` adds nothing of the instance's own."""
    repo = make_repo()
    auth = _conflict(repo, "auth")
    git(auth, "checkout", "MERGE_HEAD", "--", "packages/billing/pay.ts")
    passed(subprocess.run(("git", "commit", "--no-edit"), cwd=auth, capture_output=True))
    assert (auth / "packages/billing/pay.ts").read_text() == "// main's version\n"


def test_a_foreign_conflict_refusal_names_merge_abort_and_who_may_resolve(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    auth = _conflict(repo, "auth")
    proc = subprocess.run(("git", "commit", "--no-edit"), cwd=auth, capture_output=True, text=True)
    refused(
        proc,
        "resolve packages/billing/pay.ts",
        "git checkout --theirs -- packages/billing/pay.ts",
        "`git merge --abort`",
        "the integration instance (integration) or the owner (billing)",
    )
    assert "git restore --staged" not in proc.stdout + proc.stderr  # advice that loops


def test_a_rename_refusal_names_both_sides_and_advice_names_real_paths(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    auth = worktree(repo, "auth")
    git(auth, "mv", "packages/auth/login.ts", "packages/billing/login.ts")
    proc = commit(auth, "move out")
    refused(
        proc,
        "rename packages/auth/login.ts -> packages/billing/login.ts",
        "git restore --staged -- packages/auth/login.ts packages/billing/login.ts",
    )
    assert "PATH" not in proc.stdout + proc.stderr


def test_the_coordinator_off_its_branches_declares_itself_and_errors_print_once(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo()
    with (repo / ".pre-commit-config.yaml").open("a") as f:
        f.write("  - id: charter-contracts\n  - id: charter-scratchpad\n")
    passed(commit(repo, "coordinator adds the hooks"))
    git(repo, "checkout", "-q", "-b", "hotfix")
    write(repo, "packages/billing/pay.ts", "// hotfix\n")
    proc = commit(repo, "hotfix")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert out.count("cannot tell which instance is working here") == 1, out
    assert "the coordinator elsewhere: CHARTER_INSTANCE=coordinator" in out
    git(repo, "add", "-A")
    declared = subprocess.run(
        ("git", "commit", "-q", "-m", "hotfix"),
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "CHARTER_INSTANCE": "coordinator"},
    )
    passed(declared)


def test_a_worktree_made_before_pre_commit_was_adopted_is_told_to_merge_main(
    tmp_path: Path, project_snapshot: tuple[Path, str]
) -> None:
    from testing.run import charter

    snap, sha = project_snapshot
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, "charter.yaml", CHARTER_YAML.format(unowned="block"))
    commit_all(repo, "lanes")
    auth = worktree(repo, "auth")  # made before .pre-commit-config.yaml existed
    write(
        repo,
        ".pre-commit-config.yaml",
        f"repos:\n- repo: {snap}\n  rev: {sha}\n  hooks:\n  - id: charter-ownership\n",
    )
    commit_all(repo, "adopt pre-commit")
    passed(pre_commit(repo, "install", "-t", "pre-commit"))
    doctor = charter(auth, "doctor")
    assert (
        "the pre-commit hook is pre-commit's, but "
        f"{auth} has no .pre-commit-config.yaml, so it fails there; the default branch has "
        "one: run `git merge main` here"
    ) in doctor.stdout
