"""Render the tracking table for 50 instances with real branches, in fresh processes.

    python bench/bench_table.py [--runs 5] [--instances 50]

Builds a temporary repository: a charter.yaml with 50 instances (a dependency chain plus
a contract per ten instances), and a branch per instance with a full scratchpad (needs,
blocked_by, every section) and three commits; main moves on after the branches fork,
so every row has ahead and behind counts. Then times `python -m charter table` -- the
whole process: interpreter start, charter.yaml, git, the scratchpads, the conflict
forecast and the Markdown -- with time.perf_counter around each run.

Target: median under 1 s.
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

TARGET_SECONDS = 1.0
STATUSES = ("discovery", "in-progress", "blocked", "review", "done")


def name(i: int) -> str:
    return f"team{i:02d}"


def charter_yaml(count: int) -> str:
    lines = ["version: 1", "coordinator_branches: [main]", "instances:"]
    for i in range(count):
        lines += [f"  {name(i)}:", f"    owns: [packages/{name(i)}/**, docs/{name(i)}/**]"]
        if i:
            lines.append(f"    depends_on: [{name(i - 1)}]")
    lines.append("contracts:")
    for i in range(0, count, 10):
        lines += [
            f"  api-{name(i)}:",
            f"    owner: {name(i)}",
            f"    paths: [packages/{name(i)}/api/**]",
        ]
    return "\n".join(lines) + "\n"


def scratchpad(i: int, count: int) -> str:
    status = STATUSES[i % len(STATUSES)]
    front = [f"status: {status}"]
    if i and status == "blocked":
        front.append(f"blocked_by: [{name(i - 1)}]")
    if i:
        contract = f", contract: api-{name(i - 1)}" if (i - 1) % 10 == 0 else ""
        front += [
            "needs:",
            f'  - {{from: {name(i - 1)}, what: "the {name(i - 1)} client | v2 @lead"{contract}}}',
        ]
    discovery = "" if status == "discovery" else "Read the spec, the contracts and the code.\n"
    return (
        "---\n" + "\n".join(front) + "\n---\n"
        f"# {name(i)} scratchpad\n\n## Discovery\n{discovery}\n## Plan\n1. build it\n\n"
        "## Progress\n- started\n\n## Integration points\n- exports a client\n\n"
        "## Needs\n- see front matter\n\n## Notes\n"
    )


def build(repo: Path, count: int) -> None:
    git(repo, "init", "-q", "-b", "main")
    (repo / "charter.yaml").write_text(charter_yaml(count))
    (repo / "README.md").write_text("# bench\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "lanes")
    for i in range(count):
        git(repo, "checkout", "-q", "-b", f"instance/{name(i)}", "main")
        pad = repo / ".charter" / "scratchpads" / f"{name(i)}.md"
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(scratchpad(i, count))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "scratchpad")
        for n in range(2):
            code = repo / "packages" / name(i) / f"m{n}.ts"
            code.parent.mkdir(parents=True, exist_ok=True)
            code.write_text(f"export const m{n} = {i};\n")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", f"work {n}")
        # Branches not re-created from main between instances: return to main first.
        git(repo, "checkout", "-q", "main")
    for n in range(3):  # main moves on: every branch is behind
        (repo / f"CHANGELOG-{n}.md").write_text(f"{n}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"coordinator {n}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instances", type=int, default=50)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="charter-bench-table-"))
    try:
        repo = base / "repo"
        repo.mkdir()
        build(repo, args.instances)
        command = (sys.executable, "-m", "charter", "table")
        warm = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
        if warm.returncode != 0:
            print(warm.stderr, file=sys.stderr)
            return 2
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if proc.stdout != warm.stdout:  # the table is a function of repository state
                print("WRONG: two renders of the same state differ", file=sys.stderr)
                return 2
        rows = [line for line in warm.stdout.splitlines() if line.startswith("| team")]
        if len(rows) != args.instances or "(1 problem" in warm.stdout:
            print(f"WRONG: {len(rows)} rows\n{warm.stdout}", file=sys.stderr)
            return 2
        what = f"charter table, {args.instances} instances with real branches"
        return report(what, times, TARGET_SECONDS)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
