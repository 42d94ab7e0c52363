"""The wheel installs one import package, `charter`, and nothing named hooks or bot."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_puts_everything_under_charter(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "build",
            "*.egg-info",
            "__pycache__",
            ".mypy_cache",
            ".pytest_cache",
            ".ruff_cache",
            ".hypothesis",
        ),
    )
    out = tmp_path / "dist"
    proc = subprocess.run(
        (sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (wheel,) = out.glob("charter-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    strays = [n for n in names if not (n.startswith("charter/") or ".dist-info/" in n)]
    assert strays == []
    for expected in (
        "charter/cli.py",
        "charter/git/runner.py",  # the git package ships (setuptools lists packages by hand)
        "charter/hooks/ownership.py",
        "charter/bot/__init__.py",
        "charter/templates/charter.yaml",
        "charter/templates/brief.md",
    ):
        assert expected in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "charter = charter.cli:main" in text
    assert "charter-hook-ownership = charter.hooks.ownership:main" in text
