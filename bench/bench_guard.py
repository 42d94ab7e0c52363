"""How long the edit-time guard takes per call, against the floor.

Builds the demo repository (`charter demo --dir`), reads the guard command `charter spawn`
registered for auth's Claude Code, and times, alternately and in fresh processes fed the
payload on stdin as Claude Code does:

* the floor: the same interpreter running only `import sys; sys.stdin.buffer.read()`;
* the guard on an Edit inside auth's lane (the common case);
* the guard on an Edit of payments' file (a refusal: exit 2 and its message);
* the guard on a Bash command writing inside the lane (the shell reader).

Targets: median of the in-lane edit at most 60 ms, and at most 1.5x the floor. Wall time
and, less disturbed by a busy machine, the CPU time (user + system) of the timed processes
are both printed.

    python bench/bench_guard.py [--runs 31] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV

FLOOR = f"{sys.executable} -c 'import sys; sys.stdin.buffer.read()'"


def build(base: Path) -> None:
    proc = subprocess.run(
        (sys.executable, "-m", "charter", "demo", "--dir", str(base)),
        capture_output=True,
        env=ENV,
    )
    if proc.returncode != 0:
        raise SystemExit(f"charter demo failed:\n{proc.stdout.decode()}{proc.stderr.decode()}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: str, data: bytes, cwd: Path, expect: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the processes run) for one call."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(command, shell=True, input=data, cwd=cwd, capture_output=True, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode != expect:
        raise SystemExit(f"{command} exited {proc.returncode}, not {expect}: {proc.stderr!r}")
    return elapsed, _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--keep", metavar="DIR", help="build the demo in DIR and keep it")
    args = parser.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="charter-bench-guard-"))
    try:
        auth = base / "shop-auth"
        if not auth.exists():
            started = time.perf_counter()
            build(base)
            print(f"demo repository built in {time.perf_counter() - started:.1f} s")
        from charter.install import guard_commands

        command = next(c for agent, _, c in guard_commands(auth) if agent == "claude")
        print(f"guard: {command}")

        def call(tool: str, **tool_input: str) -> bytes:
            body = {"hook_event_name": "PreToolUse", "cwd": str(auth), "tool_name": tool}
            return json.dumps({**body, "tool_input": tool_input}).encode()

        cases = {
            "floor (python + read stdin)": (FLOOR, b"{}", 0),
            "guard: Edit in lane": (
                command, call("Edit", file_path="packages/auth/src/index.ts"), 0
            ),
            "guard: Edit out of lane (refused)": (
                command, call("Edit", file_path="packages/payments/src/index.ts"), 2
            ),
            "guard: Bash in lane": (
                command, call("Bash", command="echo x > packages/auth/src/x.ts && ls"), 0
            ),
        }  # fmt: skip
        for cmd, data, expect in cases.values():  # warm-up: OS cache, the map's cache
            timed(cmd, data, auth, expect)
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (cmd, data, expect) in cases.items():
                elapsed, used = timed(cmd, data, auth, expect)
                wall[name].append(elapsed)
                cpu[name].append(used)
        floor_name = "floor (python + read stdin)"
        floor_wall = statistics.median(wall[floor_name])
        floor_cpu = statistics.median(cpu[floor_name])
        print(f"{'':36} {'wall median':>12} {'x floor':>8} {'CPU median':>11} {'x floor':>8}")
        for name in cases:
            w, c = statistics.median(wall[name]), statistics.median(cpu[name])
            print(
                f"{name:36} {w * 1000:9.1f} ms {w / floor_wall:7.2f}x "
                f"{c * 1000:8.1f} ms {c / floor_cpu:7.2f}x"
            )
        in_wall = statistics.median(wall["guard: Edit in lane"])
        in_cpu = statistics.median(cpu["guard: Edit in lane"])
        met = in_wall <= 0.060 and in_wall <= 1.5 * floor_wall
        print(
            f"target (in-lane wall median <= 60 ms and <= 1.5x floor): {in_wall * 1000:.1f} ms, "
            f"{in_wall / floor_wall:.2f}x -> {'met' if met else 'MISSED'}; CPU "
            f"{in_cpu * 1000:.1f} ms, {in_cpu / floor_cpu:.2f}x"
        )
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
