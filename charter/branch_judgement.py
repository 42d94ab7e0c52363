"""Judging a branch's history against the default branch: one rule for the push hook,
`charter check --range` and the pull-request check.

Two questions, both asked every time:

* **The net change.** What would merging the branch bring to the default branch? That
  is `git diff merge-base(default, tip)..tip`, and every path in it must be in the
  instance's lane (or shared), whatever route it came by: an own commit, a merge's
  second parent made with `--no-verify` or `git commit-tree`, a branch parked under any
  ref name. Only the configured default branch's commit moves the merge-base.
* **Who did it.** Each own commit (the first-parent chain) is judged like a commit, so a
  path changed and later reverted is still named; a path the net change refuses is
  attributed to the oldest commit that introduced it (merges by what they add beyond
  their parents), and when that commit sits on another instance's branch that has not
  landed yet, the verdict says so: land that branch first, the merge-base then moves and
  the check passes by itself. (The integration role may carry another instance's own
  paths from that instance's branch: integrating is its job; that instance's own pull
  request judges them.)
* **Under whose identity.** An own commit whose `Charter-Instance` trailer names another
  instance, and that is not on that instance's branch, was made under the wrong identity.

A commit with a `Charter-Bypass` trailer keeps its violations, grouped as a bypass: the
push hook lets them through and reports them, the pull-request check fails them unless
a coordinator approved the pull request at its head.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from charter.bypass import BYPASS_TRAILER, INSTANCE_TRAILER
from charter.check import Violation
from charter.git import diff_changes, git, git_maybe
from charter.git.repo import EMPTY_TREE

if TYPE_CHECKING:
    from charter.context import Context
    from charter.identity import Identity


class Bypass(NamedTuple):
    """A commit let through the local hooks by a `Charter-Bypass` trailer."""

    commit: str
    reason: str
    violations: tuple[Violation, ...]


class Carried(NamedTuple):
    """A refused commit that came from another instance's branch not yet on the default
    branch (the other instance's work, merged early)."""

    commit: str
    instance: str
    branch: str


class Verdict(NamedTuple):
    violations: list[Violation]  # refused (bypassed commits' violations are not here)
    bypasses: list[Bypass]
    carried: list[Carried]
    foreign_identities: list[tuple[str, str]]  # (own commit, other instance its trailer names)
    own: list[str]  # the first-parent commits judged one by one, oldest first


def merge_base(ctx: Context, first: str, second: str) -> str | None:
    out = git_maybe("merge-base", first, second, cwd=ctx.root)
    return (out.decode().strip() or None) if out is not None else None


def _rev_list(ctx: Context, *args: str) -> list[str]:
    return git("rev-list", "--reverse", *args, cwd=ctx.root).decode().split()


class _Trailers(NamedTuple):
    bypass: str  # the reason, '' when none
    instances: frozenset[str]  # every Charter-Instance named (a typed one may add more)


def trailers(ctx: Context, commits: Iterable[str]) -> dict[str, _Trailers]:
    """The charter trailers of each commit, in one `git log`."""
    wanted = list(dict.fromkeys(commits))
    if not wanted:
        return {}
    fmt = (
        f"%H%x00%(trailers:key={BYPASS_TRAILER},valueonly,separator=%x20)%x00"
        f"%(trailers:key={INSTANCE_TRAILER},valueonly,separator=%x20)%x00"
    )
    out = git(
        "log",
        "--no-walk=unsorted",
        "--stdin",
        f"--format={fmt}",
        cwd=ctx.root,
        input="".join(f"{c}\n" for c in wanted).encode(),
    ).decode("utf-8", "replace")
    fields = out.replace("\n", "").split("\0")
    return {
        commit: _Trailers(" ".join(bypass.split()), frozenset(instance.split()))
        for commit, bypass, instance in zip(fields[0::3], fields[1::3], fields[2::3], strict=False)
        if commit
    }


def _containing(ctx: Context, identity: Identity, commit: str, remote: str) -> list[Carried]:
    """The other instances whose branch (here or on `remote`) holds `commit`."""
    out = git(
        "for-each-ref",
        "--format=%(refname)",
        "--contains",
        commit,
        "refs/heads",
        f"refs/remotes/{remote}",
        cwd=ctx.root,
    ).decode("utf-8", "surrogateescape")
    from charter.git.refs import short_branch_name

    found: dict[str, Carried] = {}
    for ref in out.splitlines():
        instance = ctx.charter.instance_for_branch(short_branch_name(ref))
        if instance is not None and instance.name != identity.name:
            found.setdefault(instance.name, Carried(commit, instance.name, instance.branch))
    return list(found.values())


def judge_history(
    ctx: Context,
    identity: Identity,
    tip: str,
    *,
    base: str | None,
    since: str | None = None,
    remote: str = "origin",
) -> Verdict:
    """Judge what `tip` would bring to the default branch, whose commit is `base` (None:
    no copy of the default branch here; then every commit not on `remote` is judged one
    by one). `since`: the commit the remote already has (a push), so only newer own
    commits are judged one by one; the net change is always taken from the merge-base."""
    from charter.review import commit_changes, committer_times, judge_edits

    mb = merge_base(ctx, base, tip) if base else None
    limits = [f"^{c}" for c in (since, base) if c]
    if not limits:
        limits = ["--not", f"--remotes={remote}"]
    own = _rev_list(ctx, "--first-parent", tip, *limits)

    violations: list[Violation] = []
    resolved: set[str] = set()  # conflicts the integration role resolved (allowed)
    integration = getattr(ctx.charter.instances.get(identity.name), "role", "") == "integration"
    times = committer_times(ctx.root, own)  # grants are judged at each commit's date
    touched: set[str] = set()  # paths own commits changed: judged there, grants and all
    for commit in own:
        changes = commit_changes(ctx.root, commit)
        if integration:
            resolved |= {c.path for c in changes if c.status == "U"}
        touched.update(path for change in changes for path in change.paths())
        violations += judge_edits(ctx, identity, changes, commit, times.get(commit))

    named = touched
    if mb is not None or base is not None:
        net = judge_edits(ctx, identity, diff_changes(mb or EMPTY_TREE, tip, ctx.root))
        missing = {v.path: v for v in net if v.path not in named and v.path not in resolved}
    else:
        missing = {}
    if missing or base is None:
        # Attribute what the net change refuses (or, with no default branch to measure
        # against, judge everything new): the commits that came in through merges.
        seen = set(own)
        walk = [c for c in _rev_list(ctx, tip, *([f"^{mb}"] if mb else limits)) if c not in seen]
        walk_times = committer_times(ctx.root, walk)
        for commit in walk:
            changes = commit_changes(ctx.root, commit)
            found = [
                v
                for v in judge_edits(ctx, identity, changes, commit, walk_times.get(commit))
                if base is None or v.path in missing
            ]
            for v in found:
                missing.pop(v.path, None)
            violations += found
        violations += missing.values()  # not traced to one commit: still refused

    # Whose branch each refused commit came from (merged early, or fast-forwarded): named
    # with the fix. The integration role may carry another instance's own paths from that
    # instance's branch: integrating is its job, that instance's pull request judges them.
    holders: dict[str, list[Carried]] = {}

    def held_by(commit: str) -> list[Carried]:
        if commit not in holders:
            holders[commit] = _containing(ctx, identity, commit, remote)
        return holders[commit]

    kept: list[Violation] = []
    carried: dict[tuple[str, str], Carried] = {}
    for v in violations:
        origins = held_by(v.commit) if v.commit else []
        owners = [o for o in origins if o.instance == v.resolution.owner]
        if integration and owners:
            continue
        kept.append(v)
        for origin in owners or origins[:1]:
            carried.setdefault((origin.commit, origin.instance), origin)
    violations = kept

    marks = trailers(ctx, [*own, *(v.commit for v in violations if v.commit)])
    bypassed: dict[str, list[Violation]] = {}
    refused: list[Violation] = []
    for v in violations:
        mark = marks.get(v.commit or "")
        if mark is not None and mark.bypass:
            bypassed.setdefault(v.commit or "", []).append(v)
        else:
            refused.append(v)
    bypasses = [Bypass(c, marks[c].bypass, tuple(vs)) for c, vs in bypassed.items()]
    # Bypassed commits whose paths are all in the lane carry no violation: still listed.
    bypasses += [
        Bypass(c, marks[c].bypass, ())
        for c in own
        if marks.get(c) and marks[c].bypass and c not in bypassed
    ]
    foreign: list[tuple[str, str]] = []
    for c in own:
        others = marks[c].instances - {identity.name} if c in marks else frozenset()
        if others and not others <= {o.instance for o in held_by(c)}:
            # Not that instance's commit on its own branch (a fast-forward merge of it):
            # a commit made under another instance's identity, on this branch.
            foreign.append((c, ", ".join(sorted(others))))
    return Verdict(refused, bypasses, list(carried.values()), foreign, own)


def default_base(ctx: Context, remote: str = "origin") -> str | None:
    """The default branch's commit on `remote` (see `remote_default_ref`), resolved once."""
    from charter.git.refs import default_branch_names, remote_default_ref

    names = default_branch_names(ctx.charter.default_branch, ctx.charter.coordinator_branches)
    found = remote_default_ref(ctx.root, remote, names)
    return found[1] if found else None


def describe_carried(carried: Sequence[Carried], default_branch: str) -> list[str]:
    """One line per other instance whose unlanded work the branch carries, with the fix."""
    lines = []
    for name, branch in sorted({(c.instance, c.branch) for c in carried}):
        commits = ", ".join(c.commit[:12] for c in carried if c.instance == name)
        lines.append(
            f"{commits} came from {name}'s branch {branch}, which is not on {default_branch} "
            f"yet: land {name}'s pull request first; this check then passes by itself "
            "(the merge-base moves), or drop the early merge"
        )
    return lines


def describe_bypass(bypass: Bypass) -> str:
    """A bypassed commit as the push hook and `charter check --range` report it."""
    paths = ", ".join(sorted({v.path for v in bypass.violations})) or "no out-of-lane path"
    return (
        f"charter: {bypass.commit[:12]} was committed with {BYPASS_TRAILER}: {bypass.reason} "
        f"(outside the lane: {paths}); its pull request fails until a coordinator approves it"
    )
