"""The code base stays lint-clean and type-clean; the README and CI agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["charter", "hooks", "bot", "bench"]


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        (sys.executable, "-m", "ruff", "check", *SOURCES, "tests"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    proc = subprocess.run(
        (sys.executable, "-m", "mypy", "charter", "hooks", "bot"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    readme = (ROOT / "README.md").read_text()
    assert "pytest" in ci
    assert ci in readme.split("\n")[:20] or any(
        line.strip() == ci for line in readme.splitlines()[:20]
    ), "the README's first screen must show the exact test command .ci/run runs"


def test_tests_read_nothing_outside_the_checkout() -> None:
    """A user's clone has no ../shared: every file a test reads lives under tests/ (data in
    tests/data/, its source named). A path climbing out of the repository is a failure."""
    import re

    climbing = re.compile(r"parents\[(\d+)\]")
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        depth = len(path.relative_to(ROOT).parts) - 1  # parents[depth] is the checkout
        for match in climbing.finditer(text):
            if int(match.group(1)) > depth:
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        if re.search(r"shared/(?:conformance|seed)\b", text) and path.name != "test_quality.py":
            offenders.append(f"{path.relative_to(ROOT)}: names the team's shared folder")
    assert offenders == []
