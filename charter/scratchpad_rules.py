"""The scratchpad rules: the guide's anti-patterns, judged on a staged commit.

The `charter-scratchpad` hook runs `judge` on every commit; `charter check` and the bot
can ask the same questions. It judges the staged commit of one instance (the coordinator
is exempt, which is the caller's business):

* Skipping discovery (`rules.require_discovery`): while the staged scratchpad says
  `status: discovery`, or its `## Discovery` section is empty, only the scratchpad
  itself may be committed.
* Ignoring scratchpads (`rules.scratchpad_max_stale_commits`, N): a commit that would
  leave the branch more than N own commits past its last scratchpad change is refused;
  a commit that changes the scratchpad resets the count, and concluding a merge does
  not count (the same measure as the tracking table's "scratchpad lag").
* Implicit contracts: a `needs:` entry naming an unknown instance or contract is an
  error; one naming no contract while its provider owns contracts is a warning.

Every refusal ends with what to do next: agents act on these messages. Imports stay on
the standard library and charter's core: this runs on every commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from charter.context import Context
from charter.errors import ConfigError

SHOWN_PATHS = 8


def _staged_paths(ctx: Context) -> list[str]:
    from charter.review import index_changes

    return sorted({p for change in index_changes(ctx) for p in change.paths()})


def _merging(ctx: Context) -> bool:
    return (ctx.repo.git_dir / "MERGE_HEAD").exists()


def _list(paths: Sequence[str]) -> str:
    shown = " ".join(paths[:SHOWN_PATHS])
    return shown + (f" (and {len(paths) - SHOWN_PATHS} more)" if len(paths) > SHOWN_PATHS else "")


def _lag(ctx: Context, path: str) -> int:
    """Own commits on HEAD's line since the scratchpad last changed."""
    from charter.git import rev_parse
    from charter.review import default_branch_refs
    from charter.tracking.history import scratchpad_lag

    head = rev_parse("HEAD", cwd=ctx.root)
    if head is None:
        return 0  # the first commit of the branch
    base = next(
        (oid for oid in (rev_parse(r, cwd=ctx.root) for r in default_branch_refs(ctx)) if oid),
        None,
    )
    return scratchpad_lag(ctx.root, head, base, path)


def judge(ctx: Context, name: str) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for the staged commit of instance `name`."""
    from charter.git import show_file
    from charter.scratchpad import parse, validate

    charter = ctx.charter
    rules = charter.rules
    path = charter.scratchpad_path(name)
    staged = _staged_paths(ctx)
    others = [p for p in staged if p != path]
    raw = show_file("", path, cwd=ctx.root)  # the index: what is being committed
    if raw is None:
        if not staged:
            return [], []
        gone = path in staged
        return [
            f"charter: {name}'s scratchpad {path} "
            + ("is being deleted" if gone else "does not exist")
            + "; it is the record of truth about your work.\n"
            + "What to do next:\n"
            + (
                f"  - restore it: git restore --staged --worktree {path}\n"
                if gone
                else f"  - create it: charter scratchpad new {name}\n"
                "  - fill in `## Discovery` (what you read and learned), then\n"
                f"  - git add {path} and commit again\n"
            )
        ], []
    try:
        pad = parse(raw, path)
    except ConfigError as e:
        return [
            f"charter: {name}'s staged scratchpad cannot be read:\n{e}\n"
            f"What to do next: fix it, then `git add {path}` and commit again "
            f"(`charter scratchpad check {name}` shows the same)"
        ], []
    findings = validate(pad, charter, name, rules)
    warnings = [f"charter: warning: {p}" for p in findings.warnings]
    if findings.errors:
        lines = "\n".join(f"  {p}" for p in findings.errors)
        return [
            f"charter: {name}'s staged scratchpad has {len(findings.errors)} problem(s):\n"
            f"{lines}\n"
            f"What to do next: fix each one as it says, then `git add {path}` and commit "
            f"again (`charter scratchpad check {name}` shows the same)"
        ], warnings

    refusals = []
    if rules.require_discovery and pad.in_discovery and others:
        why = (
            "status: discovery"
            if pad.status == "discovery"
            else "its `## Discovery` section is empty"
        )
        refusals.append(
            f"charter: {name} has not finished discovery ({why} in {path}), so it may "
            f"commit only its scratchpad; this commit also has: {_list(others)}\n"
            "What to do next:\n"
            "  1. read before you implement: the specs, the contracts you build on "
            "(.charter/contracts/*.api.md) and the code around your lane\n"
            f"  2. write what you read and learned under `## Discovery` in {path}\n"
            "  3. set `status: in-progress` in its front matter\n"
            f"  4. git add {path} and commit again (with this work, or on its own first)\n"
            f"  or keep this work for later: git restore --staged {_list(others)}"
        )
    limit = rules.scratchpad_max_stale_commits
    if path not in staged and not _merging(ctx):
        lag = _lag(ctx, path)
        if lag + 1 > limit:
            refusals.append(
                f"charter: {name} has made {lag} commit(s) since its scratchpad {path} last "
                f"changed; this one would be number {lag + 1}, over the limit of {limit} "
                "(rules.scratchpad_max_stale_commits). Scratchpads are the record of truth.\n"
                "What to do next:\n"
                f"  1. update {path}: `status:`, `## Progress` (what these commits did), and "
                "`needs:`/`## Integration points` if they changed\n"
                f"  2. git add {path}\n"
                "  3. commit again: the scratchpad goes in with this commit and resets the count"
            )
    return refusals, warnings
