"""Property tests: the pattern engine against git's own wildmatch, and the index against
brute force.

Oracle
------
`git check-ignore --no-index` run in an empty scratch repository, with the pattern as the
only line of the exclude file (`-c core.excludesFile=`). None of the queried paths exist,
so git treats each one as a file, and it reports a path as ignored when the pattern
matches the path itself *or any of its leading directories*. That last rule is the one
CODEOWNERS has too ("a pattern owns a directory and everything below it"), which is why
gitignore is a usable oracle at all.

Where the two agree (the generated subset): patterns made of literal names, ``*``, ``?``,
``*`` inside names, ``\\``-escapes (``\\*``, ``\\ ``), ``**`` standing alone as a
segment, a leading ``/`` (anchors), a slash in the middle (anchors), a trailing ``/``
(directories only: matches what lies below, never the name itself, since no queried
path is a directory), ``**`` at the start, middle or end. For all of these the engine's
answer must equal git's, path for path.

Where they deliberately differ, so the generator keeps out of it or adjusts:

* A trailing lone ``*`` after a named segment (``docs/*``, ``/*``, ``a/?/*``): CODEOWNERS
  matches direct children only; gitignore's ``docs/*`` matches ``docs/a`` *as a
  directory* and so ignores ``docs/a/b`` too (`test_git_ignores_below_a_star_match`
  checks this with git). For anchored patterns without ``**`` every segment matches
  exactly one path segment, so CODEOWNERS == git AND depth(path) == number of segments,
  and that is what the property checks. ``**/a/*`` and friends (``**`` plus a trailing
  lone ``*``) have no such simple relation and are not generated; ``**/*`` and
  ``a/**/*`` are (the ``**`` absorbs any depth, so both tools agree).
* A trailing ``/`` after ``**`` (``a/**/``): gitignore wants a *directory* below ``a``,
  so the files directly in ``a`` are not ignored; CODEOWNERS reads it as ``a/**``. Such
  patterns are compared with git's answer for the pattern without the trailing slash
  (mode ``drop-slash``).
* Negation (``!``) and ranges (``[...]``): gitignore has them, CODEOWNERS does not;
  charter refuses them.
* ``**`` inside a name (``a**``) is a plain ``*`` to git, refused by charter; ``***``
  likewise. Patterns made only of ``**`` and slashes (``**/``, ``**/**``) match every
  path inside a directory in git but nothing in hmarr/codeowners; charter refuses them.
* Trailing spaces: gitignore strips unescaped trailing spaces, while charter keeps a
  space as an ordinary character (a CODEOWNERS line is split on whitespace, so an
  exported pattern escapes it as ``\\ ``). Only escaped spaces are generated.
* A leading ``#`` is a comment in both; charter refuses it and ``\\#`` (GitHub does not
  honour that escape in CODEOWNERS; write ``**/#name``). Not generated.

docs/patterns.md has the same list for readers of the documentation.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.patterns import RuleIndex, compile_pattern

# Pattern segments: (pattern text, is a lone '*', is '**').
LITERALS = ["a", "b", "a.js", "b.md", "a\\ b", "\\*"]
WILDCARDS = ["*", "?", "*.js", "a*", "?.md", "*b*"]
SEGMENTS = LITERALS + WILDCARDS + ["**"]

# Path names: chosen so the segments above hit and miss in interesting ways.
NAMES = ["a", "b", "a.js", "b.md", "a b", "*", "ab.js", ".js", "c"]
SHORT_PATHS = [
    "/".join(parts) for depth in (1, 2, 3) for parts in itertools.product(NAMES, repeat=depth)
]

PROPERTY_SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    # The autouse git-isolation fixture is function scoped; it only sets environment
    # variables, which every example may share.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FEWER = settings(PROPERTY_SETTINGS, max_examples=100)


# --- the oracle -------------------------------------------------------------------------


class GitOracle:
    """`git check-ignore` in a scratch repository: one git process per pattern."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = root / "repo"
        self.repo.mkdir()
        self.excludes = root / "exclude"
        home = root / "home"
        home.mkdir()
        # Explicit isolation: module-scoped fixtures run before the autouse one.
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "LC_ALL": "C",
        }
        self._git("init", "-q")
        # No template excludes: only the pattern under test may ignore anything.
        (self.repo / ".git" / "info" / "exclude").unlink(missing_ok=True)

    def _git(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ("git", *args),
            cwd=self.repo,
            env=self.env,
            input=stdin,
            capture_output=True,
            check=False,
        )

    def ignored(self, pattern: str, paths: list[str]) -> dict[str, bool]:
        """For each path: does git ignore it, given only `pattern`?"""
        self.excludes.write_text(pattern + "\n", encoding="utf-8")
        proc = self._git(
            "-c",
            f"core.excludesFile={self.excludes}",
            "-c",
            "core.ignoreCase=false",
            "check-ignore",
            "--no-index",
            "--stdin",
            "-z",
            "-v",
            "-n",
            stdin=b"".join(p.encode() + b"\0" for p in paths),
        )
        # 0: some path ignored, 1: none; anything else is an error.
        assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
        fields = proc.stdout.split(b"\0")
        assert fields[-1] == b""
        records = [fields[i : i + 4] for i in range(0, len(fields) - 1, 4)]
        assert [r[3].decode() for r in records] == paths, "git answered other paths"
        verdict = {}
        for source, _line, matched, path in records:
            assert bool(source) == bool(matched)
            verdict[path.decode()] = bool(source)
        return verdict


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> GitOracle:
    return GitOracle(tmp_path_factory.mktemp("wildmatch"))


