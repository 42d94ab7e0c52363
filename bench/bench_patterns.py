"""Owner resolution: charter against the PyPI `codeowners` package, in fresh processes.

Two workloads, each a rule set and a list of paths, written once to a scratch directory:

* monorepo: 100,000 synthetic paths (packages, apps, docs, root configs, vendored code)
  against ~170 rules (per-package lanes, ``/apps/web/``, ``*.md``, ``/docs/``,
  ``**/fixtures/**``, root configs);
* many-rules: 10,000 paths against 1,000 rules.

The rules never give one path two different owners, so rule order does not matter and
both tools must name the same owner (or none) for every path: a first, untimed run per
tool dumps every answer and the script stops loudly on any difference.

Each timed run is a new Python process (`sys.executable`) that imports its tool, reads
the rules and paths, builds its matcher and resolves every path:

* charter: `charter.config.load(dir, cache_dir=...)` on a charter.yaml holding the rules,
  then `charter.ownership.Ownership(charter).resolve(path).owner`. That is what every
  charter command and hook does: the validated map is cached by the blob id of
  charter.yaml, so only the first run after an edit parses YAML;
* charter-cold: the same from the YAML text, `charter.config.loads(text)`, no cache: the
  first run after charter.yaml changed (pure-Python YAML parsing included);
* codeowners: `CodeOwners(text).of(path)` on a CODEOWNERS file with the same rules.

The parent times the whole process (`time.perf_counter` around `subprocess.run`); the
child reports its own time from before its imports to its last answer. Runs alternate
between the tools; medians of `--runs` runs (default 5) are reported with the ratio, and
the fastest run of each tool with their ratio (less sensitive to a noisy machine).
Children may write bytecode caches (PYTHONDONTWRITEBYTECODE is dropped), as an installed
package would have them; the untimed first run warms them and charter's map cache.
Target: charter at least 8x faster than codeowners on both workloads, whole process,
judged on the medians; the exit status is 1 when it is missed.

Hostile patterns (issue 13): one match of each backtracking case of the issue
(`*-*-*-*-*.ts` against a long name, `**/a/**/b/**/c.txt` against a long path), at
growing lengths; a match must take at most HOSTILE_BOUND and grow at most linearly
(16x the length, at most 32x the time).

    python bench/bench_patterns.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TARGET = 8.0
HOSTILE_BOUND = 0.010  # seconds for one match of a path of up to 64,000 characters
HOSTILE = (
    ("*-*-*-*-*.ts", lambda n: "-" * n),
    ("*-*-*-*-*.ts", lambda n: "src/" + "a-" * (n // 2)),
    ("**/a/**/b/**/c.txt", lambda n: "a/b/" * (n // 4) + "c.tx"),
    ("**/a/**/b/**/c.txt", lambda n: "a/" * (n // 2)),
)
ORG = "@acme"
TOOLS = ("charter", "charter-cold", "codeowners")
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Workload:
    name: str
    rules: list[tuple[str, str]]  # (pattern, owner), pairwise non-overlapping owners
    paths: list[str]


# --- workloads --------------------------------------------------------------------------


def monorepo(rng: random.Random, count: int = 100_000) -> Workload:
    """A TypeScript monorepo: 50 packages in 20 lanes, four apps, docs, platform files."""
    packages = 50
    rules: list[tuple[str, str]] = []
    for i in range(packages):
        lane = f"lane-{i % 20}"
        rules += [
            (f"/packages/pkg{i}/src/", lane),
            (f"packages/pkg{i}/test/*.ts", lane),
            (f"/packages/pkg{i}/package.json", lane),
        ]
    rules += [
        ("/apps/web/", "web"),
        ("/apps/mobile/", "mobile"),
        ("/apps/admin/**", "admin"),
        ("/apps/api/src/", "api"),
        ("apps/api/*.json", "api"),
        ("*.md", "docs"),
        ("/docs/", "docs"),
        ("**/fixtures/**", "qa"),
        ("**/__snapshots__/", "qa"),
        ("/package.json", "platform"),
        ("/tsconfig*.json", "platform"),
        ("/.github/", "platform"),
        ("*.yml", "platform"),
        ("/scripts/", "platform"),
        ("/tools/**", "platform"),
        ("Makefile", "platform"),
        ("/Dockerfile", "platform"),
    ]
    dirs = ["components", "hooks", "utils", "lib/core", "lib/io/adapters", "models", "api/v2"]
    apps = ["web", "mobile", "admin"]
    paths: list[str] = []
    for n in range(count):
        roll = rng.random()
        pkg = f"packages/pkg{rng.randrange(packages)}"
        if roll < 0.45:
            paths.append(f"{pkg}/src/{rng.choice(dirs)}/file{n}.ts")
        elif roll < 0.55:
            paths.append(f"{pkg}/test/file{n}.test.ts")
        elif roll < 0.60:
            paths.append(f"{pkg}/test/fixtures/case{n}/input.json")
        elif roll < 0.62:
            paths.append(f"{pkg}/test/__snapshots__/file{n}.test.ts.snap")
        elif roll < 0.65:
            paths.append(f"{pkg}/test/helpers/file{n}.ts")  # unowned
        elif roll < 0.67:
            paths.append(f"{pkg}/{rng.choice(['package.json', 'README.md', 'Makefile'])}")
        elif roll < 0.79:
            app = rng.choice(apps)
            paths.append(f"apps/{app}/src/{rng.choice(dirs)}/screen{n}.tsx")
        elif roll < 0.84:
            paths.append(f"apps/api/src/{rng.choice(dirs)}/route{n}.ts")
        elif roll < 0.85:
            paths.append(f"apps/api/{rng.choice(['package.json', 'tsconfig.json'])}")
        elif roll < 0.90:
            paths.append(f"docs/{rng.choice(['guide', 'api', 'adr', 'img'])}/page{n}.md")
        elif roll < 0.94:
            paths.append(
                rng.choice(
                    [
                        f".github/workflows/job{n}.yml",
                        f"scripts/task{n}.sh",
                        f"tools/gen/step{n}.py",
                        "package.json",
                        "tsconfig.base.json",
                        "Dockerfile",
                        "README.md",
                        "Makefile",
                    ]
                )
            )
        else:
            paths.append(f"vendor/lib{n % 40}/dist/chunk{n}.js")  # unowned
    return Workload("monorepo", rules, paths)


def many_rules(rng: random.Random, count: int = 10_000) -> Workload:
    """250 modules, four rules each, spread over 100 teams."""
    modules = 250
    rules: list[tuple[str, str]] = []
    for i in range(modules):
        team = f"team-{i % 100}"
        rules += [
            (f"/modules/m{i}/src/", team),
            (f"modules/m{i}/tests/*.py", team),
            (f"/modules/m{i}/config/**", team),
            (f"/modules/m{i}/Makefile", team),
        ]
    paths: list[str] = []
    for n in range(count):
        module = f"modules/m{rng.randrange(modules)}"
        roll = rng.random()
        if roll < 0.55:
            paths.append(f"{module}/src/pkg/sub{n % 7}/file{n}.py")
        elif roll < 0.75:
            paths.append(f"{module}/tests/test_file{n}.py")
        elif roll < 0.85:
            paths.append(f"{module}/config/env{n % 3}/settings{n}.yaml")
        elif roll < 0.90:
            paths.append(f"{module}/Makefile")
        elif roll < 0.95:
            paths.append(f"{module}/README{n}.rst")  # unowned
        else:
            paths.append(f"other/area{n % 9}/file{n}.txt")  # unowned
    return Workload("many-rules", rules, paths)


def charter_yaml(rules: list[tuple[str, str]]) -> str:
    owners: dict[str, list[str]] = {}
    for pattern, owner in rules:
        owners.setdefault(owner, []).append(pattern)
    lines = ["version: 1", "instances:"]
    for owner, patterns in owners.items():
        lines += [f"  {owner}:", "    owns:"]
        lines += [f"      - '{pattern}'" for pattern in patterns]
    return "\n".join(lines) + "\n"


def codeowners_text(rules: list[tuple[str, str]]) -> str:
    return "".join(f"{pattern} {ORG}/{owner}\n" for pattern, owner in rules)


def write(workload: Workload, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "charter.yaml").write_text(charter_yaml(workload.rules), encoding="utf-8")
    (directory / "CODEOWNERS").write_text(codeowners_text(workload.rules), encoding="utf-8")
    (directory / "paths.txt").write_text("\n".join(workload.paths) + "\n", encoding="utf-8")


# --- the timed children -----------------------------------------------------------------

# Each child is a small program of its own (`python -c`), so that neither tool pays for
# this script's imports: argv is the workload directory and a file to dump answers to
# (or ""); it prints its in-process seconds, a CRC of its answers and the path count.
# The work runs inside functions, as in real callers (module-level loops are slower).
_HEAD = """
import sys, time
start = time.perf_counter()
"""
_TAIL = """
def main():
    directory, dump = sys.argv[1], sys.argv[2]
    with open(directory + "/paths.txt", encoding="utf-8") as f:
        paths = f.read().splitlines()
    owners = run(directory, paths)
    elapsed = time.perf_counter() - start
    import zlib
    text = "\\n".join(owners)
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            f.write(text)
    print(elapsed, "%08x" % zlib.crc32(text.encode()), len(paths))
