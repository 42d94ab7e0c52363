"""The conflict forecast on real repositories, with git's own merge as the referee."""

from __future__ import annotations

import itertools
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testing.gitrepo import commit_all, git, write

import charter.conflicts as conflicts
import charter.git.runner as runner
from charter.conflicts import KINDS, FileConflict, ForecastError, PairResult, forecast
from charter.git.runner import Git

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    # The autouse git-isolation fixture only sets environment variables, which every
    # example may share.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TEXT = "".join(f"line {n}\n" for n in range(1, 21))


def edited(line: int, new: str, text: str = TEXT) -> str:
    lines = text.splitlines(keepends=True)
    lines[line - 1] = new + "\n"
    return "".join(lines)


def base_commit(repo: Path, files: dict[str, str]) -> str:
    for path, text in files.items():
        write(repo, path, text)
    return commit_all(repo, "base")


def branch(
    repo: Path,
    name: str,
    files: dict[str, str | None] | None = None,
    *,
    moves: dict[str, str] | None = None,
    start: str = "main",
) -> str:
    """Commit `files` (None deletes) and `moves` (git mv) on a new branch; back to main."""
    git(repo, "checkout", "-q", "-b", name, start)
    for old, new in (moves or {}).items():
        (repo / new).parent.mkdir(parents=True, exist_ok=True)
        git(repo, "mv", "--", old, new)
    for path, text in (files or {}).items():
        if text is None:
            git(repo, "rm", "-q", "--", path)
        else:
            write(repo, path, text)
    tip = commit_all(repo, name)
    git(repo, "checkout", "-q", "main")
    return tip


def pair(result: conflicts.Forecast, left: str, right: str) -> PairResult:
    (found,) = [p for p in result.pairs if (p.left, p.right) == (left, right)]
    return found