# --- generators -------------------------------------------------------------------------

segment_lists = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4)
deep_paths = st.lists(st.sampled_from(NAMES), min_size=4, max_size=7).map("/".join)


def build(segments: list[str], leading: bool, trailing: bool) -> str:
    return ("/" if leading else "") + "/".join(segments) + ("/" if trailing else "")


def oracle_mode(segments: list[str], leading: bool, trailing: bool) -> str | None:
    """'same', 'exact-depth', 'drop-slash' (see the module docstring) or None (outside
    the subset)."""
    if all(s == "**" for s in segments) and (trailing or len(segments) > 1):
        return None  # refused by charter
    if trailing and segments[-1] == "**":
        return "drop-slash"
    anchored = leading or len(segments) > 1
    if trailing or segments[-1] != "*" or not anchored:
        return "same"
    if len(segments) > 1 and segments[-2] == "**":
        return "same"  # '**/*', 'a/**/*': the '**' absorbs any depth in both tools
    if "**" in segments:
        return None
    return "exact-depth"


@st.composite
def oracle_patterns(draw: st.DrawFn) -> tuple[str, str]:
    while True:
        segments = draw(segment_lists)
        leading = draw(st.booleans())
        trailing = draw(st.booleans())
        mode = oracle_mode(segments, leading, trailing)
        if mode is not None:
            return build(segments, leading, trailing), mode


def depth(path: str) -> int:
    return path.count("/") + 1


def expected_from_git(oracle: GitOracle, text: str, mode: str, paths: list[str]) -> dict[str, bool]:
    """What CODEOWNERS semantics say for each path, derived from git's answers."""
    if mode == "drop-slash":
        # git's 'a/**/' needs a directory below 'a'; CODEOWNERS reads it as 'a/**'.
        return oracle.ignored(text[:-1], paths)
    git_says = oracle.ignored(text, paths)
    if mode == "exact-depth":
        segment_count = len(text.strip("/").split("/"))
        return {path: git_says[path] and depth(path) == segment_count for path in paths}
    assert mode == "same"
    return git_says


# --- engine == git ----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(case=oracle_patterns(), extra=st.lists(deep_paths, max_size=40))
def test_engine_agrees_with_git_wildmatch(
    oracle: GitOracle, case: tuple[str, str], extra: list[str]
) -> None:
    text, mode = case
    paths = list(dict.fromkeys(SHORT_PATHS + extra))
    expected = expected_from_git(oracle, text, mode, paths)
    pattern = compile_pattern(text)
    index: RuleIndex[None] = RuleIndex([(pattern, None)])
    for path in paths:
        assert pattern.matches(path) == expected[path], (text, mode, path)
        assert bool(index.matching(path)) == expected[path], (text, mode, path, "index")


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("docs/*", "exact-depth"),
        ("/*", "exact-depth"),
        ("a/?/*", "exact-depth"),
        ("**/*", "same"),
        ("a/**/*", "same"),
        ("*", "same"),
        ("docs/", "same"),
        ("a/**", "same"),
        ("a/**/", "drop-slash"),
        ("/**/a/**/", "drop-slash"),
        ("**/a/*", None),
        ("a/**/b/*", None),
        ("**/", None),
        ("**/**", None),
    ],
)
def test_oracle_subset_classification(text: str, mode: str | None) -> None:
    leading, trailing = text.startswith("/"), text.endswith("/") and text != "/"
    segments = text.strip("/").split("/")
    assert oracle_mode(segments, leading, trailing) == mode