main()
"""
PROGRAMS = {
    "charter": """
def run(directory, paths):
    from pathlib import Path
    from charter.config import load
    from charter.ownership import Ownership
    resolve = Ownership(load(directory, cache_dir=Path(directory) / "cache")).resolve
    return [resolve(path).owner or "" for path in paths]
""",
    "charter-cold": """
def run(directory, paths):
    from charter.config import loads
    from charter.ownership import Ownership
    with open(directory + "/charter.yaml", encoding="utf-8") as f:
        resolve = Ownership(loads(f.read())).resolve
    return [resolve(path).owner or "" for path in paths]
""",
    "codeowners": f"""
def run(directory, paths):
    from codeowners import CodeOwners
    with open(directory + "/CODEOWNERS", encoding="utf-8") as f:
        of = CodeOwners(f.read()).of
    owners = []
    for path in paths:
        found = of(path)  # every rule has exactly one owner: [] or [(kind, handle)]
        owners.append(found[0][1][{len(ORG) + 1}:] if found else "")
    return owners
""",
}


def run_child(tool: str, directory: Path, dump: Path | None = None) -> tuple[float, float, str]:
    """(whole-process seconds, in-process seconds, CRC of the answers) of one run."""
    program = _HEAD + PROGRAMS[tool] + _TAIL
    command = [sys.executable, "-c", program, str(directory), str(dump or "")]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False, env=CHILD_ENV)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{tool} child failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    elapsed, crc, _count = proc.stdout.split()
    return wall, float(elapsed), crc


def verify(workload: Workload, directory: Path) -> str:
    """Every tool names the same owner for every path; returns the answers' digest."""
    answers: dict[str, list[str]] = {}
    digests: dict[str, str] = {}
    for tool in TOOLS:
        dump = directory / f"{tool}.owners"
        _, _, digests[tool] = run_child(tool, directory, dump)
        answers[tool] = dump.read_text(encoding="utf-8").split("\n")
    theirs = answers["codeowners"]
    for tool in TOOLS[:-1]:
        ours = answers[tool]
        if len(ours) != len(workload.paths) or len(theirs) != len(workload.paths):
            raise SystemExit(
                f"FAIL {workload.name}: answer counts differ: {tool} {len(ours)}, "
                f"codeowners {len(theirs)}, paths {len(workload.paths)}"
            )
        triples = zip(workload.paths, ours, theirs, strict=True)
        wrong = [(p, a, b) for p, a, b in triples if a != b]
        if wrong or digests[tool] != digests["codeowners"]:
            lines = [f"  {p}: {tool} {a or '-'!r}, codeowners {b or '-'!r}" for p, a, b in wrong]
            raise SystemExit(
                f"FAIL {workload.name}: {tool} and codeowners disagree on {len(wrong)} of "
                f"{len(workload.paths)} paths:\n" + "\n".join(lines[:10])
            )
    owned = sum(1 for owner in theirs if owner)
    print(
        f"{workload.name}: {len(workload.rules)} rules, {len(workload.paths)} paths "
        f"({owned} owned, {len(theirs) - owned} unowned): same owner for every path"
    )
    return digests["codeowners"]


