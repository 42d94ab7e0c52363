"""Routes past the local layers (issue 12), each driven through the real pre-commit
framework with a bare remote, next to the honest variant that must still pass.

The pre-push hook judges what a branch would bring to the default branch (the net change
from the merge-base with the remote's default branch), refuses writing another
instance's branch, and reads real objects whatever `git replace` says.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from test_hooks_precommit import (  # noqa: F401 (fixtures)
    MakeRepo,
    commit,
    make_repo,
    passed,
    project_snapshot,
    refused,
    worktree,
)
from testing.gitrepo import commit_all, git, write
from testing.run import charter


def with_remote(make_repo: MakeRepo, tmp_path: Path) -> tuple[Path, Path]:  # noqa: F811
    repo = make_repo()
    remote = tmp_path / "remote.git"
    git(repo, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    return repo, remote


def push(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(("git", "push", *args), cwd=tree, capture_output=True, text=True)


def merge(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(("git", "merge", *args), cwd=tree, capture_output=True, text=True)


def commit_tree(tree: Path, path: str, text: str, message: str) -> str:
    """A commit on top of HEAD changing `path`, made with `git commit-tree`: no hook runs."""
    index = tree / ".git-side-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}

    def run(*args: str, data: str | None = None) -> str:
        return subprocess.run(
            ("git", *args),
            cwd=tree,
            env=env,
            input=data,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    run("read-tree", "HEAD")
    blob = run("hash-object", "-w", "--stdin", data=text)
    run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
    tree_id = run("write-tree")
    index.unlink()
    return run("commit-tree", tree_id, "-p", "HEAD", "-m", message)


def test_merge_smuggling_is_refused_at_push_and_merging_main_still_passes(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, remote = with_remote(make_repo, tmp_path)
    auth = worktree(repo, "auth")
    write(auth, "packages/auth/login.ts", "auth work\n")
    passed(commit(auth, "auth work"))
    side = commit_tree(auth, "packages/billing/pay.ts", "smuggled\n", "side")
    git(auth, "branch", "side", side)
    merged = merge(auth, "--no-ff", "--no-edit", "side")
    passed(merged)  # the merge adds nothing beyond its parents: that alone is not refused

    proc = push(auth, "origin", "instance/auth")
    refused(proc, "packages/billing/pay.ts", side[:12], "owned by billing")
    assert "instance/auth" not in git(remote, "branch", "--list")

    # Honest: drop the smuggled merge, merge main after it moved, push.
    git(auth, "reset", "-q", "--hard", "HEAD~1")
    write(repo, "packages/billing/pay.ts", "billing's work, landed\n")
    commit_all(repo, "billing landed")
    git(repo, "push", "-q", "origin", "main")
    passed(merge(auth, "--no-edit", "main"))
    passed(push(auth, "origin", "instance/auth"))


def test_a_ref_named_main_elsewhere_excludes_nothing(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, _ = with_remote(make_repo, tmp_path)
    auth = worktree(repo, "auth")
    write(auth, "packages/shared/types.ts", "skipped the hook\n")
    passed(commit(auth, "sneaky", "--no-verify"))
    sneaky = git(auth, "rev-parse", "HEAD").strip()
    # (pre-commit itself skips commits any refs/remotes/origin/* ref reaches: the plain-git
    # shims see those too, see test_the_shims_see_parked_refs_and_deletions.)
    for ref in ("refs/remotes/evil/main", "refs/remotes/upstream/master", "refs/heads/master"):
        git(repo, "update-ref", ref, sneaky)
    refused(push(auth, "origin", "instance/auth"), "packages/shared/types.ts", sneaky[:12])


def test_replaced_objects_do_not_hide_a_commit(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, remote = with_remote(make_repo, tmp_path)
    auth = worktree(repo, "auth")
    write(auth, "packages/shared/types.ts", "foreign\n")
    passed(commit(auth, "sneaky", "--no-verify"))
    sneaky = git(auth, "rev-parse", "HEAD").strip()
    git(auth, "reset", "-q", "--hard", "HEAD~1")
    write(auth, "packages/auth/login.ts", "looks innocent\n")
    passed(commit(auth, "decoy"))
    decoy = git(auth, "rev-parse", "HEAD").strip()
    git(auth, "reset", "-q", "--hard", sneaky)
    git(auth, "replace", sneaky, decoy)  # git log now shows the decoy in its place
    assert "looks innocent" in git(auth, "show", "HEAD:packages/auth/login.ts")

    refused(push(auth, "origin", "instance/auth"), "packages/shared/types.ts", sneaky[:12])
    assert "instance/auth" not in git(remote, "branch", "--list")


def test_pushing_to_another_instances_branch_is_refused(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, remote = with_remote(make_repo, tmp_path)
    billing = worktree(repo, "billing")
    write(billing, "packages/billing/pay.ts", "billing's work\n")
    passed(commit(billing, "billing work"))
    passed(push(billing, "origin", "instance/billing"))
    billing_tip = git(remote, "rev-parse", "instance/billing").strip()

    auth = worktree(repo, "auth")
    git(auth, "config", "extensions.worktreeConfig", "true")
    git(auth, "config", "--worktree", "charter.instance", "auth")
    write(auth, "packages/auth/login.ts", "auth work\n")
    passed(commit(auth, "auth work\n\nCharter-Instance: billing"))
    # The commit-msg hook records who made it, replacing what was typed.
    assert (
        git(auth, "log", "-1", "--format=%(trailers:key=Charter-Instance,valueonly)").strip()
        == "auth"
    )
    for args in (
        ("-f", "origin", "instance/auth:instance/billing"),
        ("origin", "HEAD:main"),
        ("origin", "HEAD:master"),
    ):
        refused(push(auth, *args), "auth may not push to", "instance/auth")
    assert git(remote, "rev-parse", "instance/billing").strip() == billing_tip
    assert git(remote, "for-each-ref", "--format=%(refname)").split() == [
        "refs/heads/instance/billing",
        "refs/heads/main",
    ]
    # Honest: its own branch, and a new branch named after it.
    passed(push(auth, "origin", "instance/auth"))
    passed(push(auth, "origin", "instance/auth:instance/auth-spike"))


def test_the_early_merge_of_another_branch_names_the_fix_and_passes_once_it_landed(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, _ = with_remote(make_repo, tmp_path)
    foundation = worktree(repo, "foundation")
    write(foundation, "packages/shared/types.ts", "export type Id = string\n")
    passed(commit(foundation, "foundation work"))
    passed(push(foundation, "origin", "instance/foundation"))
    auth = worktree(repo, "auth")
    passed(merge(auth, "--no-edit", "instance/foundation"))
    write(auth, "packages/auth/login.ts", "uses the new type\n")
    passed(commit(auth, "auth work"))

    proc = push(auth, "origin", "instance/auth")
    refused(
        proc,
        "packages/shared/types.ts",
        "came from foundation's branch instance/foundation",
        "land foundation's pull request first",
    )

    # The coordinator lands foundation; auth's branch is unchanged and now passes.
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "instance/foundation")
    git(repo, "push", "-q", "origin", "main")
    passed(push(auth, "origin", "instance/auth"))


def test_bypassed_commits_are_reported_with_their_paths_at_push_and_by_check(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, _ = with_remote(make_repo, tmp_path)
    auth = worktree(repo, "auth")
    write(auth, "packages/billing/pay.ts", "tidy\n")
    passed(commit(auth, "tidy\n\nCharter-Bypass: routine", "--no-verify"))
    tidy = git(auth, "rev-parse", "HEAD").strip()
    proc = push(auth, "origin", "instance/auth")
    passed(proc)
    out = proc.stdout + proc.stderr
    assert f"{tidy[:12]} was committed with Charter-Bypass: routine" in out
    assert "packages/billing/pay.ts" in out and "coordinator approves" in out

    # `charter check --range` counts it the same way: listed, not refused, not dropped.
    check = charter(auth, "check", "--range", "main..HEAD", "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr
    assert '"reason": "routine"' in check.stdout and tidy in check.stdout
    assert '"path": "packages/billing/pay.ts"' in check.stdout


def test_the_guides_flow_stays_green(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Foundation lands first, features merge main, the integration instance merges a
    feature and resolves the conflict."""
    repo, _ = with_remote(make_repo, tmp_path)
    trees = {
        name: worktree(repo, name) for name in ("foundation", "auth", "billing", "integration")
    }
    write(trees["foundation"], "packages/shared/types.ts", "export type Id = string\n")
    passed(commit(trees["foundation"], "foundation"))
    passed(push(trees["foundation"], "origin", "instance/foundation"))
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "instance/foundation")
    git(repo, "push", "-q", "origin", "main")
    for name, line in (("auth", "auth's README line"), ("billing", "billing's README line")):
        tree = trees[name]
        passed(merge(tree, "--no-edit", "main"))
        write(tree, f"packages/{name}/{name}.ts", f"{name} work\n")
        readme = (tree / "README.md").read_text().replace("line 2", line)
        write(tree, "README.md", readme)
        passed(commit(tree, f"{name} work"))
        passed(push(tree, "origin", f"instance/{name}"))
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "instance/auth")
    git(repo, "push", "-q", "origin", "main")
    integration = trees["integration"]
    passed(merge(integration, "--no-edit", "main"))
    conflicted = merge(integration, "instance/billing")
    assert conflicted.returncode != 0 and "CONFLICT" in conflicted.stdout
    write(integration, "README.md", (repo / "README.md").read_text() + "both\n")
    git(integration, "add", "README.md")
    passed(subprocess.run(("git", "commit", "--no-edit"), cwd=integration, capture_output=True))
    passed(push(integration, "origin", "instance/integration"))


