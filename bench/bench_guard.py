"""How long the edit-time guard takes per call, against the floor.

Builds the demo repository (`charter demo --dir`), reads the guard command `charter spawn`
registered for auth's Claude Code, and times, alternately and in fresh processes fed the
payload on stdin as Claude Code does:

* the floor: the same interpreter running only `import sys; sys.stdin.buffer.read()`;
* the guard on an Edit inside auth's lane (the common case);
* the guard on an Edit of payments' file (a refusal: exit 2 and its message);
* the guard on a Bash command writing inside the lane (the shell reader).

Targets: median of the in-lane edit at most 60 ms, and at most 1.5x the floor.

    python bench/bench_guard.py [--runs 31] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
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


def timed(command: str, data: bytes, cwd: Path, expect: int) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, shell=True, input=data, cwd=cwd, capture_output=True, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode != expect:
        raise SystemExit(f"{command} exited {proc.returncode}, not {expect}: {proc.stderr!r}")
    return elapsed


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
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (cmd, data, expect) in cases.items():
                times[name].append(timed(cmd, data, auth, expect))
        floor = statistics.median(times["floor (python + read stdin)"])
        for name, values in times.items():
            median = statistics.median(values)
            print(
                f"{name:36} median {median * 1000:6.1f} ms  min {min(values) * 1000:6.1f} ms"
                f"  {median / floor:4.2f}x floor"
            )
        in_lane = statistics.median(times["guard: Edit in lane"])
        verdict = in_lane <= 0.060 and in_lane <= 1.5 * floor
        print(
            f"target (in-lane median <= 60 ms and <= 1.5x floor): "
            f"{in_lane * 1000:.1f} ms, {in_lane / floor:.2f}x -> {'met' if verdict else 'MISSED'}"
        )
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