@dataclass
class Result:
    workload: Workload
    wall: dict[str, float]  # median whole-process seconds, by tool
    inner: dict[str, float]  # median in-process seconds, by tool
    best: dict[str, float]  # fastest whole-process seconds, by tool

    def ratio(self, tool: str) -> float:
        return self.wall["codeowners"] / self.wall[tool]


def measure(workload: Workload, directory: Path, runs: int, digest: str) -> Result:
    walls: dict[str, list[float]] = {tool: [] for tool in TOOLS}
    inner: dict[str, list[float]] = {tool: [] for tool in TOOLS}
    for _ in range(runs):
        for tool in TOOLS:
            wall, elapsed, crc = run_child(tool, directory)
            if crc != digest:
                raise SystemExit(f"FAIL {workload.name}: {tool} answered differently this run")
            walls[tool].append(wall)
            inner[tool].append(elapsed)
    return Result(
        workload,
        {tool: statistics.median(times) for tool, times in walls.items()},
        {tool: statistics.median(times) for tool, times in inner.items()},
        {tool: min(times) for tool, times in walls.items()},
    )


def table(results: list[Result], runs: int) -> str:
    lines = [
        f"median of {runs} fresh processes per tool; ratio = codeowners / tool (whole process)",
        f"{'workload':<11} {'rules':>5} {'paths':>7}  {'tool':<13} {'process':>9} "
        f"{'in-process':>10} {'ratio':>7}   {'fastest':>8} {'ratio':>6}",
    ]
    for r in results:
        for tool in TOOLS:
            ratio = best = ""
            if tool != "codeowners":
                ratio = f"{r.ratio(tool):6.1f}x"
                best = f"{r.best['codeowners'] / r.best[tool]:5.1f}x"
            lines.append(
                f"{r.workload.name:<11} {len(r.workload.rules):>5} {len(r.workload.paths):>7}  "
                f"{tool:<13} {r.wall[tool] * 1000:7.0f}ms {r.inner[tool] * 1000:8.0f}ms "
                f"{ratio:>7}   {r.best[tool] * 1000:6.0f}ms {best:>6}"
            )
    return "\n".join(lines)


