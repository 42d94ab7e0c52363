"""`charter bot pr`: the pull-request check, the final authority.

The rules come from the pull request's base commit, so a pull request cannot rewrite
the rules it is judged by. Every commit in base...head is judged as the pre-push hook
judges it (merges by what they add beyond their parents). Nothing from the pull request
is run: charter only reads its commits with git.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from charter.bot.events import PullRequestEvent, pull_request_event
from charter.bot.report import (
    PR_MARKER,
    Finding,
    PullRequestReport,
    render_markdown,
    summary_text,
    workflow_commands,
)
from charter.bot.settings import Settings

from charter.bypass import BYPASS_TRAILER
from charter.context import Context, load_context
from charter.errors import CharterError
from charter.git import git, rev_parse
from charter.identity import Identity
from charter.review import judge_range

if TYPE_CHECKING:  # the client needs the github extra; `build_report` (the demo) does not
    from charter.bot.client import Client
    from charter.bot.reviews import ConsumerReviews


def _bypasses(ctx: Context, start: str, end: str) -> list[Finding]:
    out = git(
        "log",
        f"--format=%H%x00%(trailers:key={BYPASS_TRAILER},valueonly,separator=%x20)%x00",
        f"{start}..{end}",
        cwd=ctx.root,
    ).decode("utf-8", "replace")
    fields = out.replace("\n", "").split("\0")
    findings = []
    for commit, reason in zip(fields[0::2], fields[1::2], strict=False):
        if reason.strip():
            findings.append(
                Finding(
                    "BYPASS",
                    f"commit {commit[:12]}",
                    f"hooks bypassed: {reason.strip()}",
                    failing=False,
                )
            )
    return findings


def build_report(settings: Settings, event: PullRequestEvent) -> tuple[PullRequestReport, Context]:
    root = settings.root
    for sha in (event.base_sha, event.head_sha):
        if rev_parse(sha, cwd=root) is None:
            raise CharterError(
                f"commit {sha[:12]} is not in the checkout at {root}; check out with fetch-depth: 0"
            )
    ctx = load_context(root, rules_from=event.base_sha)
    instance = ctx.charter.instance_for_branch(event.head_ref)
    report = PullRequestReport(
        event.number, instance.name if instance else None, event.head_ref, event.base_ref
    )
    merge_base = git("merge-base", event.base_sha, event.head_sha, cwd=root).decode().strip()
    if instance is None:
        if event.head_ref in ctx.charter.coordinator_branches:
            return report, ctx
        report.errors.append(
            f"branch {event.head_ref!r} belongs to no instance in charter.yaml (at the base "
            "commit); push instance work from the instance's branch, or ask the coordinator "
            "to add the instance"
        )
        return report, ctx
    identity = Identity(instance.name, f"pull request branch {event.head_ref!r}", event.head_ref)
    from charter.grants import commit_book

    # Grants as the base commit (the default branch) records them: the PR cannot add its own.
    ctx.grants = commit_book(ctx.charter, root, event.base_sha)
    report.violations = judge_range(ctx, identity, merge_base, event.head_sha)
    report.grants = _grant_uses(ctx)
    report.bypasses = _bypasses(ctx, merge_base, event.head_sha)
    bypassed = {f.title.removeprefix("commit ") for f in report.bypasses}
    report.violations = [
        v for v in report.violations if not (v.commit and v.commit[:12] in bypassed)
    ]
    report.drift, report.drift_consumers = _contract_drift(ctx, event)
    report.conflicts = _conflicts(ctx, instance.name, event)
    return report, ctx


def _grant_uses(ctx: Context) -> list[Finding]:
    """Every change a grant let through: which grant, who granted it, why."""
    from charter.grants import format_time

    findings: list[Finding] = []
    for commit, path, grant in dict.fromkeys(ctx.grants.used):
        where = f"{commit[:12]} " if commit else ""
        findings.append(
            Finding(
                "GRANTED",
                f"{where}{path}",
                f"{grant.owner}'s path, granted to {grant.to} by {grant.granted_by} until "
                f"{format_time(grant.end)}" + (f": {grant.reason}" if grant.reason else ""),
                path=path,
                failing=False,
            )
        )
    return findings


def _contract_drift(ctx: Context, event: PullRequestEvent) -> tuple[list[Finding], list[str]]:
    """The drift findings, and the consumers of contracts the PR (possibly) breaks."""
    from charter.bot.reviews import BREAKING_KINDS

    from charter.contracts.drift import drift_between

    findings: list[Finding] = []
    breaks: set[str] = set()
    for item in drift_between(ctx.charter, ctx.root, event.base_sha, event.head_sha):
        if item.kind in BREAKING_KINDS:
            breaks.update(item.consumers)
        consumers = ", ".join(item.consumers) or "no consumers"
        findings.append(
            Finding(
                item.kind,
                f"{item.contract}: {item.title}",
                f"{item.detail} (consumers: {consumers})",
                path=item.path,
                failing=item.kind != "ADDITIVE",
            )
        )
    return findings, sorted(breaks)


def _conflicts(ctx: Context, name: str, event: PullRequestEvent) -> list[Finding]:
    from charter.conflicts import forecast

    branches: dict[str, str] = {}
    for other in ctx.charter.instances.values():
        if other.name == name:
            continue
        for ref in (f"refs/remotes/origin/{other.branch}", f"refs/heads/{other.branch}"):
            if rev_parse(ref, cwd=ctx.root) is not None:
                branches[other.name] = ref
                break
    if not branches:
        return []
    branches[name] = event.head_sha
    result = forecast(ctx.root, branches, event.base_sha)
    findings = []
    for pair in result.conflicting_pairs():
        if name not in (pair.left, pair.right):
            continue
        partner = pair.right if pair.left == name else pair.left
        files = ", ".join(f"{c.path} ({c.kind})" for c in pair.conflicts)
        findings.append(Finding("CONFLICT", f"will conflict with {partner}", files, failing=False))
    return findings


def _consumer_reviews(
    client: Client, ctx: Context, event: PullRequestEvent, report: PullRequestReport
) -> ConsumerReviews:
    """Ask the consumers of a broken contract to review (once), and see who approved;
    the comment's section goes into `report.review_lines`."""
    from charter.bot.client import GitHubError
    from charter.bot.reviews import consumer_handles, render, run_reviews

    try:
        previous = client.find_marked(event.number, PR_MARKER)
    except GitHubError:
        previous = None
    try:
        reviews = run_reviews(
            client,
            ctx.charter,
            event.number,
            event.head_sha,
            client.settings.repository.split("/")[0],
            report.drift_consumers,
            previous.body if previous is not None else None,
        )
    except GitHubError as e:
        reviews = consumer_handles(ctx.charter, report.drift_consumers)
        reviews.degraded = str(e)
    print(
        "charter: consumer reviews: "
        f"requested {', '.join(reviews.requested) or 'none'}; "
        f"approved {', '.join(reviews.approved) or 'none'}"
        + (f"; {reviews.degraded}" if reviews.degraded else "")
    )
    report.review_lines = render(reviews, event.head_sha)
    return reviews


