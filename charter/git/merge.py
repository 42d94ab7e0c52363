"""git's real merge (`git merge-tree --write-tree`), touching no work tree, index or ref:
one merge for judging a merge commit (`auto_merge`, git 2.38+), many in one process for
the forecast (`merge_many`: `--stdin`, git 2.39+)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from charter.errors import GitError
from charter.git.repo import EMPTY_TREE
from charter.git.runner import Git, run
from charter.git.zparse import decode as _text
from charter.git.zparse import split_z


class AutoMerge(NamedTuple):
    tree: str
    conflicted: frozenset[str]


def auto_merge(root: Path, first: str, second: str) -> AutoMerge:
    """The tree git's merge of two commits produces, conflict markers included."""
    result = run(
        "merge-tree",
        "--write-tree",
        "--name-only",
        "-z",
        "--no-messages",
        first,
        second,
        cwd=root,
        ok=None,
    )
    if result.returncode not in (0, 1):
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git merge-tree failed for {first[:12]} and {second[:12]}: {message}")
    # Output: tree OID NUL, then (on conflicts) conflicted paths, each NUL-terminated.
    fields = split_z(result.stdout)
    tree = fields[0] if fields else EMPTY_TREE
    conflicted = frozenset(f for f in fields[1:] if f)
    return AutoMerge(tree, conflicted)


# --- many merges at once (`--stdin`) ---------------------------------------------------------


class MergeMessage(NamedTuple):
    paths: tuple[str, ...]
    type: str  # git's stable conflict type, e.g. "CONFLICT (contents)"
    text: str


class Merge(NamedTuple):
    clean: bool
    conflicted_files: tuple[str, ...]
    messages: tuple[MergeMessage, ...]


@contextmanager
def quarantine(git: Git) -> Iterator[Mapping[str, str]]:
    """An environment whose new objects go to a throwaway object directory.

    merge-tree writes the merged blobs and trees. The throwaway directory borrows every
    existing object as an alternate, so merging leaves the repository byte for byte as it
    was (no loose objects piling up).
    """
    objects = _text(
        git.run("rev-parse", "--path-format=absolute", "--git-path", "objects").stdout
    ).strip()
    import tempfile  # here: hooks import this module for `auto_merge` alone

    with tempfile.TemporaryDirectory(prefix="charter-forecast-") as directory:
        yield {
            **git.env,
            "GIT_OBJECT_DIRECTORY": directory,
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": objects,
        }


def merge_many(git: Git, env: Mapping[str, str], pairs: Sequence[tuple[str, str]]) -> list[Merge]:
    """Merge each (left, right) commit pair in one `git merge-tree --stdin` process."""
    query = "".join(f"{left} {right}\n" for left, right in pairs).encode()
    out = git.run(
        "merge-tree",
        "--write-tree",
        "--stdin",
        "-z",
        "--name-only",
        "--messages",
        stdin=query,
        env=env,
    ).stdout
    return _parse_merges(out, len(pairs), git.error)


def _parse_merges(out: bytes, count: int, error: type[GitError]) -> list[Merge]:
    """Parse `git merge-tree --stdin -z --name-only --messages` output.

    Per merge: `<status>NUL<tree>NUL`, the conflicted files (`<path>NUL` each), a NUL
    opening the messages, then messages as `<n>NUL<path>NUL...<type>NUL<text>NUL`, and a
    NUL closing the merge. Status 1 is clean, 0 conflicted, anything else an error.
    """
    tokens = [_text(token) for token in out.split(b"\0")]
    at = 0

    def take() -> str:
        nonlocal at
        if at >= len(tokens):
            raise error("truncated output from git merge-tree --stdin")
        at += 1
        return tokens[at - 1]

    merges: list[Merge] = []
    for _ in range(count):
        status = take()
        if status not in ("0", "1"):
            raise error(f"git merge-tree could not merge (status {status!r})")
        take()  # the merged tree: never looked at
        files: list[str] = []
        while (name := take()) != "":
            files.append(name)
        messages: list[MergeMessage] = []
        while (head := take()) != "":
            paths = tuple(take() for _ in range(int(head)))
            kind = take()
            messages.append(MergeMessage(paths, kind, take().rstrip("\n")))
        merges.append(Merge(status == "1", tuple(files), tuple(messages)))
    return merges
