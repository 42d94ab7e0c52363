"""Paths as agents write them, read the way git reads them.

An agent in `packages/auth` writes `src/index.ts`; one with absolute paths writes
`/home/me/repo/packages/auth/src/index.ts`. Both mean the repository path
`packages/auth/src/index.ts`. Relative paths are taken from the current directory,
absolute ones must lie inside the work tree; anything outside is refused, never read as
a repository path that merely looks the same.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from charter.errors import CharterError


def _inside(path: str, root: str) -> str | None:
    relative = os.path.relpath(path, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return "" if relative == os.curdir else relative


# Where a path stops being a plain repository path: absolute, or a `.`, `..` or empty
# segment. Searched in all paths at once, joined by NUL (which no path contains).
_NOT_PLAIN = ("\0/", "//", "/./", "/../", "\0./", "\0../", "/.\0", "/..\0", "\0.\0", "\0..\0")


# A `.` or `..` that ends at a separator: a dot segment when a separator precedes it too.
# It starts with a literal dot, so the regex engine scans for it as fast as `in` does.
_DOTS_THEN_SEPARATOR = re.compile("\\.\\.?[\0/]")
# A leading or doubled `/`: searched as literal regexes, which skip along twice as fast
# as `in` over megabytes of paths, where every other character is a `/`.
_LEADING_SLASH = re.compile("\0/")
_DOUBLED_SLASH = re.compile("//")


def _plain(path: str) -> bool:
    wrapped = f"\0{path.rstrip('/')}\0"
    return not any(marker in wrapped for marker in _NOT_PLAIN)


def _all_plain(joined: str) -> bool:
    """Whether every path in `joined` (NUL before, between and after) is plain: no leading
    or doubled `/` and no `.` or `..` segment. Hidden files (`.github/x`, `a/.env`) pass,
    so a real tree is still one pass, not one check per path; a trailing `//` is refused
    here though `_plain` accepts it (the per-path check then has the last word)."""
    if _LEADING_SLASH.search(joined) or _DOUBLED_SLASH.search(joined):
        return False
    return not any(
        joined[dots.start() - 1] in "\0/" for dots in _DOTS_THEN_SEPARATOR.finditer(joined)
    )


def repo_paths(paths: list[str], root: Path, cwd: Path | None = None) -> list[str]:
    """`repo_path` for many paths, the current directory read once. At the root, paths
    that are already plain repository paths (the common case, and `owner --stdin`'s
    thousands) are taken as they are, checked in one pass."""
    here = Path.cwd() if cwd is None else cwd
    if os.path.realpath(here) == os.path.realpath(root):
        if _all_plain("\0".join(("", *paths, ""))):
            return list(paths)
        return [p if _plain(p) else repo_path(p, root, here) for p in paths]
    return [repo_path(p, root, here) for p in paths]


def repo_path(path: str, root: Path, cwd: Path | None = None) -> str:
    """`path` (relative to `cwd`, or absolute) as a path relative to the work tree `root`."""
    here = Path.cwd() if cwd is None else cwd
    joined = os.path.normpath(os.path.join(here, path))  # lexical, as git does
    relative = _inside(joined, os.fspath(root))
    if relative is None:  # perhaps through a symbolic link to the work tree
        relative = _inside(os.path.realpath(joined), os.path.realpath(root))
    if relative is None:
        raise CharterError(
            f"{path} is outside the repository {root} (paths are taken from the current "
            "directory, as git takes them); give a path inside it"
        )
    if relative == "":
        raise CharterError(f"{path} is the repository's root, not a file in it; name a file")
    relative = relative.replace(os.sep, "/")
    return relative + "/" if path.endswith("/") else relative
