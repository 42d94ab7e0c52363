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
    GET   /repos/{o}/{r}/pulls/{n}/requested_reviewers
    POST  /repos/{o}/{r}/pulls/{n}/requested_reviewers   (users and teams of the owner org)
    GET   /repos/{o}/{r}/pulls/{n}/reviews   (paginated; `submit_review`, `dismiss_review`)
    GET   /orgs/{org}/teams/{slug}/memberships/{user}   (teams made with `add_team`)

Anything else is a 404, as GitHub answers unknown routes. Tokens are never logged or echoed:
`requests` records who made each request by login only.

The package follows the emulator's own layers: `model` (records, constants), `gitstore`
(the bare repository), `payloads` (JSON builders), `plumbing` (routing, auth, faults,
rate limits, pagination), `handlers` (the endpoints), `server` (HTTP), `emulator` (the
class tests use).
"""

from __future__ import annotations

from .emulator import Emulator
from .model import RequestRecord

__all__ = ["Emulator", "RequestRecord"]
