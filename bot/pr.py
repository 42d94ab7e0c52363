"""`charter bot pr`: the pull-request check, the final authority.

The rules come from the pull request's base commit when the base is the default branch
(else from the default branch), so a pull request cannot rewrite the rules it is judged
by. The net change (merge-base..head) must be in the head branch's instance's lane, and
every own commit is judged as the pre-push hook judges it (`charter.branch_judgement`). Which
branch is the coordinator's comes from the pull request's author login, and a bypass
passes only with a coordinator's approving review at the head. Nothing from the pull
request is run: charter only reads its commits with git.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from charter.bot.events import PullRequestEvent, pull_request_event
from charter.bot.report import (
    PR_MARKER,
    BypassedCommit,
    Finding,
    PullRequestReport,
    render_markdown,
    summary_text,
    workflow_commands,
)
from charter.bot.settings import Settings

from charter.branch_judgement import describe_carried, judge_history
from charter.bypass import INSTANCE_TRAILER
from charter.config import Charter
from charter.context import Context, load_context
from charter.errors import CharterError
from charter.git import rev_parse
from charter.identity import Identity

if TYPE_CHECKING:  # the client needs the github extra; `build_report` (the demo) does not
    from charter.bot.client import Client
    from charter.bot.reviews import ConsumerReviews


def _judged_base(root: Path, event: PullRequestEvent) -> tuple[str, str, str | None]:
    """(default branch, the commit whose rules judge the pull request and against which
    its net change is taken, a note when that is not the PR's base).

    A pull request into any other branch is judged as if it were into the default branch:
    a side branch's charter.yaml may have been written by the instance itself."""
    default = event.default_branch or event.base_ref
    if event.base_ref == default:
        return default, event.base_sha, None
    tip = rev_parse(f"refs/remotes/origin/{default}", cwd=root) or rev_parse(
        f"refs/heads/{default}", cwd=root
    )
    if tip is None:
        raise CharterError(
            f"the pull request is into {event.base_ref!r}, not the default branch "
            f"{default!r}, and {default!r} is not in the checkout at {root}; check out with "
            "fetch-depth: 0"
        )
    return (
        default,
        tip,
        f"The base '{event.base_ref}' is not the default branch: judged with the rules "
        f"of '{default}' ({tip[:12]}) and against it, never with rules a side branch "
        "wrote.",
    )


def _coordinator_head(report: PullRequestReport, charter: Charter, event: PullRequestEvent) -> None:
    """A pull request from a coordinator branch: the coordinator's only when a
    coordinator's GitHub login opened it (a branch name anyone can push; a login not)."""
    login = event.author.lower()
    if login and login in charter.coordinator_logins:
        report.notes.append(
            f"Opened by coordinator @{login} from coordinator branch "
            f"'{event.head_ref}': judged as the coordinator."
        )
        return
    listed = ", ".join(f"@{c}" for c in sorted(charter.coordinator_logins)) or "nobody yet"
    report.errors.append(
        f"branch '{event.head_ref}' is a coordinator branch, but the pull request's "
        f"author @{login or '(unknown)'} is not a coordinator (`coordinators: {{github: [...]}}` "
        f"in charter.yaml at the base lists {listed}); an instance opens its pull request "
        "from its own branch, or a listed coordinator opens this one"
    )


def build_report(
    settings: Settings, event: PullRequestEvent, approvers: Collection[str] = ()
) -> tuple[PullRequestReport, Context]:
    """Judge the pull request. `approvers`: the logins whose review approved the current
    head (`Client.approvers`); those listed as coordinators at the base let bypasses pass."""
    root = settings.root
    for sha in (event.base_sha, event.head_sha):
        if rev_parse(sha, cwd=root) is None:
            raise CharterError(
                f"commit {sha[:12]} is not in the checkout at {root}; check out with fetch-depth: 0"
            )
    default, base, note = _judged_base(root, event)
    ctx = load_context(root, rules_from=base)
    charter = ctx.charter
    instance = charter.instance_for_branch(event.head_ref)
    report = PullRequestReport(
        event.number, instance.name if instance else None, event.head_ref, event.base_ref
    )
    if note:
        report.notes.append(note)
        report.rules_from = f"{default} at {base[:12]}, the default branch"
    if instance is None:
        if event.head_ref in charter.coordinator_branches:
            _coordinator_head(report, charter, event)
        else:
            report.errors.append(
                f"branch '{event.head_ref}' belongs to no instance in charter.yaml (at the "
                "base commit); push instance work from the instance's branch, or ask the "
                "coordinator to add the instance"
            )
        return report, ctx
    opener = charter.instance_for_login(event.author) if event.author else None
    if opener is not None and opener.name != instance.name:
        report.errors.append(
            f"opened by @{event.author.lower()}, the GitHub login of instance {opener.name}, "
            f"from {instance.name}'s branch '{event.head_ref}'; an instance opens pull "
            f"requests from its own branch ('{opener.branch}')"
        )
    identity = Identity(instance.name, f"pull request branch {event.head_ref!r}", event.head_ref)
    from charter.grants import commit_book

    # Grants as the judged base (the default branch) records them: the PR cannot add its own.
    ctx.grants = commit_book(ctx.charter, root, base)
    verdict = judge_history(ctx, identity, event.head_sha, base=base)
    report.grants = _grant_uses(ctx)
    report.violations = verdict.violations
    report.notes += describe_carried(verdict.carried, default)
    for commit, names in verdict.foreign_identities:
        report.errors.append(
            f"commit {commit[:12]} on '{event.head_ref}' was made under the identity of "
            f"'{names}' (its {INSTANCE_TRAILER} trailer), not {instance.name}; each instance "
            f"pushes only its own commits to its own branch ('{instance.branch}')"
        )
    report.bypasses = [
        BypassedCommit(b.commit, b.reason, tuple(sorted({v.path for v in b.violations})))
        for b in verdict.bypasses
    ]
    report.bypass_approvers = sorted({a.lower() for a in approvers} & charter.coordinator_logins)
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
    from charter.bot.client import Client, GitHubError

    client = client or Client(settings)
    try:
        from charter.bot.reviews import approvers_at

        approvers = approvers_at(client.reviews(event.number), event.head_sha)
    except GitHubError as e:  # a token that may not read reviews: no approval is seen
        print(f"::warning title=charter::{e}; no review approves a bypass", file=sys.stdout)
        approvers = frozenset()
    report, ctx = build_report(settings, event, approvers)
    for line in workflow_commands(report, ctx.charter.rules.max_annotations):
        print(line)
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
    failing = bool(report.violations or report.errors or report.bypass_pending)
    if settings.fail_on == "drift":
        failing = failing or drift_count > 0
    if settings.fail_on == "never":
        failing = False
    return 1 if failing else 0
