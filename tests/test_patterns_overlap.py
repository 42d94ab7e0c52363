"""Overlaps decided from the patterns themselves, checked against brute force.

`overlap_witness(a, b, excluded)` must be sound (any path it gives is matched by both
patterns and lies outside the excluded subtrees) and complete (when some path of a
universe of short paths is matched by both outside those subtrees, it gives a path). The
universe's names are chosen to hit every glob of the pattern alphabet in several ways,
so a missed overlap would show up as a path of the universe.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from testing.pattern_strategies import patterns

from charter.patterns import compile_pattern, glob_witness, overlap_witness

SEGMENTS = ["a", "b", "*", "?", "*.md", "a*", "*b", "**", "ab", "\\*"]
NAMES = ["a", "b", "ab", "ba", "x.md", "a.md", "*", "c", "xb"]
UNIVERSE = ["/".join(p) for depth in (1, 2, 3, 4) for p in itertools.product(NAMES, repeat=depth)]
DIRECTORIES = [("a",), ("a", "b"), ("ab",), ("b", "a")]


def excluded_from(path: str, excluded: list[tuple[tuple[str, ...], bool]]) -> bool:
    names = tuple(path.split("/"))
    return any(names[: len(d)] == d and (itself or len(names) > len(d)) for d, itself in excluded)


def check(first: str, second: str, excluded: list[tuple[tuple[str, ...], bool]]) -> None:
    a, b = compile_pattern(first), compile_pattern(second)
    witness = overlap_witness(a, b, excluded)
    if witness is not None:
        assert a.matches(witness) and b.matches(witness), (first, second, witness)
        assert not excluded_from(witness, excluded), (first, second, witness)
        assert all(name not in ("", ".", "..") for name in witness.split("/")), witness
    shared = [
        p for p in UNIVERSE if a.matches(p) and b.matches(p) and not excluded_from(p, excluded)
    ]
    if shared:
        assert witness is not None, (first, second, excluded, shared[:3])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(first=patterns(SEGMENTS), second=patterns(SEGMENTS))
def test_overlap_equals_brute_force(first: str, second: str) -> None:
    check(first, second, [])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    first=patterns(SEGMENTS),
    second=patterns(SEGMENTS),
    excluded=st.lists(st.tuples(st.sampled_from(DIRECTORIES), st.booleans()), max_size=3),
)
def test_overlap_outside_excluded_subtrees_equals_brute_force(
    first: str, second: str, excluded: list[tuple[tuple[str, ...], bool]]
) -> None:
    check(first, second, excluded)


def test_overlaps_without_an_example_file() -> None:
    cases = {
        ("*.md", "/docs/api/"): "docs/api/x.md",
        ("package.json", "packages/auth/**"): "packages/auth/package.json",
        ("*.md", "*.ts"): "x.ts/y.md",  # '*.md' owns everything below a directory 'x.md'
        ("/docs/*", "docs/api"): "docs/api",
        ("*.md", "/docs/*.ts"): "docs/x.ts/y.md",
    }
    for (first, second), example in cases.items():
        a, b = compile_pattern(first), compile_pattern(second)
        assert a.matches(example) and b.matches(example)
        assert overlap_witness(a, b) is not None, (first, second)
    for first, second in [
        ("/package.json", "packages/auth/**"),
        ("/docs/", "/src/"),
        ("/docs/*", "/docs/*/*"),
        ("/docs/*.md", "/docs/*.ts"),  # direct children only: a name ends in one of them
    ]:
        assert overlap_witness(compile_pattern(first), compile_pattern(second)) is None, (
            first,
            second,
        )


def test_glob_witness_avoids_names_that_are_not_segments() -> None:
    assert glob_witness("?", ".*") is None  # only '.', which no path has
    assert glob_witness("*", "*") not in (None, "", ".", "..")
    assert glob_witness("a*", "*b") == "ab"
    assert glob_witness("*", "*", frozenset({"x"})) not in (None, "x")
    assert glob_witness("a", "b") is None


OWNERS = ["a", "b", "c"]
LANE_SEGMENTS = ["a", "b", "*.md", "**", "*", "ab"]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    lanes=st.lists(
        st.tuples(st.sampled_from(OWNERS), patterns(LANE_SEGMENTS)), min_size=2, max_size=8
    )
)
def test_ownership_overlaps_are_complete_and_sound(lanes: list[tuple[str, str]]) -> None:
    """With no tracked file at all, `overlaps()` names every pair of rules that both
    decide some path of the universe (carve-outs applied), and each pair it names does
    decide its example path together."""
    from charter.config import loads
    from charter.ownership import Ownership

    owns: dict[str, list[str]] = {}
    for owner, text in lanes:
        if text not in owns.get(owner, []):
            owns.setdefault(owner, []).append(text)
    lines = ["version: 1", "instances:"]
    for owner, texts in owns.items():
        lines += [f"  {owner}:", "    owns:", *(f"      - '{text}'" for text in texts)]
    ownership = Ownership(loads("\n".join(lines) + "\n"))
    reported = {
        frozenset({(o.first.owner, o.first.pattern), (o.second.owner, o.second.pattern)}): o
        for o in ownership.overlaps()
    }
    for overlap in reported.values():
        resolution = ownership.resolve(overlap.examples[0])
        assert overlap.first in resolution.rules and overlap.second in resolution.rules
    for path in UNIVERSE:
        resolution = ownership.resolve(path)
        for first in resolution.rules:
            for second in resolution.rules:
                if first.owner < second.owner:
                    pair = frozenset({(first.owner, first.pattern), (second.owner, second.pattern)})
                    assert pair in reported, (path, first, second)


def test_the_issue_examples_on_an_empty_tree() -> None:
    from charter.config import loads
    from charter.ownership import Ownership

    ownership = Ownership(
        loads(
            "version: 1\ninstances:\n  a:\n    owns: ['*.md', /docs/]\n"
            "  b:\n    owns: [/docs/api/]\n"
        )
    )
    # '*.md' also meets the implicit Markdown files (b's scratchpad, the tracking file).
    overlaps = {(o.first.pattern, o.second.pattern): o for o in ownership.overlaps()}
    assert ("/docs/", "/docs/api/") not in overlaps  # a carve-out, not an overlap
    assert overlaps[("*.md", "/docs/api/")].examples[0].startswith("docs/api/")
    assert set(overlaps) == {
        ("*.md", "/docs/api/"),
        ("*.md", ".charter/scratchpads/b.md"),
        ("*.md", "TRACKING.md"),
    }
    assert ownership.resolve("docs/api/x.ts").owner == "b"
    assert ownership.resolve("docs/x.md").owner == "a"
    assert ownership.resolve("docs/api/x.md").owners == ("a", "b")
    [carve] = ownership.carve_outs()
    assert (carve.inner.pattern, carve.outer.pattern) == ("/docs/api/", "/docs/")
    assert ownership.resolve("docs/api/x.ts").carve_note() == "(carved out of a's /docs/)"
