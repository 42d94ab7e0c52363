"""The files a patch would write: unified diffs (git's and plain) and Codex's envelope.

Codex's `apply_patch` sends `*** Begin Patch` ... `*** End Patch` with `*** Add File: P`,
`*** Update File: P` (optionally followed by `*** Move to: Q`) and `*** Delete File: P`.
A unified diff names its files in `--- a/P` / `+++ b/P` (`/dev/null` for an added or
deleted file) and, from git, in `rename from` / `rename to`.
"""

from __future__ import annotations

import os

ENVELOPE = {
    "*** Add File: ": "create",
    "*** Update File: ": "edit",
    "*** Delete File: ": "delete",
    "*** Move to: ": "move onto",
}
DEV_NULL = "/dev/null"


def _strip(path: str, strip: int | None) -> str:
    """`patch -pN`: drop N leading components; no -p at all keeps only the base name."""
    if strip is None:
        return os.path.basename(path)
    parts = path.split("/")
    return "/".join(parts[strip:]) if strip < len(parts) else parts[-1]


def _diff_name(line: str) -> str:
    name = line[4:].split("\t", 1)[0].rstrip("\n").rstrip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return name


def patch_targets(text: str, *, strip: int | None = 1) -> list[tuple[str, str]]:
    """(action in words, path) for every file the patch adds, changes, moves or deletes."""
    if "*** Begin Patch" in text or any(marker in text for marker in ENVELOPE):
        return [
            (action, line[len(marker) :].strip())
            for line in text.splitlines()
            for marker, action in ENVELOPE.items()
            if line.startswith(marker)
        ]
    targets: list[tuple[str, str]] = []
    old: str | None = None
    for line in text.splitlines():
        if line.startswith("--- "):
            old = _diff_name(line)
        elif line.startswith("+++ ") and old is not None:
            new = _diff_name(line)
            if new == DEV_NULL:
                targets.append(("delete", _strip(old, strip)))
            elif old == DEV_NULL:
                targets.append(("create", _strip(new, strip)))
            else:
                if _strip(old, strip) != _strip(new, strip):
                    targets.append(("move away", _strip(old, strip)))
                targets.append(("patch", _strip(new, strip)))
            old = None
        elif line.startswith("rename from "):
            targets.append(("move away", line[len("rename from ") :]))
        elif line.startswith("rename to "):
            targets.append(("move onto", line[len("rename to ") :]))
    return targets
