"""`charter validate` on the heavy hostile charter.yaml inputs, in fresh processes.

    python bench/bench_hostile.py [--runs 3]

The hostile-input suite (tests/test_hostile.py) keeps its inputs small so it stays fast;
the sizes that used to hang or take minutes live here:

- an alias bomb of 12 levels (9 aliases each: 9^12 copies if expanded);
- `owns:` nested 100,000 levels deep in flow style (`[[[[...`);
- front-matter-style nesting 5,000 levels deep in block style;
- the largest charter.yaml charter reads (just under 256 KB of instances), and one just
  over (refused by size before parsing).

Each is timed as the whole `python -m charter validate` process. Target: every median
under 1 s (the issue's bound for a refusal; 5 s is the suite's hard limit).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV, git, report

TARGET_SECONDS = 1.0


def _inputs() -> dict[str, str]:
    bomb = "version: 1\n" + "".join(
        f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9 if i else ['"lol"'] * 9) + "]\n"
        for i in range(12)
    )
    deep_flow = "version: 1\ninstances:\n  a:\n    owns: " + "[" * 100_000 + "]" * 100_000 + "\n"
    deep_block = "version: 1\nrules:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(5_000))
    lanes = []
    size = 0
    i = 0
    while size < 250 * 1024:
        lane = f"  team{i}:\n    description: lane {i}\n    owns: [team{i}/**]\n"
        lanes.append(lane)
        size += len(lane)
        i += 1
    largest = "version: 1\ninstances:\n" + "".join(lanes)
    too_large = largest + "".join(lanes[:200]).replace("team", "more")
    return {
        "alias bomb (12 levels)": bomb,
        "flow nesting 100,000 deep": deep_flow,
        "block nesting 5,000 deep": deep_block,
        f"largest accepted ({len(largest) // 1024} KB)": largest,
        f"over the size limit ({len(too_large) // 1024} KB)": too_large,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        for what, text in _inputs().items():
            (repo / "charter.yaml").write_text(text)
            command = (sys.executable, "-m", "charter", "validate")
            subprocess.run(command, cwd=repo, env=ENV, capture_output=True)  # warm-up
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                proc = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                if "Traceback" in proc.stderr or proc.returncode not in (0, 1, 2):
                    print(f"{what}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
                    return 1
            status |= report(what, times, TARGET_SECONDS)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
