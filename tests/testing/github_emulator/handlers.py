"""The route handlers, one per endpoint the module docstring lists."""

from __future__ import annotations

import base64
import binascii
import copy
import time
from urllib.parse import quote

from .model import (
    MAX_PR_FILES,
    NOT_ACCESSIBLE,
    RATE_LIMIT,
    ZERO_OID,
    GitError,
    HTTPError,
    Issue,
    Json,
    Request,
    Response,
    encode_content,
    iso,
    node_id,
)
from .payloads import _unsigned
from .plumbing import Plumbing, route


class Handlers(Plumbing):
    """The endpoints; `route` registers each in ROUTES."""

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

    @route("GET", r"{repo}/pulls/(?P<number>\d+)/requested_reviewers")
    def get_review_requests(self, req: Request) -> Response:
        self._need(req, "pull_requests", "read")
        issue = self._pull(req)
        users = [self._user(login) for login in issue.requested_users]
        return Response(
            200, {"users": users, "teams": [self._team(t) for t in issue.requested_teams]}
        )

    @route("POST", r"{repo}/pulls/(?P<number>\d+)/requested_reviewers")
    def request_reviewers(self, req: Request) -> Response:
        self._need(req, "pull_requests", "write")
        issue = self._pull(req)
        body = req.body if isinstance(req.body, dict) else {}
        users, teams = body.get("reviewers") or [], body.get("team_reviewers") or []
        if not all(isinstance(x, str) for x in [*users, *teams]) or not (users or teams):
            raise HTTPError(422, "Invalid request.\n\nNo reviewers or team_reviewers given.")
        if issue.user in users:
            raise HTTPError(422, "Review cannot be requested from pull request author.")
        unknown = [t for t in teams if t not in self._teams]
        if unknown:
            raise HTTPError(
                422, "Reviews may only be requested from collaborators. One or more of the "
                "teams you specified is not a collaborator of the acme/app repository.",
            )  # fmt: skip
        with self._lock:
            issue.requested_users += [u for u in users if u not in issue.requested_users]
            issue.requested_teams += [t for t in teams if t not in issue.requested_teams]
        return Response(201, self._pull_json(issue, req.token))

    @route("GET", r"{repo}/pulls/(?P<number>\d+)/reviews")
    def list_reviews(self, req: Request) -> Response:
        self._need(req, "pull_requests", "read")
        issue = self._pull(req)
        with self._lock:
            return self._paginate(copy.deepcopy(issue.reviews), req)

    @route("GET", r"/orgs/(?P<org>[^/]+)/teams/(?P<slug>[^/]+)/memberships/(?P<login>[^/]+)")
    def get_team_membership(self, req: Request) -> Response:
        if req.token is None:
            raise HTTPError(401, "Requires authentication")
        org, slug, login = req.group("org"), req.group("slug"), req.group("login")
        if org != self.owner or login not in self._teams.get(slug, set()):
            raise HTTPError(404, "Not Found")
        url = f"{self.url}/organizations/{self.repo_id}/team/{self._team(slug)['id']}"
        return Response(
            200, {"url": f"{url}/memberships/{login}", "role": "member", "state": "active"}
        )

    def _pull(self, req: Request) -> Issue:
        issue = self._issue(req)
        if not issue.is_pull:
            raise HTTPError(404, "Not Found")
        return issue

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
