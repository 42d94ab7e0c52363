"""Who is committing: an instance, or the human coordinator.

In order: `CHARTER_INSTANCE`; the worktree-scoped git config `charter.instance`; the
branch (the one checked out, or the one being rebased) matching an instance's
`branch`; the coordinator on a `coordinator_branches` branch. The first two may also
name `coordinator`, for the coordinator's work off its listed branches (a `hotfix`
branch). Anything else is refused with a message that says how to set the identity.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from charter.config import COORDINATOR, Charter
from charter.errors import IdentityError
from charter.git import config_get, current_branch
from charter.git.repo import git_dir as find_git_dir

ENV_VAR = "CHARTER_INSTANCE"
GIT_KEY = "charter.instance"


class Identity(NamedTuple):
    name: str  # an instance name or COORDINATOR
    source: str  # how it was found, for `charter whoami` and messages
    branch: str | None

    @property
    def is_coordinator(self) -> bool:
        return self.name == COORDINATOR

    @property
    def declared(self) -> bool:
        """Set by `CHARTER_INSTANCE` or the worktree's git config, not read off a branch."""
        return self.source.startswith(("$", "git config"))


def _worktree_config(root: Path) -> str | None:
    return config_get(GIT_KEY, root, scope=("--worktree",)) or None


def _rebasing_branch(root: Path, git_dir: Path | None) -> str | None:
    """The branch a rebase in progress will update (HEAD is detached meanwhile)."""
    if git_dir is None:
        git_dir = find_git_dir(root)
        if git_dir is None:
            return None
    for state in ("rebase-merge", "rebase-apply"):
        try:
            ref = (git_dir / state / "head-name").read_text().strip()
        except OSError:
            continue
        return ref.removeprefix("refs/heads/")
    return None


def _unknown(name: str, source: str, charter: Charter, root: Path) -> IdentityError:
    from charter.staleness import behind_default_branch

    known = ", ".join(sorted(charter.instances)) or "none yet"
    behind = behind_default_branch(root, charter)
    if behind is not None and behind.charter is not None and name in behind.charter.instances:
        return IdentityError(
            f"{source} names {name!r}, which this worktree's charter.yaml does not have yet "
            f"but {behind.branch!r}'s does: {behind.advice()}"
        )
    return IdentityError(
        f"{source} names {name!r}, which is not an instance in charter.yaml (known: {known}); "
        f"fix it, or ask the coordinator to add the instance (`charter instance add {name} "
        "--owns PATTERN`)"
    )


_UNKNOWN = "\0unknown"


def resolve(
    root: Path,
    charter: Charter,
    env: Mapping[str, str] | None = None,
    *,
    branch: str | None = _UNKNOWN,
    git_dir: Path | None = None,
) -> Identity:
    """Resolve the identity for the work tree at `root`.

    Callers that already know the branch (None for a detached HEAD) and the worktree's
    git dir pass them, saving git calls on the hooks' hot path.
    """
    env = os.environ if env is None else env
    if branch == _UNKNOWN:
        branch = current_branch(root)
    from_env = env.get(ENV_VAR, "").strip()
    if from_env == COORDINATOR:  # declared like any instance: off the coordinator branches too
        return Identity(COORDINATOR, f"${ENV_VAR}", branch)
    if from_env:
        if from_env not in charter.instances:
            raise _unknown(from_env, f"${ENV_VAR}", charter, root)
        return Identity(from_env, f"${ENV_VAR}", branch)
    configured = _worktree_config(root)
    if configured == COORDINATOR:
        return Identity(COORDINATOR, f"git config {GIT_KEY} (worktree {root})", branch)
    if configured:
        if configured not in charter.instances:
            raise _unknown(configured, f"git config {GIT_KEY} (worktree {root})", charter, root)
        return Identity(configured, f"git config {GIT_KEY} (worktree {root})", branch)
    effective = branch or _rebasing_branch(root, git_dir)
    if effective is not None:
        instance = charter.instance_for_branch(effective)
        if instance is not None:
            return Identity(instance.name, f"branch {effective!r}", effective)
        if effective in charter.coordinator_branches:
            return Identity(COORDINATOR, f"coordinator branch {effective!r}", effective)
    where = f"branch {effective!r}" if effective else "a detached HEAD"
    raise IdentityError(
        f"cannot tell which instance is working here ({where}, no ${ENV_VAR}, no git config "
        f"{GIT_KEY}); set it with `git config extensions.worktreeConfig true && git config "
        f"--worktree {GIT_KEY} NAME`, export {ENV_VAR}=NAME, or check out the instance's branch "
        f"(coordinator branches: {', '.join(charter.coordinator_branches)}; the coordinator "
        f"elsewhere: {ENV_VAR}={COORDINATOR})"
    )


def set_worktree_identity(root: Path, name: str) -> None:
    """Record `name` as this worktree's instance (enabling per-worktree config first)."""
    from charter.git import git

    git("config", "extensions.worktreeConfig", "true", cwd=root)
    git("config", "--worktree", GIT_KEY, name, cwd=root)
