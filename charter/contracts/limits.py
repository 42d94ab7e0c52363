"""What charter reads of a contract's files, at most: hostile or accidental input (a
generated 20 MB file, types nested ten thousand deep) is refused with its file and line
instead of running for minutes or ending in a RecursionError.

Declaration files of real packages stay far below both limits: the largest in the corpus
(tests/data/contracts) is about 100 KB, and nothing nests more than a few dozen levels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from charter.contracts.errors import SurfaceError

MAX_FILE_BYTES = 4 * 1024 * 1024  # read in about 3 s (TypeScript)
MAX_CONTRACT_BYTES = 16 * 1024 * 1024  # all of one contract's files (date-fns 4: 5 MB)
MAX_LOCK_DEPTH = 64  # a lock's JSON: files, exports, then a few levels per symbol

_BRACKETS = re.compile(rb"[\[\](){}]")


def check_sizes(files: Mapping[str, bytes]) -> None:
    for path in sorted(files):
        if len(files[path]) > MAX_FILE_BYTES:
            raise SurfaceError(
                path,
                1,
                f"{len(files[path]) // (1024 * 1024)} MB is more than the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB charter reads of one contract file; "
                "keep generated or bundled files out of the contract's paths",
            )
    total = sum(len(data) for data in files.values())
    if total > MAX_CONTRACT_BYTES:
        raise SurfaceError(
            min(files),
            1,
            f"the contract's {len(files)} files hold {total // (1024 * 1024)} MB, more than "
            f"the {MAX_CONTRACT_BYTES // (1024 * 1024)} MB charter reads of one contract; "
            "narrow its paths or split it",
        )


def deepest(files: Mapping[str, bytes]) -> tuple[str, int]:
    """The file and line where brackets (and indentation) nest deepest."""
    best = ("(no files)", 1, -1)
    for path in sorted(files):
        depth = 0
        for number, line in enumerate(files[path].splitlines(), 1):
            indent = (len(line) - len(line.lstrip(b" \t"))) // 4
            peak = depth
            for bracket in _BRACKETS.findall(line):
                depth += 1 if bracket in b"[({" else -1
                peak = max(peak, depth)
            if peak + indent > best[2]:
                best = (path, number, peak + indent)
    return best[0], best[1]


@contextmanager
def nesting_guard(files: Mapping[str, bytes]) -> Iterator[None]:
    """Turn a RecursionError while reading `files` into a SurfaceError at the deepest line."""
    try:
        yield
    except RecursionError:
        path, line = deepest(files)
        raise SurfaceError(
            path,
            line,
            "nested deeper than charter reads; flatten it (name the inner types) and "
            "lock again",
        ) from None


def json_depth(value: Any) -> int:
    """How deep a JSON value nests, without recursion."""
    deepest_seen = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest_seen = max(deepest_seen, depth)
            if depth > MAX_LOCK_DEPTH:
                return depth
            pending += [(child, depth + 1) for child in item]
    return deepest_seen
