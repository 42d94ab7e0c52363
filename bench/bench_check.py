"""`charter contracts check` on a real Python package, in fresh processes.

    python bench/bench_check.py [--runs 5] [--package click] [--old 8.0.4] [--new 8.1.3]

Builds a temporary repository from the contract corpus (tests/data/contracts/python): a
charter.yaml with a foundation instance owning a `language: python` contract over the
package, the old release committed and locked on main, the new one committed and locked
on the foundation branch (a second commit on main moves the contract too, so the check
reads the branch tip, the merge-base and the default branch, as a STALE_BASE check does).
Then times `python -m charter contracts check` -- the whole process -- with
time.perf_counter around each run, after one untimed warm-up.

Target: median under 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV, git, report

TARGET_SECONDS = 2.0
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "contracts" / "python"
CHARTER_YAML = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [lib/**, .charter/contracts/**]
  web:
    owns: [web/**]
    depends_on: [foundation]
contracts:
  api:
    owner: foundation
    paths: [lib/**]
    language: python
"""


def _put(repo: Path, package: str, version: str) -> None:
    lib = repo / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    shutil.copytree(CORPUS / package / version, lib)


def _lock_and_commit(repo: Path, message: str) -> None:
    subprocess.run(
        (sys.executable, "-m", "charter", "contracts", "lock"),
        cwd=repo,
        env={**ENV, "CHARTER_INSTANCE": "foundation"},
        check=True,
        capture_output=True,
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def build(repo: Path, package: str, old: str, new: str) -> None:
    git(repo, "init", "-q", "-b", "main")
    (repo / "charter.yaml").write_text(CHARTER_YAML)
    (repo / "web").mkdir()
    (repo / "web" / "app.py").write_text("import lib\n")
    _put(repo, package, old)
    _lock_and_commit(repo, f"{package} {old}")
    git(repo, "checkout", "-q", "-b", "instance/foundation")
    _put(repo, package, new)
    _lock_and_commit(repo, f"{package} {new}")
    git(repo, "checkout", "-q", "main")
    path = next(p for p in sorted((repo / "lib").rglob("*.py")) if "_" not in p.name)
    path.write_text(path.read_text() + "\nMOVED_ON_MAIN = 1\n")
    _lock_and_commit(repo, "main moves the contract")
    git(repo, "checkout", "-q", "instance/foundation")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--package", default="click")
    parser.add_argument("--old", default="8.0.4")
    parser.add_argument("--new", default="8.1.3")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="charter-bench-check-"))
    try:
        repo = base / "repo"
        repo.mkdir()
        build(repo, args.package, args.old, args.new)
        command = (sys.executable, "-m", "charter", "contracts", "check", "--base", "main")
        env = {**ENV, "CHARTER_INSTANCE": "foundation"}
        warm = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
        if warm.returncode not in (0, 1):
            print(warm.stdout + warm.stderr, file=sys.stderr)
            return 2
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        what = f"contracts check, {args.package} {args.old} -> {args.new}"
        return report(what, times, TARGET_SECONDS)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
