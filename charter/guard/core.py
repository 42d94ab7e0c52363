"""The guard's judgement, one for every agent: which of these writes leave the lane?

Who is editing is pinned by the registered guard command (`--instance`, or the identity of
the worktree it was registered for), never taken from the payload. Where a write lands is
worked out from the filesystem: symlinks and `..` resolved, then the target is placed in
whichever worktree of the repository holds it (every worktree shares one common git dir),
and judged by its repository-relative path against the instance's lane. A target outside
every worktree is not charter's to judge; a path git ignores can never be committed, so it
is allowed too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charter.guard.shell import Write

if TYPE_CHECKING:
    from charter.check import Violation
    from charter.context import Context
    from charter.identity import Identity

PATH_MAX = 4096  # bytes: Linux refuses longer paths, so no tool can write one
REMOVING = ("delete", "move away")  # actions that only take a file away
HARD_LINK_SCAN_LIMIT = 20_000  # tracked files looked at to find a hard link's other names


class Verdict(NamedTuple):
    refusal: str | None  # the message for the agent when the call must not run
    warnings: list[str]


class Target(NamedTuple):
    worktree: Path  # the worktree holding the file
    path: str  # repository-relative, POSIX


def worktrees(common_dir: Path) -> list[Path]:
    """Every worktree of the repository, as real paths, read from the common git dir.

    `<common>/worktrees/*/gitdir` names each linked worktree's `.git` file; the main
    worktree is the common dir's parent (unless the repository is bare). No git process.
    """
    found: list[Path] = []
    if common_dir.name == ".git":
        found.append(Path(os.path.realpath(common_dir.parent)))
    try:
        entries = list(os.scandir(common_dir / "worktrees"))
    except OSError:
        entries = []
    for entry in entries:
        try:
            with open(os.path.join(entry.path, "gitdir"), encoding="utf-8") as f:
                gitfile = f.read().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if gitfile:
            found.append(Path(os.path.realpath(os.path.dirname(gitfile))))
    return found


def locate(real: str, roots: Iterable[Path]) -> Target | None:
    """The worktree holding the real path `real` (the deepest, for nested ones), if any."""
    best: Path | None = None
    for root in roots:
        text = os.fspath(root)
        if (real == text or real.startswith(text.rstrip("/") + "/")) and (
            best is None or len(text) > len(os.fspath(best))
        ):
            best = root
    if best is None:
        return None
    relative = os.path.relpath(real, best)
    return Target(best, "" if relative == "." else Path(relative).as_posix())


def _tracked_under(target: Target) -> list[str]:
    from charter.gitutil import git, split_z

    spec = target.path or "."
    return split_z(git("ls-files", "-z", "--", spec, cwd=target.worktree, check=False))


def _other_names(real: str, roots: list[Path]) -> list[Target]:
    """The other names of a hard-linked file among the worktrees' tracked files."""
    try:
        wanted = os.stat(real)
    except OSError:
        return []
    names: list[Target] = []
    looked = 0
    for root in roots:
        for path in _tracked_under(Target(root, "")):
            looked += 1
            if looked > HARD_LINK_SCAN_LIMIT:
                return names
            try:
                st = os.lstat(root / path)
            except OSError:
                continue
            if (st.st_ino, st.st_dev) == (wanted.st_ino, wanted.st_dev):
                names.append(Target(root, path))
    return names


def _ignored(targets: list[tuple[Target, Violation]]) -> set[tuple[Path, str]]:
    """Which targets git ignores (per worktree: each has its own .gitignore files)."""
    from charter.gitutil import git, split_z

    by_worktree: dict[Path, list[str]] = {}
    for target, _ in targets:
        by_worktree.setdefault(target.worktree, []).append(target.path)
    ignored: set[tuple[Path, str]] = set()
    for worktree, paths in by_worktree.items():
        out = git(
            "check-ignore", "-z", "--stdin",
            cwd=worktree, input="\0".join(paths).encode("utf-8", "surrogateescape") + b"\0",
            check=False,
        )  # fmt: skip
        ignored.update((worktree, path) for path in split_z(out))
    return ignored


