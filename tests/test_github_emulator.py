"""The GitHub emulator, driven by real PyGithub over HTTP and checked against GitHub's schemas."""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from github import Auth, Github, GithubException
from github.ContentFile import ContentFile
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededException,
    UnknownObjectException,
)
from github.GithubRetry import GithubRetry
from jsonschema import Draft202012Validator
from testing.github_emulator import Emulator
from testing.gitrepo import commit_all, git, write

DATA = Path(__file__).parent / "data" / "github"
SCHEMAS = json.loads((DATA / "rest-schemas.json").read_text())
WRITE, READ, USER = "ghs_write_0123456789", "ghs_read_0123456789", "ghp_user_0123456789"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A clone with one commit on main, pushed to the bare repository `origin`."""
    bare = tmp_path / "app.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(bare), str(work))
    write(work, "README.md", "hello\n")
    write(work, "docs/guide.md", "guide\n")
    commit_all(work, "initial")
    git(work, "push", "-q", "origin", "main")
    return work


@pytest.fixture
def emu(work: Path) -> Iterator[Emulator]:
    with Emulator(bare=work.parent / "app.git", owner="acme", name="app") as emulator:
        emulator.add_token(WRITE)
        emulator.add_token(
            READ,
            permissions={"contents": "read", "pull_requests": "read", "issues": "read"},
        )
        emulator.add_token(USER, login="octocat", app=False)
        yield emulator
    assert emulator.errors == []


@contextmanager
def client(emu: Emulator, token: str = WRITE, retry: GithubRetry | None = None) -> Iterator[Github]:
    gh = Github(
        base_url=emu.url,
        auth=Auth.Token(token),
        retry=retry,
        per_page=100,
        seconds_between_requests=None,  # PyGithub throttles writes to 1/s by default
        seconds_between_writes=None,
    )
    try:
        yield gh
    finally:
        gh.close()


def call(
    emu: Emulator, method: str, path: str, token: str | None = WRITE, body: Any = None
) -> tuple[int, dict[str, str], Any]:
    """A raw request: (status, headers, JSON body)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(emu.url + path, data=data, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        with e:
            status, headers, raw = e.code, dict(e.headers), e.read()
    return status, {k.lower(): v for k, v in headers.items()}, json.loads(raw) if raw else None


def check_schema(endpoint: str, status: int, body: Any) -> None:
    """`body` is valid for GitHub's documented `status` response of `endpoint`."""
    schema = {"$defs": SCHEMAS["$defs"], **SCHEMAS["endpoints"][endpoint][str(status)]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert not errors, f"{endpoint} {status}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]
    )


def blob_sha(bare: Path, ref: str, path: str) -> str:
    return git(bare, "rev-parse", f"{ref}:{path}").strip()


def branch_with_files(work: Path, branch: str, count: int) -> None:
    git(work, "checkout", "-q", "-b", branch, "main")
    for i in range(count):
        write(work, f"src/file{i:04d}.txt", f"line {i}\n")
    commit_all(work, f"{count} files")
    git(work, "push", "-q", "origin", branch)
    git(work, "checkout", "-q", "main")


# -- repository, contents ------------------------------------------------------------------


def test_reads_the_repository(emu: Emulator) -> None:
    with client(emu) as gh:
        repo = gh.get_repo("acme/app")
        assert repo.full_name == "acme/app"
        assert repo.default_branch == "main"
        assert repo.owner.login == "acme"
        assert repo.permissions.push is True
        with pytest.raises(UnknownObjectException):
            gh.get_repo("acme/other")


def test_contents_read_write_with_real_blob_shas(emu: Emulator, work: Path) -> None:
    bare = emu.bare
    with client(emu) as gh:
        repo = gh.get_repo("acme/app")
        readme = repo.get_contents("README.md", ref="main")
        assert not isinstance(readme, list)
        assert readme.decoded_content == b"hello\n"
        assert readme.sha == blob_sha(bare, "main", "README.md")

        result = repo.update_file("README.md", "Update the readme", "hello, world\n", readme.sha)
        commit_sha = result["commit"].sha
        assert commit_sha == git(bare, "rev-parse", "main").strip()
        assert result["content"].sha == blob_sha(bare, "main", "README.md")
        created = repo.create_file("state/tracking.md", "Track", "| a |\n", branch="main")
        assert isinstance(created["content"], ContentFile)
        assert created["content"].path == "state/tracking.md"

    log = git(bare, "log", "--format=%s%x09%an", "main")
    assert log.splitlines()[:3] == [
        "Track\tgithub-actions[bot]",
        "Update the readme\tgithub-actions[bot]",
        "initial\tCharter Test",
    ]
    git(work, "pull", "-q", "--ff-only", "origin", "main")
    assert (work / "README.md").read_text() == "hello, world\n"
    assert (work / "state" / "tracking.md").read_text() == "| a |\n"
    assert git(work, "rev-parse", "HEAD~1").strip() == commit_sha


def test_contents_see_commits_pushed_with_git(emu: Emulator, work: Path) -> None:
    write(work, "README.md", "pushed\n")
    pushed = commit_all(work, "push from a clone")
    git(work, "push", "-q", "origin", "main")
    with client(emu) as gh:
        repo = gh.get_repo("acme/app")
        content = repo.get_contents("README.md")
        assert not isinstance(content, list)
        assert content.decoded_content == b"pushed\n"
        old = repo.get_contents("README.md", ref=f"{pushed}~1")
        assert not isinstance(old, list)
        assert old.decoded_content == b"hello\n"
        listing = repo.get_contents("docs")
        assert isinstance(listing, list)
        assert [(c.name, c.type) for c in listing] == [("guide.md", "file")]
        assert repo.get_branch("main").commit.sha == pushed
        assert repo.get_git_ref("heads/main").object.sha == pushed
        assert repo.get_commit("main").commit.message == "push from a clone"
        with pytest.raises(UnknownObjectException):
            repo.get_contents("missing.md")


def test_stale_sha_is_a_conflict_and_missing_sha_is_invalid(emu: Emulator) -> None:
    with client(emu) as gh:
        repo = gh.get_repo("acme/app")
        readme = repo.get_contents("README.md")
        assert not isinstance(readme, list)
        repo.update_file("README.md", "first", "one\n", readme.sha)
        with pytest.raises(GithubException) as conflict:
            repo.update_file("README.md", "second", "two\n", readme.sha)
        assert conflict.value.status == 409
        assert conflict.value.data["message"] == f"README.md does not match {readme.sha}"
        with pytest.raises(GithubException) as invalid:
            repo.create_file("README.md", "no sha", "three\n")
        assert invalid.value.status == 422
        assert "sha" in invalid.value.data["message"]
    assert git(emu.bare, "show", "main:README.md") == "one\n"


def test_first_write_to_an_empty_repository(tmp_path: Path) -> None:
    with Emulator(bare=tmp_path / "empty.git") as emu:
        emu.add_token(WRITE)
        with client(emu) as gh:
            repo = gh.get_repo("acme/app")
            result = repo.create_file("a.txt", "first", "a\n")
        assert git(emu.bare, "rev-parse", "main").strip() == result["commit"].sha
        assert git(emu.bare, "rev-list", "--count", "main").strip() == "1"


def test_ten_concurrent_writers_lose_no_update(emu: Emulator) -> None:
    with client(emu) as gh:
        gh.get_repo("acme/app").create_file("counter.txt", "start", "")
    conflicts: list[int] = []
    failures: list[BaseException] = []
    all_read = threading.Barrier(10, timeout=30)

    def writer(i: int) -> None:
        try:
            with client(emu) as gh:
                repo = gh.get_repo("acme/app")
                first = True
                while True:
                    current = repo.get_contents("counter.txt")
                    assert not isinstance(current, list)
                    text = current.decoded_content.decode() + f"writer {i}\n"
                    if first:  # all ten hold the same sha: nine must see a conflict
                        all_read.wait()
                        first = False
                    try:
                        repo.update_file("counter.txt", f"writer {i}", text, current.sha)
                        return
                    except GithubException as e:
                        if e.status != 409:
                            raise
                        conflicts.append(i)
        except BaseException as e:
            failures.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    lines = git(emu.bare, "show", "main:counter.txt").splitlines()
    assert sorted(lines) == sorted(f"writer {i}" for i in range(10))
    messages = git(emu.bare, "log", "--format=%s", "-10", "main").splitlines()
    assert sorted(messages) == sorted(f"writer {i}" for i in range(10))
    # every conflict was a 409 the writer saw and recovered from
    puts = [r for r in emu.requests if r.method == "PUT" and r.path.endswith("/counter.txt")]
    assert sorted(r.status for r in puts) == [200] * 10 + [201] + [409] * len(conflicts)
    assert len(conflicts) >= 9


def test_api_writes_and_git_pushes_race_without_losing_either(emu: Emulator, work: Path) -> None:
    """The contents API moves the branch with a compare-and-swap, so a push that lands
    between its read and its ref update is kept (and the API write is retried on top)."""
    failures: list[BaseException] = []

    def api_writer(i: int) -> None:
        try:
            with client(emu) as gh:
                repo = gh.get_repo("acme/app")
                for n in range(3):
                    repo.create_file(f"api/{i}-{n}.txt", f"api {i}-{n}", "x\n")
        except BaseException as e:
            failures.append(e)

    def pusher() -> None:
        try:
            for n in range(6):
                write(work, f"pushed/{n}.txt")
                commit_all(work, f"push {n}")
                while True:
                    try:
                        git(work, "push", "-q", "origin", "HEAD:main")
                        break
                    except AssertionError:  # rejected: the API moved main; rebase and retry
                        git(work, "pull", "-q", "--rebase", "origin", "main")
        except BaseException as e:
            failures.append(e)

    threads = [threading.Thread(target=api_writer, args=(i,)) for i in range(4)]
    threads.append(threading.Thread(target=pusher))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    subjects = set(git(emu.bare, "log", "--format=%s", "main").splitlines())
    assert {f"api {i}-{n}" for i in range(4) for n in range(3)} <= subjects
    assert {f"push {n}" for n in range(6)} <= subjects
    files = git(emu.bare, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert len([f for f in files if f.startswith(("api/", "pushed/"))]) == 18


# -- pull requests, pagination -------------------------------------------------------------


def test_pull_files_paginate_through_link_headers(emu: Emulator, work: Path) -> None:
    branch_with_files(work, "feature", 250)
    number = emu.create_pull("feature", "main", title="250 files")
    with client(emu) as gh:
        pull = gh.get_repo("acme/app").get_pull(number)
        assert pull.changed_files == 250
        assert pull.head.sha == git(emu.bare, "rev-parse", "feature").strip()
        files = list(pull.get_files())
    assert [f.filename for f in files] == [f"src/file{i:04d}.txt" for i in range(250)]
    assert {f.status for f in files} == {"added"}
    assert files[7].patch == "@@ -0,0 +1 @@\n+line 7"
    assert files[7].sha == blob_sha(emu.bare, "feature", "src/file0007.txt")
    pages = [
        dict(parse_qsl(r.query)) for r in emu.requests if r.path.endswith(f"/pulls/{number}/files")
    ]
    assert pages == [{"per_page": "100"}] + [{"per_page": "100", "page": p} for p in "23"]

    url = f"{emu.url}/repos/acme/app/pulls/{number}/files"
    _, first, body = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files?per_page=100")
    assert len(body) == 100
    assert first["link"] == (
        f'<{url}?per_page=100&page=2>; rel="next", <{url}?per_page=100&page=3>; rel="last"'
    )
    _, middle, _ = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files?per_page=100&page=2")
    assert middle["link"] == (
        f'<{url}?per_page=100&page=1>; rel="prev", <{url}?per_page=100&page=3>; rel="next", '
        f'<{url}?per_page=100&page=3>; rel="last", <{url}?per_page=100&page=1>; rel="first"'
    )
    _, last, body = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files?page=3&per_page=100")
    assert len(body) == 50
    assert last["link"] == (
        f'<{url}?per_page=100&page=2>; rel="prev", <{url}?per_page=100&page=1>; rel="first"'
    )
    _, default, body = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files")
    assert len(body) == 30
    assert default["link"] == f'<{url}?page=2>; rel="next", <{url}?page=9>; rel="last"'


def test_pull_files_stop_at_3000(emu: Emulator, work: Path) -> None:
    branch_with_files(work, "huge", 3001)
    number = emu.create_pull("huge")
    url = f"{emu.url}/repos/acme/app/pulls/{number}/files"
    _, headers, _ = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files?per_page=100")
    assert headers["link"].endswith(f'<{url}?per_page=100&page=30>; rel="last"')
    _, _, body = call(emu, "GET", f"/repos/acme/app/pulls/{number}/files?per_page=100&page=31")
    assert body == []
    _, _, pull = call(emu, "GET", f"/repos/acme/app/pulls/{number}")
    assert pull["changed_files"] == 3001


def test_pull_files_report_renames_and_removals(emu: Emulator, work: Path) -> None:
    git(work, "checkout", "-q", "-b", "tidy")
    git(work, "mv", "docs/guide.md", "docs/manual.md")
    git(work, "rm", "-q", "README.md")
    write(work, "new.txt", "a\nb\n")
    commit_all(work, "tidy")
    git(work, "push", "-q", "origin", "tidy")
    number = emu.create_pull("tidy", "main")
    with client(emu) as gh:
        files = {f.filename: f for f in gh.get_repo("acme/app").get_pull(number).get_files()}
    assert {name: f.status for name, f in files.items()} == {
        "README.md": "removed",
        "docs/manual.md": "renamed",
        "new.txt": "added",
    }
    assert files["docs/manual.md"].previous_filename == "docs/guide.md"
    assert (files["new.txt"].additions, files["README.md"].deletions) == (2, 1)


# -- issues, comments ----------------------------------------------------------------------


def test_comments_create_edit_list(emu: Emulator, work: Path) -> None:
    tracking = emu.create_issue("Tracking")
    git(work, "branch", "feature")
    git(work, "push", "-q", "origin", "feature")
    pr = emu.create_pull("feature", "main")
    assert (tracking, pr) == (1, 2)  # one sequence for issues and pull requests
    with client(emu) as gh:
        repo = gh.get_repo("acme/app")
        comment = repo.get_issue(pr).create_comment("<!-- charter -->\nfirst")
        assert comment.user.login == "github-actions[bot]"
        comment.edit("<!-- charter -->\nsecond")
        assert repo.get_issue(pr).get_comment(comment.id).body == "<!-- charter -->\nsecond"
        for i in range(134):
            repo.get_issue(tracking).create_comment(f"note {i}")
        listed = list(repo.get_issue(tracking).get_comments())
        assert [c.body for c in listed] == [f"note {i}" for i in range(134)]
        assert repo.get_issue(tracking).comments == 134
        assert repo.get_issue(pr).pull_request is not None
        assert repo.get_issue(tracking).pull_request is None
    assert [c["body"] for c in emu.comments(pr)] == ["<!-- charter -->\nsecond"]
    assert len(emu.comments(tracking)) == 134
    lists = [
        dict(parse_qsl(r.query))
        for r in emu.requests
        if r.path.endswith(f"/issues/{tracking}/comments") and r.method == "GET"
    ]
    assert lists == [{"per_page": "100"}, {"per_page": "100", "page": "2"}]


def test_read_only_token_is_refused_writes(emu: Emulator) -> None:
    number = emu.create_issue("Tracking")
    with client(emu, READ) as gh:
        repo = gh.get_repo("acme/app")
        assert repo.get_issue(number).title == "Tracking"
        assert repo.permissions.push is False
        with pytest.raises(GithubException) as comment:
            repo.get_issue(number).create_comment("hello")
        readme = repo.get_contents("README.md")
        assert not isinstance(readme, list)
        with pytest.raises(GithubException) as put:
            repo.update_file("README.md", "nope", "x", readme.sha)
    for error in (comment.value, put.value):
        assert error.status == 403
        assert error.data["message"] == "Resource not accessible by integration"
    assert emu.comments(number) == []


def test_tokens_and_identities(emu: Emulator) -> None:
    with client(emu, "ghs_unknown") as gh, pytest.raises(BadCredentialsException):
        gh.get_repo("acme/app")
    with client(emu, WRITE) as gh, pytest.raises(GithubException) as app:
        gh.get_user().login  # noqa: B018 - the request happens on attribute access
    assert app.value.status == 403
    assert app.value.data["message"] == "Resource not accessible by integration"
    with client(emu, USER) as gh:
        assert gh.get_user().login == "octocat"
    status, headers, body = call(emu, "GET", "/rate_limit", token=USER)
    assert status == 200
    assert body["rate"]["used"] == int(headers["x-ratelimit-used"]) == 1
    identities = [r.identity for r in emu.requests]
    assert identities == ["bad-token", "github-actions[bot]", "octocat", "octocat"]
    log = repr(emu.requests) + repr(emu.errors)
    for token in (WRITE, READ, USER, "ghs_unknown"):
        assert token not in log


def test_every_response_carries_rate_limit_and_request_id_headers(emu: Emulator) -> None:
    statuses = []
    for path, token in [
        ("/repos/acme/app", WRITE),
        ("/repos/acme/nope", WRITE),
        ("/repos/acme/app", "bad"),
        ("/nowhere", None),
    ]:
        status, headers, body = call(emu, "GET", path, token=token)
        statuses.append(status)
        assert re.fullmatch(r"[0-9A-F]{4}:[0-9A-F:]+", headers["x-github-request-id"])
        for name in ("limit", "remaining", "reset", "used", "resource"):
            assert f"x-ratelimit-{name}" in headers
        assert "documentation_url" in body or status == 200
    assert statuses == [200, 404, 401, 404]
    _, first, _ = call(emu, "GET", "/repos/acme/app")
    _, second, _ = call(emu, "GET", "/repos/acme/app")
    assert int(second["x-ratelimit-remaining"]) == int(first["x-ratelimit-remaining"]) - 1


# -- faults --------------------------------------------------------------------------------


def test_rate_limit_is_seen_as_such_by_pygithub(emu: Emulator) -> None:
    emu.inject(
        "GET",
        r"^/repos/acme/app$",
        403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4102444800"},
    )
    with client(emu) as gh, pytest.raises(RateLimitExceededException) as primary:
        gh.get_repo("acme/app")
    assert primary.value.headers is not None
    assert primary.value.headers["x-ratelimit-remaining"] == "0"
    # GithubRetry refuses to wait until 2100 and says why
    emu.inject(
        "GET",
        r"^/repos/acme/app$",
        403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4102444800"},
    )
    with (
        client(emu, retry=GithubRetry(total=3, max_rate_limit_wait=5)) as gh,
        pytest.raises(RateLimitExceededException),
    ):
        gh.get_repo("acme/app")
    # a secondary limit (429 + retry-after) is retried after the wait
    emu.inject("GET", r"^/repos/acme/app$", 429, headers={"retry-after": "0"})
    with client(emu, retry=GithubRetry(total=3, backoff_factor=0)) as gh:
        assert gh.get_repo("acme/app").name == "app"
    assert [r.status for r in emu.requests] == [403, 403, 429, 200]


def test_server_errors_are_retried_by_github_retry(emu: Emulator) -> None:
    emu.inject("GET", r"/contents/README\.md$", 502, times=2)
    emu.inject("*", r"/contents/", 503, times=1)  # consumed by the first of the two, then 502
    retry = GithubRetry(total=4, backoff_factor=0, status_forcelist=[500, 502, 503, 504])
    with client(emu, retry=retry) as gh:
        content = gh.get_repo("acme/app").get_contents("README.md")
        assert not isinstance(content, list)
        assert content.decoded_content == b"hello\n"
    got = [r.status for r in emu.requests if "/contents/" in r.path]
    assert got == [502, 502, 503, 200]
    with client(emu) as gh:  # without retries the fault reaches the caller
        emu.inject("GET", r"^/repos/acme/app$", 500, body={"message": "boom"})
        with pytest.raises(GithubException) as error:
            gh.get_repo("acme/app")
    assert (error.value.status, error.value.data) == (500, {"message": "boom"})


# -- schemas -------------------------------------------------------------------------------


def test_responses_follow_githubs_schemas(emu: Emulator, work: Path) -> None:
    branch_with_files(work, "feature", 3)
    git(work, "push", "-q", "origin", "main:refs/tags/v1")
    pr = emu.create_pull("feature", "main")
    issue = emu.create_issue("Tracking")
    repo = "/repos/acme/app"
    status, _, posted = call(emu, "POST", f"{repo}/issues/{pr}/comments", body={"body": "hi"})
    readme = blob_sha(emu.bare, "main", "README.md")
    encoded = base64.b64encode(b"new\n").decode()
    cases: list[tuple[str, str, str, str | None, Any, int]] = [
        ("GET /repos/{owner}/{repo}", "GET", repo, WRITE, None, 200),
        ("GET /repos/{owner}/{repo}", "GET", "/repos/acme/nope", WRITE, None, 404),
        ("GET /user", "GET", "/user", USER, None, 200),
        ("GET /user", "GET", "/user", WRITE, None, 403),
        ("GET /user", "GET", "/user", None, None, 401),
        ("GET /rate_limit", "GET", "/rate_limit", WRITE, None, 200),
        (
            "GET /repos/{owner}/{repo}/git/ref/{ref}",
            "GET",
            f"{repo}/git/ref/heads/main",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/git/ref/{ref}",
            "GET",
            f"{repo}/git/refs/tags/v1",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/git/ref/{ref}",
            "GET",
            f"{repo}/git/ref/heads/nope",
            WRITE,
            None,
            404,
        ),
        (
            "GET /repos/{owner}/{repo}/branches/{branch}",
            "GET",
            f"{repo}/branches/main",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/branches/{branch}",
            "GET",
            f"{repo}/branches/nope",
            WRITE,
            None,
            404,
        ),
        (
            "GET /repos/{owner}/{repo}/commits/{ref}",
            "GET",
            f"{repo}/commits/feature",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/commits/{ref}",
            "GET",
            f"{repo}/commits/nope",
            WRITE,
            None,
            422,
        ),
        (
            "GET /repos/{owner}/{repo}/contents/{path}",
            "GET",
            f"{repo}/contents/README.md",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/contents/{path}",
            "GET",
            f"{repo}/contents/docs?ref=main",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/contents/{path}",
            "GET",
            f"{repo}/contents/nope.md",
            WRITE,
            None,
            404,
        ),
        (
            "PUT /repos/{owner}/{repo}/contents/{path}",
            "PUT",
            f"{repo}/contents/new.md",
            WRITE,
            {"message": "new", "content": encoded},
            201,
        ),
        (
            "PUT /repos/{owner}/{repo}/contents/{path}",
            "PUT",
            f"{repo}/contents/README.md",
            WRITE,
            {"message": "up", "content": encoded, "sha": readme},
            200,
        ),
        (
            "PUT /repos/{owner}/{repo}/contents/{path}",
            "PUT",
            f"{repo}/contents/README.md",
            WRITE,
            {"message": "stale", "content": encoded, "sha": readme},
            409,
        ),
        (
            "PUT /repos/{owner}/{repo}/contents/{path}",
            "PUT",
            f"{repo}/contents/README.md",
            WRITE,
            {"message": "no sha", "content": encoded},
            422,
        ),
        (
            "GET /repos/{owner}/{repo}/pulls/{pull_number}",
            "GET",
            f"{repo}/pulls/{pr}",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/pulls/{pull_number}",
            "GET",
            f"{repo}/pulls/{issue}",
            WRITE,
            None,
            404,
        ),
        (
            "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
            "GET",
            f"{repo}/pulls/{pr}/files",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/{issue_number}",
            "GET",
            f"{repo}/issues/{pr}",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/{issue_number}",
            "GET",
            f"{repo}/issues/{issue}",
            READ,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/{issue_number}",
            "GET",
            f"{repo}/issues/99",
            WRITE,
            None,
            404,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
            "GET",
            f"{repo}/issues/{pr}/comments",
            WRITE,
            None,
            200,
        ),
        (
            "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
            "POST",
            f"{repo}/issues/{issue}/comments",
            WRITE,
            {"body": "hello"},
            201,
        ),
        (
            "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
            "POST",
            f"{repo}/issues/{issue}/comments",
            READ,
            {"body": "hello"},
            403,
        ),
        (
            "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
            "POST",
            f"{repo}/issues/{issue}/comments",
            WRITE,
            {"body": ""},
            422,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
            "GET",
            f"{repo}/issues/comments/{posted['id']}",
            WRITE,
            None,
            200,
        ),
        (
            "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
            "GET",
            f"{repo}/issues/comments/1",
            WRITE,
            None,
            404,
        ),
        (
            "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
            "PATCH",
            f"{repo}/issues/comments/{posted['id']}",
            WRITE,
            {"body": "edited"},
            200,
        ),
        (
            "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
            "PATCH",
            f"{repo}/issues/comments/{posted['id']}",
            WRITE,
            {},
            422,
        ),
        *review_cases(emu, pr),
    ]
    assert status == 201
    check_schema("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", 201, posted)
    for endpoint, method, path, token, body, expected in cases:
        status, _, answer = call(emu, method, path, token=token, body=body)
        assert (method, path, status) == (method, path, expected)
        check_schema(endpoint, status, answer)
    covered = {case[0] for case in cases}
    assert covered == set(SCHEMAS["endpoints"])


def review_cases(emu: Emulator, pr: int) -> list[tuple[str, str, str, str | None, Any, int]]:
    """The review endpoints' cases (a team, a request and a review made first)."""
    emu.add_team("platform", ["alice"])
    status, _, _ = call(
        emu,
        "POST",
        f"/repos/acme/app/pulls/{pr}/requested_reviewers",
        body={"reviewers": ["bob"], "team_reviewers": ["platform"]},
    )
    assert status == 201
    emu.submit_review(pr, "carol", "APPROVED")
    pulls = "/repos/{owner}/{repo}/pulls/{pull_number}"
    requests = f"/repos/acme/app/pulls/{pr}/requested_reviewers"
    membership = "GET /orgs/{org}/teams/{team_slug}/memberships/{username}"
    return [
        (f"GET {pulls}/requested_reviewers", "GET", requests, WRITE, None, 200),
        (f"POST {pulls}/requested_reviewers", "POST", requests, WRITE, {"reviewers": ["dan"]}, 201),
        (f"POST {pulls}/requested_reviewers", "POST", requests, READ, {"reviewers": ["ed"]}, 403),
        (f"GET {pulls}/reviews", "GET", f"/repos/acme/app/pulls/{pr}/reviews", READ, None, 200),
        (membership, "GET", "/orgs/acme/teams/platform/memberships/alice", WRITE, None, 200),
    ]


def test_review_requests_and_reviews_through_pygithub(emu: Emulator, work: Path) -> None:
    branch_with_files(work, "feature", 1)
    number = emu.create_pull("feature", "main")
    emu.add_team("platform", ["alice"])
    with client(emu) as gh:
        pull = gh.get_repo("acme/app").get_pull(number)
        pull.create_review_request(reviewers=["bob"], team_reviewers=["platform"])
        users, teams = pull.get_review_requests()
        assert [u.login for u in users] == ["bob"] and [t.slug for t in teams] == ["platform"]
        first = emu.submit_review(number, "alice", "APPROVED")
        emu.submit_review(number, "bob", "CHANGES_REQUESTED")
        emu.dismiss_review(number, first)
        reviews = [(r.user.login, r.state) for r in pull.get_reviews()]
        assert reviews == [("alice", "DISMISSED"), ("bob", "CHANGES_REQUESTED")]
        assert emu.review_requests(number) == ([], [])  # both requests fulfilled
        path = "/orgs/acme/teams/platform/memberships"
        _, member = gh.requester.requestJsonAndCheck("GET", f"{path}/alice")
        assert member["state"] == "active"
        with pytest.raises(GithubException) as error:
            gh.requester.requestJsonAndCheck("GET", f"{path}/bob")
        assert error.value.status == 404
        with pytest.raises(GithubException) as error:
            pull.create_review_request(reviewers=["octocat"])  # the author
        assert error.value.status == 422
    with client(emu, READ) as gh:
        pull = gh.get_repo("acme/app").get_pull(number)
        with pytest.raises(GithubException) as error:
            pull.create_review_request(reviewers=["carol"])
        assert error.value.status == 403


def test_schema_check_catches_a_wrong_body() -> None:
    with pytest.raises(AssertionError, match="sha"):
        check_schema(
            "GET /repos/{owner}/{repo}/git/ref/{ref}",
            200,
            {
                "ref": "refs/heads/main",
                "node_id": "x",
                "url": "http://x",
                "object": {"type": "commit", "url": "http://x"},
            },
        )


def test_extracted_data_records_its_source() -> None:
    assert SCHEMAS["source"]["package"] == "@octokit/openapi"
    readme = (DATA / "README.md").read_text()
    assert f"@octokit/openapi {SCHEMAS['source']['version']}" in readme
    opened = json.loads((DATA / "events" / "pull_request.opened.json").read_text())
    push = json.loads((DATA / "events" / "push.json").read_text())
    assert opened["action"] == "opened" and opened["pull_request"]["number"] == opened["number"]
    assert push["ref"].startswith("refs/heads/") and push["commits"]
