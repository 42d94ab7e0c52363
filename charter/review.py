"""Judging history: the index (commit), merges, and commit ranges (push, pull request).

A merge brings other instances' work; only what it adds *beyond* its parents is the
merging instance's own edit. We recompute the merge git would have made
(`git merge-tree --write-tree`, which touches no work tree or index) and judge the
difference between that and what is being committed. Conflicted paths the instance
resolved are marked "U"; the integration role may resolve those anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from charter.check import Violation, judge
from charter.context import Context
from charter.git import Change, git, parse_name_status, rev_parse, staged_changes
from charter.git.repo import EMPTY_TREE, ZERO_SHA
from charter.identity import ENV_VAR, Identity

if TYPE_CHECKING:
    from charter.push import PushRange


def merge_edits(root: Path, result_tree: str, parents: Sequence[str]) -> list[Change]:
    """What a merge's result adds beyond the automatic merge of its parents."""
    if len(parents) < 2:
        raise ValueError("merge_edits needs at least two parents")
    from charter.git.merge import auto_merge  # here: a commit without a merge never needs it

    base = auto_merge(root, parents[0], parents[1])
    conflicted = set(base.conflicted)
    tree = base.tree
    for extra in parents[2:]:
        # Octopus merges: fold in each further parent; be strict about what differs.
        tree_commit = (
            git("commit-tree", tree, "-p", parents[0], "-m", "charter octopus probe", cwd=root)
            .decode()
            .strip()
        )
        step = auto_merge(root, tree_commit, extra)
        tree = step.tree
        conflicted |= step.conflicted
    changes = parse_name_status(
        git("diff-tree", "-r", "-z", "--name-status", "--no-renames", tree, result_tree, cwd=root)
    )
    taken = _resolved_as_one_side(root, result_tree, parents, conflicted)
    return [
        Change("U", c.path) if c.path in conflicted else c for c in changes if c.path not in taken
    ]


def _resolved_as_one_side(
    root: Path, result_tree: str, parents: Sequence[str], conflicted: set[str]
) -> set[str]:
    """Conflicted paths whose resolution is exactly one parent's version (content and
    mode, or absence): taking a side adds nothing of the committer's own, so it is no
    edit of theirs (`git checkout MERGE_HEAD -- PATH`, `--ours`, `--theirs`)."""
    if not conflicted:
        return set()
    paths = sorted(conflicted)
    result, *sides = (_entries(root, tree, paths) for tree in (result_tree, *parents))
    return {path for path in paths if any(result.get(path) == side.get(path) for side in sides)}


def _entries(root: Path, tree: str, paths: Sequence[str]) -> dict[str, str]:
    """path -> "mode oid" in `tree`, for those of `paths` it has."""
    from charter.git import split_z

    out = git(
        "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", tree, "--", *paths, cwd=root
    )
    entries = {}
    for record in split_z(out):
        meta, _, path = record.partition("\t")
        mode, _, oid = meta.split(" ")
        entries[path] = f"{mode} {oid}"
    return entries


def commit_changes(root: Path, commit: str) -> list[Change]:
    """The edits a commit makes: against its parent, or beyond its parents for a merge."""
    fields = git("rev-list", "--parents", "-n", "1", commit, cwd=root).decode().split()
    parents = fields[1:]
    if len(parents) >= 2:
        tree = git("rev-parse", f"{commit}^{{tree}}", cwd=root).decode().strip()
        return merge_edits(root, tree, parents)
    parent = parents[0] if parents else EMPTY_TREE
    return parse_name_status(
        git("diff-tree", "-r", "-z", "--name-status", "-M", parent, commit, cwd=root)
    )


def _merge_heads(git_dir: Path, root: Path) -> list[str]:
    """The commits being merged into HEAD, if a merge is being concluded or made.

    While `git commit` concludes a merge, MERGE_HEAD names them. The pre-merge-commit
    hook runs before git writes MERGE_HEAD, so there we take them from the reflog
    action git exports ("merge <commit>...", or "pull" with FETCH_HEAD).
    """
    try:
        return (git_dir / "MERGE_HEAD").read_text().split()
    except OSError:
        pass
    action = os.environ.get("GIT_REFLOG_ACTION", "").split()
    if not action:
        return []
    if action[0] == "merge":
        names = [w for w in action[1:] if not w.startswith("-")]
    elif action[0] == "pull":
        try:
            lines = (git_dir / "FETCH_HEAD").read_text().splitlines()
        except OSError:
            return []
        names = [line.split("\t")[0] for line in lines if "\tnot-for-merge\t" not in line]
    else:
        return []
    commits = [rev_parse(name, cwd=root) for name in names]
    return [c for c in commits if c is not None] if all(commits) and commits else []


def index_changes(ctx: Context) -> list[Change]:
    """What the next commit records as the committer's own edits (merges handled)."""
    root = ctx.root
    merge_heads = _merge_heads(ctx.repo.git_dir, root)
    if merge_heads:
        head = rev_parse("HEAD", cwd=root)
        if head is not None:
            tree = git("write-tree", cwd=root).decode().strip()
            return merge_edits(root, tree, [head, *merge_heads])
    return staged_changes(root)


