"""Wall time of the two commands agents run most: `charter owner PATH` and `charter guard`
(every Edit an agent makes), as fresh processes in a small repository.

    python bench/bench_cli.py [--runs 15]

Prints the median wall time and the median CPU time (user + system of the process) of
each: on a shared machine the CPU time is the steadier of the two. No target: it shows
what the lazy CLI saves.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV, git

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  auth:
    owns: [packages/auth/**]
  payments:
    owns: [packages/payments/**]
"""


def _setup(root: Path) -> Path:
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "charter.yaml").write_text(MAP)
    (repo / "packages/auth").mkdir(parents=True)
    (repo / "packages/auth/login.ts").write_text("export {}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    git(repo, "checkout", "-q", "-b", "instance/auth")
    return repo


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(
    argv: list[str], repo: Path, stdin: bytes | None, runs: int
) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for i in range(runs + 1):
        cpu = _cpu()
        start = time.perf_counter()
        subprocess.run(argv, cwd=repo, input=stdin, env=ENV, capture_output=True, check=False)
        if i:  # the first run writes bytecode caches
            walls.append(time.perf_counter() - start)
            cpus.append(_cpu() - cpu)
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="charter-bench-cli-") as tmp:
        repo = _setup(Path(tmp))
        charter = [sys.executable, "-m", "charter"]
        payload = json.dumps(
            {
                "tool_name": "Edit",
                "cwd": str(repo),
                "tool_input": {"file_path": str(repo / "packages/payments/pay.ts")},
            }
        ).encode()
        cases = {
            "charter owner PATH": (
                [*charter, "owner", "packages/auth/login.ts"],
                None,
            ),
            "charter guard": ([*charter, "guard"], payload),
            "python -c pass (floor)": ([sys.executable, "-c", "pass"], None),
        }
        for name, (argv, stdin) in cases.items():
            walls, cpus = _time(argv, repo, stdin, args.runs)
            print(
                f"{name:24} wall median {statistics.median(walls) * 1000:6.1f} ms "
                f"(min {min(walls) * 1000:.1f}), cpu median "
                f"{statistics.median(cpus) * 1000:6.1f} ms ({len(walls)} runs)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
