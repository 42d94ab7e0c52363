"""Which branches exist, read from git's files: checked against `git for-each-ref` on
real repositories (loose and packed refs, a linked worktree, a remote)."""

from __future__ import annotations

from pathlib import Path

from testing.gitrepo import commit_all, git, write

from charter.git.refs import existing_refs

ASKED = {
    "refs/heads/main",
    "refs/heads/packed",
    "refs/heads/loose",
    "refs/heads/nope",
    "refs/heads/instance/auth",
    "refs/remotes/origin/main",
    "refs/remotes/origin/nope",
}


def for_each_ref(repo: Path) -> set[str]:
    """git's own answer: the oracle."""
    listed = git(repo, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    return set(listed.split())


def test_loose_packed_remote_and_worktree_refs_as_git_lists_them(repo: Path) -> None:
    write(repo, "a.txt")
    commit_all(repo, "first")
    git(repo, "branch", "packed")
    git(repo, "branch", "instance/auth")
    git(repo, "pack-refs", "--all")  # main, packed and instance/auth now in packed-refs
    git(repo, "branch", "loose")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    expected = ASKED & for_each_ref(repo)
    assert expected == {
        "refs/heads/main",
        "refs/heads/packed",
        "refs/heads/loose",
        "refs/heads/instance/auth",
        "refs/remotes/origin/main",
    }
    assert existing_refs(repo, ASKED) == expected
    # From a linked worktree: `.git` is a file naming its own directory, whose
    # `commondir` leads to the shared one.
    tree = repo.parent / "auth-tree"
    git(repo, "worktree", "add", "-q", str(tree), "loose")
    assert (tree / ".git").is_file()
    assert existing_refs(tree, ASKED) == expected
    git(repo, "branch", "-D", "packed")  # deleted from packed-refs too
    assert existing_refs(tree, ASKED) == ASKED & for_each_ref(repo)


def test_it_says_when_it_cannot_tell(repo: Path, tmp_path: Path) -> None:
    assert existing_refs(tmp_path, ASKED) is None  # no .git: ask git
    write(repo, "a.txt")
    commit_all(repo, "first")
    (repo / ".git" / "reftable").mkdir()  # a store that is not files
    assert existing_refs(repo, ASKED) is None
