"""JSON builders: GitHub's shapes for users, the repository, contents, commits, issues
and pull requests."""

from __future__ import annotations

from urllib.parse import quote

from .gitstore import GitStore, _empty_tree
from .model import (
    HTTPError,
    Issue,
    Json,
    Token,
    node_id,
)


class Payloads(GitStore):
    """Builds the JSON bodies handlers serve."""

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

    def _team(self, slug: str) -> dict[str, Json]:
        tid = 5000 + sorted({*self._teams, slug}).index(slug)
        url = f"{self.url}/organizations/{self.repo_id}/team/{tid}"
        return {
            "id": tid,
            "node_id": node_id("Team", tid),
            "url": url,
            "html_url": f"{self.origin}/orgs/{quote(self.owner)}/teams/{quote(slug)}",
            "name": slug,
            "slug": slug,
            "description": None,
            "privacy": "closed",
            "notification_setting": "notifications_enabled",
            "permission": "pull",
            "members_url": f"{url}/members{{/member}}",
            "repositories_url": f"{url}/repos",
            "type": "organization",
            "parent": None,
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
            "requested_reviewers": [self._user(login) for login in issue.requested_users],
            "requested_teams": [self._team(slug) for slug in issue.requested_teams],
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


def _unsigned() -> dict[str, Json]:
    return {
        "verified": False,
        "reason": "unsigned",
        "signature": None,
        "payload": None,
        "verified_at": None,
    }
