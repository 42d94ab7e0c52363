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
from typing import TYPE_CHECKING, NamedTuple

from charter.check import Violation, judge
from charter.context import Context
from charter.git import Change, git, parse_name_status, rev_parse, staged_changes
from charter.git.repo import EMPTY_TREE, ZERO_SHA
from charter.identity import Identity

if TYPE_CHECKING:
    from charter.branch_judgement import Verdict
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
    """Refs of the default branch (local and remote-tracking) that exist here: for
    questions of progress (scratchpad lag, contract drift). Ownership is never measured
    against these; see `charter.branch_judgement.default_base`."""
    from charter.git.refs import default_branch_names, read_refs, refs_named

    names = default_branch_names(ctx.charter.default_branch, ctx.charter.coordinator_branches)
    return refs_named(read_refs(ctx.root), names)


def judge_range(
    ctx: Context, identity: Identity, start: str | None, end: str, *, remote: str = "origin"
) -> Verdict:
    """`charter check --range start..end`: the push hook's rule (`judge_history`) for
    any range, measured against the default branch on `remote`."""
    from charter.branch_judgement import default_base, judge_history

    since = rev_parse(start, cwd=ctx.root) if start and start != ZERO_SHA else None
    if start and start != ZERO_SHA and since is None:
        from charter.errors import CharterError

        raise CharterError(f"{start!r} is not a commit here; give --range A..B with commits")
    # Without a remote copy (a repository never pushed), the local default branch.
    base = default_base(ctx, remote) or rev_parse(
        f"refs/heads/{ctx.charter.default_branch_name}", cwd=ctx.root
    )
    return judge_history(ctx, identity, end, base=base, since=since, remote=remote)


class PushVerdict(NamedTuple):
    identity: Identity  # whose push it is
    destination: str | None  # why the remote branch is not this instance's to write
    verdict: Verdict | None  # None: nothing judged (the coordinator, a deletion)
    new: frozenset[str] | None  # what this push sends, when the remote has some of it


def push_identity(ctx: Context, push: PushRange) -> Identity:
    """Who is pushing: this worktree's instance (`CHARTER_INSTANCE`, its git config, its
    branch) or the coordinator declared so; from a coordinator branch's checkout, the
    instance whose branch is pushed."""
    from charter.errors import IdentityError

    try:
        own: Identity | None = ctx.identity
    except IdentityError:
        own = None
    if own is not None and (not own.is_coordinator or own.declared):
        return own  # an instance, or the coordinator declared (not just on its branch)
    local = push.local_ref.removeprefix("refs/heads/")
    instance = ctx.charter.instance_for_branch(local) if local else None
    if instance is not None:
        return Identity(instance.name, f"pushed branch {local!r}", local)
    return own if own is not None else ctx.identity  # the latter raises, saying how to fix


def destination_problem(ctx: Context, identity: Identity, push: PushRange) -> str | None:
    """Why `identity` may not write the pushed remote branch, or None.

    An instance writes its own branch, or a new branch named after it
    (`instance/auth-spike` for `instance/auth`); never another instance's branch or a
    coordinator branch, whether pushing, force-pushing or deleting. Tags are not lanes."""
    if identity.is_coordinator or not push.remote_ref.startswith("refs/heads/"):
        return None
    branch = push.remote_ref.removeprefix("refs/heads/")
    own = ctx.charter.instances[identity.name].branch
    if branch == own or branch.startswith(own + "-"):
        return None
    other = ctx.charter.instance_for_branch(branch)
    if other is not None:
        whose = f"the branch of instance {other.name}"
    elif branch in ctx.charter.coordinator_branches:
        whose = "a coordinator branch"
    else:
        whose = "not a branch of yours"
    action = "delete" if push.deletes else "push to"
    return (
        f"{identity.name} may not {action} {branch!r} ({whose}). What you can do instead: "
        f"push your work to {own!r} (`git push {push.remote_name or 'origin'} HEAD:{own}`) "
        f"or to a new branch {own}-NAME, and open the pull request from there; ask "
        f"{other.name if other else 'the coordinator'} through your scratchpad's needs "
        "for a change on their branch"
    )


def _default_rules(ctx: Context, base: str | None, identity: Identity) -> Context:
    """The context whose rules judge a push: those of the remote's default branch, as the
    pull request will use (the pushed commits may have edited charter.yaml), unless the
    instance is not there yet or the default branch has no charter.yaml."""
    if base is None:
        return ctx
    from charter.context import load_context
    from charter.errors import MissingConfig

    try:
        rules = load_context(ctx.root, rules_from=base)
    except MissingConfig:
        return ctx
    return rules if identity.name in rules.charter.instances else ctx


def judge_push(ctx: Context, push: PushRange) -> PushVerdict:
    """Judge one pushed ref: the destination, then the pushed history (`judge_history`
    against the configured default branch on the push's remote, with its rules)."""
    from charter.branch_judgement import default_base, judge_history

    identity = push_identity(ctx, push)
    if identity.is_coordinator:
        return PushVerdict(identity, None, None, None)
    remote = push.remote_name or "origin"
    base = default_base(ctx, remote)
    ctx = _default_rules(ctx, base, identity)
    destination = destination_problem(ctx, identity, push)
    if push.deletes or not push.tip:
        return PushVerdict(identity, destination, None, None)
    tip = rev_parse(push.tip, cwd=ctx.root) or push.tip
    since = (
        push.remote_sha if push.remote_sha and rev_parse(push.remote_sha, cwd=ctx.root) else None
    )
    verdict = judge_history(ctx, identity, tip, base=base, since=since, remote=remote)
    new = None
    if since is not None:
        new = frozenset(git("rev-list", tip, f"^{since}", cwd=ctx.root).decode().split())
    return PushVerdict(identity, destination, verdict, new)
