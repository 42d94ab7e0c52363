"""Ownership's fast paths against brute force, on random maps of the two shapes real
imports give: many nested anchored literal patterns (`/dir/`, `/dir/file`), and
glob-heavy maps (unanchored one-segment globs such as `**/*Rasp*`, `**` in the middle,
`*` segments, extensions).

The reference matches every explicit pattern by its own regular expression (no index),
adds the implicit rule or the `.charter/` fallback as `Ownership` documents, and asks
`Resolution.of`, the one place that decides ownership (nested lanes included). Both
`resolve` (hooks, `charter check`) and `verdicts` (`charter owner`) must give exactly
its answer for every path: owners, owner, the rules that decide, the carved-out ones.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.config import loads
from charter.ownership import Ownership, Resolution, Rule

OWNERS = ["alpha", "beta", "gamma", "delta"]
DIRS = ["src", "docs", "api", "a", "b", "internal", "rasp", "build"]
FILES = ["x.py", "README.md", "build.gradle", "FooRaspTest.java", "a", "core.md", "z.lock"]
# Globs real maps use: anywhere-names with stars, extensions, '?', single '*' segments.
GLOBS = ["*Rasp*", "Foo*", "*.md", "*.py", "?", "a*", "*b*", "*Test.java", "*"]

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    # The monkeypatch fixture is function scoped; it only sets module attributes, which
    # every example may share.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def literal_patterns(draw: st.DrawFn) -> str:
    """'/a/src/', '/a/src', '/docs/README.md', '/a/**': anchored, literal, nested."""
    segments = draw(st.lists(st.sampled_from(DIRS), min_size=1, max_size=4))
    if draw(st.booleans()):
        return "/" + "/".join([*segments, draw(st.sampled_from(FILES))])
    return "/" + "/".join(segments) + draw(st.sampled_from(["/", "", "/**"]))


@st.composite
def glob_patterns(draw: st.DrawFn) -> str:
    """'**/*Rasp*', '*Rasp*/', '/src/**/Foo*', '/a/*/docs/', '*.md', 'build.gradle'..."""
    kind = draw(st.integers(0, 4))
    glob = draw(st.sampled_from(GLOBS))
    prefix = "/".join(draw(st.lists(st.sampled_from(DIRS), min_size=1, max_size=2)))
    if kind == 0:
        return ("**/" if draw(st.booleans()) else "") + glob + draw(st.sampled_from(["", "/"]))
    if kind == 1:
        return f"/{prefix}/**/{glob}" + draw(st.sampled_from(["", "/"]))
    if kind == 2:
        return f"/{prefix}/*/{draw(st.sampled_from(DIRS))}/"
    if kind == 3:
        return f"{prefix}/{glob}"
    return draw(st.sampled_from(FILES))  # an unanchored name


def charter_yaml(lanes: list[tuple[str, str]]) -> tuple[str, dict[str, list[str]]]:
    owns: dict[str, list[str]] = {}
    for owner, text in lanes:
        if text not in owns.setdefault(owner, []):
            owns[owner].append(text)
    lines = ["version: 1", "instances:"]
    for owner, texts in owns.items():
        lines += [f"  {owner}:", "    owns:", *(f"      - '{text}'" for text in texts)]
    return "\n".join(lines) + "\n", owns


paths = st.lists(
    st.tuples(
        st.lists(st.sampled_from([*DIRS, ".charter", "scratchpads"]), max_size=5),
        st.sampled_from([*FILES, "alpha.md", "charter.yaml"]),
    ).map(lambda parts: "/".join([*parts[0], parts[1]])),
    min_size=1,
    max_size=60,
)


# Literal and glob patterns mixed, as imports of glob-heavy CODEOWNERS files give.
mixed_lanes = st.lists(
    st.tuples(st.sampled_from(OWNERS), st.one_of(literal_patterns(), glob_patterns())),
    min_size=1,
    max_size=30,
)


def brute_force(ownership: Ownership, path: str) -> Resolution:
    explicit = tuple(rule for pattern, rule in ownership.explicit_rules() if pattern.matches(path))
    exact = ownership._exact.get(path)
    if exact is not None:
        return Resolution.of(path, (exact, *explicit))
    if explicit:
        return Resolution.of(path, explicit)
    fallback = tuple(rule for pattern, rule in ownership._fallback if pattern.matches(path))
    return Resolution.of(path, fallback)


def same(found: Resolution, expected: Resolution) -> bool:
    def key(rules: tuple[Rule, ...]) -> list[Rule]:
        return sorted(rules)

    return (
        found.path == expected.path
        and found.owners == expected.owners
        and found.owner == expected.owner
        and key(found.rules) == key(expected.rules)
        and key(found.carved) == key(expected.carved)
    )


def check(lanes: list[tuple[str, str]], queried: list[str]) -> None:
    text, _ = charter_yaml(lanes)
    charter = loads(text)
    # Directories first, then their files, and the other way round: the per-directory
    # caches are filled in both orders.
    for order in (queried, queried[::-1]):
        ownership = Ownership(charter)
        numbers, verdicts = ownership.verdicts(order)
        for path, number in zip(order, numbers, strict=True):
            expected = brute_force(ownership, path)
            bulk = Resolution(path, *verdicts[number])
            assert same(bulk, expected), (path, bulk, expected, text)
            assert same(ownership.resolve(path), expected), (path, text)


@SETTINGS
@given(
    lanes=st.lists(st.tuples(st.sampled_from(OWNERS), literal_patterns()), min_size=1, max_size=40),
    queried=paths,
)
def test_literal_heavy_maps_resolve_like_brute_force(
    lanes: list[tuple[str, str]], queried: list[str]
) -> None:
    check(lanes, queried)


@SETTINGS
@given(lanes=mixed_lanes, queried=paths)
def test_glob_heavy_maps_resolve_like_brute_force(
    lanes: list[tuple[str, str]], queried: list[str]
) -> None:
    check(lanes, queried)


@settings(SETTINGS, max_examples=60)
@given(lanes=mixed_lanes, queried=paths)
def test_answers_survive_evicted_caches(
    lanes: list[tuple[str, str]], queried: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both per-directory caches (the index's and Ownership's) are cleared when full;
    with room for three directories they are cleared all the time, and every answer
    must stay the same (entries shared between directories are rebuilt, not reused)."""
    import charter.ownership
    import charter.patterns

    monkeypatch.setattr(charter.patterns, "_DIR_CACHE_SIZE", 3)
    monkeypatch.setattr(charter.ownership, "_FAST_CACHE_SIZE", 3)
    check(lanes, queried)