def test_git_ignores_below_a_star_match(oracle: GitOracle) -> None:
    """The documented difference, checked with git itself: gitignore's 'docs/*' ignores
    'docs/a' as a directory and so everything below it; CODEOWNERS' does not."""
    paths = ["docs", "docs/a", "docs/a/b", "x/docs/a"]
    assert oracle.ignored("docs/*", paths) == {
        "docs": False,
        "docs/a": True,
        "docs/a/b": True,
        "x/docs/a": False,
    }
    pattern = compile_pattern("docs/*")
    assert [pattern.matches(p) for p in paths] == [False, True, False, False]
    # '/*' is the extreme case: git ignores everything, CODEOWNERS owns root files only.
    assert oracle.ignored("/*", ["a", "a/b"]) == {"a": True, "a/b": True}
    assert [compile_pattern("/*").matches(p) for p in ("a", "a/b")] == [True, False]


def test_git_and_charter_differ_on_refused_and_space_forms(oracle: GitOracle) -> None:
    """Forms charter refuses or reads differently, with what git makes of them."""
    assert oracle.ignored("**/", ["a", "a/b"]) == {"a": False, "a/b": True}
    assert oracle.ignored("a**", ["ab", "ba"]) == {"ab": True, "ba": False}
    # A trailing '/' after '**' asks git for a directory: 'a/**/' skips the files in 'a'.
    assert oracle.ignored("a/**/", ["a/f", "a/d/f"]) == {"a/f": False, "a/d/f": True}
    assert compile_pattern("a/**/").matches("a/f")
    assert oracle.ignored("a[bc]", ["ab", "ad"]) == {"ab": True, "ad": False}
    # gitignore strips an unescaped trailing space; charter keeps it as a character.
    assert oracle.ignored("a ", ["a", "a "]) == {"a": True, "a ": False}
    assert [compile_pattern("a ").matches(p) for p in ("a", "a ")] == [False, True]
    # An escaped trailing space is a space for both.
    assert oracle.ignored("a\\ ", ["a", "a "]) == {"a": False, "a ": True}
    assert [compile_pattern("a\\ ").matches(p) for p in ("a", "a ")] == [False, True]


def test_directory_patterns_agree_with_git_on_the_name_itself(oracle: GitOracle) -> None:
    """No queried path exists, so git takes each as a file: 'docs/' misses 'docs'."""
    for text in ("docs/", "/docs/", "docs/**", "**/docs/"):
        assert oracle.ignored(text, ["docs", "docs/a"]) == {"docs": False, "docs/a": True}
        pattern = compile_pattern(text)
        assert (pattern.matches("docs"), pattern.matches("docs/a")) == (False, True)


# --- index == brute force ---------------------------------------------------------------

ANY_SEGMENTS = [*SEGMENTS, "c", "x.b.js", "*.b.js", "\\?", "b?"]


@st.composite
def any_patterns(draw: st.DrawFn) -> str:
    """Any pattern charter accepts, from a small alphabet (including trailing lone '*')."""
    while True:
        segments = draw(st.lists(st.sampled_from(ANY_SEGMENTS), min_size=1, max_size=4))
        leading = draw(st.booleans())
        trailing = draw(st.booleans())
        if all(s == "**" for s in segments) and (trailing or len(segments) > 1):
            continue  # '**/', '**/**': refused
        return build(segments, leading, trailing)


index_paths = st.lists(st.sampled_from([*NAMES, "x.b.js", "b?", "?"]), min_size=1, max_size=6).map(
    "/".join
)