def write_outputs(settings: Settings, **values: int) -> None:
    if settings.output is None:
        return
    with settings.output.open("a", encoding="utf-8") as f:
        for key, value in values.items():
            f.write(f"{key}={value}\n")


def run_pr(settings: Settings, client: Client | None = None) -> int:
    event = pull_request_event(settings.event_path)
    report, ctx = build_report(settings, event)
    for line in workflow_commands(report, ctx.charter.rules.max_annotations):
        print(line)
    from charter.bot.client import Client, GitHubError

    client = client or Client(settings)
    reviews = _consumer_reviews(client, ctx, event, report) if report.drift_consumers else None
    markdown = render_markdown(report)
    if settings.step_summary is not None:
        with settings.step_summary.open("a", encoding="utf-8") as f:
            f.write(summary_text(markdown))
    try:
        outcome = client.upsert_comment(event.number, PR_MARKER, markdown)
        print(f"charter: pull-request comment {outcome}")
    except GitHubError as e:  # a fork's read-only token, a rate limit: still a verdict
        print(
            f"::warning title=charter::{e}; the findings are in the job summary and "
            "annotations only",
            file=sys.stdout,
        )
    from charter.bot.reviews import BREAKING_KINDS

    reviewed = reviews is not None and reviews.satisfied  # every consumer approved the break
    drift_count = sum(
        1 for f in report.drift if f.failing and not (reviewed and f.kind in BREAKING_KINDS)
    )
    write_outputs(
        settings,
        violations=len(report.violations),
        drift=drift_count,
        conflicts=len(report.conflicts),
        bypasses=len(report.bypasses),
    )
    failing = bool(report.violations or report.errors)
    if settings.fail_on == "drift":
        failing = failing or drift_count > 0
    if settings.fail_on == "never":
        failing = False
    return 1 if failing else 0
