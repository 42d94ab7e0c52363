"""repo_paths' one-pass check over all paths at once: it may send a plain path to the
per-path check, never let a path that needs normalising through as it is."""

from __future__ import annotations

import itertools
from pathlib import Path

from charter.repopath import _all_plain, _plain, repo_path, repo_paths


def joined(*paths: str) -> str:
    return "\0" + "\0".join(paths) + "\0"


def test_no_path_that_needs_normalising_passes_the_one_pass_check() -> None:
    # Every path of up to six characters from `a`, `.` and `/`, alone and after a
    # hidden file, which is what most real trees have.
    checked = 0
    for length in range(1, 7):
        for chars in itertools.product("a./", repeat=length):
            path = "".join(chars)
            for paths in ((path,), (".github/x", path), (path, "a/.env")):
                if _all_plain(joined(*paths)):
                    assert all(_plain(p) for p in paths), paths
                checked += 1
    assert checked > 3000


def test_hidden_files_and_dotted_names_keep_the_one_pass() -> None:
    tree = [".github/CODEOWNERS", "src/.env", "a/..b/c", "a/b../c", "a/.../c", "x.y/z.", "d/"]
    assert _all_plain(joined(*tree))
    for suspect in ("./a", "a/./b", "a/../b", "a/..", "a/.", "/abs", "a//b", ".."):
        assert not _all_plain(joined(*tree, suspect)), suspect


def test_repo_paths_at_the_root_equals_repo_path_one_by_one(tmp_path: Path) -> None:
    paths = [".github/CODEOWNERS", "src/.env", "a/b../c", "./a/x", "a/../b/y", "a//z", "d/"]
    assert repo_paths(paths, tmp_path, tmp_path) == [
        repo_path(p, tmp_path, tmp_path) for p in paths
    ]
    plain = [".github/CODEOWNERS", "src/.env", "a/b../c", "d/"]
    assert repo_paths(plain, tmp_path, tmp_path) == plain
