"""How long the charter-ownership hook takes on a big commit, against the floor.

Builds a 100,000-file repository with 50 instances of 20 patterns each, has one instance
stage 10,000 modified files inside its lane, then times, alternately and in fresh
processes:

* the hook as pre-commit runs it (its console script, no file names, in the worktree);
* the floor: a Python process that only runs `git diff --cached --name-only -z`.

Target: the hook at most 2.0x the floor. Also prints where the hook's time goes.

    python bench/bench_hook.py [--runs 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV, git

INSTANCES = 50
PATTERNS_PER_INSTANCE = 20
TOTAL_FILES = 100_000
STAGED = 10_000


def blob(repo: Path, text: str) -> str:
    return git(repo, "hash-object", "-w", "--stdin", input=text.encode()).decode().strip()


def build(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    lines = ["version: 1", "instances:"]
    dirs: list[tuple[int, str]] = []
    for i in range(INSTANCES):
        lines += [f"  team{i}:", f"    branch: instance/team{i}", "    owns:"]
        for j in range(PATTERNS_PER_INSTANCE):
            kind = j % 4
            if kind == 0:
                pattern = f"packages/team{i}-pkg{j}/**"
                directory = f"packages/team{i}-pkg{j}/src"
            elif kind == 1:
                pattern = f"/apps/team{i}-app{j}/"
                directory = f"apps/team{i}-app{j}/lib"
            elif kind == 2:
                pattern = f"services/team{i}/svc{j}/**/*.ts"
                directory = f"services/team{i}/svc{j}/handlers"
            else:
                pattern = f"libs/team{i}/lib{j}/"
                directory = f"libs/team{i}/lib{j}/core"
            lines.append(f"      - {pattern}")
            dirs.append((i, directory))
    charter_yaml = "\n".join(lines) + "\n"
    content = blob(repo, "export const x = 1;\n")
    entries = [f"100644 {blob(repo, charter_yaml)}\tcharter.yaml"]
    per_dir = TOTAL_FILES // len(dirs)
    staged_dirs = [d for i, d in dirs if i == 0]
    staged_per_dir = STAGED // len(staged_dirs)
    for i, directory in dirs:
        count = max(per_dir, staged_per_dir) if i == 0 else per_dir
        entries += [f"100644 {content}\t{directory}/file{k}.ts" for k in range(count)]
    git(repo, "update-index", "--index-info", input="\n".join(entries).encode() + b"\n")
    tree = git(repo, "write-tree").decode().strip()
    commit = git(repo, "commit-tree", tree, "-m", "monorepo").decode().strip()
    git(repo, "update-ref", "refs/heads/main", commit)
    git(repo, "branch", "instance/team0")
    git(repo, "symbolic-ref", "HEAD", "refs/heads/instance/team0")
    changed = blob(repo, "export const x = 2;\n")
    modified = [
        f"100644 {changed}\t{d}/file{k}.ts" for d in staged_dirs for k in range(staged_per_dir)
    ]
    git(repo, "update-index", "--index-info", input="\n".join(modified).encode() + b"\n")
    staged = git(repo, "diff", "--cached", "--name-only", "-z").count(b"\0")
    assert staged == STAGED, staged
    tracked = git(repo, "ls-files", "-z").count(b"\0")
    print(
        f"repo: {tracked} files, {INSTANCES} instances x {PATTERNS_PER_INSTANCE} patterns, "
        f"{staged} staged modifications in team0's lane"
    )


def hook_command() -> list[str]:
    script = Path(sys.executable).with_name("charter-hook-ownership")
    return [str(script)] if script.exists() else [sys.executable, "-m", "charter.hooks.ownership"]


FLOOR = [
    sys.executable,
    "-c",
    "import subprocess; subprocess.run(['git', 'diff', '--cached', '--name-only', '-z'], "
    "stdout=subprocess.DEVNULL, check=True)",
]


def timed(cmd: list[str], repo: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env={**ENV, "PRE_COMMIT": "1"}, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stdout!r} {proc.stderr!r}")
    return elapsed


BREAKDOWN = """
import time, sys
t0 = time.perf_counter()
from charter.context import load_context
from charter.review import index_changes
from charter.check import judge
t1 = time.perf_counter()
ctx = load_context(rules_from="HEAD")
identity = ctx.identity
ownership = ctx.ownership
t2 = time.perf_counter()
changes = index_changes(ctx)
t3 = time.perf_counter()
violations = judge(ctx.charter, ownership, identity, changes)
t4 = time.perf_counter()
assert not violations, violations[:3]
print(f"{t1-t0:.4f} {t2-t1:.4f} {t3-t2:.4f} {t4-t3:.4f} {len(changes)}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="build the repo in DIR and keep it")
    args = parser.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="charter-bench-hook-"))
    repo = base / "repo"
    try:
        if not (repo / ".git").exists():
            repo.mkdir(parents=True)
            started = time.perf_counter()
            build(repo)
            print(f"built in {time.perf_counter() - started:.1f} s")
        hook = hook_command()
        timed(hook, repo)  # warm-up: fills the OS cache and charter's config cache
        timed(FLOOR, repo)
        hook_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(args.runs):
            hook_times.append(timed(hook, repo))
            floor_times.append(timed(FLOOR, repo))
        hook_median = statistics.median(hook_times)
        floor_median = statistics.median(floor_times)
        print(
            f"hook  median {hook_median * 1000:7.1f} ms  (min {min(hook_times) * 1000:.1f}, "
            f"max {max(hook_times) * 1000:.1f}, {args.runs} runs)"
        )
        print(
            f"floor median {floor_median * 1000:7.1f} ms  (min {min(floor_times) * 1000:.1f}, "
            f"max {max(floor_times) * 1000:.1f}, {args.runs} runs)"
        )
        print(f"ratio hook/floor {hook_median / floor_median:.2f}x (target <= 2.0x)")
        parts = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", BREAKDOWN],
                cwd=repo,
                env=ENV,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            parts.append([float(x) for x in out[:4]])
        imports, config, git_time, matching = (
            statistics.median(p[i] for p in parts) for i in range(4)
        )
        print(
            f"where the time goes (median of 3, in-process): imports {imports * 1000:.1f} ms, "
            f"config load + identity {config * 1000:.1f} ms, git diff {git_time * 1000:.1f} ms, "
            f"matching {matching * 1000:.1f} ms ({out[4]} paths)"
        )
        return 0 if hook_median / floor_median <= 2.0 else 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
