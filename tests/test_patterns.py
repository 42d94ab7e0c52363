"""The pattern engine: conformance vectors, refusals, escapes and awkward names.

Every match is checked twice, through `Pattern.matches` and through a `RuleIndex`, since
the index answers most lookups without ever running the pattern's regex.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from charter.patterns import (
    Pattern,
    PatternError,
    RuleIndex,
    compile_all,
    compile_pattern,
    witness_paths,
)

# The conformance vectors come from the test data of the Go library hmarr/codeowners
# (testdata/patterns.json, MIT licence), copied into tests/data/conformance/ (see its README).
CONFORMANCE = Path(__file__).resolve().parent / "data" / "conformance" / "codeowners-patterns.json"
MISSING = f"conformance vectors not found at {CONFORMANCE}; these tests must run, never skip"


def _load_vectors() -> list[dict[str, Any]] | None:
    try:
        data = json.loads(CONFORMANCE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    assert isinstance(data, list)
    return data


VECTORS = _load_vectors()


def _vector_cases() -> list[Any]:
    if VECTORS is None:
        # One failing case instead of an empty (silently skipped) parametrization.
        return [pytest.param(None, None, None, id="conformance-file-missing")]
    return [
        pytest.param(vector["pattern"], path, expected, id=f"{vector['name']}: {path}")
        for vector in VECTORS
        for path, expected in vector["paths"].items()
    ]


def _vector_paths() -> list[Any]:
    if VECTORS is None:
        return [pytest.param(None, id="conformance-file-missing")]
    paths = sorted({path for vector in VECTORS for path in vector["paths"]})
    return [pytest.param(path, id=path) for path in paths]


def _vectors() -> list[dict[str, Any]]:
    if VECTORS is None:
        pytest.fail(MISSING)
    return VECTORS


def index_of(*texts: str) -> RuleIndex[int]:
    return RuleIndex((compile_pattern(text), i) for i, text in enumerate(texts))


def both(text: str, path: str) -> tuple[bool, bool]:
    """(Pattern.matches, a one-rule RuleIndex says it matches)."""
    pattern = compile_pattern(text)
    index: RuleIndex[str] = RuleIndex([(pattern, "owner")])
    found = index.matching(path)
    assert len(found) <= 1, f"{text!r} reported {len(found)} times for {path!r}"
    return pattern.matches(path), bool(found)


def assert_matches(text: str, *paths: str) -> None:
    for path in paths:
        assert both(text, path) == (True, True), f"{text!r} should match {path!r}"


def assert_misses(text: str, *paths: str) -> None:
    for path in paths:
        assert both(text, path) == (False, False), f"{text!r} should not match {path!r}"


# --- conformance ------------------------------------------------------------------------


def test_conformance_file_present_and_complete() -> None:
    vectors = _vectors()
    assert len(vectors) >= 27
    assert sum(len(v["paths"]) for v in vectors) >= 145
    for vector in vectors:
        assert set(vector) >= {"name", "pattern", "paths"}


@pytest.mark.parametrize(("text", "path", "expected"), _vector_cases())
def test_conformance_vector(text: str | None, path: str | None, expected: bool | None) -> None:
    if text is None or path is None:
        pytest.fail(MISSING)
    assert both(text, path) == (expected, expected)


@pytest.mark.parametrize("path", _vector_paths())
def test_conformance_all_patterns_in_one_index(path: str | None) -> None:
    """One index holding every vector pattern returns exactly the patterns that match."""
    vectors = _vectors()
    assert path is not None
    patterns = [compile_pattern(v["pattern"]) for v in vectors]
    index = RuleIndex((pattern, i) for i, pattern in enumerate(patterns))
    assert len(index) == len(vectors)
    found = [payload for _, payload in index.matching(path)]
    assert len(found) == len(set(found)), "a rule was reported twice"
    # A vector's own verdict where it lists the path, the pattern's regex elsewhere.
    expected = {
        i
        for i, (vector, pattern) in enumerate(zip(vectors, patterns, strict=True))
        if vector["paths"].get(path, pattern.matches(path))
    }
    assert set(found) == expected


def test_conformance_matches_unlisted_paths_consistently() -> None:
    """Across every vector path, a single-rule index and the regex never disagree."""
    vectors = _vectors()
    paths = sorted({path for v in vectors for path in v["paths"]})
    for vector in vectors:
        for path in paths:
            direct, indexed = both(vector["pattern"], path)
            assert direct == indexed, (vector["pattern"], path)


# --- refusals ---------------------------------------------------------------------------

REFUSED = [
    ("", ["empty", "'*.md'"]),
    ("   ", ["empty"]),
    ("!docs/", ["negation", "'!'", "list the paths"]),
    ("!*.md", ["negation"]),
    ("src/[ab].py", ["ranges", "'[...]'", "'?' or '*'"]),
    ("src/]", ["ranges"]),
    ("a/***", ["'***'", "'**' or '*'"]),
    ("***", ["'***'"]),
    ("a/./b", ["'.'", "not allowed", "repository root"]),
    ("./a", ["'.'"]),
    ("a/..", ["'..'"]),
    ("../a", ["'..'"]),
    ("a//b", ["empty path segment", "single '/'"]),
    ("//a", ["empty path segment", "single '/'"]),
    ("a//", ["end the pattern with one '/'"]),
    ("/", ["matches nothing", "'**'"]),
    ("//", ["matches nothing"]),
    ("foo\\", ["trailing '\\'", "escapes nothing", "remove it"]),
    ("a\\/b", ["slash cannot be escaped"]),
    ("#notes", ["comment", "'**/#notes'", "'/#notes'"]),
    ("\\#notes", ["comment", "GitHub does not honour", "'**/#notes'"]),
    ("a**", ["'**' must stand alone", "'*' inside a name"]),
    ("**a/b", ["'**' must stand alone"]),
    ("a/b**/c", ["'**' must stand alone"]),
    ("**.js", ["'**' must stand alone"]),
    ("**/", ["only of '**'", "write '**'"]),
    ("/**/", ["only of '**'"]),
    ("**/**", ["only of '**'"]),
]


@pytest.mark.parametrize(("text", "words"), REFUSED, ids=[repr(t) for t, _ in REFUSED])
def test_refused(text: str, words: list[str]) -> None:
    with pytest.raises(PatternError) as info:
        compile_pattern(text)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"
    if text.strip():
        assert repr(text) in message, "the message names the refused pattern"


def test_pattern_error_is_a_value_error() -> None:
    assert issubclass(PatternError, ValueError)
    with pytest.raises(ValueError, match="negation"):
        compile_all(["docs/", "!docs/x"])


@pytest.mark.parametrize(
    "text",
    ["**", "/**", "a/**/**", "\\!important", "**/#notes", "/#x", "a/\\[x\\]", "a#b", "x!"],
)
def test_near_refusals_are_accepted(text: str) -> None:
    assert compile_pattern(text).text == text


# --- escapes ----------------------------------------------------------------------------


def test_escaped_star_is_literal() -> None:
    assert_matches("f\\*o", "f*o", "x/f*o", "f*o/y")
    assert_misses("f\\*o", "foo", "fo", "f**o")
    assert_matches("/a/\\*", "a/*", "a/*/b")
    assert_misses("/a/\\*", "a/b")


def test_escaped_question_mark_is_literal() -> None:
    assert_matches("what\\?", "what?", "docs/what?")
    assert_misses("what\\?", "whats", "what")


def test_escaped_space() -> None:
    assert_matches("my\\ file.txt", "my file.txt", "docs/my file.txt")
    assert_misses("my\\ file.txt", "my\\ file.txt", "myfile.txt", "my_file.txt")
    assert_matches("/My\\ Documents/", "My Documents/a")
    assert_misses("/My\\ Documents/", "My Documents", "x/My Documents/a")


def test_escaped_hash_and_bang() -> None:
    assert_matches("**/#notes", "#notes", "a/#notes/b")
    assert_misses("**/#notes", "notes", "\\#notes")
    assert_matches("a/\\#b", "a/#b")
    assert_matches("\\!important", "!important")
    assert_misses("\\!important", "important")
    assert_matches("a#b", "a#b")


def test_escaped_ordinary_character_is_itself() -> None:
    assert_matches("\\a.md", "a.md")
    assert_misses("\\a.md", "\\a.md", "b.md")
    assert_matches("a/\\[x\\]", "a/[x]")


def test_regex_metacharacters_are_literal() -> None:
    for text in ("a+b", "a.b", "(x)", "x{2}", "$HOME", "^a", "a|b"):
        assert_matches(text, text, f"dir/{text}")
    assert_misses("a.b", "axb")
    assert_misses("x{2}", "xx")
    assert_misses("a|b", "a", "b")


# --- names ------------------------------------------------------------------------------


def test_unicode_names() -> None:
    assert_matches("docs/日本語/", "docs/日本語/a.md")
    assert_misses("docs/日本語/", "docs/日本語", "docs/日本/a.md")
    assert_matches("*.ñ", "año.ñ", "x/ü.ñ")
    assert_matches("caf?", "café")
    assert_matches("/ß/*.txt", "ß/a.txt")
    assert_misses("/ß/*.txt", "ss/a.txt", "SS/a.txt")
    # No normalisation: NFC and NFD spellings are different names.
    assert_misses("café", "cafe\u0301")


def test_case_sensitive() -> None:
    assert_matches("README.md", "README.md")
    assert_misses("README.md", "readme.md", "Readme.md")
    assert_misses("*.MD", "a.md")


def test_names_with_spaces() -> None:
    # charter.yaml holds patterns unescaped too; a space is an ordinary character.
    assert_matches("my file.txt", "my file.txt", "a b/my file.txt")
    assert_matches("/a b/", "a b/c")
    assert_misses("/a b/", "a/b", "ab/c")
    assert_matches("* *", "a b", "x/ y")
    assert_misses("* *", "ab")
    assert_matches(" lead", " lead")
    assert_misses(" lead", "lead")
    assert_matches("trail ", "trail ")
    assert_misses("trail ", "trail")


def test_names_with_newlines_and_tabs() -> None:
    assert_matches("a\nb", "a\nb", "x/a\nb/y")
    assert_misses("a\nb", "a", "b", "a\n")
    assert_matches("x*", "x\ny", "d/x\ty")
    assert_matches("a?b", "a\nb")
    assert_matches("/d/*", "d/line\nbreak")
    assert_misses("/d/*", "d/line\nbreak/deeper")
    assert_matches("**/z", "a\nb/z")


def test_leading_dash() -> None:
    assert_matches("-foo", "-foo", "x/-foo", "-foo/bar")
    assert_misses("-foo", "foo", "x-foo")
    assert_matches("--", "--")
    assert_matches("/-rf/", "-rf/x")
    assert_matches("-*", "-v", "a/-x")
    assert_misses("-*", "v-")


def test_dotfiles_are_ordinary_names() -> None:
    assert_matches("*", ".env", "a/.git-blame-ignore-revs")
    assert_matches(".github/", ".github/workflows/ci.yml")
    assert_matches("*.yml", ".github/workflows/ci.yml")
    assert_matches("?env", ".env")
    assert_matches("*.js", ".js")


def test_deep_paths() -> None:
    segments = [f"d{i}" for i in range(300)]
    deep = "/".join(segments) + "/leaf.py"
    assert_matches("**/leaf.py", deep)
    assert_matches("*.py", deep)
    assert_matches("/d0/", deep)
    assert_matches("d0/**/leaf.py", deep)
    assert_matches("d0/**/d150/**/leaf.py", deep)
    assert_matches("d299", deep)
    assert_matches("d0/d1/d2", deep)
    assert_misses("d1/d2", deep)
    assert_misses("/d0/*", deep)
    assert_misses("d0/**/missing", deep)
    assert_misses("d0/**/d150/**/other.py", deep)
    many = index_of(*(f"/d0/d1/x{i}/" for i in range(200)), "**/d299/*.py", "**/d77/")
    assert {i for _, i in many.matching(deep)} == {200, 201}


# --- directories ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["docs/", "docs/**", "/docs/", "/docs/**", "**/docs/", "docs/**/"])
def test_needs_child_does_not_match_the_directory_itself(text: str) -> None:
    assert compile_pattern(text).needs_child
    assert_misses(text, "docs", "docsx/a", "doc/a")
    assert_matches(text, "docs/a", "docs/a/b", "docs/a/b/c.md")


def test_needs_child_at_depth() -> None:
    assert_misses("docs/", "x/docs")
    assert_matches("docs/", "x/docs/a")
    assert_misses("/docs/", "x/docs/a")
    assert_misses("a/docs/**", "a/docs", "b/a/docs/c")
    assert_matches("a/docs/**", "a/docs/c")


@pytest.mark.parametrize("text", ["docs", "/docs", "**/docs", "do?s", "d*s"])
def test_without_trailing_slash_the_name_itself_matches(text: str) -> None:
    assert not compile_pattern(text).needs_child
    assert_matches(text, "docs", "docs/a", "docs/a/b")


def test_trailing_lone_star_matches_direct_children_only() -> None:
    assert_matches("docs/*", "docs/a", "docs/a.md")
    assert_misses("docs/*", "docs", "docs/a/b", "x/docs/a")
    assert_matches("/*", "a", "README.md")
    assert_misses("/*", "a/b")
    # Not lone: '*.md' and 'a*' also match below what they name.
    assert_matches("docs/*.md", "docs/a.md", "docs/a.md/b")
    assert_matches("docs/a*", "docs/ab/c")
    # '**/*' and 'a/**/*' reach any depth.
    assert_matches("**/*", "a", "a/b/c")
    assert_matches("a/**/*", "a/b", "a/b/c/d")
    assert_misses("a/**/*", "a", "b/a/c")


def test_consecutive_double_stars_are_one() -> None:
    # git reads '**/**/a' as '**/a'; so does charter (a naive regex would need a slash).
    assert_matches("**/**/a", "a", "x/a", "x/y/a/z")
    assert_matches("/**/**/a", "a")
    assert_matches("a/**/**/b", "a/b", "a/x/y/b")
    assert_matches("a/**/**", "a/b", "a/b/c")
    assert_misses("a/**/**", "a", "b/a/c")
    assert compile_pattern("a/**/**").needs_child


def test_anchoring() -> None:
    assert_matches("a/b", "a/b", "a/b/c")
    assert_misses("a/b", "x/a/b")
    assert_matches("b/", "x/b/c")
    assert_matches("**/a/b", "x/y/a/b")
    assert_misses("/b", "a/b")


# --- the index --------------------------------------------------------------------------


def test_index_reports_every_matching_rule_once() -> None:
    texts = [
        "docs/",
        "/docs/api/",
        "*.md",
        "README.md",
        "docs/*",
        "**/api/**",
        "/docs/api/v1.md",
        "d?cs/",
        "*",
        "**/*.md",
        "docs/**/*.md",
        "/packages/",
    ]
    index = index_of(*texts)
    path = "docs/api/v1.md"
    found = [i for _, i in index.matching(path)]
    assert sorted(found) == sorted(set(found))
    expected = {i for i, text in enumerate(texts) if compile_pattern(text).matches(path)}
    assert set(found) == expected
    assert expected == {0, 1, 2, 5, 6, 7, 8, 9, 10}
    assert [i for _, i in index.matching("packages")] == [8]
    assert index_of().matching("a") == []


def test_index_keeps_duplicate_rules_apart() -> None:
    pattern = compile_pattern("*.md")
    index: RuleIndex[str] = RuleIndex([(pattern, "a"), (pattern, "b"), (pattern, "a")])
    assert len(index) == 3
    assert sorted(payload for _, payload in index.matching("x/y.md")) == ["a", "a", "b"]


def test_index_returns_the_pattern_with_its_payload() -> None:
    index = index_of("/src/", "*.py")
    found = {payload: pattern for pattern, payload in index.matching("src/a.py")}
    assert set(found) == {0, 1}
    assert isinstance(found[0], Pattern)
    assert found[0].text == "/src/"
    assert found[1].text == "*.py"


# --- witnesses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["docs/", "/src/*.py", "*.md", "a/**/b", "**", "f\\*o", "/a/*", "my\\ file", "x?/y/"],
)
def test_witness_paths_are_matched_by_their_pattern(text: str) -> None:
    pattern = compile_pattern(text)
    witnesses = witness_paths(pattern)
    assert witnesses, f"no witness for {text!r}"
    for path in witnesses:
        assert pattern.matches(path)
        assert not path.startswith("/")
