"""The Emulator: the one class tests use, with its lifecycle and test helpers."""

from __future__ import annotations

import contextlib
import copy
import re
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

from .handlers import Handlers
from .model import (
    ACTIONS_BOT_ID,
    DEFAULT_PERMISSIONS,
    LEVELS,
    Fault,
    Issue,
    Json,
    RequestRecord,
    Token,
    iso,
    node_id,
)
from .plumbing import _fault_body
from .server import _RequestHandler, _Server


class Emulator(Handlers):
    """GitHub's REST API for one repository, backed by the bare git repository `bare`
    (created, empty, if it does not exist).

    For assertions: `requests` (RequestRecord per request, never a token), `errors`
    (tracebacks of handler crashes, served as 500; a test should expect none), `ref_races`
    (contents writes redone because a push moved the branch between read and update).
    """

    def __init__(
        self,
        bare: Path,
        *,
        owner: str = "acme",
        name: str = "app",
        default_branch: str = "main",
        repo_id: int = 1296269,
    ) -> None:
        self.bare = Path(bare)
        self.owner = owner
        self.name = name
        self.default_branch = default_branch
        self.repo_id = repo_id
        if not self.bare.exists():
            self.bare.mkdir(parents=True)
            self._git("init", "-q", "--bare", "-b", default_branch)
        self.requests: list[RequestRecord] = []
        self.errors: list[str] = []  # tracebacks of handler crashes (served as 500)
        self.ref_races = 0  # contents writes redone because a push moved the branch meanwhile
        self._tokens: dict[str, Token] = {}
        self._faults: list[Fault] = []
        self._issues: dict[int, Issue] = {}
        self._comments: dict[int, dict[str, Json]] = {}
        self._user_ids: dict[str, int] = {"github-actions[bot]": ACTIONS_BOT_ID}
        self._used: dict[str, int] = {}
        self._next_comment = 1_000_000_001
        self._next_review = 80_000_001
        self._teams: dict[str, set[str]] = {}  # team slug (in the owner organisation) -> logins
        self._reset = int(time.time()) + 3600
        self._created = iso(time.time() - 86400)
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Emulator:
        server = _Server(("127.0.0.1", 0), _RequestHandler)
        server.emulator = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="github-emulator"
        )
        self._thread.start()
        return self

    def close(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        thread.join()
        for conn in list(server.connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()  # joins the connection threads
        self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- test helpers ----------------------------------------------------------------------

    def add_token(
        self,
        token: str,
        *,
        login: str = "github-actions[bot]",
        permissions: dict[str, str] | None = None,
        app: bool = True,
    ) -> None:
        """Accept `token` as `login`; `permissions` maps contents/pull_requests/issues to
        'read' or 'write' (default: write to all three). `app` tokens cannot read /user."""
        perms = dict(DEFAULT_PERMISSIONS if permissions is None else permissions)
        for scope, level in perms.items():
            if level not in LEVELS:
                raise ValueError(f"permission {scope}={level!r}: use read or write")
        with self._lock:
            self._tokens[token] = Token(login=login, permissions=perms, app=app)

    def create_issue(self, title: str, body: str = "", *, user: str = "octocat") -> int:
        with self._lock:
            number = len(self._issues) + 1
            self._issues[number] = Issue(number, title, body, user, iso(time.time()))
            return number

    def create_pull(
        self,
        head: str,
        base: str | None = None,
        title: str = "A pull request",
        body: str = "",
        *,
        user: str = "octocat",
        draft: bool = False,
    ) -> int:
        """Open a pull request from branch `head` into `base` (both must exist in the bare
        repository); its number comes from the sequence issues use, as on GitHub."""
        base = base or self.default_branch
        for branch in (head, base):
            if self._resolve(f"refs/heads/{branch}") is None:
                raise ValueError(f"no branch {branch!r} in {self.bare}")
        with self._lock:
            number = self.create_issue(title, body, user=user)
            issue = self._issues[number]
            issue.head, issue.base, issue.draft = head, base, draft
            return number

    def comments(self, number: int) -> list[dict[str, Json]]:
        """The comments on issue or pull request `number`, oldest first, as served."""
        with self._lock:
            return [copy.deepcopy(self._comments[i]) for i in self._issues[number].comments]

    def set_comment(
        self, comment_id: int, *, body: str | None = None, updated: float | None = None
    ) -> None:
        """Change a comment behind the API's back, e.g. to make it look edited long ago."""
        with self._lock:
            comment = self._comments[comment_id]
            if body is not None:
                comment["body"] = body
            if updated is not None:
                comment["updated_at"] = iso(updated)

    def inject(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Json = None,
    ) -> None:
        """Answer the next `times` requests whose method is `method` ('*' for any) and whose
        path (after /api/v3, without the query) matches `path_regex` (re.search) with
        `status`. The body defaults to GitHub's for that status: a 403 carrying
        `x-ratelimit-remaining: 0` is a primary rate limit, a 429 a secondary one."""
        fault_headers = {k.lower(): v for k, v in (headers or {}).items()}
        if body is None:
            body = _fault_body(status, fault_headers)
        with self._lock:
            self._faults.append(
                Fault(method.upper(), re.compile(path_regex), status, times, fault_headers, body)
            )

    def add_team(self, slug: str, members: list[str]) -> None:
        """A team of the owner organisation (`@{owner}/{slug}`) with these members."""
        with self._lock:
            self._teams[slug] = set(members)

    def submit_review(
        self, number: int, login: str, state: str = "APPROVED", *, commit: str | None = None
    ) -> int:
        """`login` reviews pull request `number` (at `commit`, default its head), as the web
        page does: the pending request for them, and for a team of theirs, is fulfilled."""
        if state not in ("APPROVED", "CHANGES_REQUESTED", "COMMENTED"):
            raise ValueError(state)
        with self._lock:
            issue = self._issues[number]
            assert issue.head is not None
            commit = commit or self._resolve(f"refs/heads/{issue.head}")
            rid = self._next_review
            self._next_review += 1
            html = f"{self.html_url}/pull/{number}#pullrequestreview-{rid}"
            api = f"{self.repo_url}/pulls/{number}"
            issue.reviews.append(
                {
                    "id": rid,
                    "node_id": node_id("PullRequestReview", rid),
                    "user": self._user(login),
                    "body": "",
                    "state": state,
                    "html_url": html,
                    "pull_request_url": api,
                    "_links": {"html": {"href": html}, "pull_request": {"href": api}},
                    "submitted_at": iso(time.time()),
                    "commit_id": commit,
                    "author_association": "MEMBER",
                }
            )
            if login in issue.requested_users:
                issue.requested_users.remove(login)
            issue.requested_teams = [
                t for t in issue.requested_teams if login not in self._teams.get(t, set())
            ]
            return rid

    def dismiss_review(self, number: int, review_id: int) -> None:
        with self._lock:
            for review in self._issues[number].reviews:
                if review["id"] == review_id:
                    review["state"] = "DISMISSED"
                    return
        raise KeyError(review_id)

    def review_requests(self, number: int) -> tuple[list[str], list[str]]:
        """(users, team slugs) whose review pull request `number` is waiting for."""
        with self._lock:
            issue = self._issues[number]
            return list(issue.requested_users), list(issue.requested_teams)