SHIM_MAP = """\
version: 1
coordinator_branches: [main, master]
instances:
  auth:
    owns: [packages/auth/**]
  billing:
    owns: [packages/billing/**]
"""


def test_the_shims_see_parked_refs_and_deletions(repo: Path, tmp_path: Path) -> None:
    """git's own pre-push protocol (charter spawn's shims): a commit parked under any
    remote-tracking ref is still judged, and deleting another instance's branch is refused."""
    from charter.install import install_hooks

    write(repo, "charter.yaml", SHIM_MAP)
    write(repo, "packages/billing/pay.ts", "billing\n")
    commit_all(repo, "coordinator: initial")
    remote = tmp_path / "remote.git"
    git(repo, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main", "main:instance/billing")
    assert install_hooks(repo) == []
    auth = repo.parent / "auth"
    git(repo, "worktree", "add", "-q", "-b", "instance/auth", str(auth))
    write(auth, "packages/billing/pay.ts", "auth was here\n")
    commit_all(auth, "sneaky")  # --no-verify
    sneaky = git(auth, "rev-parse", "HEAD").strip()
    git(repo, "update-ref", "refs/remotes/origin/parked/main", sneaky)

    refused(push(auth, "origin", "instance/auth"), "packages/billing/pay.ts", sneaky[:12])
    refused(push(auth, "origin", ":instance/billing"), "auth may not delete 'instance/billing'")
    assert "instance/billing" in git(remote, "branch", "--list")


def test_a_push_is_judged_with_the_default_branchs_rules_not_its_own(
    make_repo: MakeRepo,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo, _ = with_remote(make_repo, tmp_path)
    auth = worktree(repo, "auth")
    text = (auth / "charter.yaml").read_text()
    write(
        auth,
        "charter.yaml",
        text.replace("[packages/auth/**,", "[packages/billing/**, packages/auth/**,").replace(
            "owns: [packages/billing/**, packages/common/**]", "owns: [packages/common/**]"
        ),
    )
    passed(commit(auth, "widen\n\nCharter-Bypass: trust me", "--no-verify"))
    write(auth, "packages/billing/pay.ts", "mine now\n")
    passed(commit(auth, "billing is mine", "--no-verify"))
    proc = push(auth, "origin", "instance/auth")
    refused(proc, "packages/billing/pay.ts", "owned by billing")
    assert "Charter-Bypass: trust me (outside the lane: charter.yaml)" in proc.stdout + proc.stderr