def judge_edits(
    ctx: Context,
    identity: Identity,
    changes: Sequence[Change],
    commit: str | None = None,
    when: float | None = None,
) -> list[Violation]:
    """`judge`, with the integration role's licence to resolve conflicts anywhere, and the
    grants in force at `when` (the commit's committer date; now for the commit being made)."""
    instance = ctx.charter.instances.get(identity.name)
    if instance is not None and instance.role == "integration":
        changes = [c for c in changes if c.status != "U"]
    if when is None:
        import time

        when = time.time()
    return judge(
        ctx.charter, ctx.ownership, identity, changes, commit=commit, grants=ctx.grants, when=when
    )


def committer_times(root: Path, commits: Sequence[str]) -> dict[str, float]:
    """Each commit's committer date (seconds since the epoch): a grant's clock."""
    if not commits:
        return {}
    out = git("log", "--no-walk=unsorted", "--format=%H %ct", *commits, cwd=root).decode()
    return {sha: float(t) for sha, t in (line.split() for line in out.splitlines() if line)}


def judge_index(ctx: Context, identity: Identity) -> list[Violation]:
    return judge_edits(ctx, identity, index_changes(ctx))


def default_branch_refs(ctx: Context) -> list[str]:
    """Refs of the default branch (local and remote-tracking) that exist here."""
    from charter.git.refs import default_branch_names, read_refs, refs_named

    names = default_branch_names(ctx.charter.default_branch, ctx.charter.coordinator_branches)
    return refs_named(read_refs(ctx.root), names)


def own_commits(
    ctx: Context,
    start: str | None,
    end: str,
    exclude: Sequence[str] = (),
    *,
    exclude_remote: str | None = None,
) -> list[str]:
    """Commits the instance made in start..end: the first-parent chain, oldest first.

    Commits that came in through a merge (second parents) are their branch's, not the
    instance's; commits already on the default branch were accepted there.
    """
    args = ["rev-list", "--first-parent", "--reverse", end]
    if start and start != ZERO_SHA:
        args.append(f"^{start}")
    args += [f"^{ref}" for ref in exclude]
    if exclude_remote:
        # A new branch: what the remote already has is not part of this push.
        args += ["--not", f"--remotes={exclude_remote}"]
    return git(*args, cwd=ctx.root).decode().split()


def judge_range(
    ctx: Context, identity: Identity, start: str | None, end: str, *, exclude_default: bool = True
) -> list[Violation]:
    """Judge every own commit in start..end like a commit (merges beyond their parents)."""
    exclude: list[str] = []
    if exclude_default:
        tip = rev_parse(end, cwd=ctx.root)
        exclude = [r for r in default_branch_refs(ctx) if rev_parse(r, cwd=ctx.root) != tip]
    violations: list[Violation] = []
    commits = own_commits(ctx, start, end, exclude)
    times = committer_times(ctx.root, commits)
    for commit in commits:
        violations += judge_edits(
            ctx, identity, commit_changes(ctx.root, commit), commit, times.get(commit)
        )
    return violations


def _push_identity(ctx: Context, push: PushRange) -> Identity:
    """Whose commits are being pushed: the pushed branch's instance, else this worktree's."""
    local = push.local_ref.removeprefix("refs/heads/")
    instance = ctx.charter.instance_for_branch(local) if local else None
    if instance is not None and not ctx.env.get(ENV_VAR):
        return Identity(instance.name, f"pushed branch {local!r}", local)
    return ctx.identity


def _bypass_reason(ctx: Context, commit: str) -> str | None:
    """The commit's Charter-Bypass trailer, if it was let through the commit hooks."""
    from charter.bypass import BYPASS_TRAILER

    out = git(
        "log", "-1", f"--format=%(trailers:key={BYPASS_TRAILER},valueonly)", commit, cwd=ctx.root
    )
    return out.decode("utf-8", "replace").strip() or None


def judge_push(
    ctx: Context, push: PushRange
) -> tuple[Identity, list[Violation], list[tuple[str, str]]]:
    """Judge every own commit of a pushed ref like a commit: (whose they are, what is
    refused, the (commit, reason) pairs let through by a Charter-Bypass trailer, which the
    pull-request check reports)."""
    identity = _push_identity(ctx, push)
    if identity.is_coordinator or not push.tip:
        return identity, [], []
    exclude = default_branch_refs(ctx)
    violations: list[Violation] = []
    bypassed: list[tuple[str, str]] = []
    commits = own_commits(
        ctx, push.remote_sha, push.tip, exclude, exclude_remote=push.exclude_remote
    )
    times = committer_times(ctx.root, commits)
    for commit in commits:
        reason = _bypass_reason(ctx, commit)
        if reason is not None:
            bypassed.append((commit, reason))
            continue
        violations += judge_edits(
            ctx, identity, commit_changes(ctx.root, commit), commit, times.get(commit)
        )
    return identity, violations, bypassed