class Judge:
    """The instance, its rules and the repository's worktrees, loaded once per call."""

    def __init__(self, ctx: Context, identity: Identity) -> None:
        self.ctx = ctx
        self.identity = identity
        self.roots = worktrees(ctx.git_common_dir) or [Path(os.path.realpath(ctx.root))]
        home = Path(os.path.realpath(ctx.root))
        if home not in self.roots:
            self.roots.append(home)
        self.home = home

    def targets(self, write: Write) -> list[Target]:
        """Where a write lands: every tracked file under a directory, every name of a
        hard-linked file; nothing for a path outside the repository's worktrees."""
        joined = os.path.join(write.cwd, os.path.expanduser(write.path))
        real = os.path.realpath(joined)
        target = locate(real, self.roots)
        if target is None or target.path == ".git" or target.path.startswith(".git/"):
            return []
        if write.action in REMOVING and not os.path.lexists(real):
            return []  # nothing there to delete
        if os.path.isdir(real):
            inside = _tracked_under(target)
            prefix = f"{target.path}/" if target.path else ""
            return [Target(target.worktree, path) for path in inside if path.startswith(prefix)]
        found = [target]
        try:
            links = os.stat(real).st_nlink
        except OSError:
            links = 1
        if links > 1:
            found += [t for t in _other_names(real, self.roots) if t != target]
        return found

    def judge(self, writes: Iterable[Write], warnings: list[str]) -> Verdict:
        from charter.check import Violation, allowed

        charter = self.ctx.charter
        resolve = self.ctx.ownership.resolve
        found: list[tuple[Target, Violation]] = []
        for write in writes:
            problem = _unusable(write)
            if problem is not None:
                refuse, message = problem
                if refuse:
                    return Verdict(message, warnings)
                warnings.append(message)
                continue
            for target in self.targets(write):
                resolution = resolve(target.path)
                kind = allowed(charter, self.identity, resolution)
                if kind is not None:
                    found.append((target, Violation(target.path, write.action, kind, resolution)))
        if found:
            ignored = _ignored(found)
            found = [(t, v) for t, v in found if (t.worktree, t.path) not in ignored]
        if not found:
            return Verdict(None, warnings)
        return Verdict(self.message(found), warnings)

    def message(self, found: list[tuple[Target, Violation]]) -> str:
        from charter.check import EDIT_ADVICE, format_violations

        unique = list(dict.fromkeys(v for _, v in found))
        actions = {v.status for v in unique}
        layer = actions.pop() if len(actions) == 1 else "change"
        text = format_violations(
            self.ctx.charter, self.identity, unique, layer=layer, undo=EDIT_ADVICE
        )
        elsewhere = sorted({os.fspath(t.worktree) for t, _ in found if t.worktree != self.home})
        if elsewhere:
            text += (
                f"\n(in the worktree at {', '.join(elsewhere)}: every worktree of this "
                "repository is judged by the same lanes)"
            )
        return text


def _unusable(write: Write) -> tuple[bool, str] | None:
    """A path no judgement can be made on: (refuse?, why), else None.

    A NUL byte is refused: no file has that name, and a tool that stops at the NUL would
    write a different file than the one judged. A path too long to exist is allowed with
    a warning: the write fails on its own.
    """
    if "\0" in write.path or "\0" in write.cwd:
        shown = write.path.replace("\0", "\\0")[:200]
        return True, (
            f"charter: refusing to {write.action} {shown!r}: the path holds a NUL byte, so no "
            "file has that name and a tool may cut it short at the NUL. Name the file without "
            "it (`charter owner PATH` tells who owns a path)"
        )
    if len(os.path.join(write.cwd, write.path).encode("utf-8", "surrogateescape")) > PATH_MAX:
        return False, (
            f"a path of more than {PATH_MAX} bytes cannot be written, so it was not judged "
            "(the commit hook judges whatever is committed)"
        )
    return None