@PROPERTY_SETTINGS
@given(
    texts=st.lists(any_patterns(), min_size=1, max_size=60),
    paths=st.lists(index_paths, min_size=1, max_size=60),
)
def test_index_equals_brute_force(texts: list[str], paths: list[str]) -> None:
    patterns = [compile_pattern(text) for text in texts]
    index = RuleIndex((pattern, i) for i, pattern in enumerate(patterns))
    assert len(index) == len(patterns)
    # Twice: the second round answers from the per-directory cache.
    for path in [*paths, *SHORT_PATHS[:: max(1, len(SHORT_PATHS) // 80)]] * 2:
        found = [i for _, i in index.matching(path)]
        assert len(found) == len(set(found)), (path, texts)
        expected = {i for i, pattern in enumerate(patterns) if pattern.matches(path)}
        assert set(found) == expected, (path, [texts[i] for i in set(found) ^ expected])
        assert index.payloads(path) == tuple(found), path


@FEWER
@given(
    first=st.lists(any_patterns(), min_size=1, max_size=20),
    second=st.lists(any_patterns(), min_size=1, max_size=20),
    paths=st.lists(index_paths, min_size=1, max_size=30),
)
def test_index_stays_exact_when_rules_are_added_after_lookups(
    first: list[str], second: list[str], paths: list[str]
) -> None:
    index: RuleIndex[int] = RuleIndex()
    patterns = []
    for batch in (first, second):
        for text in batch:
            patterns.append(compile_pattern(text))
            index.add(patterns[-1], len(patterns) - 1)
        for path in paths:
            expected = {i for i, pattern in enumerate(patterns) if pattern.matches(path)}
            assert set(index.payloads(path)) == expected, path


def test_index_with_a_tiny_directory_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Evicting the per-directory cache never changes an answer."""
    import charter.patterns

    monkeypatch.setattr(charter.patterns, "_DIR_CACHE_SIZE", 3)
    texts = ["/a/", "a/*.js", "**/b/", "*.md", "/*/a", "a/?/b.md", "b", "/a/b/*"]
    patterns = [compile_pattern(text) for text in texts]
    index = RuleIndex((pattern, i) for i, pattern in enumerate(patterns))
    for path in SHORT_PATHS * 2:
        expected = {i for i, pattern in enumerate(patterns) if pattern.matches(path)}
        assert set(index.payloads(path)) == expected, path
    assert len(index._dirs) <= 3


# --- ownership == brute force -------------------------------------------------------------

OWNERS = ["alpha", "beta", "gamma"]


@FEWER
@given(
    lanes=st.lists(st.tuples(st.sampled_from(OWNERS), any_patterns()), min_size=1, max_size=12),
    paths=st.lists(index_paths, min_size=1, max_size=40),
)
def test_ownership_resolves_like_brute_force(
    lanes: list[tuple[str, str]], paths: list[str]
) -> None:
    """Ownership.resolve (through the index's fast path) names exactly the owners and
    rules whose patterns match, less the directory rules a deeper directory rule of
    another owner carves out; nothing else is claimed."""
    from charter.config import loads
    from charter.ownership import Ownership

    owns: dict[str, list[str]] = {}
    for owner, text in lanes:
        owns.setdefault(owner, []).append(text)
    lines = ["version: 1", "instances:"]
    for owner, texts in owns.items():
        lines += [f"  {owner}:", "    owns:", *(f"      - '{text}'" for text in texts)]
    ownership = Ownership(loads("\n".join(lines) + "\n"))
    for path in paths * 2:
        resolution = ownership.resolve(path)
        expected = sorted(
            {(o, t) for o, texts in owns.items() for t in texts if compile_pattern(t).matches(path)}
        )
        if len({o for o, _ in expected}) > 1:
            deepest = max(directory_depth(t) for _, t in expected)
            expected = [(o, t) for o, t in expected if directory_depth(t) in (0, deepest)]
        assert sorted({(r.owner, r.pattern) for r in resolution.rules}) == expected, path
        assert resolution.owners == tuple(sorted({o for o, _ in expected}))
        assert resolution.owner == (expected[0][0] if len(resolution.owners) == 1 else None)


def directory_depth(text: str) -> int:
    """How many segments the directory of a directory pattern has (an anchored pattern
    of literal names, optionally ending in '/' or '/**'); 0 for any other pattern."""
    if "/" not in (text[:-1] if text.endswith("/") else text):
        return 0  # unanchored: a name at any depth
    body = text.removesuffix("/")
    body = body.removesuffix("/**")
    names = body.removeprefix("/").split("/")
    if any(name in ("", "**") or set(name) & set("*?\\") for name in names):
        return 0
    return len(names)


def _all_small_patterns() -> Iterator[tuple[str, str]]:
    for count in (1, 2):
        for segments in itertools.product(SEGMENTS, repeat=count):
            for leading, trailing in itertools.product((False, True), repeat=2):
                mode = oracle_mode(list(segments), leading, trailing)
                if mode is not None:
                    yield build(list(segments), leading, trailing), mode


def test_every_short_pattern_agrees_with_git(oracle: GitOracle) -> None:
    """Exhaustive over one- and two-segment patterns: no randomness at all."""
    cases = list(_all_small_patterns())
    assert len(cases) > 500
    assert {mode for _, mode in cases} == {"same", "exact-depth", "drop-slash"}
    for text, mode in cases:
        expected = expected_from_git(oracle, text, mode, SHORT_PATHS)
        pattern = compile_pattern(text)
        for path in SHORT_PATHS:
            assert pattern.matches(path) == expected[path], (text, mode, path)


# --- Ownership's per-directory answers against its full lookup ----------------------------

_OWNERSHIP_MAP = """\
version: 1
tracking: {file: TRACKING.md}
shared: [CHANGELOG.md, "*.lock"]
instances:
  core:
    owns: [/packages/core/, "*.proto", Makefile]
  web:
    owns: [apps/web/**, "**/fixtures/**", "docs/*.md"]
  ops:
    owns: [/infra/, "deploy/*/values.yaml", ".charter/ops-notes/**"]
contracts:
  api:
    owner: core
    paths: [packages/core/api/**]
"""
_SEGMENTS = [
    "packages",
    "core",
    "api",
    "apps",
    "web",
    "fixtures",
    "docs",
    "infra",
    "deploy",
    "prod",
    ".charter",
    "scratchpads",
    "contracts",
    "ops-notes",
    "src",
    "x",
]
_NAMES = [
    "a.ts",
    "b.proto",
    "Makefile",
    "values.yaml",
    "README.md",
    "CHANGELOG.md",
    "yarn.lock",
    "core.md",
    "web.md",
    "api.lock.json",
    "api.api.md",
    "charter.yaml",
    "TRACKING.md",
    "fixtures",
    "core",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_SEGMENTS), max_size=4), st.sampled_from(_NAMES)),
        min_size=1,
        max_size=40,
    )
)
def test_ownership_fast_path_equals_the_full_lookup(
    entries: list[tuple[list[str], str]],
) -> None:
    """`resolve` answers most paths from a per-directory cache; it must agree, path for
    path, with the full lookup (implicit paths, the `.charter/` fallback, overlaps)."""
    from charter.config import loads
    from charter.ownership import Ownership

    ownership = Ownership(loads(_OWNERSHIP_MAP))
    generated = ["/".join([*segments, name]) for segments, name in entries]
    for path in [*generated, *_IMPLICIT_NEIGHBOURHOOD]:
        assert ownership.resolve(path) == ownership._resolve(path), path
    # The bulk answer (`charter owner`'s) is the same, from a fresh map and a warm one.
    for fresh in (Ownership(loads(_OWNERSHIP_MAP)), ownership):
        paths = [*generated, *_IMPLICIT_NEIGHBOURHOOD]
        numbers, verdicts = fresh.verdicts(paths)
        for path, number in zip(paths, numbers, strict=True):
            assert (path, *verdicts[number]) == ownership._resolve(path), path


# Every implicit path, its directory's other files and its parent's: the places where a
# directory's plain answer must give way to a path's own.
_IMPLICIT_NEIGHBOURHOOD = [
    f"{directory}{name}"
    for directory in ("", ".charter/", ".charter/scratchpads/", ".charter/contracts/", "x/")
    for name in (
        "core.md",
        "web.md",
        "ops.md",
        "other.md",
        "api.lock.json",
        "api.api.md",
        "charter.yaml",
        "TRACKING.md",
        "notes.txt",
        ".charter",
    )
]
