"""Request plumbing: the route table, authentication, injected faults, rate-limit
headers, pagination and permission checks."""

from __future__ import annotations

import copy
import json
import math
import re
import traceback
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .model import (
    DOCS,
    LEVELS,
    NOT_ACCESSIBLE,
    PREFIX,
    RATE_LIMIT,
    HTTPError,
    Issue,
    Json,
    Request,
    RequestRecord,
    Response,
    Token,
)
from .payloads import Payloads

Handler = Callable[[Any, Request], Response]  # an unbound method of Handlers
ROUTES: list[tuple[str, re.Pattern[str], str]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler; `{repo}` stands for /repos/{owner}/{name}."""
    pattern = pattern.replace("{repo}", r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)")

    def register(handler: Handler) -> Handler:
        ROUTES.append((method, re.compile(pattern), handler.__name__))
        return handler

    return register


class Plumbing(Payloads):
    """From a raw request to a handler's Response."""

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
            handler: Handler = getattr(type(self), handler_name)
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
