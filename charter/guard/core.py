"""The guard's judgement, one for every agent: which of these writes leave the lane?

Who is editing is pinned by the registered guard command (`--instance`, or the identity of
the worktree it was registered for), never taken from the payload. Where a write lands is
worked out from the filesystem: symlinks and `..` resolved, then the target is placed in
whichever worktree of the repository holds it (every worktree shares one common git dir),
and judged by its repository-relative path against the instance's lane. A target outside
every worktree is not charter's to judge; a path git ignores can never be committed, so it
is allowed too.

Speed: the guard runs on every edit, so the steady state runs no git process and imports
no more than the map needs. The rules are charter.yaml as committed at the worktree's HEAD
(an uncommitted edit cannot widen a lane): the worktree's git dir keeps the HEAD commit and
that commit's charter.yaml blob id, HEAD is read from the ref files, and the validated map
comes from the blob-keyed cache the hooks already use. Anything unusual (a reftable, a
missing file, a new commit) takes the slow path through `git rev-parse`, which refreshes
the record.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from charter.guard.write import Write, printable

if TYPE_CHECKING:
    from charter.check import Violation
    from charter.config import Charter
    from charter.grants import GrantBook
    from charter.identity import Identity

PATH_MAX = 4096  # bytes: Linux refuses longer paths, so no tool can write one
REMOVING = ("delete", "move away")  # actions that only take a file away
HARD_LINK_SCAN_LIMIT = 20_000  # tracked files looked at to find a hard link's other names


class Verdict(NamedTuple):
    refusal: str | None  # the message for the agent when the call must not run
    warnings: list[str]


class Target(NamedTuple):
    worktree: str  # the worktree holding the file (a real path)
    path: str  # repository-relative, POSIX


def worktrees(common_dir: str) -> list[str]:
    """Every worktree of the repository, as real paths, read from the common git dir.

    `<common>/worktrees/*/gitdir` names each linked worktree's `.git` file; the main
    worktree is the common dir's parent (unless the repository is bare). No git process.
    """
    found: list[str] = []
    common_dir = common_dir.rstrip("/")
    if os.path.basename(common_dir) == ".git":
        found.append(os.path.realpath(os.path.dirname(common_dir)))
    try:
        entries = list(os.scandir(os.path.join(common_dir, "worktrees")))
    except OSError:
        entries = []
    for entry in entries:
        try:
            with open(os.path.join(entry.path, "gitdir"), encoding="utf-8") as f:
                gitfile = f.read().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if gitfile:
            found.append(os.path.realpath(os.path.dirname(gitfile)))
    return found


def locate(real: str, roots: Iterable[str]) -> Target | None:
    """The worktree holding the real path `real` (the deepest, for nested ones), if any."""
    best: str | None = None
    for root in roots:
        if (real == root or real.startswith(root.rstrip("/") + "/")) and (
            best is None or len(root) > len(best)
        ):
            best = root
    if best is None:
        return None
    relative = os.path.relpath(real, best)
    return Target(best, "" if relative == "." else relative.replace(os.sep, "/"))


def _tracked_under(target: Target) -> list[str]:
    from charter.git import git, split_z

    spec = target.path or "."
    return split_z(git("ls-files", "-z", "--", spec, cwd=target.worktree, check=False))


def _other_names(real: str, roots: list[str]) -> list[Target]:
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
                st = os.lstat(os.path.join(root, path))
            except OSError:
                continue
            if (st.st_ino, st.st_dev) == (wanted.st_ino, wanted.st_dev):
                names.append(Target(root, path))
    return names


def _ignored(targets: list[tuple[Target, Violation]]) -> set[tuple[str, str]]:
    """Which targets git ignores (per worktree: each has its own .gitignore files)."""
    from charter.git import git, split_z

    by_worktree: dict[str, list[str]] = {}
    for target, _ in targets:
        by_worktree.setdefault(target.worktree, []).append(target.path)
    ignored: set[tuple[str, str]] = set()
    for worktree, paths in by_worktree.items():
        out = git(
            "check-ignore", "-z", "--stdin",
            cwd=worktree, input="\0".join(paths).encode("utf-8", "surrogateescape") + b"\0",
            check=False,
        )  # fmt: skip
        ignored.update((worktree, path) for path in split_z(out))
    return ignored


class Rules(NamedTuple):
    charter: Charter
    common_dir: str
    root: str  # the worktree the guard was registered for (real path)


RULES_RECORD = "charter-guard-rules"  # in the worktree's git dir: "<HEAD commit> <blob>\n"


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def git_dirs(root: str) -> tuple[str, str] | None:
    """(this worktree's git dir, the common dir), read from `<root>/.git`; None if unusual."""
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git, dot_git
    text = _read(dot_git)
    if text is None or not text.startswith("gitdir: "):
        return None
    git_dir = os.path.join(root, text[8:].strip())
    common = _read(os.path.join(git_dir, "commondir"))
    return git_dir, os.path.normpath(os.path.join(git_dir, common.strip())) if common else git_dir


def head_commit(git_dir: str, common_dir: str) -> str | None:
    """HEAD's commit id from the ref files (loose, then packed), or None if unusual."""
    head = _read(os.path.join(git_dir, "HEAD"))
    if head is None or os.path.exists(os.path.join(common_dir, "reftable")):
        return None
    head = head.strip()
    if not head.startswith("ref: "):
        return head if len(head) in (40, 64) else None
    ref = head[5:]
    loose = _read(os.path.join(common_dir, ref))
    if loose is not None:
        loose = loose.strip()
        return loose if len(loose) in (40, 64) else None
    for line in (_read(os.path.join(common_dir, "packed-refs")) or "").splitlines():
        commit, _, name = line.partition(" ")
        if name == ref:
            return commit
    return None


def load_rules(root: str) -> Rules:
    """The instance's rules: charter.yaml at the worktree's HEAD, validated (cached)."""
    from charter.config import load_cached

    dirs = git_dirs(root)
    commit = head_commit(*dirs) if dirs else None
    if dirs is not None and commit is not None:
        record = (_read(os.path.join(dirs[0], RULES_RECORD)) or "").split()
        if len(record) == 2 and record[0] == commit:
            charter = load_cached(os.path.join(dirs[1], "charter"), record[1])
            if charter is not None:
                return Rules(charter, dirs[1], os.path.realpath(root))
    from charter.context import load_context

    ctx = load_context(root, rules_from="HEAD")
    blob = ctx.repo.config_blob
    if dirs is not None and commit is not None and blob is not None:
        import contextlib

        from charter.atomic import write_text

        with contextlib.suppress(OSError):  # only speed is lost
            write_text(os.path.join(dirs[0], RULES_RECORD), f"{commit} {blob}\n")
    return Rules(ctx.charter, os.fspath(ctx.git_common_dir), os.path.realpath(ctx.root))


class Judge:
    """The instance, its rules and the repository's worktrees, loaded once per call."""

    def __init__(self, rules: Rules, instance: str) -> None:
        from charter.ownership import SHARED, Ownership

        self.fine = (instance, SHARED)  # owners whose paths the instance may change
        self.charter = rules.charter
        self.resolve = Ownership(rules.charter).resolve
        self.instance = instance
        self.roots = worktrees(rules.common_dir)
        self.home = rules.root
        if self.home not in self.roots:
            self.roots.append(self.home)
        # Grants are read with git (charter.grants), so only when they can matter: a
        # foreign path (is it lent to us?), or our own path once we have lent some (the
        # grant file in this worktree: a grant the coordinator made for us elsewhere is
        # met by the commit hook, which reads the branches).
        self._grants: GrantBook | None = None
        from charter.config import grants_path

        self.lends = os.path.exists(os.path.join(self.home, grants_path(instance)))
        self.grants_usable = True

    @property
    def grants(self) -> GrantBook:
        if self._grants is None:
            from charter.grants import local_book

            self._grants = local_book(self.charter, self.home)
        return self._grants

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
            if write.action.startswith("create"):
                return []  # mkdir -p, touch of a directory that is there: nothing written
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
        fine = self.fine
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
                resolution = self.resolve(target.path)
                if resolution.owner in fine and not (
                    self.lends and resolution.owner == self.instance
                ):
                    continue  # the common case, decided without the rule engine's imports
                from charter.check import FOREIGN, Violation, allowed, with_grants

                kind = allowed(self.charter, self.identity, resolution)
                grant = None
                if kind in (None, FOREIGN) and self.grants_usable:
                    import time

                    from charter.errors import CharterError

                    try:
                        kind, grant = with_grants(
                            self.grants, self.instance, resolution, kind, time.time()
                        )
                    except CharterError as e:  # a broken grant file: judge by the lanes
                        self.grants_usable = False
                        warnings.append(
                            f"grants not read ({str(e).splitlines()[0]}); the commit hook "
                            "judges them"
                        )
                if kind is not None:
                    violation = Violation(target.path, write.action, kind, resolution, grant=grant)
                    found.append((target, violation))
        if found:
            ignored = _ignored(found)
            found = [(t, v) for t, v in found if (t.worktree, t.path) not in ignored]
        if not found:
            return Verdict(None, warnings)
        return Verdict(self.message(found), warnings)

    @property
    def identity(self) -> Identity:
        from charter.identity import Identity

        return Identity(self.instance, "the instance this guard was registered for", None)

    def message(self, found: list[tuple[Target, Violation]]) -> str:
        from charter.check import EDIT_ADVICE, format_violations

        unique = [v._replace(path=printable(v.path)) for v in dict.fromkeys(v for _, v in found)]
        # The header's verb ("may not append 1 path(s)"); each line names the whole action.
        verbs = {v.status.split()[0] for v in unique}
        layer = verbs.pop() if len(verbs) == 1 else "change"
        text = format_violations(self.charter, self.identity, unique, layer=layer, undo=EDIT_ADVICE)
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
        shown = printable(write.path)[:200]
        return True, (
            f"charter: refusing to {write.action} '{shown}': the path holds a NUL byte, so no "
            "file has that name and a tool may cut it short at the NUL. Name the file without "
            "it (`charter owner PATH` tells who owns a path)"
        )
    if len(os.path.join(write.cwd, write.path).encode("utf-8", "surrogateescape")) > PATH_MAX:
        return False, (
            f"a path of more than {PATH_MAX} bytes cannot be written, so it was not judged "
            "(the commit hook judges whatever is committed)"
        )
    return None
