"""The import's compilation into an exclusive map, case by case and by property.

Every case checks the same three things: each tracked path gets the owners GitHub's last
match gives it (by tests/testing/codeowners_reference.py, written apart from the engine),
no two instances' patterns share any path (tracked or not, nested lanes aside), and what
was compiled is reported with its line numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testing.codeowners_reference import File, parse

from charter.codeowners_import import Imported, import_codeowners, render_instances
from charter.config import loads
from charter.errors import ConfigError
from charter.ownership import Ownership


def imported_map(text: str, tracked: Sequence[str]) -> tuple[Imported, Ownership]:
    imported = import_codeowners(text, "CODEOWNERS", tracked)
    ownership = Ownership(loads("version: 1\n" + render_instances(imported.owners)))
    github = File(parse(text))
    handles = {o.name: frozenset(h.lower() for h in o.owners) for o in imported.owners}
    for path in tracked:
        resolution = ownership.resolve(path)
        assert not resolution.overlap, (path, resolution.rules)
        mine = handles[resolution.owner] if resolution.owner else frozenset()
        assert mine == github.owners(path), (path, sorted(mine), sorted(github.owners(path)))
    assert ownership.overlaps() == []
    return imported, ownership


def patterns(imported: Imported) -> dict[str, list[str]]:
    return {o.owners[0]: o.patterns for o in imported.owners}


def test_a_deeper_directory_is_kept_as_a_nested_lane() -> None:
    imported, ownership = imported_map("/docs/ @a\n/docs/api/ @b\n", ["docs/x", "docs/api/y"])
    assert patterns(imported) == {"@a": ["/docs/"], "@b": ["/docs/api/"]}
    assert imported.compiled == [] and imported.carve_outs == 1
    assert ownership.resolve("docs/api/new").carve_note() == "(carved out of a's /docs/)"


def test_a_later_broader_directory_takes_the_earlier_deeper_ones_subtree() -> None:
    imported, _ = imported_map("/docs/api/ @b\n/docs/ @a\n", ["docs/x", "docs/api/y"])
    assert patterns(imported) == {"@a": ["/docs/"]}
    [compiled] = imported.compiled
    assert (compiled.line.number, compiled.overridden_by, compiled.paths) == (1, (2,), 0)
    assert "it decides no tracked path, so it is left out" in compiled.describe("CODEOWNERS")


def test_an_owner_less_line_inside_a_lane_leaves_its_paths_unowned() -> None:
    tracked = ["docs/x.md", "docs/guide/y", "docs/guide/z", "docs/legacy/old"]
    imported, ownership = imported_map("/docs/ @a\n/docs/legacy/\n", tracked)
    # charter has no owner-less lane to carve with: what the line left to @a is listed.
    assert patterns(imported) == {"@a": ["/docs/guide/", "/docs/x.md"]}
    assert ownership.resolve("docs/legacy/old").owner is None
    assert imported.compiled[0].overridden_by == (2,) and imported.unowned_lines == [2]


def test_globs_sharing_only_paths_no_file_has_are_compiled_both() -> None:
    # dd-trace-java's shape: two teams' globs meet at api/config/RumX/config/ProfilingY.
    text = "/api/ @core\n/api/**/config/Profiling* @prof\n/api/**/config/Rum* @rum\n"
    tracked = ["api/src/config/ProfilingConfig.java", "api/src/config/RumConfig.java", "api/b.c"]
    imported, _ = imported_map(text, tracked)
    assert patterns(imported) == {
        "@core": ["/api/"],
        "@prof": ["/api/src/config/ProfilingConfig.java"],
        "@rum": ["/api/src/config/RumConfig.java"],
    }
    compiled = {c.line.number: c for c in imported.compiled}
    assert set(compiled) == {2, 3}
    assert {n for n, _ in compiled[2].meets} == {1, 3}
    assert "meets line" in compiled[3].describe("CODEOWNERS")


def test_an_overridden_unanchored_directory_compiles_to_a_few_directories() -> None:
    # dd-trace-dotnet's line 33: 'tracer/' at any depth, overridden by later globs.
    text = "tracer/ @x\n/tracer/test/**/*Lambda* @y\n"
    tracked = [f"tracer/src/{n}.cs" for n in "abcdef"]
    tracked += ["tracer/test/AwsLambdaTests.cs", "tracer/test/Other.cs", "tracer/test/u/v.cs"]
    imported, _ = imported_map(text, tracked)
    assert patterns(imported) == {"@x": ["/tracer/"], "@y": ["/tracer/test/AwsLambdaTests.cs"]}
    assert imported.exact_patterns == 2


def test_a_glob_that_meets_no_other_owner_stays_a_glob() -> None:
    imported, _ = imported_map("/src/**/*.py @a\n/docs/ @b\n", ["src/x/y.py", "docs/z.md"])
    assert patterns(imported) == {"@a": ["/src/**/*.py"], "@b": ["/docs/"]}
    assert imported.compiled == []


def test_on_an_empty_tree_a_glob_meeting_another_lane_is_left_out_and_said() -> None:
    imported, _ = imported_map("*.md @a\n/docs/api/ @b\n", [])
    assert patterns(imported) == {"@b": ["/docs/api/"]}
    [compiled] = imported.compiled
    assert compiled.meets == ((2, "docs/api/x.md"),) or compiled.meets[0][0] == 2
    assert compiled.paths == 0


SEGMENTS = ["a", "b", "c", "x.md", "y.txt"]
PATTERNS = [
    "*",
    "/a/",
    "/a/b/",
    "/a/b",
    "a/",
    "b",
    "*.md",
    "/a/**/x*",
    "/a/*",
    "**/c/",
    "/b/c/x.md",
    "/c/**/*.txt",
    "c/a/",
]
OWNERS = ["@a", "@b", "@c @a", ""]

paths_strategy = st.lists(
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map("/".join),
    max_size=12,
    unique=True,
)
lines_strategy = st.lists(
    st.tuples(st.sampled_from(PATTERNS), st.sampled_from(OWNERS)), min_size=1, max_size=7
)


def git_tree(paths: list[str]) -> list[str]:
    """Drop paths that a file elsewhere would make a directory (git cannot track both)."""
    files = sorted(paths, key=lambda p: p.count("/"))
    kept: list[str] = []
    for path in files:
        parents = {path.rsplit("/", k)[0] for k in range(1, path.count("/") + 1)}
        if not parents & set(kept) and not any(k.startswith(path + "/") for k in kept):
            kept.append(path)
    return kept


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=lines_strategy, paths=paths_strategy)
def test_any_file_compiles_to_an_exclusive_map_with_githubs_owners(
    lines: list[tuple[str, str]], paths: list[str]
) -> None:
    text = "".join(f"{pattern} {owners}\n" for pattern, owners in lines)
    imported_map(text, git_tree(paths))


def test_a_map_too_large_to_read_back_is_refused_naming_the_lines() -> None:
    # Every file's owner differs from its neighbours' (a team per directory, then an
    # owner per extension across them): only one exact pattern per file can say that.
    lines = [f"/svc{i}/ @team{i}" for i in range(40)] + [f"*.x{i} @ext{i}" for i in range(60)]
    tracked = [f"svc{n % 40}/d{n % 7}/file{n}.x{n % 60}" for n in range(12000)]
    with pytest.raises(ConfigError) as raised:
        import_codeowners("\n".join(lines) + "\n", "CODEOWNERS", tracked)
    [problem] = raised.value.problems
    assert problem.file == "CODEOWNERS" and problem.line == 41  # the first '*.x' line
    assert "more than the" in problem.message and "'*.x0'" in problem.message
    assert "and 55 more" in problem.message and "then import again" in problem.message
