"""Everything a command needs about the repository it runs in, loaded once.

Hooks start here on every commit, so the repository facts come from one
`git rev-parse` and the map from a cache keyed by its blob id.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charter.config import (
    CONFIG_FILE,
    Charter,
    charter_cache_dir,
    load,
    load_bytes,
    load_cached,
)
from charter.errors import MissingConfig, Problem
from charter.git import show_file
from charter.git.repo import not_a_work_tree, rev_parse_lines, symbolic_ref
from charter.identity import Identity, resolve
from charter.ownership import Ownership

if TYPE_CHECKING:
    from charter.grants import GrantBook


class RepoInfo(NamedTuple):
    root: Path  # the work tree
    common_dir: Path  # shared by all worktrees
    git_dir: Path  # this worktree's own (MERGE_HEAD lives here)
    head_ref: str | None  # 'refs/heads/x'; None when detached or unborn
    config_blob: str | None = None  # charter.yaml's blob at the revision asked for


def repo_info(cwd: str | os.PathLike[str] | None = None, rules_rev: str | None = None) -> RepoInfo:
    """The repository's places and HEAD (and charter.yaml's blob at `rules_rev`): read
    from its files when that is certain to agree with git (charter.git.discover), else in
    one `git rev-parse` when all goes well."""
    if rules_rev is None:
        from charter.git.discover import find_work_tree

        found = find_work_tree(cwd)  # from the repository's files, as git finds it
        if found is not None:
            return RepoInfo(*found)
    where = ("--show-toplevel", "--git-common-dir", "--git-dir")
    head = ("--symbolic-full-name", "HEAD")
    blob: str | None = None
    if rules_rev is not None:
        code, lines = rev_parse_lines(cwd, *where, f"{rules_rev}:{CONFIG_FILE}", *head)
        if code == 0 and len(lines) == 5:
            blob = lines.pop(3)
        else:
            code, lines = rev_parse_lines(cwd, *where, *head)
    else:
        code, lines = rev_parse_lines(cwd, *where, *head)
    if len(lines) < 3:
        raise not_a_work_tree(cwd)
    base = Path(cwd) if cwd is not None else Path.cwd()
    root = Path(lines[0])
    common, git_dir = (Path(p) if os.path.isabs(p) else base / p for p in lines[1:3])
    head_ref = lines[3] if len(lines) > 3 and lines[3].startswith("refs/heads/") else None
    if head_ref is None and code != 0:
        # An unborn branch: rev-parse cannot resolve HEAD, but it does point somewhere.
        head_ref = symbolic_ref(cwd)
    return RepoInfo(root, common, git_dir, head_ref, blob)


class Context:
    """The repository, its validated charter.yaml, and (lazily) ownership and identity."""

    def __init__(self, repo: RepoInfo, charter: Charter, env: dict[str, str] | None = None) -> None:
        self.repo = repo
        self.root = repo.root
        self.git_common_dir = repo.common_dir
        self.charter = charter
        self.env = dict(os.environ) if env is None else env
        self._ownership: Ownership | None = None
        self._identity: Identity | None = None
        self._grants: GrantBook | None = None

    @property
    def branch(self) -> str | None:
        head = self.repo.head_ref
        return head.removeprefix("refs/heads/") if head else None

    @property
    def ownership(self) -> Ownership:
        if self._ownership is None:
            self._ownership = Ownership(self.charter)
        return self._ownership

    @property
    def identity(self) -> Identity:
        if self._identity is None:
            self._identity = resolve(
                self.root, self.charter, self.env, branch=self.branch, git_dir=self.repo.git_dir
            )
        return self._identity

    @property
    def grants(self) -> GrantBook:
        """The grants this layer trusts: by default the local layers' (the owners' branches
        and the default branch); the pull-request check sets its base commit's."""
        if self._grants is None:
            from charter.grants import local_book

            self._grants = local_book(self.charter, self.root)
        return self._grants

    @grants.setter
    def grants(self, book: GrantBook) -> None:
        self._grants = book

    @property
    def cache_dir(self) -> Path:
        return charter_cache_dir(self.git_common_dir)


def load_context(
    cwd: str | os.PathLike[str] | None = None, *, rules_from: str = "worktree"
) -> Context:
    """Load the repository and its charter.yaml.

    `rules_from="HEAD"` (or any revision) reads the committed map: what enforcement uses,
    so an uncommitted edit of charter.yaml cannot widen a lane. HEAD falls back to the
    work tree before the file's first commit.
    """
    repo = repo_info(cwd, None if rules_from == "worktree" else rules_from)
    cache_dir = charter_cache_dir(repo.common_dir)
    if rules_from == "worktree":
        return Context(repo, load(repo.root, cache_dir=cache_dir))
    blob = repo.config_blob
    if blob is None:
        if rules_from == "HEAD":
            return Context(repo, load(repo.root, cache_dir=cache_dir))
        raise MissingConfig([Problem(CONFIG_FILE, 0, 0, f"no {CONFIG_FILE} at {rules_from}")])
    charter = load_cached(cache_dir, blob)
    if charter is None:
        raw = show_file(rules_from, CONFIG_FILE, cwd=repo.root) or b""
        charter = load_bytes(raw, cache_dir=cache_dir, blob=blob)
    return Context(repo, charter)
