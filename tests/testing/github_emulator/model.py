"""The emulator's vocabulary: GitHub's constants, the records it keeps, its errors and
the small formatters (timestamps, node ids, base64 contents) every part uses."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple
from urllib.parse import unquote

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
    requested_users: list[str] = field(default_factory=list)  # pull requests: pending reviews
    requested_teams: list[str] = field(default_factory=list)  # team slugs
    reviews: list[dict[str, Any]] = field(default_factory=list)  # as served, oldest first

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
