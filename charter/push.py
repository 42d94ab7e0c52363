"""What is being pushed, read once at a hook's entry and passed down as a value.

The pre-commit framework runs pre-push hooks with `PRE_COMMIT_*` variables
(`PushRange.from_environ`); git's own pre-push hook gets the remote as arguments and one
line per ref on stdin (`PushRange.from_git_hook`, what the plain-git shims use). Nothing
below the entry reads the environment for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from charter.git.repo import ZERO_SHA


class PushRange(NamedTuple):
    """One pushed ref: the commits in remote_sha..local_sha (all not yet on the remote
    when `remote_sha` is None)."""

    local_ref: str  # 'refs/heads/x'; may be '' when only a commit is known
    local_sha: str  # what is pushed; '' when only the ref is known
    remote_ref: str
    remote_sha: str | None  # None: the remote has no such branch yet
    remote_name: str

    @property
    def deletes(self) -> bool:
        """The push deletes the remote branch (`git push origin :branch`)."""
        return self.local_sha == ZERO_SHA

    @property
    def tip(self) -> str:
        """The pushed commit, as a revision git resolves ('' for a deletion)."""
        if self.deletes:
            return ""
        return self.local_sha or self.local_ref

    @property
    def exclude_remote(self) -> str | None:
        """For a branch new on the remote: the remote whose branches are already there."""
        if self.remote_sha is not None:
            return None
        return self.remote_name or None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> PushRange | None:
        """The range pre-commit describes in `PRE_COMMIT_*`; None when the hook is not
        running for a push (pre-commit sets the remote, or the pushed commit, only then)."""
        if not (environ.get("PRE_COMMIT_REMOTE_NAME") or environ.get("PRE_COMMIT_TO_REF")):
            return None
        return cls.read_environ(environ)

    @classmethod
    def read_environ(cls, environ: Mapping[str, str]) -> PushRange:
        """`PRE_COMMIT_*` as a range, whatever is (not) set: for a hook told it is a push.

        pre-commit leaves out `PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF` when the
        pushed branch shares no commit with the remote; the local branch names the tip."""
        remote_sha = environ.get("PRE_COMMIT_FROM_REF") or None
        return cls(
            environ.get("PRE_COMMIT_LOCAL_BRANCH", ""),
            environ.get("PRE_COMMIT_TO_REF", ""),
            environ.get("PRE_COMMIT_REMOTE_BRANCH", ""),
            None if remote_sha == ZERO_SHA else remote_sha,
            environ.get("PRE_COMMIT_REMOTE_NAME", ""),
        )

    @classmethod
    def from_git_hook(cls, remote_name: str, stdin: str) -> Iterator[PushRange]:
        """git's pre-push protocol: `<local ref> <local sha> <remote ref> <remote sha>`
        per line. A deletion (a zero local sha) pushes no commit but is still a write to
        the remote branch, so it is passed on: whose branch it is matters."""
        for line in stdin.splitlines():
            parts = line.split()
            if len(parts) != 4:
                continue
            local_ref, local_sha, remote_ref, remote_sha = parts
            yield cls(
                local_ref,
                local_sha,
                remote_ref,
                None if remote_sha == ZERO_SHA else remote_sha,
                remote_name,
            )
