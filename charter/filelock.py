"""One writer at a time for charter.yaml's read-modify-write (`instance add`, `spawn`).

Without it, concurrent runs each read the same file, add their own instance and write it
back: all exit 0 and only the last one's instance survives. The lock is a file in the git
common directory (shared by every worktree of the repository, never committed), held with
`fcntl.flock` so a crashed holder releases it with its process; a waiter gives up with a
message after `timeout` seconds instead of hanging.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from charter.errors import CharterError

LOCK_NAME = "charter-yaml.lock"
POLL_SECONDS = 0.05


def _lock_path(root: Path) -> Path:
    from charter.git import git_text

    common = Path(git_text("rev-parse", "--git-common-dir", cwd=root))
    return (common if common.is_absolute() else root / common) / LOCK_NAME


@contextmanager
def charter_yaml_lock(root: Path, *, timeout: float = 60.0) -> Iterator[None]:
    """Hold the repository's charter.yaml lock for the body of the `with`."""
    import fcntl

    path = _lock_path(root)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CharterError(
                        f"another charter command has been changing charter.yaml for "
                        f"{timeout:.0f} s (lock {path}); wait for it to finish and run this "
                        "again"
                    ) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
