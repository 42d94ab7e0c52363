"""`charter bot sync`: the tracking table on the default branch, and the tracking issue.

Run on pushes to the default branch, on a schedule and by hand. One writer regenerates
the whole table, so bot commits never need merging:

1. read the tracking file from the default branch through the contents API (its text
   and blob sha);
2. `git fetch` -- after the read, so the state computed is at least as new as the state
   the file already shows: a slow run can never put an older table over a newer one;
3. compute the table from the fetched refs, with charter.yaml from the fetched default
   branch, and splice it between the markers;
4. commit it with the blob sha read in 1. When another writer got there first (409 or
   422), start again from 1, a bounded number of times.

The table's own commits (touching only the tracking file) do not count as the default
branch moving, so a run after a run finds nothing to change.

Then the tracking issue (`tracking.issue`) gets one sticky comment with the table, the
graph, the success metrics and the open handoffs, and each new handoff notice (from
`charter.tracking.inbox`, the same function as `charter inbox`) is posted once as its own
comment mentioning the instance's `github` handle: GitHub notifies on new comments, not
on edits. The keys of notices already sent live in the sticky comment, recorded before
the notices are posted, so a notice is never repeated, even by a run that fails halfway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from charter.bot.client import Client, Conflict, Forbidden, GitHubError
from charter.bot.settings import Settings

from charter.config import Charter
from charter.errors import CharterError, GitError
from charter.git import git, git_ok, rev_parse

if TYPE_CHECKING:
    from charter.tracking import Snapshot, TrackingState

MAX_ATTEMPTS = 5
ISSUE_MARKER = "<!-- charter:tracking-issue -->"
_NOTIFIED = re.compile(r"<!-- charter:notified ([^<>]*?) -->")
_SOURCE = re.compile(r"<!-- charter:source ([0-9a-f]{40}) -->")
_NOTICE = re.compile(r"<!-- charter:notice (\S+) -->")
RACE_WINDOW = timedelta(minutes=10)  # how long an unknown newer table is believed
REMEMBERED = 400  # notice keys kept in the sticky comment (the newest)
COMMIT_MESSAGE = "charter: update the tracking table\n\nWritten by `charter bot sync`."


@dataclass
class SyncResult:
    table: str = "unchanged"  # created | updated | unchanged
    commit: str | None = None
    source: str | None = None  # the default branch's commit holding this table
    comment: str | None = None  # created | updated | unchanged | failed | None (no issue)
    notified: list[str] = field(default_factory=list)  # keys of the notices posted


def fetch(root: Path, settings: Settings) -> None:
    try:
        git("fetch", "--quiet", "--prune", "--no-tags", "origin", cwd=root, env=settings.git_env())
    except GitError as e:
        raise CharterError(
            f"cannot fetch from origin in {root}: {e}; the sync job needs a checkout of the "
            "repository (actions/checkout with fetch-depth: 0)"
        ) from None


def _load(root: Path, ref: str) -> Charter:
    from charter.context import load_context

    return load_context(root, rules_from=ref).charter


def render_file(state: TrackingState, filename: str, current: str | None) -> str:
    """The tracking file with a fresh table between its markers (the template if new)."""
    from charter.tracking import updated_file

    existing = current.encode("utf-8") if current is not None else None
    return updated_file(existing, state, filename).decode("utf-8")


def sync_table(
    root: Path, client: Client, branch: str, *, tests_passed: bool | None = None
) -> tuple[SyncResult, Snapshot, TrackingState]:
    from charter.tracking import collect_state, read_snapshot

    ref = f"refs/remotes/origin/{branch}"
    result = SyncResult()
    if rev_parse(ref, cwd=root) is None:
        fetch(root, client.settings)
    # Which file the table lives in; checked again below against the fetched charter.yaml.
    filename = _load(root, ref).tracking.file
    for attempt in range(1, MAX_ATTEMPTS + 1):
        remote = client.read_file(filename, branch)
        fetch(root, client.settings)  # after the read: never older than what the file shows
        charter = _load(root, ref)
        if charter.tracking.file != filename:
            filename = charter.tracking.file
            continue  # charter.yaml moved the table meanwhile
        snap = read_snapshot(root, charter, default=ref)
        state = collect_state(root, charter, tests_passed=tests_passed, snap=snap)
        text, sha = remote if remote is not None else (None, None)
        updated = render_file(state, filename, text)
        if updated == text:
            result.source = rev_parse(ref, cwd=root)
            return result, snap, state
        try:
            result.commit = client.write_file(
                filename, updated, branch=branch, sha=sha, message=COMMIT_MESSAGE
            )
        except Conflict as e:
            print(f"charter: {e}; reading it again (attempt {attempt} of {MAX_ATTEMPTS})")
            continue
        result.table = "created" if sha is None else "updated"
        result.source = result.commit
        return result, snap, state
    raise CharterError(
        f"the tracking file kept changing under charter; gave up after {MAX_ATTEMPTS} "
        "attempts (another writer? the workflow's concurrency group should serialise syncs)"
    )


def notified_keys(body: str | None) -> list[str]:
    match = _NOTIFIED.search(body or "")
    return match.group(1).split() if match else []


def issue_body(table: str, open_notices: list[str], keys: list[str], source: str | None) -> str:
    lines = [ISSUE_MARKER, "## Tracking", "", table.strip(), ""]
    if open_notices:
        lines += ["### Handoffs", "", *open_notices, ""]
    lines.append(f"<!-- charter:notified {' '.join(keys[-REMEMBERED:])} -->")
    if source:
        lines.append(f"<!-- charter:source {source} -->")
    return "\n".join(lines) + "\n"


def _newer_shown(root: Path, ours: str | None, body: str | None, updated: datetime | None) -> bool:
    """Does the comment already show a table from a later commit than `ours`?

    Every table a sync computes is on the default branch (written, or found there), so
    the commits holding them are ordered along that branch: a comment from a run that
    saw more must not be replaced by one from a run that saw less.
    """
    match = _SOURCE.search(body or "")
    if ours is None or match is None or match.group(1) == ours:
        return False
    theirs = match.group(1)
    if rev_parse(theirs, cwd=root) is None:
        # Not in our fetch: written by a run racing this one -- or left from a history
        # that was since rewritten, which must not freeze the comment for good.
        if updated is None:
            return False
        when = updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)
        return datetime.now(timezone.utc) - when < RACE_WINDOW
    return git_ok("merge-base", "--is-ancestor", ours, theirs, cwd=root)


def sync_issue(
    root: Path, client: Client, snap: Snapshot, state: TrackingState, result: SyncResult
) -> None:
    from charter.escape import cell, code
    from charter.tracking import M_TABLE, inbox, render_table

    charter = snap.charter
    number = charter.tracking.issue
    if number is None:
        return
    notices = [n for name in charter.instances for n in inbox(root, charter, name, snap=snap)]
    actionable = [n for n in notices if n.actionable]
    state = state.with_metric(M_TABLE, True)
    try:
        ours = client.our_comments(number)
    except GitHubError as e:
        result.comment = "failed"
        print(f"::warning title=charter::{e}; the tracking issue was not updated")
        return
    existing = next((c for c in ours if ISSUE_MARKER in (c.body or "")), None)
    if result.commit:
        fetch(root, client.settings)  # our own table commit, to order it against the comment's
    if existing is not None and _newer_shown(
        root, result.source, existing.body, existing.updated_at
    ):
        result.comment = "left alone (a later sync already shows a newer table)"
        return
    sent = notified_keys(existing.body if existing is not None else None)
    # The notices themselves carry their keys too: a notice whose key the sticky comment
    # lost (a racing run, the size cap) is still never posted twice.
    posted = {m.group(1) for c in ours for m in _NOTICE.finditer(c.body or "")}
    new = [n for n in actionable if n.key not in sent and n.key not in posted]
    keys = sent + [n.key for n in new]
    open_lines = [f"- **{cell(n.instance)}**: {cell(n.message, 400)}" for n in actionable]
    try:
        # Record first, then notify: a failure in between loses a ping, never repeats one.
        result.comment = client.upsert_comment(
            number,
            ISSUE_MARKER,
            issue_body(render_table(state), open_lines, keys, result.source),
        )
        for notice in new:
            handle = charter.instances[notice.instance].github
            who = handle if handle else f"`{notice.instance}`"
            steps = "".join(
                f"{i}. read {code(step.removeprefix('read '))}\n"
                if step.startswith("read ")
                else f"{i}. {code(step)}\n"
                for i, step in enumerate(notice.next_steps, 1)
            )
            client.post_comment(
                number,
                f"{who} ({cell(notice.instance)}): {cell(notice.message, 600)}\n\n"
                + (f"Next, in your worktree:\n\n{steps}\n" if steps else "")
                + f"<!-- charter:notice {notice.key} -->\n",
            )
            result.notified.append(notice.key)
    except GitHubError as e:
        result.comment = "failed"
        print(f"::warning title=charter::{e}; the tracking issue was not updated")


def run_sync(settings: Settings, client: Client | None = None) -> int:
    from charter.bot.pr import write_outputs

    root = settings.root
    client = client or Client(settings)
    try:
        branch = client.default_branch()
        result, snap, state = sync_table(root, client, branch, tests_passed=settings.tests_passed)
    except Forbidden as e:
        raise CharterError(
            f"{e}: the sync job needs `contents: write` (and `issues: write` for the "
            "tracking issue) in its permissions"
        ) from None
    except GitHubError as e:
        raise CharterError(f"{e}; the next sync will try again") from None
    sync_issue(root, client, snap, state, result)
    charter = snap.charter
    where = f" in {result.commit[:12]}" if result.commit else ""
    print(f"charter: tracking table {result.table}{where} ({charter.tracking.file} on {branch})")
    if result.comment is not None:
        print(f"charter: tracking issue #{charter.tracking.issue} comment {result.comment}")
    for key in result.notified:
        print(f"charter: notified {key}")
    if settings.step_summary is not None:
        with settings.step_summary.open("a", encoding="utf-8") as f:
            f.write(f"charter sync: tracking table {result.table}{where}\n")
    write_outputs(settings, notices=len(result.notified), table_written=int(bool(result.commit)))
    return 0
