"""Many objects' contents in one `git cat-file --batch`."""

from __future__ import annotations

import os
from collections.abc import Iterable

from charter.git.runner import run

_CONTENT_KINDS = (b"blob", b"tree", b"commit", b"tag")


def read_blobs(cwd: str | os.PathLike[str] | None, specs: Iterable[str]) -> dict[str, bytes | None]:
    """Each object name (a blob id, `rev:path`, `:path`) -> the blob's bytes; None when
    it names no object, or one that is not a blob. One process however many there are."""
    wanted = list(dict.fromkeys(specs))
    if not wanted:
        return {}
    query = "".join(f"{spec}\n" for spec in wanted).encode("utf-8", "surrogateescape")
    out = run("cat-file", "--batch", cwd=cwd, input=query).stdout
    blobs: dict[str, bytes | None] = {}
    pos = 0
    for spec in wanted:
        newline = out.index(b"\n", pos)
        header = out[pos:newline].split()
        pos = newline + 1
        if len(header) == 3 and header[1] in _CONTENT_KINDS:
            size = int(header[2])
            blobs[spec] = out[pos : pos + size] if header[1] == b"blob" else None
            pos += size + 1  # the content, then a newline
        else:
            blobs[spec] = None  # "<spec> missing" (or ambiguous)
    return blobs
