"""The one way charter reaches git: nothing outside this package starts a git process
(tests/test_git_boundary.py checks it).

* `runner`: the process and its environment (`run`, `git`, `git_ok`, `Git` for a
  repository named by the caller); the environment rules are in its docstring.
* `zparse`: `-z` output (`split_z`, `parse_name_status`, `Change`).
* `repo`: one repository's places, staged changes, files at a revision, config.
* `blobs`: many objects' contents in one `git cat-file --batch`.
* `refs`: every branch at once and the one default-branch resolver.
* `merge`: `git merge-tree --write-tree` for a merge commit and for the forecast (not
  imported here: hooks do not need its imports).

Everything here is standard library only: hooks import it on every commit.
"""

from __future__ import annotations

from charter.git.repo import (
    EMPTY_TREE,
    ZERO_SHA,
    config_get,
    current_branch,
    diff_changes,
    ls_files,
    rev_parse,
    show_file,
    staged_changes,
    toplevel,
)
from charter.git.runner import Git, GitResult, git, git_maybe, git_ok, git_text, run
from charter.git.zparse import Change, parse_name_status, split_z

__all__ = [
    "EMPTY_TREE",
    "ZERO_SHA",
    "Change",
    "Git",
    "GitResult",
    "config_get",
    "current_branch",
    "diff_changes",
    "git",
    "git_maybe",
    "git_ok",
    "git_text",
    "ls_files",
    "parse_name_status",
    "rev_parse",
    "run",
    "show_file",
    "split_z",
    "staged_changes",
    "toplevel",
]
