"""A loopback GitHub REST API for tests: real PyGithub talks HTTP to it, no mocks.

The emulated repository is backed by a real bare git repository, so a test can `git push`
to it and `git fetch` from it as a remote while the contents API reads and writes the same
commits (blob `sha`s are real git blob ids; writes are real commits made with plumbing and
moved onto the branch with a compare-and-swap `git update-ref`). Issues, pull requests and
comments live in memory.

    with Emulator(bare=tmp_path / "app.git", owner="acme", name="app") as emu:
        emu.add_token("t0ken", login="github-actions[bot]", permissions={"contents": "read"})
        number = emu.create_pull("feature", "main", title="Add a thing")
        gh = github.Github(base_url=emu.url, auth=github.Auth.Token("t0ken"))
        ...
        gh.close()

Served under the enterprise-style prefix `/api/v3` on 127.0.0.1 (port chosen by the OS):

    GET   /repos/{o}/{r}
    GET   /user                       (403 for app tokens, as for GITHUB_TOKEN)
    GET   /rate_limit
    GET   /repos/{o}/{r}/git/ref/{ref}       and /git/refs/{ref}
    GET   /repos/{o}/{r}/branches/{branch}
    GET   /repos/{o}/{r}/commits/{ref}
    GET   /repos/{o}/{r}/contents/{path}?ref=
    PUT   /repos/{o}/{r}/contents/{path}
    GET   /repos/{o}/{r}/pulls/{n}
    GET   /repos/{o}/{r}/pulls/{n}/files     (paginated, at most 3000 files)
    GET   /repos/{o}/{r}/issues/{n}
    GET   /repos/{o}/{r}/issues/{n}/comments (paginated)
    POST  /repos/{o}/{r}/issues/{n}/comments
    GET   /repos/{o}/{r}/issues/comments/{id}
    PATCH /repos/{o}/{r}/issues/comments/{id}

Anything else is a 404, as GitHub answers unknown routes. Tokens are never logged or echoed:
`requests` records who made each request by login only.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import json
import math
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

PREFIX = "/api/v3"
ZERO_OID = "0" * 40
DOCS = "https://docs.github.com/rest"
RATE_LIMIT = 5000
MAX_PR_FILES = 3000
ACTIONS_BOT_ID = 41898282
NOT_ACCESSIBLE = {
    True: "Resource not accessible by integration",
    False: "Resource not accessible by personal access token",
}
DEFAULT_PERMISSIONS = {"contents": "write", "pull_requests": "write", "issues": "write"}
LEVELS = {"none": 0, "read": 1, "write": 2}
Json = Any


class RequestRecord(NamedTuple):
    """One request as served: `identity` is the token's login, 'anonymous' or 'bad-token'."""

    method: str
    path: str  # without the query string
    status: int
    identity: str
    query: str = ""


@dataclass
class Token:
    login: str
    permissions: dict[str, str]
    app: bool


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    headers: dict[str, str]
    body: Json


@dataclass
class Issue:
    number: int
    title: str
    body: str
    user: str
    created_at: str
    head: str | None = None  # set for pull requests
    base: str | None = None
    draft: bool = False
    comments: list[int] = field(default_factory=list)

    @property
    def is_pull(self) -> bool:
        return self.head is not None


@dataclass
class Request:
    method: str
    path: str  # after the /api/v3 prefix, percent-encoded as received
    query: list[tuple[str, str]]
    body: Json
    token: Token | None
    match: re.Match[str]

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)

    def group(self, name: str) -> str:
        return unquote(self.match.group(name) or "")


@dataclass
class Response:
    status: int
    body: Json = None
    headers: dict[str, str] = field(default_factory=dict)


class HTTPError(Exception):
    def __init__(self, status: int, message: str, **extra: Json) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "documentation_url": DOCS, "status": str(status), **extra}


class GitError(Exception):
    pass


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"0{len(kind):02d}:{kind}{number}".encode()).decode()


def encode_content(data: bytes) -> str:
    """Base64 in 60-character lines, as GitHub sends file contents."""
    text = base64.b64encode(data).decode()
    return "".join(text[i : i + 60] + "\n" for i in range(0, len(text), 60))


