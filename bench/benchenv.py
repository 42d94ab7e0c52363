"""What every benchmark shares: a clean environment for git and for the timed processes.

Bytecode caches are allowed (PYTHONDONTWRITEBYTECODE dropped), as an installed package
has them: each benchmark's untimed warm-up run writes them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "PYTHONDONTWRITEBYTECODE")
}
ENV.update(
    GIT_AUTHOR_NAME="bench",
    GIT_AUTHOR_EMAIL="bench@example.invalid",
    GIT_COMMITTER_NAME="bench",
    GIT_COMMITTER_EMAIL="bench@example.invalid",
    GIT_CONFIG_NOSYSTEM="1",
    NO_COLOR="1",
)


def git(repo: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run git in `repo` with the bench environment; its stdout."""
    return subprocess.run(
        ("git", *args), cwd=repo, input=input, env=ENV, check=True, capture_output=True
    ).stdout


def report(what: str, times: list[float], target: float) -> int:
    """Print the median of `times` (seconds) against `target`; the exit status (1: missed)."""
    import statistics

    median = statistics.median(times)
    print(
        f"{what}: median {median * 1000:.0f} ms (min {min(times) * 1000:.0f}, max "
        f"{max(times) * 1000:.0f}; {len(times)} fresh processes; target < {target * 1000:.0f} ms)"
    )
    return 0 if median < target else 1
