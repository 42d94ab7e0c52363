"""How long `charter.conflicts.forecast` takes on a big repository with many instances.

Builds (with `git fast-import`) a 100,000-file repository and 30 instance branches, each
changing a few dozen files of its own. A handful of pairs also meet on purpose:

* agent00/01, 02/03, 04/05, 06/07, 08/09 edit the same line of one file (content);
* agent10/11, 12/13, 14/15 edit one file 13 lines apart (clean: merge-tree must say so);
* agent16 renames a file agent17 edits (clean: the edit follows the rename);
* agent18 renames a file agent19 deletes (rename/delete);
* agent24/25 add the same new file with different text (add/add);
* agent20-22 edit a line main changed after they forked (conflict with the base), so they
  also conflict with agent23-29, which forked from that newer main.

Then times `forecast` over all 465 pairs (435 instance pairs + 30 against main), each run
in a fresh Python process, and checks it found exactly the expected conflicting pairs.

Target: median under 10 s.

    python bench/bench_conflicts.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOTAL_FILES = 100_000
INSTANCES = 30
OWN_FILES = 36  # files each instance changes that nobody else touches
LINES = 20
TARGET_SECONDS = 10.0
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "b@b",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "b@b",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def path_of(index: int) -> str:
    """100 top-level packages x 10 modules x 100 files."""
    return f"pkg{index // 1000:03d}/mod{index // 100 % 10}/file{index % 100:02d}.py"


def text_of(index: int, edits: dict[int, str] | None = None) -> str:
    lines = [f"line {k} of file {index}\n" for k in range(LINES)]
    for line, new in (edits or {}).items():
        lines[line] = new + "\n"
    return "".join(lines)


def name(i: int) -> str:
    return f"agent{i:02d}"


class Stream:
    """Builds a `git fast-import` stream."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.marks = 0

    def data(self, text: str) -> None:
        raw = text.encode()
        self.parts.append(b"data %d\n%s\n" % (len(raw), raw))

    def commit(self, ref: str, message: str, parent: int | None) -> int:
        self.marks += 1
        self.parts.append(f"commit {ref}\nmark :{self.marks}\n".encode())
        self.parts.append(f"committer bench <b@b> {1_700_000_000 + self.marks} +0000\n".encode())
        self.data(message)
        if parent is not None:
            self.parts.append(f"from :{parent}\n".encode())
        return self.marks

    def modify(self, path: str, text: str) -> None:
        self.parts.append(f"M 100644 inline {path}\n".encode())
        self.data(text)

    def rename(self, old: str, new: str) -> None:
        self.parts.append(f"R {old} {new}\n".encode())

    def delete(self, path: str) -> None:
        self.parts.append(f"D {path}\n".encode())


# Files the scenarios share, far from every instance's own files (index // 1000 >= 50).
SAME_LINE = {pair: 50_000 + k for k, pair in enumerate([(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)])}
NEAR_LINES = {pair: 60_000 + k for k, pair in enumerate([(10, 11), (12, 13), (14, 15)])}
RENAMED_AND_EDITED = 70_000  # agent16 renames, agent17 edits
RENAMED_AND_DELETED = 70_001  # agent18 renames, agent19 deletes
MAIN_EDITS = [80_000 + k for k in range(20)]  # main's second commit; agent20-22 hit 0-2
NEW_FILE = "pkg000/new_feature.py"  # agent24 and agent25 both add it


def own_files(i: int) -> list[int]:
    return [i * 1000 + 7 * j for j in range(OWN_FILES)]


def instance_changes(stream: Stream, i: int) -> None:
    for index in own_files(i):
        stream.modify(path_of(index), text_of(index, {5: f"changed by {name(i)}"}))
    for (a, b), index in SAME_LINE.items():
        if i in (a, b):
            stream.modify(path_of(index), text_of(index, {9: f"{name(i)} wins"}))
    for (a, b), index in NEAR_LINES.items():
        if i in (a, b):
            line = 2 if i == a else 15
            stream.modify(path_of(index), text_of(index, {line: f"{name(i)} was here"}))
    if i == 16:
        stream.rename(path_of(RENAMED_AND_EDITED), "pkg070/moved_by_agent16.py")
    if i == 17:
        stream.modify(path_of(RENAMED_AND_EDITED), text_of(RENAMED_AND_EDITED, {0: "edited"}))
    if i == 18:
        stream.rename(path_of(RENAMED_AND_DELETED), "pkg070/moved_by_agent18.py")
    if i == 19:
        stream.delete(path_of(RENAMED_AND_DELETED))
    if i in (20, 21, 22):
        index = MAIN_EDITS[i - 20]
        stream.modify(path_of(index), text_of(index, {3: f"{name(i)} disagrees with main"}))
    if i in (24, 25):
        stream.modify(NEW_FILE, f"# new feature, as {name(i)} sees it\n")


