"""Concurrent `charter instance add` and `charter spawn`: every run's lane survives.

Real processes, started together, on one repository: without the lock each reads the same
charter.yaml, adds its own lane and writes it back, and most lanes are lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_spawn import MAP
from testing.gitrepo import commit_all, git, write

from charter.config import load
from charter.errors import CharterError
from charter.filelock import charter_yaml_lock


def _start(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        (sys.executable, "-m", "charter", *args),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )


def _finish(procs: list[subprocess.Popen[bytes]]) -> list[tuple[int, str]]:
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err.decode("utf-8", "replace")))
    return results


def test_concurrent_instance_adds_lose_no_lane(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    commit_all(repo, "lanes")
    names = [f"team{i}" for i in range(6)]
    for round_number in range(2):
        batch = [f"{name}r{round_number}" for name in names]
        procs = [_start(repo, "instance", "add", n, "--owns", f"{n}/**") for n in batch]
        for returncode, err in _finish(procs):
            assert returncode == 0, err
        added = set(load(repo).instances)
        assert set(batch) <= added, sorted(set(batch) - added)
    assert len(load(repo).instances) == 1 + 2 * len(names)


def test_concurrent_spawns_lose_no_lane(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    write(repo, "packages/shared/a.ts")
    commit_all(repo, "lanes")
    names = [f"lane{i}" for i in range(4)]
    procs = [
        _start(repo, "spawn", n, "--owns", f"{n}/**", "--worktree", str(repo.parent / n))
        for n in names
    ]
    for returncode, err in _finish(procs):
        assert returncode == 0, err
    assert set(names) <= set(load(repo).instances)
    log = git(repo, "log", "--format=%s")
    assert all(n in log for n in names)  # each lane committed, none overwritten


def test_a_held_lock_makes_a_waiter_give_up_with_a_message(repo: Path) -> None:
    with charter_yaml_lock(repo):
        try:
            with charter_yaml_lock(repo, timeout=0.2):
                raise AssertionError("a second holder got the lock")
        except CharterError as e:
            assert "wait for it to finish" in str(e)
    with charter_yaml_lock(repo, timeout=0.2):  # released: free again
        pass
    assert (repo / ".git" / "charter-yaml.lock").exists()
