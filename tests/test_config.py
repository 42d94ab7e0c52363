"""charter.yaml: loading, complete validation with positions, the cache, round-trip edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.config import blob_id, load, load_bytes, loads
from charter.errors import CharterError, ConfigError
from charter.resources import read
from charter.yamledit import add_instance

GOOD = """\
version: 1
coordinator_branches: [main]
scratchpads: .charter/scratchpads
tracking: {file: TRACKING.md, issue: 12}
shared: [CHANGELOG.md]
unowned: block
instances:
  foundation:
    role: foundation
    description: Monorepo structure
    github: "@acme/platform"
    owns: [/package.json, /tsconfig.base.json, packages/shared/**]
  auth:
    role: feature
    owns: [packages/auth/**]
    depends_on: [foundation]
contracts:
  shared-types:
    owner: foundation
    paths: [packages/shared/src/types/**]
    language: typescript
rules: {}
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        loads(text)
    return [str(p) for p in info.value.problems]


def test_the_issue_example_loads_with_defaults_filled_in() -> None:
    charter = loads(GOOD)
    assert list(charter.instances) == ["foundation", "auth"]
    assert charter.instances["auth"].branch == "instance/auth"
    assert charter.instances["foundation"].github == "@acme/platform"
    assert charter.tracking.issue == 12
    # consumers default to the instances that depend on the owner
    assert charter.contracts["shared-types"].consumers == ("auth",)
    assert charter.rules.require_discovery is True
    assert charter.scratchpad_path("auth") == ".charter/scratchpads/auth.md"


def test_the_init_template_is_valid() -> None:
    charter = loads(read("charter.yaml"))
    assert "foundation" in charter.instances


def test_every_problem_is_reported_with_line_and_column() -> None:
    text = """\
version: 1
unowned: sometimes
instances:
  Auth:
    owns: [a/**]
  web:
    role: frontend
    owns: ['[ab]/**', '!secret', 'ok/**']
    depends_on: [api, nobody]
    colour: red
  api:
    depends_on: [web]
contracts:
  types:
    owner: ghost
    paths: [x/**]
    languag: typescript
rules: {require_discovery: maybe, scratchpad_max_stale_commits: -1, bogus: 1}
"""
    problems = errors_of(text)
    expected = [
        "charter.yaml:2:10: unowned must be 'block' or 'allow'",
        "charter.yaml:4:3: instance name 'Auth' must match",
        "charter.yaml:7:11: role must be one of foundation, feature, integration",
        "charter.yaml:8:12: instances.web.owns: '[ab]/**': character ranges",
        "charter.yaml:8:23: instances.web.owns: '!secret': negation",
        "charter.yaml:9:23: depends_on names 'nobody', which is not an instance",
        "charter.yaml:10:5: unknown key 'colour'",
        "charter.yaml:15:12: owner 'ghost' is not an instance",
        "charter.yaml:17:5: unknown key 'languag'; did you mean 'language'?",
        "charter.yaml:18:28: rules.require_discovery must be true or false",
        "charter.yaml:18:65: rules.scratchpad_max_stale_commits must be a whole number",
        "charter.yaml:18:69: unknown key 'bogus'",
    ]
    for prefix in expected:
        assert any(p.startswith(prefix) for p in problems), (prefix, problems)
    cycle = [p for p in problems if "dependency cycle" in p]
    assert len(cycle) == 1 and ("web -> api -> web" in cycle[0] or "api -> web -> api" in cycle[0])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "version: 1\ninstances:\n  a:\n    owns: [x/**]\n  a:\n    owns: [y/**]\n",
            "charter.yaml:5:3: not valid YAML: a key appears twice",
        ),
        ("version: 1\ninstances: [\n", "not valid YAML"),
        ("- just\n- a list\n", "charter.yaml:1:1: charter.yaml must be a mapping"),
        ("instances: {}\n", "missing 'version: 1'"),
        ("version: 2\n", "charter.yaml:1:10: unsupported version 2"),
        ("version: 1\ninstances:\n  coordinator:\n    owns: [x]\n", "reserved"),
        (
            "version: 1\ninstances:\n  a:\n    owns: x/**\n",
            "must be a list of patterns; write [x/**]",
        ),
        ("version: 1\ninstances:\n  a:\n    github: octocat\n    owns: [x]\n", "github must be"),
        (
            "version: 1\ncoordinator_branches: [main]\ninstances:\n  a:\n    branch: main\n"
            "    owns: [x]\n",
            "is a coordinator branch",
        ),
        (
            "version: 1\ninstances:\n  a:\n    branch: b\n    owns: [x]\n  c:\n    branch: b\n"
            "    owns: [y]\n",
            "already the branch of instance 'a'",
        ),
        ("version: 1\ntracking: {issue: -3}\n", "tracking.issue must be an issue number"),
        ("version: 1\nscratchpads: ../elsewhere\n", "relative to the repository root"),
        (
            "version: 1\ninstances:\n  a:\n    owns: [x/**]\n  b:\n    owns: [y/**]\n"
            "contracts:\n  t:\n    owner: a\n    paths: [y/types/**]\n",
            "lies outside the lane of its owner 'a'",
        ),
        (
            "version: 1\ninstances:\n  a:\n    depends_on: [a]\n    owns: [x]\n",
            "cannot depend on itself",
        ),
    ],
)
def test_malformed_maps_get_one_located_message_each(text: str, fragment: str) -> None:
    problems = errors_of(text)
    assert any(fragment in p for p in problems), problems


def test_not_utf8_is_reported_with_its_line() -> None:
    with pytest.raises(ConfigError) as info:
        load_bytes(b"version: 1\n# caf\xe9\n")
    assert str(info.value).startswith("charter.yaml:2:1: not UTF-8")


def test_cache_is_used_and_never_changes_meaning(tmp_path: Path) -> None:
    raw = GOOD.encode()
    cache = tmp_path / "cache"
    first = load_bytes(raw, cache_dir=cache)
    files = list(cache.glob("config-*.pickle"))
    assert len(files) == 1
    second = load_bytes(raw, cache_dir=cache)
    assert second == first
    assert second.instances["auth"].owns[0].line == first.instances["auth"].owns[0].line == 15
    # A corrupt cache is ignored, and a different file gets its own entry.
    files[0].write_bytes(b"not a pickle")
    assert load_bytes(raw, cache_dir=cache) == first
    load_bytes(raw.replace(b"issue: 12", b"issue: 13"), cache_dir=cache)
    assert len(list(cache.glob("config-*.pickle"))) == 1


def test_the_cache_key_is_gits_blob_id(tmp_path: Path) -> None:
    """Keyed by git's object name, so a committed charter.yaml (`rules_from=HEAD`) finds
    the entry its work-tree copy made, and the other way round."""
    import subprocess

    for raw in (GOOD.encode(), b"", "ü\0\n".encode()):
        (tmp_path / "blob").write_bytes(raw)
        git_says = subprocess.run(
            ("git", "hash-object", str(tmp_path / "blob")), capture_output=True, check=True
        ).stdout.decode().strip()
        assert blob_id(raw) == git_says


def test_cli_reports_all_problems_exit_2_and_no_traceback(repo: Path) -> None:
    write(repo, "charter.yaml", "version: 1\ninstances:\n  Bad:\n    owns: ['!x']\n")
    proc = charter(repo, "validate")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith("charter.yaml:3:3: instance name 'Bad'")
    assert lines[1].startswith("charter.yaml:4:12: instances.Bad.owns: '!x': negation")


# --- round-trip edits -----------------------------------------------------------------

COMMENTED = """\
# Our lanes. Keep this file tidy!
version: 1
coordinator_branches: [main]   # the human works here

instances:
  # the base everyone builds on
  foundation:
    role: foundation
    description: "Monorepo structure, shared types"
    owns:
      - /package.json
      - 'packages/shared/**'   # quoted on purpose
  auth:
    role: feature
    owns: [packages/auth/**]
    depends_on: [foundation]

contracts: {}
rules: {}  # later
"""


def test_instance_add_changes_nothing_else_byte_for_byte(tmp_path: Path) -> None:
    (tmp_path / "charter.yaml").write_text(COMMENTED)
    add_instance(tmp_path, "billing", ["packages/billing/**"], depends_on=["foundation"])
    after = (tmp_path / "charter.yaml").read_text()
    added = (
        "  billing:\n    role: feature\n    owns: [packages/billing/**]\n"
        "    depends_on: [foundation]\n"
    )
    assert after == COMMENTED.replace("\ncontracts: {}", added + "\ncontracts: {}", 1) or (
        after.replace(added, "") == COMMENTED
    ), after
    assert after.replace(added, "") == COMMENTED
    assert loads(after).instances["billing"].depends_on == ("foundation",)


def test_instance_add_keeps_the_template_intact(tmp_path: Path) -> None:
    template = read("charter.yaml")
    (tmp_path / "charter.yaml").write_text(template)
    add_instance(tmp_path, "web", ["apps/web/"], role="feature", github="@acme/web")
    after = (tmp_path / "charter.yaml").read_text()
    added = '  web:\n    role: feature\n    github: "@acme/web"\n    owns: [apps/web/]\n'
    assert added.replace('"', "") in after.replace('"', "") or added in after
    removed = after.replace(added, "").replace(added.replace('"@acme/web"', "'@acme/web'"), "")
    assert removed.replace("  github: '@acme/web'\n", "") == template


@pytest.mark.parametrize(
    ("name", "owns", "message"),
    [
        ("auth", ["x/**"], "already exists"),
        ("billing", ["packages/**"], "overlaps"),
        ("billing", ["packages/auth/sub/**"], "overlaps auth"),
        ("billing", ["[x]"], "character ranges"),
        ("Billing", ["b/**"], "must match"),
    ],
)
def test_instance_add_refuses_and_leaves_the_file_alone(
    tmp_path: Path, name: str, owns: list[str], message: str
) -> None:
    (tmp_path / "charter.yaml").write_text(COMMENTED)
    before = (tmp_path / "charter.yaml").stat().st_mtime_ns
    with pytest.raises(CharterError) as info:
        add_instance(tmp_path, name, owns)
    assert message in str(info.value)
    assert (tmp_path / "charter.yaml").read_text() == COMMENTED
    assert (tmp_path / "charter.yaml").stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == ["charter.yaml"]  # no temp file left


def test_instance_add_checks_tracked_files_too(repo: Path) -> None:
    write(repo, "charter.yaml", COMMENTED)
    write(repo, "lib/auth-helpers/x.ts")
    write(repo, "packages/auth/index.ts")
    commit_all(repo)
    git(repo, "mv", "lib/auth-helpers/x.ts", "packages/auth/x.ts")
    proc = charter(repo, "instance", "add", "helpers", "--owns", "**/x.ts")
    assert proc.returncode == 2
    assert "overlaps auth's 'packages/auth/**'" in proc.stderr
    assert load(repo).instances.keys() == {"foundation", "auth"}


def test_instance_add_refuses_an_overlap_no_file_shows_yet(tmp_path: Path) -> None:
    """Issue 15: 'package.json' (no slash: any depth) meets 'packages/foo/**' at
    packages/foo/package.json, though no such file exists."""
    (tmp_path / "charter.yaml").write_text(COMMENTED.replace("- /package.json", "- package.json"))
    with pytest.raises(CharterError) as info:
        add_instance(tmp_path, "foo", ["packages/foo/**"])
    assert "overlaps foundation's 'package.json'" in str(info.value)
    assert "packages/foo/package.json" in str(info.value)


def test_the_init_template_has_no_overlap_even_with_feature_lanes() -> None:
    from charter.ownership import Ownership

    template = loads(read("charter.yaml"))
    assert Ownership(template).overlaps() == []
    text = read("charter.yaml").replace(
        "\n  # feature-a:", "\n  auth:\n    owns: [packages/auth/**]\n  # feature-a:", 1
    )
    assert "auth" in loads(text).instances
    assert Ownership(loads(text)).overlaps() == []
    assert Ownership(loads(text.replace("/package.json", "package.json"))).overlaps() != []


def test_coordinators_are_personal_github_logins() -> None:
    charter = loads(GOOD + 'coordinators: {github: ["@Alice", "@bob-2"]}\n')
    assert charter.coordinator_logins == frozenset({"alice", "bob-2"})
    assert loads(GOOD).coordinator_logins == frozenset()
    assert errors_of(GOOD + 'coordinators: {github: [alice, "@acme/leads"], gitlab: []}\n') == [
        "charter.yaml:23:25: coordinators.github: 'alice' must be a person's GitHub login "
        'such as "@octocat" (quoted; no teams: a team cannot approve a pull request)',
        "charter.yaml:23:32: coordinators.github: '@acme/leads' must be a person's GitHub "
        'login such as "@octocat" (quoted; no teams: a team cannot approve a pull request)',
        "charter.yaml:23:48: unknown key 'gitlab'; did you mean 'github'?",
    ]
