"""Consumer reviews: a pull request that breaks a contract asks its consumers to review.

When the check finds BREAKING or POSSIBLY_BREAKING drift, each consumer instance's
`github:` handle (a user `@login` or a team `@org/team`) is asked for a review, once:

* "once" is kept in the sticky comment (a hidden list of the handles charter asked), so a
  handle is never asked again, also after its request was removed;
* a user who has reviewed (in any state, dismissed included) or is already requested is
  not asked; a team already requested is not asked.

With `fail-on: drift` the breaking findings stay red until every consumer has approved
at the current head: one of its handles, when `github:` names several (a team: an
approval by a member, which needs the token to read team membership), or a coordinator
has (`coordinators: {github: [...]}`). Asking needs `pull-requests: write`; a token
without it degrades to naming the handles in the comment. Handles come from charter.yaml
at the base commit, never from the pull request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from charter.config import Charter
from charter.errors import GitHubError
from charter.escape import cell


class ReviewClient(Protocol):
    """What asking for reviews needs of GitHub (`charter.bot.client.Client` has it)."""

    def reviews(self, number: int) -> list[tuple[str, str, str]]: ...

    def review_requests(self, number: int) -> tuple[list[str], list[str]]: ...

    def request_reviews(self, number: int, users: list[str], teams: list[str]) -> None: ...

    def in_team(self, org: str, slug: str, login: str) -> bool | None: ...


BREAKING_KINDS = ("BREAKING", "POSSIBLY_BREAKING")
_HANDLE = re.compile(r"@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?:/([A-Za-z0-9._-]{1,100}))?\Z")
_RECORD = re.compile(r"<!-- charter:review-requested ([^>]*) -->")


@dataclass
class ConsumerReviews:
    handles: dict[str, list[str]]  # handle ("@login" or "@org/team") -> consumer instances
    unnamed: list[str] = field(default_factory=list)  # consumers without a usable handle
    requested: list[str] = field(default_factory=list)  # asked by this run
    asked_before: list[str] = field(default_factory=list)  # asked, requested or reviewed
    approved: list[str] = field(default_factory=list)  # approved at the head
    coordinator: str | None = None  # a coordinator who approved at the head
    degraded: str | None = None  # why nobody could be asked
    record: list[str] = field(default_factory=list)  # every handle charter has asked

    @property
    def satisfied(self) -> bool:
        if self.coordinator is not None:
            return True
        # A consumer with several handles (an imported line of several owners) needs
        # one of them, as a CODEOWNERS line does on GitHub.
        consumers: dict[str, bool] = {}
        for handle, names in self.handles.items():
            for name in names:
                consumers[name] = consumers.get(name, False) or handle in self.approved
        return not self.unnamed and all(consumers.values())

    def marker(self) -> str:
        return f"<!-- charter:review-requested {','.join(sorted(set(self.record)))} -->"


def consumer_handles(charter: Charter, consumers: list[str]) -> ConsumerReviews:
    handles: dict[str, list[str]] = {}
    unnamed: list[str] = []
    for name in sorted(set(consumers)):
        instance = charter.instances.get(name)
        named = [h for h in instance.handles if _HANDLE.match(h)] if instance else []
        for handle in named:  # an instance imported from a line of several owners: each
            handles.setdefault(handle.lower(), []).append(name)
        if not named:
            unnamed.append(name)
    return ConsumerReviews(handles, unnamed)


def coordinator_logins(charter: Charter) -> list[str]:
    """The coordinators' GitHub logins (`coordinators: {github: [...]}` in charter.yaml)."""
    return sorted(charter.coordinator_logins)


def previous_record(body: str | None) -> set[str]:
    match = _RECORD.search(body or "")
    return {h for h in match.group(1).split(",") if h} if match else set()


