"""What the pull-request check reports, rendered for each layer: workflow annotations,
the step summary, and the sticky PR comment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from charter.check import FOREIGN, STATUS_WORDS, Violation
from charter.escape import annotation_data, annotation_property, cell, code

PR_MARKER = "<!-- charter:pull-request -->"
MAX_SUMMARY = 1_000_000  # GitHub's limit for a step summary is 1 MiB


@dataclass(frozen=True)
class Finding:
    """Anything beyond an ownership violation: contract drift, a conflict, a bypass."""

    kind: str  # e.g. BREAKING, LOCK_STALE, CONFLICT, BYPASS
    title: str
    detail: str
    path: str | None = None
    failing: bool = True


@dataclass(frozen=True)
class BypassedCommit:
    """A commit let through the local hooks by its `Charter-Bypass` trailer."""

    commit: str
    reason: str  # the author's text: shown escaped
    paths: tuple[str, ...]  # outside the lane


@dataclass
class PullRequestReport:
    number: int
    instance: str | None
    head_ref: str
    base_ref: str
    violations: list[Violation] = field(default_factory=list)
    drift: list[Finding] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    bypasses: list[BypassedCommit] = field(default_factory=list)
    # Coordinators (logins at the base) whose review approved the current head: only then
    # do the bypasses pass.
    bypass_approvers: list[str] = field(default_factory=list)
    grants: list[Finding] = field(default_factory=list)  # changes a grant let through
    # Consumers of contracts this PR breaks, and the rendered consumer-review section.
    drift_consumers: list[str] = field(default_factory=list)
    review_lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how it was judged; not failing
    rules_from: str = "the base commit"  # else the default branch's commit

    @property
    def bypass_pending(self) -> bool:
        return bool(self.bypasses) and not self.bypass_approvers

    @property
    def clean(self) -> bool:
        return not (
            self.violations or self.drift or self.conflicts or self.errors or self.bypass_pending
        )


def workflow_commands(report: PullRequestReport, limit: int) -> list[str]:
    """`::error` / `::warning` workflow commands, at most `limit`, then a count of the rest."""
    lines: list[str] = []
    for v in report.violations:
        owner = v.owner_label
        where = f" in {v.commit[:12]}" if v.commit else ""
        message = (
            f"{report.instance} may not {STATUS_WORDS.get(v.status, v.status)} this file"
            f"{where}: {v.kind} (owner: {owner})"
        )
        lines.append(
            f"::error file={annotation_property(v.path)},title=charter ownership::"
            f"{annotation_data(message)}"
        )
    for b in report.bypasses:
        level = "error" if report.bypass_pending else "warning"
        state = "awaiting a coordinator's approval" if report.bypass_pending else "approved"
        lines.append(
            f"::{level} title=charter bypass::"
            f"{annotation_data(f'commit {b.commit[:12]} bypassed the hooks ({state}): {b.reason}')}"
        )
    for f in [*report.drift, *report.conflicts]:
        level = "error" if f.failing else "warning"
        file_part = f"file={annotation_property(f.path)}," if f.path else ""
        lines.append(
            f"::{level} {file_part}title=charter {f.kind.lower()}::"
            f"{annotation_data(f.title + ': ' + f.detail)}"
        )
    for error in report.errors:
        lines.append(f"::error title=charter::{annotation_data(error)}")
    if len(lines) > limit:
        hidden = len(lines) - limit
        lines = [
            *lines[:limit],
            f"::warning title=charter::{hidden} more finding(s) not shown "
            "as annotations; see the job summary",
        ]
    return lines


MAX_ROWS = 200  # rows of the violations table: a comment must stay under 64 KB


def render_markdown(report: PullRequestReport, *, heading: str = "charter") -> str:
    """The PR comment and the step summary share this text."""
    out = [PR_MARKER, f"### {heading}: {_verdict(report)}", ""]
    who = f"instance **{cell(report.instance)}**" if report.instance else "no instance"
    out.append(
        f"Branch {code(report.head_ref)} ({who}) into {code(report.base_ref)}; "
        f"rules read from {cell(report.rules_from)}."
    )
    out.append("")
    for error in report.errors:
        out.append(f"- :x: {cell(error, 1000)}")
    for note in report.notes:
        out.append(f"- {cell(note, 1000)}")
    if report.errors or report.notes:
        out.append("")
    if report.violations:
        out += [
            "#### Changes outside the lane",
            "",
            "| path | change | owner | commit |",
            "|---|---|---|---|",
        ]
        for v in report.violations[:MAX_ROWS]:
            out.append(
                f"| {code(v.path)} | {cell(STATUS_WORDS.get(v.status, v.status))} | "
                f"{cell(_owner_note(v))} | {cell(v.commit[:12] if v.commit else '')} |"
            )
        hidden = len(report.violations) - MAX_ROWS
        if hidden > 0:
            out.append(f"| ... and {hidden} more | | | |")
        owners = sorted({v.owner_label for v in report.violations if v.kind == FOREIGN})
        out.append("")
        out.append(
            "To fix: move these changes out of this branch; ask "
            f"{cell(', '.join(owners)) or 'the owner'} through the `needs:` of the scratchpad; "
            "or ask the coordinator to change `charter.yaml`."
        )
        out.append("")
    if report.drift:
        out += _section("Contract drift", report.drift)
        out += report.review_lines
    for title, findings in (
        ("Predicted conflicts", report.conflicts),
        ("Changes under grants", report.grants),
    ):
        if findings:
            out += _section(title, findings)
    out += _bypass_section(report)
    if report.clean and not (report.bypasses or report.grants):
        out.append("Every change is inside the lane. :white_check_mark:")
    return "\n".join(out).rstrip() + "\n"


def _bypass_section(report: PullRequestReport) -> list[str]:
    """Each bypassed commit, its reason and its paths, and whether a coordinator approved."""
    if not report.bypasses:
        return []
    out = ["#### Recorded bypasses", ""]
    for b in report.bypasses:
        paths = ", ".join(code(p) for p in b.paths[:20]) or "none outside the lane"
        more = f" and {len(b.paths) - 20} more" if len(b.paths) > 20 else ""
        out.append(f"- {b.commit[:12]}: reason {code(b.reason)}; paths: {paths}{more}")
    out.append("")
    if report.bypass_pending:
        out.append(
            "A bypass passes only with an approving review at this head from a coordinator "
            "listed under `coordinators: {github: [...]}` in `charter.yaml` at the base; or "
            "drop these commits from the branch."
        )
    else:
        who = ", ".join(f"@{login}" for login in report.bypass_approvers)
        out.append(f"Approved at this head by coordinator {who}.")
    out.append("")
    return out


def _section(title: str, findings: Sequence[Finding]) -> list[str]:
    # The kind is charter's own word (BREAKING, CONFLICT...); title and detail carry
    # names from the pull request (files, schema properties, bypass reasons).
    return [
        f"#### {title}",
        "",
        *(f"- **{f.kind}** {cell(f.title, 300)}: {cell(f.detail, 1000)}" for f in findings),
        "",
    ]


def _owner_note(v: Violation) -> str:
    """The owner, and the grant that decided, if one did."""
    from charter.check import GRANT_ENDED, GRANTED_AWAY
    from charter.grants import format_time

    if v.grant is not None and v.kind == GRANTED_AWAY:
        return f"{v.owner_label}, lent to {v.grant.to} until {format_time(v.grant.end)}"
    if v.grant is not None and v.kind == GRANT_ENDED:
        return f"{v.owner_label} (committed after the grant ended {format_time(v.grant.end)})"
    return v.owner_label


def _verdict(report: PullRequestReport) -> str:
    if report.clean:
        return (
            f"all clear, {len(report.bypasses)} approved bypass(es)"
            if report.bypasses
            else "all clear"
        )
    parts = []
    if report.violations:
        parts.append(f"{len(report.violations)} ownership violation(s)")
    if report.drift:
        parts.append(f"{len(report.drift)} contract finding(s)")
    if report.conflicts:
        parts.append(f"{len(report.conflicts)} predicted conflict(s)")
    if report.bypass_pending:
        parts.append(f"{len(report.bypasses)} bypass(es) awaiting a coordinator's approval")
    if report.errors:
        parts.append(f"{len(report.errors)} error(s)")
    return ", ".join(parts)


def summary_text(markdown: str) -> str:
    if len(markdown) <= MAX_SUMMARY - 1000:
        return markdown
    return markdown[: MAX_SUMMARY - 1000] + "\n\n_(truncated by charter)_\n"


def count_lines(findings: Sequence[Finding]) -> int:
    return sum(1 for f in findings if f.failing)
