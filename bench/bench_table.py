"""Render the tracking table for 50 instances with real branches, in fresh processes.

    python bench/bench_table.py [--runs 5]

Target: under 1 s (median, whole process).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSTANCES = 50
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(
    GIT_AUTHOR_NAME="b",
    GIT_AUTHOR_EMAIL="b@b",
    GIT_COMMITTER_NAME="b",
    GIT_COMMITTER_EMAIL="b@b",
    GIT_CONFIG_NOSYSTEM="1",
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(("git", *args), cwd=repo, env=ENV, check=True, capture_output=True)


def build(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    lines = ["version: 1", "coordinator_branches: [main]", "instances:"]
    for i in range(INSTANCES):
        deps = f"    depends_on: [team{i - 1}]\n" if i else ""
        lines.append(f"  team{i}:\n    owns: [packages/team{i}/**]\n{deps}".rstrip("\n"))
    (repo / "charter.yaml").write_text("\n".join(lines) + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "lanes")
    for i in range(INSTANCES):
        git(repo, "checkout", "-q", "-b", f"instance/team{i}", "main")
        pad = repo / ".charter" / "scratchpads" / f"team{i}.md"
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(f"---\nstatus: in-progress\nneeds: []\n---\n# team{i}\n")
        (repo / f"packages/team{i}").mkdir(parents=True, exist_ok=True)
        (repo / f"packages/team{i}/a.ts").write_text("x\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "work")
    git(repo, "checkout", "-q", "main")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="charter-bench-table-"))
    try:
        repo = base / "repo"
        repo.mkdir()
        build(repo)
        command = [sys.executable, "-m", "charter", "table"]
        subprocess.run(command, cwd=repo, env=ENV, check=True, capture_output=True)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run(command, cwd=repo, env=ENV, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        rows = proc.stdout.decode().count("| in-progress |")
        assert rows == INSTANCES, rows
        median = statistics.median(times)
        print(
            f"table for {INSTANCES} instances: median {median * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs; "
            "target < 1000 ms)"
        )
        return 0 if median < 1.0 else 1
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