def _latest_states(reviews: list[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """login -> (state, commit) of its latest review that decides (not a bare comment)."""
    latest: dict[str, tuple[str, str]] = {}
    for login, state, commit in reviews:
        if state != "COMMENTED":
            latest[login.lower()] = (state, commit)
    return latest


def approvers_at(reviews: list[tuple[str, str, str]], head_sha: str) -> frozenset[str]:
    """Logins (lowercase) whose latest deciding review approves `head_sha`, the head."""
    return frozenset(
        login
        for login, (state, commit) in _latest_states(reviews).items()
        if state == "APPROVED" and commit == head_sha
    )


def run_reviews(
    client: ReviewClient,
    charter: Charter,
    number: int,
    head_sha: str,
    owner: str,
    consumers: list[str],
    previous_body: str | None,
) -> ConsumerReviews:
    """Ask the consumers who were never asked, and see who approved at `head_sha`."""
    result = consumer_handles(charter, consumers)
    asked = previous_record(previous_body)
    reviews = client.reviews(number)
    reviewed = {login.lower() for login, _, _ in reviews}
    users, teams = client.review_requests(number)
    pending = {f"@{u.lower()}" for u in users} | {f"@{owner.lower()}/{t.lower()}" for t in teams}
    for handle in result.handles:
        login = handle[1:]
        if handle in asked or handle in pending or ("/" not in login and login in reviewed):
            result.asked_before.append(handle)
    wanted = [h for h in result.handles if h not in result.asked_before]
    ask_users = [h[1:] for h in wanted if "/" not in h]
    ask_teams = [
        h.split("/", 1)[1] for h in wanted if "/" in h and h[1:].split("/")[0] == owner.lower()
    ]
    foreign = [h for h in wanted if "/" in h and h[1:].split("/")[0] != owner.lower()]
    if foreign:
        result.degraded = (
            f"{', '.join(foreign)}: a team of another organisation cannot be asked to review"
        )
    if ask_users or ask_teams:
        try:
            client.request_reviews(number, ask_users, ask_teams)
            result.requested = [f"@{u}" for u in ask_users] + [
                f"@{owner.lower()}/{t}" for t in ask_teams
            ]
        except GitHubError as e:
            result.degraded = (
                f"{e}; reviews are not requested (the workflow needs `pull-requests: write`)"
            )
    result.record = sorted(asked | set(result.requested))
    approvers = approvers_at(reviews, head_sha)
    for handle in result.handles:
        login = handle[1:]
        if "/" not in login:
            if login in approvers:
                result.approved.append(handle)
            continue
        org, slug = login.split("/", 1)
        if any(client.in_team(org, slug, who) for who in approvers):
            result.approved.append(handle)
    result.coordinator = next(
        (who for who in approvers if who in coordinator_logins(charter)), None
    )
    return result


def render(reviews: ConsumerReviews, head_sha: str) -> list[str]:
    """The comment's section. Handles come from charter.yaml at the base commit (they are
    meant to ping); everything else is escaped."""
    lines = ["#### Consumer reviews", ""]
    handles = sorted(reviews.handles)
    who = ", ".join(f"{h} ({', '.join(reviews.handles[h])})" for h in handles)
    if reviews.requested:
        lines.append(f"- Review requested from {', '.join(reviews.requested)}.")
    if reviews.asked_before:
        lines.append(
            f"- Asked before, or already reviewing (not asked again): "
            f"{', '.join(sorted(reviews.asked_before))}."
        )
    if reviews.degraded:
        lines.append(
            f"- Could not request reviews: {cell(reviews.degraded, 300)}. Please review: {who}."
        )
    if reviews.unnamed:
        lines.append(
            "- Consumers without a `github:` handle in charter.yaml: "
            f"{cell(', '.join(reviews.unnamed))}; a coordinator's approval stands in for them."
        )
    if reviews.coordinator:
        lines.append(f"- Approved by coordinator {cell(reviews.coordinator)} at `{head_sha[:12]}`.")
    else:
        waiting = [h for h in handles if h not in reviews.approved]
        if reviews.approved:
            lines.append(f"- Approved at `{head_sha[:12]}`: {', '.join(sorted(reviews.approved))}.")
        if waiting or reviews.unnamed:
            lines.append(
                f"- Waiting for approval at `{head_sha[:12]}` from: "
                f"{', '.join(waiting) or 'a coordinator'} (or a coordinator)."
            )
    lines += ["", reviews.marker(), ""]
    return lines