def hostile() -> bool:
    """Time the backtracking cases at 4,000 and 64,000 characters; True when in bound."""
    from charter.patterns import compile_pattern

    ok = True
    print(
        "hostile patterns: one match, best of 5 (bound %.0f ms, linear growth)"
        % (HOSTILE_BOUND * 1000)
    )
    for text, make in HOSTILE:
        pattern = compile_pattern(text)
        times = []
        for length in (4_000, 64_000):
            path = make(length)
            best = float("inf")
            for _ in range(5):
                start = time.perf_counter()
                pattern.matches(path)
                best = min(best, time.perf_counter() - start)
            times.append(best)
        good = times[1] <= HOSTILE_BOUND and times[1] <= 32 * max(times[0], 1e-6)
        ok = ok and good
        print(
            f"  {text:<20} {len(make(4_000)):>6} chars {times[0] * 1e6:8.0f} us   "
            f"{len(make(64_000)):>6} chars {times[1] * 1e6:8.0f} us  {'ok' if good else 'SLOW'}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="write the workloads to DIR and keep them")
    args = parser.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="charter-bench-pat-"))
    try:
        hostile_ok = hostile()
        rng = random.Random(20240611)
        workloads = [monorepo(rng), many_rules(rng)]
        results = []
        for workload in workloads:
            directory = base / workload.name
            write(workload, directory)
            digest = verify(workload, directory)
            results.append(measure(workload, directory, args.runs, digest))
        print()
        print(table(results, args.runs))
        print()
        missed = [r.workload.name for r in results if r.ratio("charter") < TARGET]
        cold = ", ".join(f"{r.workload.name} {r.ratio('charter-cold'):.1f}x" for r in results)
        print(f"charter-cold (YAML parsed in the timed process): {cold}")
        if not hostile_ok:
            print("HOSTILE BOUND MISSED: a hostile pattern took too long (see above)")
            return 1
        if missed:
            print(f"TARGET MISSED (charter >= {TARGET:.0f}x faster): {', '.join(missed)}")
            return 1
        print(f"target met: charter >= {TARGET:.0f}x faster than codeowners on every workload")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
