"""A thin layer over PyGithub: the few calls the bot makes, with bounded retries.

Retries cover idempotent methods only. A POST that failed may still have been applied,
so creating a comment always looks for the marked one first: a retried run never
leaves two.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from charter.bot.settings import Settings

from charter.errors import GitHubError, MissingExtra

try:
    from github import Auth, Github, GithubException
    from github.GithubObject import NotSet
    from github.GithubRetry import GithubRetry
    from github.IssueComment import IssueComment
    from requests.exceptions import RequestException
except ImportError as missing:  # the `github` extra is not installed
    raise MissingExtra(
        f"charter bot needs the GitHub client, which is not installed ({missing}); install "
        "charter with its github extra: pip install 'charter[github]' (the charter Action "
        "does this)"
    ) from None

ACTIONS_BOT = "github-actions[bot]"
MAX_COMMENT = 65_000  # GitHub refuses bodies over 65,536 characters


class Forbidden(GitHubError):
    """The token may not do this (a fork's read-only token, missing permission)."""


class Conflict(GitHubError):
    """The file changed since it was read (409), or its sha was refused (422)."""


class Unavailable(GitHubError):
    """Rate limited, or GitHub failing (5xx) after the configured retries."""


def make_github(settings: Settings) -> Github:
    retry = GithubRetry(
        total=settings.retries,
        backoff_factor=0.5 if settings.throttle else 0.0,
        allowed_methods=frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}),
        status_forcelist=[500, 502, 503, 504],  # a list: PyGithub appends to it
        max_rate_limit_wait=60 if settings.throttle else 0,
    )
    return Github(
        base_url=settings.api_url,
        auth=Auth.Token(settings.token),
        retry=retry,
        timeout=30,
        # PyGithub's defaults (0.25 s, 1 s) apply unless told otherwise: 0 turns them off.
        seconds_between_requests=0.25 if settings.throttle else 0,
        seconds_between_writes=1.0 if settings.throttle else 0,
        per_page=100,
    )


def _rate_limited(error: GithubException) -> bool:
    headers = {k.lower(): v for k, v in (error.headers or {}).items()}
    return error.status == 429 or (
        error.status == 403
        and (headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers)
    )


@contextmanager
def _translated(what: str, *, conflicts: bool = False) -> Iterator[None]:
    """GithubException as one of ours, naming what was being done; a message only."""
    try:
        yield
    except GithubException as e:
        if _rate_limited(e):
            raise Unavailable(f"GitHub's rate limit stopped charter from {what}") from None
        if e.status in (401, 403, 404):
            raise Forbidden(f"the token may not {what} ({e.status})") from None
        if conflicts and e.status in (409, 422):
            raise Conflict(f"{what}: the file changed since it was read ({e.status})") from None
        if e.status >= 500:
            raise Unavailable(f"GitHub failed while {what} ({e.status})") from None
        raise GitHubError(f"GitHub refused {what} ({e.status})") from None
    except RequestException as e:  # retries exhausted (rate limit, 5xx), or no connection
        reason = "its rate limit" if "403" in str(e) or "429" in str(e) else "an unreachable API"
        raise Unavailable(f"{reason} stopped charter from {what} after retries") from None


