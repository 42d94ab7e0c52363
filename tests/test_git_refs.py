"""Branch tips read from git's files: checked against `git for-each-ref` on real
repositories (loose and packed refs, a linked worktree, a remote)."""

from __future__ import annotations

from pathlib import Path

from testing.gitrepo import commit_all, git, write

from charter.git.refs import ref_tips

ASKED = {
    "refs/heads/main",
    "refs/heads/packed",
    "refs/heads/loose",
    "refs/heads/nope",
    "refs/heads/instance/auth",
    "refs/remotes/origin/main",
    "refs/remotes/origin/nope",
}


def for_each_ref(repo: Path) -> dict[str, str]:
    """git's own answer, for the names asked: the oracle."""
    listed = git(
        repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/remotes"
    )
    pairs = (line.split(" ") for line in listed.splitlines())
    return {name: oid for name, oid in pairs if name in ASKED}


def test_loose_packed_remote_and_worktree_refs_as_git_lists_them(repo: Path) -> None:
    write(repo, "a.txt")
    commit_all(repo, "first")
    git(repo, "branch", "packed")
    git(repo, "branch", "instance/auth")
    git(repo, "pack-refs", "--all")  # main, packed and instance/auth now in packed-refs
    git(repo, "branch", "loose")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    expected = for_each_ref(repo)
    assert set(expected) == {
        "refs/heads/main",
        "refs/heads/packed",
        "refs/heads/loose",
        "refs/heads/instance/auth",
        "refs/remotes/origin/main",
    }
    git(repo, "commit", "-q", "--allow-empty", "-m", "main moves on")  # loose over packed
    expected = for_each_ref(repo)
    assert expected["refs/heads/main"] != expected["refs/heads/packed"]
    assert ref_tips(repo, ASKED) == expected
    # From a linked worktree: `.git` is a file naming its own directory, whose
    # `commondir` leads to the shared one.
    tree = repo.parent / "auth-tree"
    git(repo, "worktree", "add", "-q", str(tree), "loose")
    assert (tree / ".git").is_file()
    assert ref_tips(tree, ASKED) == expected
    git(repo, "branch", "-D", "packed")  # deleted from packed-refs too
    assert ref_tips(tree, ASKED) == for_each_ref(repo)


def test_it_says_when_it_cannot_tell(repo: Path, tmp_path: Path) -> None:
    assert ref_tips(tmp_path, ASKED) is None  # no .git: ask git
    write(repo, "a.txt")
    commit_all(repo, "first")
    git(repo, "symbolic-ref", "refs/heads/loose", "refs/heads/main")
    assert ref_tips(repo, ASKED) is None  # a symbolic ref: git must follow it
    git(repo, "symbolic-ref", "--delete", "refs/heads/loose")
    assert ref_tips(repo, ASKED) == for_each_ref(repo)
    (repo / ".git" / "reftable").mkdir()  # a store that is not files
    assert ref_tips(repo, ASKED) is None
