"""A thin layer over PyGithub: the few calls the bot makes, with bounded retries.

Retries cover idempotent methods only. A POST that failed may still have been applied,
so creating a comment always looks for the marked one first: a retried run never
leaves two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from charter.bot.settings import Settings
from github import Auth, Github, GithubException
from github.GithubRetry import GithubRetry
from github.IssueComment import IssueComment

ACTIONS_BOT = "github-actions[bot]"
MAX_COMMENT = 65_000  # GitHub refuses bodies over 65,536 characters


class Forbidden(Exception):
    """The token may not do this (a fork's read-only token, missing permission)."""


class Conflict(Exception):
    """The file changed since it was read (409), or its sha was refused (422)."""


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


def _is_forbidden(error: GithubException) -> bool:
    return error.status in (401, 403, 404) and not _rate_limited(error)


def _rate_limited(error: GithubException) -> bool:
    headers = error.headers or {}
    return error.status in (403, 429) and (
        headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers
    )


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

    def find_marked(self, number: int, marker: str) -> IssueComment | None:
        """Our comment carrying `marker` on issue or pull request `number`."""
        login = self.login()
        for comment in self._comments(number):
            if marker in (comment.body or "") and comment.user.login == login:
                return comment
        return None

    def upsert_comment(self, number: int, marker: str, body: str) -> str:
        """Create or edit the one marked comment; 'created', 'updated' or 'unchanged'."""
        body = clip(body, MAX_COMMENT)
        try:
            existing = self.find_marked(number, marker)
            if existing is not None:
                if existing.body == body:
                    return "unchanged"
                existing.edit(body)
                return "updated"
            self.repo.get_issue(number).create_comment(body)
            return "created"
        except GithubException as e:
            if _is_forbidden(e):
                raise Forbidden(f"the token may not comment on #{number} ({e.status})") from None
            raise

    def post_comment(self, number: int, body: str) -> None:
        try:
            self.repo.get_issue(number).create_comment(clip(body, MAX_COMMENT))
        except GithubException as e:
            if _is_forbidden(e):
                raise Forbidden(f"the token may not comment on #{number} ({e.status})") from None
            raise

    def read_file(self, path: str, ref: str) -> tuple[str, str] | None:
        """(text, blob sha) of a file on a branch, or None when it does not exist."""
        try:
            content = self.repo.get_contents(path, ref=ref)
        except GithubException as e:
            if e.status == 404:
                return None
            raise
        if isinstance(content, list):
            raise GithubException(422, {"message": f"{path} is a directory"}, None)
        return content.decoded_content.decode("utf-8"), content.sha

    def write_file(
        self, path: str, text: str, *, branch: str, sha: str | None, message: str
    ) -> str:
        """Commit `text` to `path` on `branch`; `sha` is the blob being replaced (None: new)."""
        try:
            if sha is None:
                result = self.repo.create_file(path, message, text, branch=branch)
            else:
                result = self.repo.update_file(path, message, text, sha, branch=branch)
        except GithubException as e:
            if _is_forbidden(e):
                raise Forbidden(f"the token may not write {path} ({e.status})") from None
            if e.status in (409, 422):
                raise Conflict(
                    f"{path} changed on {branch} since it was read ({e.status})"
                ) from None
            raise
        return str(result["commit"].sha)


def clip(text: str, limit: int, note: str = "\n\n_(truncated by charter)_\n") -> str:
    """`text` cut to at most `limit` characters, saying so."""
    if len(text) <= limit:
        return text
    return text[: limit - len(note)] + note