Handler = Callable[["Emulator", Request], Response]
ROUTES: list[tuple[str, re.Pattern[str], str]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler; `{repo}` stands for /repos/{owner}/{name}."""
    pattern = pattern.replace("{repo}", r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)")

    def register(handler: Handler) -> Handler:
        ROUTES.append((method, re.compile(pattern), handler.__name__))
        return handler

    return register


class Emulator:
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

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The API base URL for PyGithub's `base_url`."""
        return self.origin + PREFIX

    @property
    def repo_url(self) -> str:
        return f"{self.url}/repos/{self.owner}/{self.name}"

    @property
    def html_url(self) -> str:
        return f"{self.origin}/{self.owner}/{self.name}"

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

    # -- git -------------------------------------------------------------------------------

    def _git(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> bytes:
        full_env = {**os.environ, "GIT_DIR": str(self.bare), **(env or {})}
        proc = subprocess.run(
            ("git", *args),
            input=input,
            capture_output=True,
            env=full_env,
            cwd=self.bare,
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(f"git {args[0]}: {proc.stderr.decode(errors='replace').strip()}")
        return proc.stdout

    def _resolve(self, ref: str) -> str | None:
        """The commit `ref` names (branch, tag, full ref or sha), or None."""
        if not ref or ref.startswith("-"):
            return None
        for candidate in (f"refs/heads/{ref}", f"refs/tags/{ref}", ref):
            try:
                out = self._git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
            except GitError:
                continue
            return out.decode().strip()
        return None

    def _ls_tree(self, commit: str, path: str) -> list[tuple[str, str, str, int | None, str]]:
        """(mode, type, sha, size, path) of `path` (the entries inside, for `path/`)."""
        args = ("--", path) if path else ()
        out = self._git("ls-tree", "--full-tree", "-z", "-l", commit, *args)
        entries = []
        for record in out.decode("utf-8", "surrogateescape").split("\0"):
            if not record:
                continue
            meta, name = record.split("\t", 1)
            mode, kind, sha, size = meta.split()
            entries.append((mode, kind, sha, None if size == "-" else int(size), name))
        return entries

    def _commit_info(self, sha: str) -> dict[str, Json]:
        fmt = "%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B"
        fields = self._git("show", "-s", f"--format={fmt}", sha).decode().split("\0", 9)
        return {
            "sha": fields[0],
            "tree": fields[1],
            "parents": fields[2].split(),
            "author": {"name": fields[3], "email": fields[4], "date": iso(int(fields[5]))},
            "committer": {"name": fields[6], "email": fields[7], "date": iso(int(fields[8]))},
            "message": fields[9].rstrip("\n"),
        }

    def _diff(self, base: str, head: str) -> list[dict[str, Json]]:
        """GitHub's diff entries for `base...head` (from the merge base, renames found)."""
        try:
            start = self._git("merge-base", base, head).decode().strip()
        except GitError:
            start = base
        raw = self._git("diff", "-z", "--raw", "-M", "--no-abbrev", start, head).decode(
            "utf-8", "surrogateescape"
        )
        numstat = self._git("diff", "-z", "--numstat", "-M", start, head).decode(
            "utf-8", "surrogateescape"
        )
        patch = self._git("diff", "-M", "--no-color", "--no-ext-diff", start, head).decode(
            "utf-8", "replace"
        )
        parts = raw.split("\0")
        counts = numstat.split("\0")
        chunks = re.split(r"^(?=diff --git )", patch, flags=re.M)[1:]
        entries: list[dict[str, Json]] = []
        i = j = 0
        statuses = {"A": "added", "D": "removed", "M": "modified", "R": "renamed", "T": "changed"}
        while i < len(parts) and parts[i]:
            _, _, old_sha, new_sha, letter = parts[i].lstrip(":").split()
            paths = [parts[i + 1]]
            i += 2
            if letter[0] in "RC":
                paths.append(parts[i])
                i += 1
            added, deleted, _ = (counts[j] + "\t").split("\t", 2)
            j += 3 if letter[0] in "RC" else 1
            filename = paths[-1]
            status = statuses.get(letter[0], "modified")
            additions = int(added) if added.isdigit() else 0
            deletions = int(deleted) if deleted.isdigit() else 0
            entry: dict[str, Json] = {
                "sha": old_sha if status == "removed" else new_sha,
                "filename": filename,
                "status": status,
                "additions": additions,
                "deletions": deletions,
                "changes": additions + deletions,
                "blob_url": f"{self.html_url}/blob/{head}/{quote(filename)}",
                "raw_url": f"{self.html_url}/raw/{head}/{quote(filename)}",
                "contents_url": f"{self.repo_url}/contents/{quote(filename)}?ref={head}",
            }
            chunk = chunks[len(entries)] if len(entries) < len(chunks) else ""
            if "\n@@" in chunk:
                entry["patch"] = chunk[chunk.index("\n@@") + 1 :].rstrip("\n")
            if status == "renamed":
                entry["previous_filename"] = paths[0]
            entries.append(entry)
        return entries

    def _commit_tree_with(
        self,
        tip: str | None,
        path: str,
        data: bytes,
        mode: str,
        message: str,
        author: dict[str, str],
        committer: dict[str, str],
    ) -> str:
        """A new commit: `tip`'s tree with `path` set to `data` (plumbing, no work tree)."""
        blob = self._git("hash-object", "-w", "--stdin", input=data).decode().strip()
        with tempfile.TemporaryDirectory(prefix="emu-index-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if tip is not None:
                self._git("read-tree", tip, env=env)
            self._git("update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=env)
            tree = self._git("write-tree", env=env).decode().strip()
        now = str(int(time.time()))
        env = {
            "GIT_AUTHOR_NAME": author["name"],
            "GIT_AUTHOR_EMAIL": author["email"],
            "GIT_AUTHOR_DATE": f"@{now} +0000",
            "GIT_COMMITTER_NAME": committer["name"],
            "GIT_COMMITTER_EMAIL": committer["email"],
            "GIT_COMMITTER_DATE": f"@{now} +0000",
        }
        parents = ("-p", tip) if tip is not None else ()
        return (
            self._git("commit-tree", tree, *parents, "-F", "-", input=message.encode(), env=env)
            .decode()
            .strip()
        )

    # -- JSON builders ---------------------------------------------------------------------

    def _user_id(self, login: str) -> int:
        with self._lock:
            return self._user_ids.setdefault(login, 1000 + len(self._user_ids))

    def _user(self, login: str) -> dict[str, Json]:
        uid = self._user_id(login)
        url = f"{self.url}/users/{quote(login)}"
        kind = (
            "Bot"
            if login.endswith("[bot]")
            else ("Organization" if login == self.owner else "User")
        )
        return {
            "login": login,
            "id": uid,
            "node_id": node_id("User", uid),
            "avatar_url": f"{self.origin}/avatars/u/{uid}?v=4",
            "gravatar_id": "",
            "url": url,
            "html_url": f"{self.origin}/{quote(login)}",
            "followers_url": f"{url}/followers",
            "following_url": f"{url}/following{{/other_user}}",
            "gists_url": f"{url}/gists{{/gist_id}}",
            "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{url}/subscriptions",
            "organizations_url": f"{url}/orgs",
            "repos_url": f"{url}/repos",
            "events_url": f"{url}/events{{/privacy}}",
            "received_events_url": f"{url}/received_events",
            "type": kind,
            "user_view_type": "public",
            "site_admin": False,
        }

    def _noreply(self, login: str) -> dict[str, str]:
        return {"name": login, "email": f"{self._user_id(login)}+{login}@users.noreply.github.com"}

    def _repository(self, token: Token | None, *, full: bool) -> dict[str, Json]:
        api, html = self.repo_url, self.html_url
        pushed = self._resolve(self.default_branch)
        repo: dict[str, Json] = {
            "id": self.repo_id,
            "node_id": node_id("Repository", self.repo_id),
            "name": self.name,
            "full_name": f"{self.owner}/{self.name}",
            "private": False,
            "owner": self._user(self.owner),
            "html_url": html,
            "description": None,
            "fork": False,
            "url": api,
            "homepage": None,
            "language": "Python",
            "size": 0,
            "default_branch": self.default_branch,
            "visibility": "public",
            "license": None,
            "mirror_url": None,
            "archived": False,
            "disabled": False,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "forks": 0,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers": 0,
            "watchers_count": 0,
            "open_issues": len(self._issues),
            "open_issues_count": len(self._issues),
            "created_at": self._created,
            "updated_at": self._created,
            "pushed_at": self._commit_info(pushed)["committer"]["date"] if pushed else None,
            "git_url": f"git://127.0.0.1/{self.owner}/{self.name}.git",
            "ssh_url": f"git@127.0.0.1:{self.owner}/{self.name}.git",
            "clone_url": f"{html}.git",
            "svn_url": html,
        }
        for key, suffix in [
            ("archive_url", "/{archive_format}{/ref}"),
            ("assignees_url", "/assignees{/user}"),
            ("blobs_url", "/git/blobs{/sha}"),
            ("branches_url", "/branches{/branch}"),
            ("collaborators_url", "/collaborators{/collaborator}"),
            ("comments_url", "/comments{/number}"),
            ("commits_url", "/commits{/sha}"),
            ("compare_url", "/compare/{base}...{head}"),
            ("contents_url", "/contents/{+path}"),
            ("contributors_url", "/contributors"),
            ("deployments_url", "/deployments"),
            ("downloads_url", "/downloads"),
            ("events_url", "/events"),
            ("forks_url", "/forks"),
            ("git_commits_url", "/git/commits{/sha}"),
            ("git_refs_url", "/git/refs{/sha}"),
            ("git_tags_url", "/git/tags{/sha}"),
            ("hooks_url", "/hooks"),
            ("issue_comment_url", "/issues/comments{/number}"),
            ("issue_events_url", "/issues/events{/number}"),
            ("issues_url", "/issues{/number}"),
            ("keys_url", "/keys{/key_id}"),
            ("labels_url", "/labels{/name}"),
            ("languages_url", "/languages"),
            ("merges_url", "/merges"),
            ("milestones_url", "/milestones{/number}"),
            ("notifications_url", "/notifications{?since,all,participating}"),
            ("pulls_url", "/pulls{/number}"),
            ("releases_url", "/releases{/id}"),
            ("stargazers_url", "/stargazers"),
            ("statuses_url", "/statuses/{sha}"),
            ("subscribers_url", "/subscribers"),
            ("subscription_url", "/subscription"),
            ("tags_url", "/tags"),
            ("teams_url", "/teams"),
            ("trees_url", "/git/trees{/sha}"),
        ]:
            repo[key] = api + suffix
        if token is not None:
            push = token.permissions.get("contents") == "write"
            repo["permissions"] = {
                "admin": False,
                "maintain": False,
                "push": push,
                "triage": push,
                "pull": True,
            }
        if full:
            repo.update(network_count=0, subscribers_count=0, organization=self._user(self.owner))
        return repo

    def _content_entry(
        self, mode: str, kind: str, sha: str, size: int | None, path: str, ref: str
    ) -> dict[str, Json]:
        api = f"{self.repo_url}/contents/{quote(path)}?ref={quote(ref, safe='')}"
        git = f"{self.repo_url}/git/{'trees' if kind == 'tree' else 'blobs'}/{sha}"
        html = f"{self.html_url}/{'tree' if kind == 'tree' else 'blob'}/{quote(ref)}/{quote(path)}"
        content_type = {"tree": "dir", "commit": "submodule"}.get(kind, "file")
        if mode == "120000":
            content_type = "symlink"
        return {
            "type": content_type,
            "size": size or 0,
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": sha,
            "url": api,
            "git_url": git if kind != "commit" else None,
            "html_url": html if kind != "commit" else None,
            "download_url": f"{self.html_url}/raw/{quote(ref)}/{quote(path)}"
            if content_type == "file"
            else None,
            "_links": {"self": api, "git": git, "html": html},
        }

    def _commit_json(self, sha: str, *, files: bool) -> dict[str, Json]:
        info = self._commit_info(sha)
        api = f"{self.repo_url}/commits/{sha}"
        out: dict[str, Json] = {
            "url": api,
            "sha": sha,
            "node_id": node_id("Commit", int(sha[:7], 16)),
            "html_url": f"{self.html_url}/commit/{sha}",
            "comments_url": f"{api}/comments",
            "commit": {
                "url": f"{self.repo_url}/git/commits/{sha}",
                "author": info["author"],
                "committer": info["committer"],
                "message": info["message"],
                "comment_count": 0,
                "tree": {"sha": info["tree"], "url": f"{self.repo_url}/git/trees/{info['tree']}"},
                "verification": _unsigned(),
            },
            "author": None,
            "committer": None,
            "parents": [
                {
                    "sha": p,
                    "url": f"{self.repo_url}/commits/{p}",
                    "html_url": f"{self.html_url}/commit/{p}",
                }
                for p in info["parents"]
            ],
        }
        if files:
            parent = info["parents"][0] if info["parents"] else _empty_tree(self)
            entries = self._diff(parent, sha)
            additions = sum(e["additions"] for e in entries)
            deletions = sum(e["deletions"] for e in entries)
            out["stats"] = {
                "total": additions + deletions,
                "additions": additions,
                "deletions": deletions,
            }
            out["files"] = entries[:300]
        return out

    def _issue_json(self, issue: Issue) -> dict[str, Json]:
        api = f"{self.repo_url}/issues/{issue.number}"
        out: dict[str, Json] = {
            "id": 2_000_000 + issue.number,
            "node_id": node_id("Issue", 2_000_000 + issue.number),
            "url": api,
            "repository_url": self.repo_url,
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": f"{self.html_url}/{'pull' if issue.is_pull else 'issues'}/{issue.number}",
            "number": issue.number,
            "state": "open",
            "state_reason": None,
            "title": issue.title,
            "body": issue.body or None,
            "user": self._user(issue.user),
            "labels": [],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "locked": False,
            "active_lock_reason": None,
            "comments": len(issue.comments),
            "closed_at": None,
            "created_at": issue.created_at,
            "updated_at": issue.created_at,
            "author_association": "CONTRIBUTOR",
            "timeline_url": f"{api}/timeline",
        }
        if issue.is_pull:
            pull = f"{self.repo_url}/pulls/{issue.number}"
            html = f"{self.html_url}/pull/{issue.number}"
            out["draft"] = issue.draft
            out["pull_request"] = {
                "url": pull,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        return out

    def _pull_json(self, issue: Issue, token: Token | None) -> dict[str, Json]:
        assert issue.head is not None and issue.base is not None
        head_sha = self._resolve(f"refs/heads/{issue.head}")
        base_sha = self._resolve(f"refs/heads/{issue.base}")
        if head_sha is None or base_sha is None:
            raise HTTPError(404, "Not Found")
        entries = self._diff(base_sha, head_sha)
        commits = self._git("rev-list", "--count", f"{base_sha}..{head_sha}").decode().strip()
        api = f"{self.repo_url}/pulls/{issue.number}"
        html = f"{self.html_url}/pull/{issue.number}"
        issue_api = f"{self.repo_url}/issues/{issue.number}"
        repo = self._repository(token, full=False)

        def end(branch: str, sha: str) -> dict[str, Json]:
            return {
                "label": f"{self.owner}:{branch}",
                "ref": branch,
                "sha": sha,
                "user": self._user(self.owner),
                "repo": repo,
            }

        return {
            "url": api,
            "id": 3_000_000 + issue.number,
            "node_id": node_id("PullRequest", 3_000_000 + issue.number),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_api,
            "commits_url": f"{api}/commits",
            "review_comments_url": f"{api}/comments",
            "review_comment_url": f"{self.repo_url}/pulls/comments{{/number}}",
            "comments_url": f"{issue_api}/comments",
            "statuses_url": f"{self.repo_url}/statuses/{head_sha}",
            "number": issue.number,
            "state": "open",
            "locked": False,
            "title": issue.title,
            "user": self._user(issue.user),
            "body": issue.body or None,
            "labels": [],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": issue.created_at,
            "updated_at": issue.created_at,
            "closed_at": None,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "head": end(issue.head, head_sha),
            "base": end(issue.base, base_sha),
            "_links": {
                name: {"href": href}
                for name, href in [
                    ("self", api),
                    ("html", html),
                    ("issue", issue_api),
                    ("comments", f"{issue_api}/comments"),
                    ("review_comments", f"{api}/comments"),
                    ("review_comment", f"{self.repo_url}/pulls/comments{{/number}}"),
                    ("commits", f"{api}/commits"),
                    ("statuses", f"{self.repo_url}/statuses/{head_sha}"),
                ]
            },
            "author_association": "CONTRIBUTOR",
            "auto_merge": None,
            "draft": issue.draft,
            "merged": False,
            "mergeable": True,
            "rebaseable": True,
            "mergeable_state": "clean",
            "merged_by": None,
            "comments": len(issue.comments),
            "review_comments": 0,
            "maintainer_can_modify": False,
            "commits": int(commits),
            "additions": sum(e["additions"] for e in entries),
            "deletions": sum(e["deletions"] for e in entries),
            "changed_files": len(entries),
        }

    # -- request plumbing ------------------------------------------------------------------

    def _paginate(self, items: list[Json], req: Request, *, cap: int | None = None) -> Response:
        """One page of `items` with GitHub's `Link` header (prev, next, last, first)."""
        if cap is not None:
            items = items[:cap]
        per_page = _int(req.param("per_page"), 30)
        per_page = min(max(per_page, 1), 100)
        page = max(_int(req.param("page"), 1), 1)
        last = max(1, math.ceil(len(items) / per_page))
        body = items[(page - 1) * per_page : page * per_page]
        kept = [(k, v) for k, v in req.query if k != "page"]

        def link(number: int, rel: str) -> str:
            query = urlencode([*kept, ("page", str(number))])
            return f'<{self.url}{req.path}?{query}>; rel="{rel}"'

        links = []
        if page > 1:
            links.append(link(min(page - 1, last), "prev"))
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links.append(link(1, "first"))
        return Response(200, body, {"Link": ", ".join(links)} if links else {})

    def _need(self, req: Request, scope: str, level: str, *, alt: str | None = None) -> None:
        token = req.token
        if token is None:
            if level == "read":
                return  # the repository is public
            raise HTTPError(401, "Requires authentication")
        have = max(LEVELS[token.permissions.get(s, "none")] for s in filter(None, (scope, alt)))
        if have < LEVELS[level]:
            raise HTTPError(403, NOT_ACCESSIBLE[token.app])

    def _issue(self, req: Request) -> Issue:
        with self._lock:
            issue = self._issues.get(int(req.group("number")))
        if issue is None:
            raise HTTPError(404, "Not Found")
        return issue

    def _comment(self, req: Request) -> tuple[Issue, dict[str, Json]]:
        with self._lock:
            comment = self._comments.get(int(req.group("id")))
            if comment is None:
                raise HTTPError(404, "Not Found")
            return self._issues[comment["_issue"]], comment

    def _need_issue(self, req: Request, issue: Issue, level: str) -> None:
        # comments on a pull request may be made with either permission
        self._need(req, "issues", level, alt="pull_requests" if issue.is_pull else None)

    def dispatch(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> Response:
        split = urlsplit(target)
        path = split.path
        query = parse_qsl(split.query, keep_blank_values=True)
        token, identity = self._authenticate(headers)
        try:
            response = self._dispatch(method, path, query, token, headers, raw)
        except HTTPError as e:
            response = Response(e.status, e.body)
        except Exception:
            self.errors.append(traceback.format_exc())
            response = Response(
                500, {"message": "Server Error", "documentation_url": DOCS, "status": "500"}
            )
        rate = self._rate_headers(identity, count=not path.endswith("/rate_limit"))
        response.headers = {**rate, **response.headers}
        response.headers.setdefault("x-github-request-id", _request_id())
        with self._lock:
            self.requests.append(
                RequestRecord(method, path, response.status, identity, split.query)
            )
        return response

    def _authenticate(self, headers: dict[str, str]) -> tuple[Token | None, str]:
        value = headers.get("authorization", "")
        if not value:
            return None, "anonymous"
        scheme, _, secret = value.partition(" ")
        with self._lock:
            token = (
                self._tokens.get(secret.strip()) if scheme.lower() in ("token", "bearer") else None
            )
        return (token, token.login) if token else (None, "bad-token")

    def _dispatch(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        token: Token | None,
        headers: dict[str, str],
        raw: bytes,
    ) -> Response:
        if not path.startswith(PREFIX + "/"):
            raise HTTPError(404, "Not Found")
        path = path[len(PREFIX) :]
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.method in ("*", method) and fault.pattern.search(path):
                    fault.times -= 1
                    return Response(fault.status, copy.deepcopy(fault.body), dict(fault.headers))
        if headers.get("authorization") and token is None:
            raise HTTPError(401, "Bad credentials")
        for route_method, pattern, handler_name in ROUTES:
            match = pattern.fullmatch(path)
            if match is None or route_method != method:
                continue
            if "owner" in pattern.groupindex and (
                unquote(match["owner"]).lower(),
                unquote(match["name"]).lower(),
            ) != (self.owner.lower(), self.name.lower()):
                raise HTTPError(404, "Not Found")
            body: Json = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise HTTPError(400, "Problems parsing JSON") from None
            req = Request(method, path, query, body, token, match)
            handler: Handler = getattr(Emulator, handler_name)
            return handler(self, req)
        raise HTTPError(404, "Not Found")

    def _rate_headers(self, identity: str, *, count: bool) -> dict[str, str]:
        with self._lock:
            used = self._used.get(identity, 0) + (1 if count else 0)
            self._used[identity] = used
        return {
            "x-ratelimit-limit": str(RATE_LIMIT),
            "x-ratelimit-remaining": str(max(RATE_LIMIT - used, 0)),
            "x-ratelimit-reset": str(self._reset),
            "x-ratelimit-used": str(used),
            "x-ratelimit-resource": "core",
        }

    # -- handlers --------------------------------------------------------------------------

    @route("GET", r"{repo}")
    def get_repo(self, req: Request) -> Response:
        return Response(200, self._repository(req.token, full=True))

    @route("GET", r"/user")
    def get_user(self, req: Request) -> Response:
        token = req.token
        if token is None:
            raise HTTPError(401, "Requires authentication")
        if token.app:
            raise HTTPError(403, NOT_ACCESSIBLE[True])
        user = self._user(token.login)
        user.update(
            name=token.login,
            company=None,
            blog="",
            location=None,
            email=None,
            hireable=None,
            bio=None,
            twitter_username=None,
            notification_email=None,
            public_repos=1,
            public_gists=0,
            followers=0,
            following=0,
            created_at=self._created,
            updated_at=self._created,
            private_gists=0,
            total_private_repos=0,
            owned_private_repos=0,
            disk_usage=0,
            collaborators=0,
            two_factor_authentication=True,
        )
        return Response(200, user)

    @route("GET", r"/rate_limit")
    def get_rate_limit(self, req: Request) -> Response:
        identity = req.token.login if req.token else "anonymous"
        with self._lock:
            used = self._used.get(identity, 0)
        core = {
            "limit": RATE_LIMIT,
            "remaining": RATE_LIMIT - used,
            "reset": self._reset,
            "used": used,
            "resource": "core",
        }
        other = {"limit": 30, "remaining": 30, "reset": int(time.time()) + 60, "used": 0}
        resources = {
            "core": core,
            "search": {**other, "resource": "search"},
            "graphql": {**other, "limit": 5000, "remaining": 5000, "resource": "graphql"},
        }
        return Response(200, {"resources": resources, "rate": core})

    @route("GET", r"{repo}/git/refs?/(?P<ref>(?:heads|tags)/.+)")
    def get_git_ref(self, req: Request) -> Response:
        self._need(req, "contents", "read")
        ref = "refs/" + req.group("ref")
        try:
            sha = self._git("rev-parse", "--verify", "--quiet", ref).decode().strip()
            kind = self._git("cat-file", "-t", sha).decode().strip()
        except GitError:
            raise HTTPError(404, "Not Found") from None
        return Response(
            200,
            {
                "ref": ref,
                "node_id": node_id("Ref", self.repo_id),
                "url": f"{self.repo_url}/git/{quote(ref)}",
                "object": {"sha": sha, "type": kind, "url": f"{self.repo_url}/git/{kind}s/{sha}"},
            },
        )

    @route("GET", r"{repo}/branches/(?P<branch>.+)")
    def get_branch(self, req: Request) -> Response:
        self._need(req, "contents", "read")
        branch = req.group("branch")
        sha = self._resolve(f"refs/heads/{branch}")
        if sha is None or branch.startswith("-"):
            raise HTTPError(404, "Branch not found")
        api = f"{self.repo_url}/branches/{quote(branch)}"
        return Response(
            200,
            {
                "name": branch,
                "commit": self._commit_json(sha, files=False),
                "_links": {"self": api, "html": f"{self.html_url}/tree/{quote(branch)}"},
                "protected": False,
                "protection": {
                    "enabled": False,
                    "required_status_checks": {
                        "enforcement_level": "off",
                        "contexts": [],
                        "checks": [],
                    },
                },
                "protection_url": f"{api}/protection",
            },
        )

    @route("GET", r"{repo}/commits/(?P<ref>.+)")
    def get_commit(self, req: Request) -> Response:
        self._need(req, "contents", "read")
        ref = req.group("ref")
        sha = self._resolve(ref)
        if sha is None:
            raise HTTPError(422, f"No commit found for SHA: {ref}")
        return Response(200, self._commit_json(sha, files=True))

    @route("GET", r"{repo}/contents(?:/(?P<path>.*))?")
    def get_contents(self, req: Request) -> Response:
        self._need(req, "contents", "read")
        ref = req.param("ref") or self.default_branch
        commit = self._resolve(ref)
        if commit is None:
            raise HTTPError(404, f"No commit found for the ref {ref}")
        path = req.group("path").strip("/")
        if path:
            entries = self._ls_tree(commit, path)
            if not entries:
                raise HTTPError(404, "Not Found")
            mode, kind, sha, size, name = entries[0]
        else:
            mode, kind, sha, size, name = "040000", "tree", "", None, ""
        if kind == "tree":
            children = self._ls_tree(commit, f"{path}/" if path else "")
            return Response(200, [self._content_entry(*child, ref) for child in children])
        entry = self._content_entry(mode, kind, sha, size, name, ref)
        if kind == "blob":
            data = self._git("cat-file", "blob", sha)
            if mode == "120000":
                entry["target"] = data.decode("utf-8", "replace")
            elif len(data) > 1024 * 1024:  # GitHub leaves larger files to the blobs API
                entry.update(content="", encoding="none")
            else:
                entry.update(content=encode_content(data), encoding="base64")
        else:
            entry["submodule_git_url"] = ""
        return Response(200, entry)

    @route("PUT", r"{repo}/contents/(?P<path>.+)")
    def put_contents(self, req: Request) -> Response:
        self._need(req, "contents", "write")
        assert req.token is not None
        path = req.group("path").strip("/")
        body = req.body if isinstance(req.body, dict) else {}
        for key in ("message", "content"):
            if not isinstance(body.get(key), str):
                raise HTTPError(422, f'Invalid request.\n\n"{key}" wasn\'t supplied.')
        if any(part in ("", ".", "..", ".git") for part in path.split("/")):
            raise HTTPError(422, f"path {path} is not valid")
        try:
            data = base64.b64decode("".join(body["content"].split()), validate=True)
        except binascii.Error:
            raise HTTPError(422, "content is not valid Base64") from None
        sha = body.get("sha")
        branch = body.get("branch") or self.default_branch
        who = self._noreply(req.token.login)
        author = {**who, **_person(body.get("author") or body.get("committer"))}
        committer = {**who, **_person(body.get("committer"))}
        with self._write_lock:
            for _ in range(10):  # someone may push between our read and the ref update
                tip = self._resolve(f"refs/heads/{branch}")
                if tip is None and (branch != self.default_branch or self._has_refs()):
                    raise HTTPError(404, f"Branch {branch} not found")
                existing = self._ls_tree(tip, path) if tip else []
                mode = "100644"
                if existing:
                    mode, kind, current, _, _ = existing[0]
                    if kind != "blob":
                        raise HTTPError(422, f"{path} is a directory")
                    if sha is None:
                        raise HTTPError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
                    if sha != current:
                        raise HTTPError(409, f"{path} does not match {sha}")
                elif sha is not None:
                    raise HTTPError(409, f"{path} does not match {sha}")
                try:
                    new = self._commit_tree_with(
                        tip, path, data, mode, body["message"], author, committer
                    )
                except GitError as e:
                    raise HTTPError(422, f"{path} could not be written: {e}") from None
                try:
                    self._git(
                        "update-ref",
                        "-m",
                        f"contents API: {path}",
                        f"refs/heads/{branch}",
                        new,
                        tip or ZERO_OID,
                    )
                except GitError:
                    self.ref_races += 1
                    continue
                break
            else:
                raise HTTPError(409, f"{branch} keeps moving; try again")
        blob = self._ls_tree(new, path)[0]
        content = self._content_entry(blob[0], "blob", blob[2], blob[3], path, branch)
        commit = self._commit_json(new, files=False)
        file_commit = {
            "sha": new,
            "node_id": commit["node_id"],
            "url": f"{self.repo_url}/git/commits/{new}",
            "html_url": commit["html_url"],
            "author": commit["commit"]["author"],
            "committer": commit["commit"]["committer"],
            "message": commit["commit"]["message"],
            "tree": commit["commit"]["tree"],
            "parents": commit["parents"],
            "verification": _unsigned(),
        }
        return Response(201 if not existing else 200, {"content": content, "commit": file_commit})

    def _has_refs(self) -> bool:
        return bool(self._git("for-each-ref", "--count=1", "refs/heads/").strip())

    @route("GET", r"{repo}/pulls/(?P<number>\d+)")
    def get_pull(self, req: Request) -> Response:
        self._need(req, "pull_requests", "read")
        issue = self._issue(req)
        if not issue.is_pull:
            raise HTTPError(404, "Not Found")
        return Response(200, self._pull_json(issue, req.token))

    @route("GET", r"{repo}/pulls/(?P<number>\d+)/files")
    def get_pull_files(self, req: Request) -> Response:
        self._need(req, "pull_requests", "read")
        issue = self._issue(req)
        if not issue.is_pull:
            raise HTTPError(404, "Not Found")
        head = self._resolve(f"refs/heads/{issue.head}")
        base = self._resolve(f"refs/heads/{issue.base}")
        if head is None or base is None:
            raise HTTPError(404, "Not Found")
        return self._paginate(self._diff(base, head), req, cap=MAX_PR_FILES)

    @route("GET", r"{repo}/issues/(?P<number>\d+)")
    def get_issue(self, req: Request) -> Response:
        issue = self._issue(req)
        self._need_issue(req, issue, "read")
        return Response(200, self._issue_json(issue))

    @route("GET", r"{repo}/issues/(?P<number>\d+)/comments")
    def list_comments(self, req: Request) -> Response:
        issue = self._issue(req)
        self._need_issue(req, issue, "read")
        return self._paginate(self.comments(issue.number), req)

    @route("POST", r"{repo}/issues/(?P<number>\d+)/comments")
    def create_comment(self, req: Request) -> Response:
        issue = self._issue(req)
        self._need_issue(req, issue, "write")
        assert req.token is not None
        body = req.body.get("body") if isinstance(req.body, dict) else None
        _check_comment_body(body)
        now = iso(time.time())
        with self._lock:
            cid = self._next_comment
            self._next_comment += 1
            comment: dict[str, Json] = {
                "id": cid,
                "node_id": node_id("IssueComment", cid),
                "url": f"{self.repo_url}/issues/comments/{cid}",
                "html_url": f"{self._issue_json(issue)['html_url']}#issuecomment-{cid}",
                "body": body,
                "user": self._user(req.token.login),
                "created_at": now,
                "updated_at": now,
                "issue_url": f"{self.repo_url}/issues/{issue.number}",
                "author_association": "NONE" if req.token.app else "MEMBER",
                "performed_via_github_app": None,
            }
            self._comments[cid] = {**comment, "_issue": issue.number}
            issue.comments.append(cid)
        return Response(201, comment, {"Location": comment["url"]})

    @route("GET", r"{repo}/issues/comments/(?P<id>\d+)")
    def get_comment(self, req: Request) -> Response:
        issue, comment = self._comment(req)
        self._need_issue(req, issue, "read")
        return Response(200, _public(comment))

    @route("PATCH", r"{repo}/issues/comments/(?P<id>\d+)")
    def edit_comment(self, req: Request) -> Response:
        issue, comment = self._comment(req)
        self._need_issue(req, issue, "write")
        body = req.body.get("body") if isinstance(req.body, dict) else None
        _check_comment_body(body)
        with self._lock:
            comment.update(body=body, updated_at=iso(time.time()))
            return Response(200, _public(comment))

    @route("DELETE", r"{repo}/issues/comments/(?P<id>\d+)")
    def delete_comment(self, req: Request) -> Response:
        issue, _ = self._comment(req)
        self._need_issue(req, issue, "write")
        with self._lock:
            cid = int(req.group("id"))
            del self._comments[cid]
            issue.comments.remove(cid)
            return Response(204)


def _public(comment: dict[str, Json]) -> dict[str, Json]:
    return {k: copy.deepcopy(v) for k, v in comment.items() if not k.startswith("_")}


def _check_comment_body(body: Json) -> None:
    if not isinstance(body, str) or not body:
        raise HTTPError(
            422,
            "Validation Failed",
            errors=[{"resource": "IssueComment", "code": "missing_field", "field": "body"}],
        )
    if len(body) > 65536:
        raise HTTPError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "IssueComment",
                    "code": "custom",
                    "field": "body",
                    "message": "body is too long (maximum is 65536 characters)",
                }
            ],
        )


def _person(value: Json) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: str(value[k]) for k in ("name", "email") if isinstance(value.get(k), str)}


def _unsigned() -> dict[str, Json]:
    return {
        "verified": False,
        "reason": "unsigned",
        "signature": None,
        "payload": None,
        "verified_at": None,
    }


def _empty_tree(emu: Emulator) -> str:
    return emu._git("hash-object", "-t", "tree", "--stdin", input=b"").decode().strip()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _request_id() -> str:
    h = uuid.uuid4().hex.upper()
    return f"{h[0:4]}:{h[4:9]}:{h[9:16]}:{h[16:23]}:{h[23:31]}"


def _fault_body(status: int, headers: dict[str, str]) -> Json:
    if status == 403 and headers.get("x-ratelimit-remaining") == "0":
        return {
            "message": "API rate limit exceeded for installation ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            "status": "403",
        }
    messages = {
        401: "Bad credentials",
        403: NOT_ACCESSIBLE[True],
        404: "Not Found",
        409: "Conflict",
        422: "Validation Failed",
        429: "You have exceeded a secondary rate limit. Please wait a few minutes before you "
        "try again.",
        500: "Server Error",
        502: "Server Error",
        503: "Service Unavailable",
    }
    return {
        "message": messages.get(status, "Error"),
        "documentation_url": DOCS,
        "status": str(status),
    }


class _Server(ThreadingHTTPServer):
    emulator: Emulator
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.connections: set[socket.socket] = set()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = traceback.format_exc()
        if "ConnectionResetError" not in error and "BrokenPipeError" not in error:
            self.emulator.errors.append(error)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server_version = "GitHub.com"
    sys_version = ""
    timeout = 30
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are logged (without tokens) in Emulator.requests

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.server.emulator.dispatch(self.command, self.path, headers, raw)
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        self.send_response(response.status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _serve
