"""A hook's error, printed once per run of the hooks.

The pre-commit framework starts each hook as its own process, all children of one
pre-commit process; a problem every hook meets (an identity that cannot be resolved,
say) would otherwise be printed by every one of them. The first hook to print it leaves
a stamp (its parent's pid and the message) in the git directory; the others, seeing the
same stamp, point at it instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from charter.errors import EXIT_UNUSABLE, CharterError

STAMP_FILE = "charter-hook-error"


def report_once(error: CharterError) -> int:
    """Print `charter: ERROR` on stderr unless this run of the hooks already did; return
    the exit code for unusable input."""
    from charter.git.repo import git_dir

    message = f"charter: {error}"
    stamp = f"{os.getppid()}\n{message}"
    marker: Path | None = None
    with contextlib.suppress(OSError, CharterError):
        found = git_dir(Path.cwd())
        marker = found / STAMP_FILE if found is not None else None
        if marker is not None and marker.read_text(encoding="utf-8") == stamp:
            print("charter: refused for the reason printed above", file=sys.stderr)
            return EXIT_UNUSABLE
    print(message, file=sys.stderr)
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.write_text(stamp, encoding="utf-8")
    return EXIT_UNUSABLE
