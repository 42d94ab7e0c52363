"""Finding the repository from its files must agree with `git rev-parse`, and hand the
question to git whenever git could answer differently."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write

from charter.context import repo_info
from charter.git.discover import Found, find_work_tree


def gits_answer(cwd: Path) -> Found:
    """The oracle: what `git rev-parse` says, as physical paths."""
    lines = git(cwd, "rev-parse", "--show-toplevel", "--git-common-dir", "--git-dir").splitlines()
    top, common, own = (Path(os.path.realpath(cwd / line)) for line in lines)
    symbolic = subprocess.run(("git", "symbolic-ref", "-q", "HEAD"), cwd=cwd, capture_output=True)
    head = symbolic.stdout.decode().strip()
    return Found(top, common, own, head if head.startswith("refs/heads/") else None)


def physical(found: Found | None) -> Found | None:
    if found is None:
        return None
    root, common, own, head = found
    return Found(*(Path(os.path.realpath(p)) for p in (root, common, own)), head)


def test_agrees_with_git_in_every_ordinary_layout(repo: Path, tmp_path: Path) -> None:
    # An unborn branch first: HEAD names a branch no commit has yet.
    assert physical(find_work_tree(repo)) == gits_answer(repo)
    write(repo, "src/deep/a.txt")
    commit_all(repo, "first")
    for cwd in (repo, repo / "src", repo / "src" / "deep"):
        assert physical(find_work_tree(cwd)) == gits_answer(cwd)
    # A linked worktree, at its top and below; its HEAD and git directory are its own.
    tree = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "instance/auth", str(tree))
    for cwd in (tree, tree / "src"):
        found = find_work_tree(cwd)
        assert physical(found) == gits_answer(cwd)
        assert found is not None and found.head_ref == "refs/heads/instance/auth"
    # Detached: no branch.
    git(repo, "checkout", "-q", "--detach")
    assert physical(find_work_tree(repo)) == gits_answer(repo)
    assert gits_answer(repo).head_ref is None
    # Through a symbolic link to the work tree: git answers with the physical path.
    link = tmp_path / "link"
    link.symlink_to(repo)
    assert physical(find_work_tree(link / "src")) == gits_answer(link / "src")
    # repo_info (every command's start) says the same as git.
    info = repo_info(repo / "src")
    assert (info.root, info.head_ref) == (gits_answer(repo).root, None)


def test_a_submodule_is_its_own_repository(repo: Path, tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    git(inner, "init", "-q", "-b", "main")
    write(inner, "x.txt")
    commit_all(inner, "inner")
    write(repo, "a.txt")
    commit_all(repo, "outer")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub")
    sub = repo / "sub"
    assert (sub / ".git").is_file()  # gitdir: ../.git/modules/sub, no commondir
    # git sets core.worktree in a submodule's config: charter leaves it to git, whose
    # answer every command then gets.
    assert find_work_tree(sub) is None
    info = repo_info(sub)
    assert physical(Found(info.root, info.common_dir, info.git_dir, info.head_ref)) == (
        gits_answer(sub)
    )


@pytest.mark.parametrize(
    "setup",
    ["GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "core.worktree", "inside .git"],
)
def test_it_leaves_the_question_to_git_when_git_could_answer_otherwise(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup: str
) -> None:
    write(repo, "a.txt")
    commit_all(repo, "first")
    cwd = repo
    if setup.startswith("GIT_"):
        monkeypatch.setenv(setup, str(tmp_path))
    elif setup == "core.worktree":
        git(repo, "config", "core.worktree", str(tmp_path))
    else:
        cwd = repo / ".git" / "refs"
    assert find_work_tree(cwd) is None


def test_outside_any_repository_git_is_asked(tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    probe = subprocess.run(("git", "rev-parse", "--show-toplevel"), cwd=alone, capture_output=True)
    if probe.returncode != 0:  # the usual case: no repository above the test's directory
        assert find_work_tree(alone) is None
    else:
        assert physical(find_work_tree(alone)) == gits_answer(alone)