def test_floating_globs_match_names_at_any_depth_and_carve_nothing() -> None:
    """`**/*Rasp*` owns a file so named anywhere and everything below a directory so
    named; `*Rasp*/` only what lies below such a directory; overlaps stay overlaps."""
    lanes = [
        ("alpha", "/src/"),
        ("beta", "**/*Rasp*"),
        ("gamma", "*Test*/"),
        ("delta", "/src/api/"),
    ]
    ownership = Ownership(loads(charter_yaml(lanes)[0]))
    owners = {
        path: ownership.resolve(path).owners
        for path in (
            "lib/FooRaspTest.java",
            "lib/rasp/x.py",
            "lib/MyRasp/x.py",
            "lib/UnitTests",
            "lib/UnitTests/x.py",
            "src/api/x.py",
            "src/api/RaspHook.py",
            "src/x.py",
        )
    }
    assert owners == {
        "lib/FooRaspTest.java": ("beta",),
        "lib/rasp/x.py": (),  # case-sensitive, as GitHub
        "lib/MyRasp/x.py": ("beta",),
        "lib/UnitTests": (),  # a directory pattern: only what lies below
        "lib/UnitTests/x.py": ("gamma",),
        "src/api/x.py": ("delta",),  # carved out of alpha's /src/
        "src/api/RaspHook.py": ("beta", "delta"),  # a glob carves nothing: an overlap
        "src/x.py": ("alpha",),
    }
    # The reference (patterns matched one by one) says the same.
    for path, expected in owners.items():
        assert brute_force(ownership, path).owners == expected, path