class Client:
    def __init__(self, settings: Settings, github: Github | None = None) -> None:
        self.settings = settings
        self.github = github or make_github(settings)
        self._repo: Any = None
        self._login: str | None = None

    @property
    def repo(self) -> Any:
        if self._repo is None:
            self._repo = self.github.get_repo(self.settings.repository)
        return self._repo

    def default_branch(self) -> str:
        with _translated("read the repository"):
            return str(self.repo.default_branch)

    def login(self) -> str:
        """Who the token acts as. An Actions token cannot read /user: it is the Actions bot."""
        if self._login is None:
            try:
                self._login = self.github.get_user().login
            except GithubException:
                self._login = ACTIONS_BOT
        return self._login

    def _comments(self, number: int) -> Iterator[IssueComment]:
        issue = self.repo.get_issue(number)
        yield from issue.get_comments()

    def our_comments(self, number: int) -> list[IssueComment]:
        """The comments this token's account wrote on issue or pull request `number`."""
        with _translated(f"read the comments of #{number}"):
            login = self.login()
            return [c for c in self._comments(number) if c.user.login == login]

    def find_marked(self, number: int, marker: str) -> IssueComment | None:
        """Our comment carrying `marker` on issue or pull request `number`."""
        return next((c for c in self.our_comments(number) if marker in (c.body or "")), None)

    def upsert_comment(self, number: int, marker: str, body: str) -> str:
        """Create or edit the one marked comment; 'created', 'updated' or 'unchanged'."""
        body = clip(body, MAX_COMMENT)
        with _translated(f"comment on #{number}"):
            existing = self.find_marked(number, marker)
            if existing is not None:
                if existing.body == body:
                    return "unchanged"
                existing.edit(body)
                return "updated"
            created = self.repo.get_issue(number).create_comment(body)
            self._keep_oldest(number, marker, created)
            return "created"

    def _keep_oldest(self, number: int, marker: str, created: IssueComment) -> None:
        """Two runs that both found no marked comment both created one: the newer goes.

        Each run keeps the oldest and deletes its own if it is not that one, so the
        race ends with exactly one, whichever order the runs finish in.
        """
        login = self.login()
        ours = [
            c for c in self._comments(number) if marker in (c.body or "") and c.user.login == login
        ]
        oldest = min(ours, key=lambda c: c.id, default=created)
        if oldest.id != created.id:
            if oldest.body != created.body:
                oldest.edit(created.body)
            created.delete()

    def post_comment(self, number: int, body: str) -> None:
        with _translated(f"comment on #{number}"):
            self.repo.get_issue(number).create_comment(clip(body, MAX_COMMENT))

    def read_file(self, path: str, ref: str) -> tuple[str, str] | None:
        """(text, blob sha) of a file on a branch, or None when it does not exist."""
        with _translated(f"read {path} on {ref}"):
            try:
                content = self.repo.get_contents(path, ref=ref)
            except GithubException as e:
                if e.status == 404 and not _rate_limited(e):
                    return None  # no such file (yet)
                raise
        if isinstance(content, list):
            raise GitHubError(f"{path} on {ref} is a directory, not a file")
        return content.decoded_content.decode("utf-8"), content.sha

    def write_file(
        self, path: str, text: str, *, branch: str, sha: str | None, message: str
    ) -> str:
        """Commit `text` to `path` on `branch`; `sha` is the blob being replaced (None: new)."""
        with _translated(f"write {path} on {branch}", conflicts=True):
            if sha is None:
                result = self.repo.create_file(path, message, text, branch=branch)
            else:
                result = self.repo.update_file(path, message, text, sha, branch=branch)
        return str(result["commit"].sha)

    # -- reviews (consumer reviews on breaking contract changes: charter.bot.reviews) ------

    def reviews(self, number: int) -> list[tuple[str, str, str]]:
        """(login, state, commit id) of every review of pull request `number`, oldest first."""
        with _translated(f"read the reviews of #{number}"):
            return [
                (r.user.login if r.user else "", str(r.state), str(r.commit_id or ""))
                for r in self.repo.get_pull(number).get_reviews()
            ]

    def review_requests(self, number: int) -> tuple[list[str], list[str]]:
        """(user logins, team slugs) pull request `number` still waits on."""
        with _translated(f"read the review requests of #{number}"):
            users, teams = self.repo.get_pull(number).get_review_requests()
            return [u.login for u in users], [t.slug for t in teams]

    def request_reviews(self, number: int, users: list[str], teams: list[str]) -> None:
        """Ask users and teams (slugs of the repository owner's organisation) to review."""
        with _translated(f"request reviews on #{number}"):
            self.repo.get_pull(number).create_review_request(
                reviewers=users or NotSet, team_reviewers=teams or NotSet
            )

    def in_team(self, org: str, slug: str, login: str) -> bool | None:
        """Whether `login` is an active member of team `org/slug`; None when this token
        may not tell (reading a team needs the organisation's members permission)."""
        path = f"/orgs/{quote(org)}/teams/{quote(slug)}/memberships/{quote(login)}"
        try:
            _, data = self.github.requester.requestJsonAndCheck("GET", path)
        except GithubException as e:
            if e.status == 404:
                return False
            return None
        except RequestException:
            return None
        return isinstance(data, dict) and data.get("state") == "active"


def clip(text: str, limit: int, note: str = "\n\n_(truncated by charter)_\n") -> str:
    """`text` cut to at most `limit` characters, saying so."""
    if len(text) <= limit:
        return text
    return text[: limit - len(note)] + note
