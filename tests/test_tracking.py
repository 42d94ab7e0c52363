"""The tracking table: rendered from repository state, escaped, written only between markers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import commit_all, git, write

from charter.config import load
from charter.tracking import END, START, escape_cell, render_region, write_tracking

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [shared/**]
  auth:
    owns: [auth/**]
    depends_on: [foundation]
"""

PAD = """\
---
status: {status}
blocked_by: [foundation]
needs:
  - {{from: foundation, what: "a <b>User</b> type | now @octocat\\nplease"}}
---
# auth
## Discovery
read the spec
"""


@pytest.fixture
def tracked(repo: Path) -> Path:
    write(repo, "charter.yaml", MAP)
    write(repo, "shared/a.ts")
    commit_all(repo, "initial")
    git(repo, "checkout", "-q", "-b", "instance/auth")
    write(repo, ".charter/scratchpads/auth.md", PAD.format(status="blocked"))
    write(repo, "auth/a.ts")
    commit_all(repo, "auth starts")
    write(repo, "auth/b.ts")
    commit_all(repo, "auth goes on")
    git(repo, "checkout", "-q", "main")
    return repo


def test_rows_come_from_each_branch_and_cells_are_escaped(tracked: Path) -> None:
    region = render_region(tracked, load(tracked), "refs/heads/main")
    auth = next(line for line in region.splitlines() if line.startswith("| auth "))
    cells = [c.strip() for c in auth.strip("|").split(" | ")]
    assert cells[2] == "blocked"  # read from the instance's branch, not from main
    assert cells[4] == "2 / 0"
    assert cells[9] == "1"  # one commit since the scratchpad changed
    assert "&#64;octocat" in auth and "@" not in auth
    assert "&lt;b&gt;" in auth and "\\|" in auth and "<b>" not in auth
    assert "blocked by foundation" in auth
    assert auth.count(" | ") == 9  # the pipe inside the text did not add a column
    assert 'auth["auth (blocked)"]' in region and "foundation --> auth" in region
    # A function of repository state: the same bytes twice.
    assert render_region(tracked, load(tracked), "refs/heads/main") == region


def test_escape_cell() -> None:
    assert escape_cell("a|b\n@x <i>") == "a\\|b &#64;x &lt;i&gt;"


def test_write_replaces_only_the_region_and_is_idempotent(tracked: Path) -> None:
    outside_before = "# Our tracking\n\nHand-written intro.\n\n"
    outside_after = "\n\n## Notes\nkeep me | exactly\n"
    (tracked / "TRACKING.md").write_text(f"{outside_before}{START}\nold\n{END}{outside_after}")
    charter = load(tracked)
    assert write_tracking(tracked, charter, "refs/heads/main") is True
    text = (tracked / "TRACKING.md").read_text()
    assert text.startswith(outside_before + START) and text.endswith(END + outside_after)
    mtime = (tracked / "TRACKING.md").stat().st_mtime_ns
    assert write_tracking(tracked, charter, "refs/heads/main") is False
    assert (tracked / "TRACKING.md").stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    "text", ["no markers\n", f"{START}\n{START}\n{END}\n", f"{END}\n{START}\n"]
)
def test_missing_or_doubled_markers_are_an_error(tracked: Path, text: str) -> None:
    (tracked / "TRACKING.md").write_text(text)
    proc = subprocess.run(
        (sys.executable, "-m", "charter", "table", "--write"),
        cwd=tracked,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "exactly one" in proc.stderr
    assert (tracked / "TRACKING.md").read_text() == text


def test_table_command_creates_the_file(tracked: Path) -> None:
    proc = subprocess.run(
        (sys.executable, "-m", "charter", "table", "--write"),
        cwd=tracked,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "| auth | feature | blocked |" in (tracked / "TRACKING.md").read_text()


def test_status_text_fits_100_columns_and_json_is_structured(tracked: Path) -> None:
    proc = subprocess.run((sys.executable, "-m", "charter", "status"), cwd=tracked,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0
    assert all(len(line) <= 100 for line in proc.stdout.splitlines())
    assert "\033[" not in proc.stdout  # not a TTY: no colour
    auth = next(line for line in proc.stdout.splitlines() if line.startswith("auth"))
    assert "blocked" in auth and "+2/-0" in auth
    proc = subprocess.run((sys.executable, "-m", "charter", "status", "--format", "json"),
                          cwd=tracked, capture_output=True, text=True)
    data = {row["name"]: row for row in json.loads(proc.stdout)}
    assert data["auth"]["status"] == "blocked" and data["auth"]["ahead"] == 2
    assert data["foundation"]["ahead"] is None