def expected_conflicts() -> set[tuple[str, str]]:
    pairs = {(name(a), name(b)) for a, b in SAME_LINE}
    pairs |= {(name(18), name(19)), (name(24), name(25))}
    pairs |= {(name(a), name(b)) for a in (20, 21, 22) for b in range(23, INSTANCES)}
    pairs |= {(name(a), "main") for a in (20, 21, 22)}
    return pairs


def build(repo: Path) -> dict[str, str]:
    subprocess.run(("git", "init", "-q", "-b", "main", str(repo)), env=ENV, check=True)
    stream = Stream()
    first = stream.commit("refs/heads/main", "100,000 files", None)
    for index in range(TOTAL_FILES):
        stream.modify(path_of(index), text_of(index))
    second = stream.commit("refs/heads/main", "main moves on", first)
    for index in MAIN_EDITS:
        stream.modify(path_of(index), text_of(index, {3: "main's version"}))
    branches = {}
    for i in range(INSTANCES):
        ref = f"instance/{name(i)}"
        # agent23-29 forked after main's second commit, the rest before it.
        stream.commit(f"refs/heads/{ref}", f"{name(i)} at work", second if i >= 23 else first)
        instance_changes(stream, i)
        branches[name(i)] = ref
    subprocess.run(
        ("git", "fast-import", "--quiet"),
        cwd=repo,
        input=b"".join(stream.parts),
        env=ENV,
        check=True,
    )
    return branches


RUN = """
import json, sys, time
from pathlib import Path
from charter.conflicts import forecast
repo, branches = Path(sys.argv[1]), json.loads(sys.argv[2])
started = time.perf_counter()
result = forecast(repo, branches, "main")
elapsed = time.perf_counter() - started
print(json.dumps({
    "seconds": elapsed,
    "stats": vars(result.stats),
    "conflicting": [[p.left, p.right] for p in result.conflicting_pairs()],
    "kinds": sorted({c.kind for p in result.conflicting_pairs() for c in p.conflicts}),
}))
"""


def run_once(repo: Path, branches: dict[str, str]) -> dict[str, object]:
    env = {**ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), ENV.get("PYTHONPATH")]))}
    proc = subprocess.run(
        (sys.executable, "-c", RUN, str(repo), json.dumps(branches)),
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"forecast failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="build the repo in DIR and keep it")
    args = parser.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="charter-bench-cf-"))
    repo = base / "repo"
    try:
        started = time.perf_counter()
        if repo.exists():
            shutil.rmtree(repo)
        branches = build(repo)
        print(
            f"built {TOTAL_FILES:,} files, {INSTANCES} instance branches "
            f"in {time.perf_counter() - started:.1f} s (git fast-import)"
        )
        times: list[float] = []
        result: dict[str, object] = {}
        for _ in range(args.runs):
            result = run_once(repo, branches)
            seconds = result["seconds"]
            assert isinstance(seconds, float)
            times.append(seconds)
        found = {(str(a), str(b)) for a, b in result["conflicting"]}  # type: ignore[attr-defined]
        if found != expected_conflicts():
            print(f"WRONG: missed {sorted(expected_conflicts() - found)}")
            print(f"       extra  {sorted(found - expected_conflicts())}")
            return 1
        median = statistics.median(times)
        print(f"stats: {result['stats']}; kinds seen: {result['kinds']}")
        print(f"found exactly the {len(found)} expected conflicting pairs")
        print(
            f"forecast median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
            f"{args.runs} fresh processes; target < {TARGET_SECONDS:.0f} s)"
        )
        return 0 if median < TARGET_SECONDS else 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