def kinds(result: PairResult) -> list[tuple[str, str]]:
    return [(conflict.path, conflict.kind) for conflict in result.conflicts]


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Every git command line `forecast` runs, in the order they start."""
    calls: list[tuple[str, ...]] = []
    real = runner._spawn

    def spy(
        argv: tuple[str, ...], cwd: Path, stdin: bytes | None, env: dict[str, str]
    ) -> runner.GitResult:
        calls.append(tuple(argv[1:]))
        return real(argv, cwd, stdin, env)

    monkeypatch.setattr(runner, "_spawn", spy)
    return calls


# --- conflict kinds ------------------------------------------------------------------------


def test_same_line_edited_on_both_branches_is_a_content_conflict(repo: Path) -> None:
    base_commit(repo, {"app.py": TEXT})
    branch(repo, "alpha", {"app.py": edited(5, "alpha's line")})
    branch(repo, "beta", {"app.py": edited(5, "beta's line")})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    found = pair(result, "alpha", "beta")
    assert found.conflicts == (
        FileConflict("app.py", "content", "CONFLICT (content): Merge conflict in app.py"),
    )
    assert found.merge_base == git(repo, "merge-base", "alpha", "beta").strip()
    assert [(p.left, p.right) for p in result.conflicting_pairs()] == [("alpha", "beta")]


def test_rename_against_delete_names_the_instances_not_commit_ids(repo: Path) -> None:
    base_commit(repo, {"old.py": TEXT})
    alpha = branch(repo, "instance/alpha", moves={"old.py": "new.py"})
    beta = branch(repo, "instance/beta", {"old.py": None})

    result = forecast(repo, {"alpha": "instance/alpha", "beta": "instance/beta"})

    (conflict,) = pair(result, "alpha", "beta").conflicts
    assert conflict.kind == "rename/delete"
    assert conflict.path == "new.py"
    assert conflict.message == (
        "CONFLICT (rename/delete): old.py renamed to new.py in alpha, but deleted in beta."
    )
    assert alpha not in conflict.message and beta not in conflict.message


def test_both_adding_the_same_file_is_add_add(repo: Path) -> None:
    base_commit(repo, {"README": "hello\n"})
    branch(repo, "alpha", {"src/new.py": "print('alpha')\n"})
    branch(repo, "beta", {"src/new.py": "print('beta')\n"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert kinds(pair(result, "alpha", "beta")) == [("src/new.py", "add/add")]


def test_edit_against_delete_is_modify_delete(repo: Path) -> None:
    base_commit(repo, {"lib.py": TEXT})
    branch(repo, "alpha", {"lib.py": edited(1, "changed")})
    branch(repo, "beta", {"lib.py": None})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    (conflict,) = pair(result, "alpha", "beta").conflicts
    assert (conflict.path, conflict.kind) == ("lib.py", "modify/delete")
    assert "deleted in beta and modified in alpha" in conflict.message


def test_both_renaming_one_file_differently_is_rename_rename(repo: Path) -> None:
    base_commit(repo, {"util.py": TEXT})
    branch(repo, "alpha", moves={"util.py": "helpers.py"})
    branch(repo, "beta", moves={"util.py": "tools.py"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert kinds(pair(result, "alpha", "beta")) == [("util.py", "rename/rename")]


def test_file_against_directory_reports_the_contested_path(repo: Path) -> None:
    base_commit(repo, {"README": "hello\n"})
    branch(repo, "alpha", {"build": "a file\n"})
    branch(repo, "beta", {"build/out.txt": "a directory\n"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    # Neither side touched a path the other touched: only the new-directory rule of the
    # cheap check can send this pair to merge-tree.
    assert kinds(pair(result, "alpha", "beta")) == [("build", "file/directory")]


def test_file_added_in_a_directory_the_other_side_renamed_is_caught(repo: Path) -> None:
    base_commit(repo, {"pkg/a.py": TEXT, "pkg/b.py": TEXT.upper()})
    branch(repo, "alpha", moves={"pkg": "lib"})
    branch(repo, "beta", {"pkg/c.py": "new\n"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    # Disjoint file sets, yet git stops: directory-rename detection suggests lib/c.py.
    (conflict,) = pair(result, "alpha", "beta").conflicts
    assert conflict.kind == "other"
    assert conflict.message.startswith("CONFLICT (file location): pkg/c.py added in beta")


def test_binary_conflict_is_reported_once_as_binary(repo: Path) -> None:
    base_commit(repo, {"logo.png": "\0base\n"})
    branch(repo, "alpha", {"logo.png": "\0alpha\n"})
    branch(repo, "beta", {"logo.png": "\0beta\n"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert kinds(pair(result, "alpha", "beta")) == [("logo.png", "binary")]


def test_every_reported_kind_is_a_documented_slug(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT, "b.py": TEXT, "c.py": TEXT})
    branch(repo, "alpha", {"a.py": edited(2, "x"), "b.py": None, "n.py": "1\n"})
    branch(repo, "beta", {"a.py": edited(2, "y"), "b.py": edited(9, "z"), "n.py": "2\n"})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    found = kinds(pair(result, "alpha", "beta"))
    assert found == [("a.py", "content"), ("b.py", "modify/delete"), ("n.py", "add/add")]
    assert {kind for _, kind in found} <= set(KINDS)


# --- clean merges ----------------------------------------------------------------------------


def test_nearby_edits_in_one_file_merge_cleanly(repo: Path) -> None:
    base_commit(repo, {"app.py": TEXT})
    branch(repo, "alpha", {"app.py": edited(5, "alpha was here")})
    branch(repo, "beta", {"app.py": edited(8, "beta was here")})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    # Same file, edits three lines apart: a line-proximity guess would flag it; git's
    # merge (which did run: the cheap check cannot rule it out) merges it.
    assert pair(result, "alpha", "beta").conflicts == ()
    assert result.stats.merged == 1
    assert result.conflicting_pairs() == ()


def test_disjoint_files_are_settled_without_merge_tree(
    repo: Path, git_calls: list[tuple[str, ...]]
) -> None:
    base_commit(repo, {f"m{i}.py": TEXT for i in range(3)})
    for i, name in enumerate(["alpha", "beta", "gamma"]):
        branch(repo, name, {f"m{i}.py": edited(1, name), f"{name}/new.py": name})

    result = forecast(repo, {name: name for name in ["alpha", "beta", "gamma"]})

    assert result.conflicting_pairs() == ()
    assert result.stats == conflicts.ForecastStats(pairs=6, unrelated=0, filtered=6, merged=0)
    assert not [call for call in git_calls if call[0] == "merge-tree"]
    # One process per step, however many branches: no per-pair processes.
    assert sorted(call[0] for call in git_calls) == [
        "cat-file",
        "diff-tree",
        "merge-base",
        "rev-list",
    ]


def test_a_rename_on_one_side_and_an_edit_on_the_other_merge_cleanly(repo: Path) -> None:
    base_commit(repo, {"core.py": TEXT})
    branch(repo, "alpha", moves={"core.py": "engine.py"})
    branch(repo, "beta", {"core.py": edited(3, "edited")})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    # The cheap check must send it on (both touch core.py); git's merge follows the rename.
    assert result.stats.merged == 1
    assert pair(result, "alpha", "beta").conflicts == ()


def test_instances_on_the_same_commit_are_clean(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT})
    branch(repo, "shared", {"a.py": edited(1, "x")})

    result = forecast(repo, {"one": "shared", "two": "shared"})

    assert pair(result, "one", "two") == PairResult("one", "two", (), result.pairs[0].merge_base)
    assert result.pairs[0].merge_base == git(repo, "rev-parse", "shared").strip()
    assert result.conflicting_pairs() == ()


# --- against the base ------------------------------------------------------------------------


def test_branch_against_base_after_main_moved_on(repo: Path) -> None:
    fork = base_commit(repo, {"config.py": TEXT, "other.py": TEXT})
    branch(repo, "alpha", {"config.py": edited(4, "alpha's setting")})
    branch(repo, "beta", {"other.py": edited(4, "beta's setting")})
    write(repo, "config.py", edited(4, "main's setting"))
    commit_all(repo, "main moves on")

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"}, base="main")

    assert [(p.left, p.right) for p in result.pairs] == [
        ("alpha", "beta"),
        ("alpha", "main"),
        ("beta", "main"),
    ]
    assert kinds(pair(result, "alpha", "main")) == [("config.py", "content")]
    assert pair(result, "alpha", "main").merge_base == fork
    assert pair(result, "beta", "main").conflicts == ()
    assert pair(result, "alpha", "beta").conflicts == ()
    assert result.collisions("alpha") == ("main",)
    assert result.collisions("main") == ("alpha",)
    assert result.collisions("beta") == ()


def test_a_branch_forked_from_newer_main_inherits_mains_conflicts(repo: Path) -> None:
    base_commit(repo, {"config.py": TEXT})
    branch(repo, "old", {"config.py": edited(4, "old branch")})
    write(repo, "config.py", edited(4, "main's setting"))
    commit_all(repo, "main moves on")
    branch(repo, "new", {"new.py": "fresh\n"})

    result = forecast(repo, {"old": "old", "new": "new"})

    # "new" never touched config.py, but merging it carries main's change along.
    assert kinds(pair(result, "new", "old")) == [("config.py", "content")]
    assert pair(result, "new", "main").conflicts == ()


# --- names and paths -------------------------------------------------------------------------


def test_paths_with_spaces_and_unicode_round_trip(repo: Path) -> None:
    name = "docs/ünï côde\tnotes ☃.md"
    base_commit(repo, {name: TEXT, "plain.txt": "x\n"})
    branch(repo, "alpha", {name: edited(2, "alpha")})
    branch(repo, "beta", {name: edited(2, "beta")})

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert kinds(pair(result, "alpha", "beta")) == [(name, "content")]


def test_output_is_deterministic_and_serialisable(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT, "b.py": TEXT})
    for name, line in [("delta", 1), ("alpha", 1), ("charlie", 9), ("bravo", 9)]:
        branch(repo, name, {"a.py": edited(line, name), "b.py": edited(line, name)})
    branches = {name: name for name in ["delta", "charlie", "bravo", "alpha"]}

    first = forecast(repo, branches)
    again = forecast(repo, dict(reversed(branches.items())))

    assert first == again
    names = [(p.left, p.right) for p in first.pairs]
    instance_pairs = list(itertools.combinations(["alpha", "bravo", "charlie", "delta"], 2))
    assert names == instance_pairs + [(n, "main") for n in ["alpha", "bravo", "charlie", "delta"]]
    assert [(p.left, p.right) for p in first.conflicting_pairs()] == [
        ("alpha", "delta"),
        ("bravo", "charlie"),
    ]
    assert kinds(pair(first, "alpha", "delta")) == [("a.py", "content"), ("b.py", "content")]
    encoded = json.loads(json.dumps(first.to_json()))
    assert encoded[instance_pairs.index(("alpha", "delta"))] == {
        "left": "alpha",
        "right": "delta",
        "merge_base": pair(first, "alpha", "delta").merge_base,
        "conflicting": True,
        "conflicts": [
            {
                "path": "a.py",
                "kind": "content",
                "message": "CONFLICT (content): Merge conflict in a.py",
            },
            {
                "path": "b.py",
                "kind": "content",
                "message": "CONFLICT (content): Merge conflict in b.py",
            },
        ],
    }


def test_progress_counts_every_pair_once(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT})
    for name in ["alpha", "beta", "gamma"]:
        branch(repo, name, {"a.py": edited(1, name)})
    seen: list[tuple[int, int]] = []

    forecast(
        repo, {n: n for n in ["alpha", "beta", "gamma"]}, progress=lambda d, t: seen.append((d, t))
    )

    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


# --- errors and odd histories ----------------------------------------------------------------


def test_missing_branches_are_all_named(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT})
    branch(repo, "alpha", {"a.py": edited(1, "x")})

    with pytest.raises(ForecastError, match="no such branch") as caught:
        forecast(repo, {"alpha": "alpha", "ghost": "instance/ghost", "wraith": "wraith"})
    assert "instance/ghost" in str(caught.value) and "wraith" in str(caught.value)

    with pytest.raises(ForecastError, match="trunk"):
        forecast(repo, {"alpha": "alpha"}, base="trunk")


def test_not_a_repository_and_ambiguous_names_are_errors(repo: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ForecastError, match="not a git repository"):
        forecast(plain, {"alpha": "main"})

    base_commit(repo, {"a.py": TEXT})
    with pytest.raises(ForecastError, match="name of the base branch"):
        forecast(repo, {"main": "main"})


def test_unrelated_histories_are_reported_not_raised(repo: Path) -> None:
    base_commit(repo, {"a.py": TEXT})
    branch(repo, "alpha", {"a.py": edited(1, "x")})
    git(repo, "checkout", "-q", "--orphan", "pages")
    git(repo, "rm", "-rqf", ".")
    write(repo, "index.html", "<html>\n")
    commit_all(repo, "pages")
    git(repo, "checkout", "-q", "main")

    result = forecast(repo, {"alpha": "alpha", "site": "pages"})

    unrelated = pair(result, "alpha", "site")
    assert unrelated.merge_base is None
    assert kinds(unrelated) == [("", "unrelated")]
    assert kinds(pair(result, "site", "main")) == [("", "unrelated")]
    assert pair(result, "alpha", "main").conflicts == ()
    assert result.stats.unrelated == 2


def test_work_tree_index_refs_and_objects_are_untouched(repo: Path) -> None:
    base_commit(repo, {"app.py": TEXT})
    branch(repo, "alpha", {"app.py": edited(5, "alpha")})
    branch(repo, "beta", {"app.py": edited(5, "beta"), "b.py": "b\n"})
    head = git(repo, "rev-parse", "HEAD")
    refs = git(repo, "for-each-ref")
    index = (repo / ".git" / "index").read_bytes()
    objects = git(repo, "count-objects", "-v")

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert result.stats.merged == 1 and result.conflicting_pairs()  # merge-tree did run
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "for-each-ref") == refs
    assert (repo / ".git" / "index").read_bytes() == index
    # merge-tree's blobs and trees went to a throwaway object directory.
    assert git(repo, "count-objects", "-v") == objects


def test_a_hooks_git_environment_does_not_redirect_the_forecast(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_commit(repo, {"app.py": TEXT})
    branch(repo, "alpha", {"app.py": edited(5, "alpha")})
    branch(repo, "beta", {"app.py": edited(5, "beta")})
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))

    result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

    assert kinds(pair(result, "alpha", "beta")) == [("app.py", "content")]


# --- properties: the cheap check never hides a conflict; merge bases match git ----------------

BASE_PATHS = ["a", "b", "d/x", "d/y", "d/e/z", "e/w"]
# Targets for adds and renames: new files, a file where a directory was, a directory
# where a file was, files in existing and new directories.
TARGETS = [*BASE_PATHS, "d", "d/new", "d/e/new", "e", "n", "n/m", "a/q"]
Op = tuple[str, int, str, int]
OPS = st.tuples(
    st.sampled_from(["edit", "edit", "delete", "add", "rename"]),
    st.integers(0, 20),
    st.sampled_from(TARGETS),
    st.integers(0, 7),
)


def body(seed: str) -> str:
    return "".join(f"{seed} {n}\n" for n in range(8))


def place(files: dict[str, str], path: str, text: str) -> None:
    """Put a file at `path`, replacing what stands in its way (as a checkout would)."""
    for other in list(files):
        if other.startswith(path + "/") or path.startswith(other + "/"):
            del files[other]
    files[path] = text


def apply(files: dict[str, str], ops: list[Op], side: str) -> dict[str, str]:
    files = dict(files)
    for kind, pick, target, line in ops:
        existing = sorted(files)
        source = existing[pick % len(existing)] if existing else None
        if kind == "add":
            place(files, target, body(f"{side} added {target}"))
        elif source is None:
            continue
        elif kind == "edit":
            lines = files[source].splitlines(keepends=True)
            lines[line] = f"{side} edited line {line}\n"
            files[source] = "".join(lines)
        elif kind == "delete":
            del files[source]
        elif source != target:  # rename
            place(files, target, files.pop(source))
    return files


def fast_import(repo: Path, commits: list[tuple[str, str | None, dict[str, str]]]) -> None:
    """Commit each (branch, parent branch, complete file set) with `git fast-import`."""
    stream: list[bytes] = []
    marks: dict[str, int] = {}
    for mark, (ref, parent, files) in enumerate(commits, start=1):
        stream.append(
            f"commit refs/heads/{ref}\nmark :{mark}\n"
            f"committer t <t@t> {1_700_000_000 + mark} +0000\ndata {len(ref)}\n{ref}\n".encode()
        )
        if parent is not None:
            stream.append(f"from :{marks[parent]}\n".encode())
        stream.append(b"deleteall\n")
        for path, text in sorted(files.items()):
            raw = text.encode()
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(raw), raw))
        marks[ref] = mark
    git(repo, "fast-import", "--quiet", input=b"".join(stream))


def merge_tree_conflicts(repo: Path, left: str, right: str) -> bool:
    proc = subprocess.run(
        ("git", "merge-tree", "--write-tree", left, right), cwd=repo, capture_output=True
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode == 1


@PROPERTY_SETTINGS
@given(
    base=st.dictionaries(st.sampled_from(BASE_PATHS), st.integers(0, 3), min_size=1),
    alpha=st.lists(OPS, max_size=4),
    beta=st.lists(OPS, max_size=4),
    main=st.lists(OPS, max_size=2),
)
def test_the_cheap_check_never_hides_a_conflict(
    base: dict[str, int], alpha: list[Op], beta: list[Op], main: list[Op]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch)
        git(repo, "init", "-q", "-b", "main")
        start = {path: body(f"base {seed} {path}") for path, seed in base.items()}
        fast_import(
            repo,
            [
                ("main", None, start),
                ("alpha", "main", apply(start, alpha, "alpha")),
                ("beta", "main", apply(start, beta, "beta")),
                ("main", "main", apply(start, main, "main")),
            ],
        )

        result = forecast(repo, {"alpha": "alpha", "beta": "beta"})

        names = {"alpha": "alpha", "beta": "beta", "main": "main"}
        for found in result.pairs:
            expected = merge_tree_conflicts(repo, names[found.left], names[found.right])
            assert found.conflicting == expected, (found, base, alpha, beta, main)


@PROPERTY_SETTINGS
@given(
    shape=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from([0, 1, 1, 1, 2, 2])),
        min_size=2,
        max_size=10,
    ),
    use_git=st.booleans(),
)
def test_merge_bases_match_git(shape: list[tuple[int, int, int]], use_git: bool) -> None:
    # Commit i has 0 (a new root), 1 or 2 parents among the earlier commits; every
    # commit is a tip, so criss-cross merges and unrelated roots all come up.
    with tempfile.TemporaryDirectory() as scratch, pytest.MonkeyPatch.context() as patch:
        repo = Path(scratch)
        git(repo, "init", "-q", "-b", "main")
        stream: list[bytes] = []
        for i, (first, second, parents) in enumerate(shape):
            message = f"c{i}"
            stream.append(
                f"commit refs/heads/{message}\nmark :{i + 1}\n"
                f"committer t <t@t> {1_700_000_000 + i} +0000\n"
                f"data {len(message)}\n{message}\n".encode()
            )
            chosen = sorted({first % i, second % i})[:parents] if i else []
            for keyword, parent in zip(["from", "merge"][: len(chosen)], chosen, strict=True):
                stream.append(f"{keyword} :{parent + 1}\n".encode())
            stream.append(f"M 100644 inline {message}\ndata {len(message)}\n{message}\n".encode())
        git(repo, "fast-import", "--quiet", input=b"".join(stream))
        tips = git(repo, "for-each-ref", "--format=%(objectname)").split()
        if use_git:  # the fallback for long histories: one `git merge-base` per pair
            patch.setattr(conflicts, "_HISTORY_LIMIT", 0)

        found = conflicts._merge_bases(Git.isolated(repo), itertools.combinations(tips, 2))

        for left, right in itertools.combinations(tips, 2):
            expected = subprocess.run(
                ("git", "merge-base", "--all", left, right),
                cwd=repo,
                capture_output=True,
                text=True,
            ).stdout.split()
            assert found[left, right] == tuple(expected), (left, right)


def test_a_forecast_runs_only_a_few_processes_for_many_branches(
    repo: Path, git_calls: list[tuple[str, ...]]
) -> None:
    base_commit(repo, {f"f{i}.py": TEXT for i in range(12)})
    names = [f"agent{i:02d}" for i in range(12)]
    for i, name in enumerate(names):
        # Pairs (0,1), (2,3)... collide; the rest do not.
        branch(repo, name, {f"f{i // 2}.py": edited(3, name)})

    result = forecast(repo, {name: name for name in names})

    assert len(result.pairs) == 66 + 12
    assert len(result.conflicting_pairs()) == 6
    assert result.stats.merged == 6
    assert len(git_calls) <= 6  # cat-file, merge-base, rev-list, diff-tree, rev-parse, merge-tree
