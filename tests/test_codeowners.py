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


def test_export_gives_every_tracked_file_the_same_owner(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    for path in FILES:
        write(repo, path)
    commit_all(repo)
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
    assert charter(repo, "init", "--from-codeowners", "CODEOWNERS.in").returncode == 0
    assert charter(repo, "codeowners", "--write").returncode == 0
    before = CodeOwners(original)
    after = CodeOwners((repo / ".github/CODEOWNERS").read_text())
    for path in ("packages/auth/a.ts", "x/y/readme.md", "src/billing/z/q.py", "other.txt"):
        assert before.of(path) == after.of(path), path
