"""CODEOWNERS out (the export round-trips through the PyPI `codeowners` reader) and in."""

from __future__ import annotations

from pathlib import Path

from codeowners import CodeOwners
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.config import load
from charter.ownership import Ownership

MAP = """\
version: 1
instances:
  platform:
    role: foundation
    github: "@acme/platform"
    owns: [package.json, packages/shared/**, "*.config.js", "docs/shared notes/"]
  web:
    github: "@acme/web"
    owns: [/apps/web/, "apps/*/README.md"]
  api:
    github: "@alice"
    owns: [services/**/handlers/, "**/*.sql"]
  lonely:
    owns: [tools/]
contracts:
  shared-types:
    owner: platform
    paths: [packages/shared/types/**]
"""

FILES = [
    "package.json",
    "packages/shared/types/user.ts",
    "packages/shared/x/y.ts",
    "a/b/c.config.js",
    "docs/shared notes/one.md",
    "apps/web/src/main.tsx",
    "apps/admin/README.md",
    "services/billing/handlers/pay.ts",
    "services/billing/db/schema.sql",
    "tools/lint.sh",
    "README.md",
    ".charter/scratchpads/web.md",
    ".charter/contracts/shared-types.lock.json",
]


def with_map_and_files(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    for path in FILES:
        write(repo, path)
    commit_all(repo)


def test_export_gives_every_tracked_file_the_same_owner(repo: Path) -> None:
    with_map_and_files(repo)
    proc = charter(repo, "codeowners", "--write")
    assert proc.returncode == 0, proc.stderr
    assert "'lonely' has no `github:` handle" in proc.stderr
    config = load(repo)
    ownership = Ownership(config)
    handles = {i.name: i.github for i in config.instances.values()}
    exported = CodeOwners((repo / ".github/CODEOWNERS").read_text())
    tracked = git(repo, "ls-files", "-z").split("\0")[:-1]
    checked = 0
    for path in tracked:
        owner = ownership.resolve(path).owner
        expected = [handles.get(owner)] if handles.get(owner) else []
        got = [name for _, name in exported.of(path)]
        assert got == expected, (path, got, expected)
        checked += 1
    assert checked >= len(FILES)
    # The export is order-independent: reversed, every path keeps its owner.
    lines = (repo / ".github/CODEOWNERS").read_text().splitlines()
    reversed_file = CodeOwners("\n".join(reversed(lines)))
    for path in tracked:
        assert reversed_file.of(path) == exported.of(path), path


def test_check_detects_drift_and_write_keeps_other_lines(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    write(repo, ".github/CODEOWNERS", "# hand-written\n/legal/ @acme/legal\n")
    commit_all(repo)
    assert charter(repo, "codeowners", "--check").returncode == 1
    assert charter(repo, "codeowners", "--write").returncode == 0
    text = (repo / ".github/CODEOWNERS").read_text()
    assert text.startswith("# hand-written\n/legal/ @acme/legal\n\n# charter:codeowners:start")
    assert charter(repo, "codeowners", "--check").returncode == 0
    before = (repo / ".github/CODEOWNERS").stat().st_mtime_ns
    assert "up to date" in charter(repo, "codeowners", "--write").stdout
    assert (repo / ".github/CODEOWNERS").stat().st_mtime_ns == before
    write(repo, "charter.yaml", MAP.replace("/apps/web/", "/apps/website/"))
    assert charter(repo, "codeowners", "--check").returncode == 1
    assert charter(repo, "codeowners", "--write").returncode == 0
    text = (repo / ".github/CODEOWNERS").read_text()
    assert "/apps/website/ @acme/web" in text and "/apps/web/ @acme/web" not in text
    assert text.count("# charter:codeowners:start") == 1


def test_doubled_markers_are_an_error(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    write(repo, ".github/CODEOWNERS", "# charter:codeowners:start\n# charter:codeowners:start\n")
    proc = charter(repo, "codeowners", "--write")
    assert proc.returncode == 2 and "exactly one of each" in proc.stderr


def test_round_trip_codeowners_to_charter_and_back(repo: Path) -> None:
    original = "/packages/auth/ @acme/auth\n*.md @alice\nsrc/billing/** @acme/billing\n"
    write(repo, "CODEOWNERS.in", original)
    files = ["packages/auth/a.ts", "packages/auth/b.md", "x/y/readme.md", "src/billing/z/q.py"]
    for path in [*files, "other.txt"]:
        write(repo, path)
    commit_all(repo)
    proc = charter(repo, "init", "--from-codeowners", "CODEOWNERS.in")
    assert proc.returncode == 0, proc.stderr
    # '*.md' shares paths with auth's lane (packages/auth/b.md): no exclusive map can keep
    # both as written, so the glob's tracked files get exact patterns, and init says so.
    assert "CODEOWNERS.in:2: '*.md'" in proc.stdout and "meets line 1" in proc.stdout
    assert "2 tracked path(s) are owned through exact patterns" in proc.stdout
    assert "warning: overlap" not in proc.stdout
    validate = charter(repo, "validate")
    assert validate.returncode == 0 and "no overlaps" in validate.stdout, validate.stdout
    assert charter(repo, "codeowners", "--write").returncode == 0
    before = CodeOwners(original)
    after = CodeOwners((repo / ".github/CODEOWNERS").read_text())
    for path in [*files, "other.txt"]:
        assert before.of(path) == after.of(path), path


REAL_SYNTAX = """\
# every quirk of real files at once
*                     @acme/default
/docs/                @acme/docs
/docs/api/            @acme/api
/docs/api/legacy/
*.md\t@acme/docs\t# a tab, then an inline comment
/my\\ #dir/            @Acme/Docs @acme/docs
/build/               @alice @bob bob@example.com
/lib/x/               @carol
/lib/                 @dave
/ops/                 ops@example.com
"""

REAL_FILES = [
    "README.md",
    "main.c",
    "docs/guide.txt",
    "docs/api/ref.txt",
    "docs/api/legacy/old.txt",
    "docs/api/notes.md",
    "my #dir/a.txt",
    "build/Makefile",
    "lib/x/one.c",
    "lib/y/two.c",
    "ops/deploy.sh",
]


def test_import_takes_a_real_file_as_it_is_and_export_keeps_githubs_owners(repo: Path) -> None:
    from testing.codeowners_reference import File, parse

    write(repo, "CODEOWNERS.in", REAL_SYNTAX)
    for path in REAL_FILES:
        write(repo, path)
    commit_all(repo)
    proc = charter(repo, "init", "--from-codeowners", "CODEOWNERS.in")
    assert proc.returncode == 0, proc.stderr
    # '*' and '/lib/x/' are overridden by later lines in ways nested lanes cannot say.
    assert "CODEOWNERS.in:2: '*' is overridden by line(s)" in proc.stdout
    assert "CODEOWNERS.in:9: '/lib/x/' is overridden by line(s) 10" in proc.stdout
    assert "1 line(s) without owners left unowned" in proc.stdout
    config = load(repo)
    docs = [i for i in config.instances.values() if i.github == "@acme/docs"]
    assert len(docs) == 1 and "/my #dir/" in [o.text for o in docs[0].owns]
    build = [i for i in config.instances.values() if i.github == "@alice @bob bob@example.com"]
    assert build and build[0].name == "alice-bob"  # named from the owners, each once
    ops = [i for i in config.instances.values() if "ops@example.com" in i.description]
    assert ops and ops[0].github is None  # an email alone cannot start `github:`
    assert charter(repo, "codeowners", "--write").returncode == 0
    before = File(parse(REAL_SYNTAX))
    after = File(parse((repo / ".github/CODEOWNERS").read_text()))
    ownership = Ownership(config)
    tracked = git(repo, "ls-files", "-z").split("\0")[:-1]
    for path in [p for p in tracked if p in REAL_FILES]:
        expected = before.owners(path)
        owner = ownership.resolve(path).owner
        instance = config.instances.get(owner or "")
        mine = (
            frozenset(instance.github.lower().split())
            if instance and instance.github
            else frozenset()
        )
        if path == "ops/deploy.sh":
            assert expected == {"ops@example.com"} and owner == ops[0].name
            continue  # email-only owners cannot be exported (reported above)
        assert expected == mine == after.owners(path), path


def test_import_then_write_in_place_then_check_agree(repo: Path) -> None:
    """The whole flow on the repository's own file: import .github/CODEOWNERS, let
    --write append charter's region to it, and --check finds every path in agreement,
    instances of several owners included (`github: "@alice @bob bob@example.com"`)."""
    write(repo, ".github/CODEOWNERS", REAL_SYNTAX)
    for path in REAL_FILES:
        write(repo, path)
    commit_all(repo)
    assert charter(repo, "init", "--from-codeowners", ".github/CODEOWNERS").returncode == 0
    assert charter(repo, "codeowners", "--write").returncode == 0
    text = (repo / ".github/CODEOWNERS").read_text()
    assert text.startswith(REAL_SYNTAX) and "# charter:codeowners:start" in text
    proc = charter(repo, "codeowners", "--check")
    assert proc.returncode == 0, proc.stdout
    assert "gives every path charter's owner" in proc.stdout


def test_import_reports_every_problem_in_one_round(repo: Path) -> None:
    write(repo, "CODEOWNERS.in", "[Section]\n/ok/ @a\n!neg @b\n[ab].md @c\n/fine @d\n")
    commit_all(repo)
    proc = charter(repo, "init", "--from-codeowners", "CODEOWNERS.in")
    assert proc.returncode == 2
    for line in (1, 3, 4):
        assert f"CODEOWNERS.in:{line}:" in proc.stderr
    assert "3 line(s) charter cannot read" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (repo / "charter.yaml").exists()


def test_check_compares_owners_path_by_path(repo: Path) -> None:
    with_map_and_files(repo)
    proc = charter(repo, "codeowners", "--check")
    assert proc.returncode == 1 and "missing" in proc.stdout
    assert charter(repo, "codeowners", "--write").returncode == 0
    assert charter(repo, "codeowners", "--check").returncode == 0
    # Reordering and re-commenting the region changes bytes, not owners: still fine.
    text = (repo / ".github/CODEOWNERS").read_text()
    head, _, rest = text.partition("\n")
    body, _, end = rest.rpartition("# charter:codeowners:end")
    lines = body.splitlines()
    reordered = head + "\n" + "\n".join(reversed(lines)) + "\n# charter:codeowners:end" + end
    write(repo, ".github/CODEOWNERS", reordered)
    assert charter(repo, "codeowners", "--check").returncode == 0
    # A user line after the region that overrides charter's owner is drift, even with
    # no tracked file under it.
    write(repo, ".github/CODEOWNERS", text + "/apps/web/new/ @someone\n")
    proc = charter(repo, "codeowners", "--check")
    assert proc.returncode == 1
    assert "GitHub gives @someone" in proc.stdout and "charter gives web" in proc.stdout
    assert "lines after charter's region override it" in proc.stdout


def test_write_refuses_without_any_handle(repo: Path) -> None:
    write(repo, "charter.yaml", "version: 1\ninstances:\n  a:\n    owns: [/a/]\n")
    commit_all(repo)
    proc = charter(repo, "codeowners", "--write")
    assert proc.returncode == 2 and "no instance has a `github:` handle" in proc.stderr
    assert not (repo / ".github/CODEOWNERS").exists()
