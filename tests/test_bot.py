"""`charter bot pr` and `charter bot sync` as the Action runs them: a process with GitHub's
environment, a full clone as the checkout, and real PyGithub talking HTTP to the
emulator, whose repository is the bare repository the instances push to."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from testing.github_emulator import Emulator
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scratchpad import pad

EVENTS = Path(__file__).parent / "data" / "github" / "events"
WRITE, READ = "ghs_write_token_for_tests", "ghs_fork_read_only_token"
SECRET_PARTS = ("ghs_write", "ghs_fork")

MAP = """\
version: 1
coordinator_branches: [main]
tracking: {file: TRACKING.md, issue: 1}
shared: [CHANGELOG.md]
instances:
  foundation:
    role: foundation
    github: "@found-dev"
    owns: [shared/**]
  auth:
    github: "@auth-dev"
    owns: [auth/**]
    depends_on: [foundation]
  billing:
    github: "@billing-dev"
    owns: [billing/**]
    depends_on: [foundation]
contracts:
  ids:
    owner: foundation
    paths: [shared/ids/**]
rules:
  require_discovery: false
"""
TRACKING = "# Tracking\n\nOurs.\n\n<!-- charter:tracking:start -->\n<!-- charter:tracking:end -->\n"


@dataclass
class Shop:
    tmp: Path
    bare: Path
    coordinator: Path  # a clone where main and the instance branches are made and pushed
    emu: Emulator

    def clone(self, name: str) -> Path:
        """A checkout as actions/checkout with fetch-depth: 0 leaves it."""
        path = self.tmp / name
        git(self.tmp, "clone", "-q", str(self.bare), str(path))
        return path

    def branch(self, name: str, files: dict[str, str], message: str) -> str:
        tree = self.coordinator
        git(tree, "checkout", "-q", "-B", f"instance/{name}", f"origin/instance/{name}")
        for path, text in files.items():
            write(tree, path, text)
        sha = commit_all(tree, message)
        git(tree, "push", "-q", "origin", f"instance/{name}")
        git(tree, "checkout", "-q", "main")
        return sha

    def main_file(self, path: str) -> str | None:
        proc = subprocess.run(
            ("git", "show", f"main:{path}"), cwd=self.bare, capture_output=True, text=True
        )
        return proc.stdout if proc.returncode == 0 else None


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    bare = tmp_path / "app.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    work = tmp_path / "coordinator"
    git(tmp_path, "clone", "-q", str(bare), str(work))
    write(work, "charter.yaml", MAP)
    write(work, "TRACKING.md", TRACKING)
    for name in ("foundation", "auth", "billing"):
        write(work, f".charter/scratchpads/{name}.md", pad("in-progress"))
        write(work, f"{'shared' if name == 'foundation' else name}/index.ts", f"// {name}\n")
    write(work, "shared/ids/user.json", '{"id": "string"}\n')
    write(work, "CHANGELOG.md", "# Changelog\n")
    assert charter(work, "contracts", "lock").returncode == 0
    commit_all(work, "lanes")
    git(work, "push", "-q", "origin", "main")
    for name in ("foundation", "auth", "billing"):
        git(work, "push", "-q", "origin", f"main:refs/heads/instance/{name}")
    git(work, "fetch", "-q", "origin")
    with Emulator(bare=bare, owner="acme", name="app") as emu:
        emu.add_token(WRITE)
        emu.add_token(
            READ, permissions={"contents": "read", "pull_requests": "read", "issues": "read"}
        )
        assert emu.create_issue("Tracking") == 1
        yield Shop(tmp_path, bare, work, emu)
        assert emu.errors == []


def pr_event(
    tmp: Path,
    number: int,
    head: str,
    head_sha: str,
    base_sha: str,
    *,
    author: str = "octocat",
    base: str = "main",
) -> Path:
    """GitHub's own `pull_request.opened` example, pointed at our branches, opened by
    `author` into `base` of a repository whose default branch is main."""
    data: dict[str, Any] = json.loads((EVENTS / "pull_request.opened.json").read_text())
    data = copy.deepcopy(data)
    data["number"] = data["pull_request"]["number"] = number
    data["pull_request"]["head"].update(ref=head, sha=head_sha)
    data["pull_request"]["base"].update(ref=base, sha=base_sha)
    data["pull_request"]["user"]["login"] = author
    for side in ("head", "base"):
        data["pull_request"][side]["repo"].update(full_name="acme/app", default_branch="main")
    data["repository"]["default_branch"] = "main"
    path = tmp / f"event-{number}.json"
    path.write_text(json.dumps(data))
    return path


def bot(
    shop: Shop,
    checkout: Path,
    command: str,
    *,
    token: str = WRITE,
    event: Path | None = None,
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update(
        GITHUB_API_URL=shop.emu.url,
        GITHUB_REPOSITORY="acme/app",
        GITHUB_TOKEN=token,
        GITHUB_EVENT_NAME="pull_request" if command == "pr" else "push",
        GITHUB_EVENT_PATH=str(event or EVENTS / "push.json"),
        GITHUB_WORKSPACE=str(checkout),
        GITHUB_STEP_SUMMARY=str(shop.tmp / "summary.md"),
        GITHUB_OUTPUT=str(shop.tmp / "output.txt"),
        CHARTER_THROTTLE="0",
        CHARTER_RETRIES="2",
        **extra,
    )
    proc = charter(checkout, "bot", command, environ=env, timeout=120)
    for part in SECRET_PARTS:  # the token never reaches a log
        assert part not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def out_of_lane_pr(shop: Shop) -> tuple[int, Path]:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    head = shop.branch("auth", {"billing/index.ts": "// auth was here\n"}, "auth: fix billing")
    number = shop.emu.create_pull("instance/auth")
    return number, pr_event(shop.tmp, number, "instance/auth", head, base)


def marked(shop: Shop, number: int, marker: str) -> list[dict[str, Any]]:
    return [c for c in shop.emu.comments(number) if marker in str(c["body"])]


# --- bot pr ---------------------------------------------------------------------------


def test_pr_comment_is_posted_once_and_left_alone_when_unchanged(shop: Shop) -> None:
    number, event = out_of_lane_pr(shop)
    checkout = shop.clone("checkout")
    first = bot(shop, checkout, "pr", event=event)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "::error file=billing/index.ts" in first.stdout
    assert "pull-request comment created" in first.stdout
    second = bot(shop, checkout, "pr", event=event)
    assert second.returncode == 1 and "pull-request comment unchanged" in second.stdout
    comments = marked(shop, number, "<!-- charter:pull-request -->")
    assert len(comments) == 1
    assert "`billing/index.ts` | modify | billing" in str(comments[0]["body"])
    posts = [r for r in shop.emu.requests if r.method == "POST"]
    assert len(posts) == 1
    assert "violations=1" in (shop.tmp / "output.txt").read_text()
    assert "1 ownership violation" in (shop.tmp / "summary.md").read_text()


def test_pr_comment_is_edited_in_place_when_the_verdict_changes(shop: Shop) -> None:
    number, event = out_of_lane_pr(shop)
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "pr", event=event).returncode == 1
    base = git(shop.coordinator, "rev-parse", "main").strip()
    git(shop.coordinator, "fetch", "-q", "origin")
    git(shop.coordinator, "checkout", "-q", "-B", "instance/auth", "origin/instance/auth")
    git(shop.coordinator, "revert", "--no-edit", "HEAD")
    git(shop.coordinator, "push", "-q", "origin", "instance/auth")
    head = git(shop.coordinator, "rev-parse", "HEAD").strip()
    git(shop.coordinator, "checkout", "-q", "main")
    git(checkout, "fetch", "-q", "origin")
    event = pr_event(shop.tmp, number, "instance/auth", head, base)
    proc = bot(shop, checkout, "pr", event=event)
    assert "pull-request comment updated" in proc.stdout
    comments = marked(shop, number, "<!-- charter:pull-request -->")
    assert len(comments) == 1


def test_a_forks_read_only_token_still_gets_a_verdict(shop: Shop) -> None:
    number, event = out_of_lane_pr(shop)
    proc = bot(shop, shop.clone("checkout"), "pr", token=READ, event=event)
    assert proc.returncode == 1
    assert "::warning title=charter::the token may not comment on #2 (403)" in proc.stdout
    assert "::error file=billing/index.ts" in proc.stdout
    assert "1 ownership violation" in (shop.tmp / "summary.md").read_text()
    assert shop.emu.comments(number) == []


def test_a_rate_limit_degrades_to_summary_and_annotations(shop: Shop) -> None:
    number, event = out_of_lane_pr(shop)
    shop.emu.inject(
        "*",
        r"/issues/\d+/comments",
        403,
        times=10,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"},
    )
    proc = bot(shop, shop.clone("checkout"), "pr", event=event)
    assert proc.returncode == 1
    assert "rate limit" in proc.stdout and "::warning title=charter::" in proc.stdout
    assert shop.emu.comments(number) == []


def test_a_3000_file_pull_request_stays_within_githubs_limits(shop: Shop) -> None:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    files = {f"auth/generated/f{i:04d}.ts": f"// {i}\n" for i in range(2_990)}
    files.update({f"billing/oops{i}.ts": "// not auth's\n" for i in range(10)})
    head = shop.branch("auth", files, "auth: generated client")
    number = shop.emu.create_pull("instance/auth")
    event = pr_event(shop.tmp, number, "instance/auth", head, base)
    proc = bot(shop, shop.clone("checkout"), "pr", event=event)
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if line.startswith("::error")]
    assert 1 <= len(errors) <= 10  # capped (rules.max_annotations), never 10 lines a file
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert len(body) < 65_536 and "billing/oops9.ts" in body
    assert (shop.tmp / "summary.md").stat().st_size < 1 << 20
    assert "violations=10" in (shop.tmp / "output.txt").read_text()


def test_contract_drift_and_predicted_conflicts_reach_the_comment(shop: Shop) -> None:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    shop.branch("billing", {"CHANGELOG.md": "# Changelog\n- billing: refunds\n"}, "changelog")
    head = shop.branch(
        "foundation",
        {"shared/ids/user.json": '{"id": "uuid"}\n', "CHANGELOG.md": "# Changelog\n- ids\n"},
        "ids are uuids (lock forgotten)",
    )
    number = shop.emu.create_pull("instance/foundation")
    event = pr_event(shop.tmp, number, "instance/foundation", head, base)
    checkout = shop.clone("checkout")
    proc = bot(shop, checkout, "pr", event=event)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # no violation; drift not failing
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "**LOCK_STALE** ids:" in body and "charter contracts lock ids" in body
    assert "(consumers: auth, billing)" in body
    assert "**CONFLICT** will conflict with billing: CHANGELOG.md (content)" in body
    output = (shop.tmp / "output.txt").read_text()
    assert "**POSSIBLY_BREAKING** ids: shared/ids/user.json: changed" in body
    assert "drift=2" in output and "conflicts=1" in output
    strict = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert strict.returncode == 1


def test_the_pr_check_honours_grants_recorded_on_the_base(shop: Shop) -> None:
    # The coordinator lends foundation's shared/index.ts to auth for an hour, on main.
    proc = charter(shop.coordinator, "grant", "shared/index.ts", "--to", "auth", "--for", "1h",
                   "--reason", "auth adds its session type")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    git(shop.coordinator, "push", "-q", "origin", "main")
    base = git(shop.coordinator, "rev-parse", "main").strip()
    shop.branch("auth", {"shared/index.ts": "// session\n"}, "auth: session type")
    # A commit dated after the grant's end is flagged; so is writing foundation's grant file.
    late = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(time.time() + 3 * 3600))
    os.environ["GIT_COMMITTER_DATE"] = late
    try:
        head = shop.branch("auth", {"shared/index.ts": "// later\n"}, "auth: too late")
    finally:
        del os.environ["GIT_COMMITTER_DATE"]
    number = shop.emu.create_pull("instance/auth")
    event = pr_event(shop.tmp, number, "instance/auth", head, base)
    proc = bot(shop, shop.clone("checkout"), "pr", event=event)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "#### Changes under grants" in body
    assert "foundation's path, granted to auth by coordinator until" in body
    assert "auth adds its session type" in body
    assert "committed after the grant ended" in body
    assert "violations=1" in (shop.tmp / "output.txt").read_text()

    # The grantee's own edit of the grant file gives it nothing: refused, and not read.
    base = git(shop.coordinator, "rev-parse", "main").strip()
    grants = git(shop.coordinator, "show", "main:.charter/grants/foundation.yaml")
    head = shop.branch(
        "billing",
        {
            ".charter/grants/foundation.yaml": grants.replace('"auth"', '"billing"'),
            "shared/index.ts": "// billing\n",
        },
        "billing lends itself shared",
    )
    number = shop.emu.create_pull("instance/billing")
    event = pr_event(shop.tmp, number, "instance/billing", head, base)
    proc = bot(shop, shop.clone("checkout2"), "pr", event=event)
    assert proc.returncode == 1
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "`.charter/grants/foundation.yaml` | add | foundation" in body
    assert "`shared/index.ts` | modify | foundation" in body


def breaking_pr(shop: Shop) -> tuple[int, Path]:
    """foundation changes the `ids` contract (and locks it anew): POSSIBLY_BREAKING for its
    consumers auth and billing."""
    base = git(shop.coordinator, "rev-parse", "main").strip()
    tree = shop.coordinator
    git(tree, "checkout", "-q", "-B", "instance/foundation", "origin/instance/foundation")
    write(tree, "shared/ids/user.json", '{"id": "uuid"}\n')
    assert charter(tree, "contracts", "lock").returncode == 0
    head = commit_all(tree, "ids are uuids")
    git(tree, "push", "-q", "origin", "instance/foundation")
    git(tree, "checkout", "-q", "main")
    number = shop.emu.create_pull("instance/foundation")
    return number, pr_event(shop.tmp, number, "instance/foundation", head, base)


def review_posts(shop: Shop) -> int:
    return sum(
        1
        for r in shop.emu.requests
        if r.method == "POST" and r.path.endswith("/requested_reviewers")
    )


def test_a_breaking_change_asks_its_consumers_to_review_once(shop: Shop) -> None:
    number, event = breaking_pr(shop)
    checkout = shop.clone("checkout")
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert shop.emu.review_requests(number) == (["auth-dev", "billing-dev"], [])
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "Review requested from @auth-dev, @billing-dev." in body
    assert "Waiting for approval" in body and review_posts(shop) == 1

    # auth approves at the head; billing's review is dismissed: nobody is asked again.
    shop.emu.submit_review(number, "auth-dev", "APPROVED")
    dismissed = shop.emu.submit_review(number, "billing-dev", "APPROVED")
    shop.emu.dismiss_review(number, dismissed)
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 1 and review_posts(shop) == 1
    assert shop.emu.review_requests(number) == ([], [])
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "not asked again): @auth-dev, @billing-dev" in body
    assert "Approved at" in body and "@auth-dev." in body

    # An approval of an older commit does not count; one at the head turns it green.
    shop.emu.submit_review(number, "billing-dev", "APPROVED", commit="0" * 40)
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    shop.emu.submit_review(number, "billing-dev", "APPROVED")
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert review_posts(shop) == 1


def give_auth(shop: Shop, github: str) -> None:
    """auth's `github:` becomes `github` on main (the PR's base), with team auth-team
    (alice) on the emulator."""
    text = (shop.coordinator / "charter.yaml").read_text().replace("@auth-dev", github)
    write(shop.coordinator, "charter.yaml", text)
    commit_all(shop.coordinator, f"auth is {github}")
    git(shop.coordinator, "push", "-q", "origin", "main")
    git(shop.coordinator, "push", "-q", "origin", "main:instance/foundation")
    shop.emu.add_team("auth-team", ["alice"])


def test_a_team_handle_is_asked_as_a_team_and_approved_by_a_member(shop: Shop) -> None:
    give_auth(shop, "@acme/auth-team")
    number, event = breaking_pr(shop)
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    assert shop.emu.review_requests(number) == (["billing-dev"], ["auth-team"])
    shop.emu.submit_review(number, "mallory", "APPROVED")  # not in the team
    shop.emu.submit_review(number, "billing-dev", "APPROVED")
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    shop.emu.submit_review(number, "alice", "APPROVED")
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert review_posts(shop) == 1


def test_a_consumer_of_several_handles_is_asked_on_each_and_one_approval_counts(
    shop: Shop,
) -> None:
    # An instance imported from a CODEOWNERS line with several owners: any one of them
    # approves for it, as on GitHub.
    give_auth(shop, "@auth-dev @acme/auth-team")
    number, event = breaking_pr(shop)
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    assert shop.emu.review_requests(number) == (["auth-dev", "billing-dev"], ["auth-team"])
    shop.emu.submit_review(number, "billing-dev", "APPROVED")
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    shop.emu.submit_review(number, "alice", "APPROVED")  # for auth, through its team
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert review_posts(shop) == 1


def test_a_coordinators_approval_stands_in_for_the_consumers(shop: Shop) -> None:
    text = (shop.coordinator / "charter.yaml").read_text()
    write(shop.coordinator, "charter.yaml", text + 'coordinators: {github: ["@Boss"]}\n')
    commit_all(shop.coordinator, "the coordinator's login")
    git(shop.coordinator, "push", "-q", "origin", "main")
    git(shop.coordinator, "push", "-q", "origin", "main:instance/foundation")
    number, event = breaking_pr(shop)
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift").returncode == 1
    shop.emu.submit_review(number, "boss", "APPROVED")
    proc = bot(shop, checkout, "pr", event=event, CHARTER_FAIL_ON="drift")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "Approved by coordinator boss at" in body


def test_a_read_only_token_names_the_consumers_instead(shop: Shop) -> None:
    number, event = breaking_pr(shop)
    proc = bot(shop, shop.clone("checkout"), "pr", token=READ, event=event)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # drift is not failing by default
    assert shop.emu.review_requests(number) == ([], [])
    summary = (shop.tmp / "summary.md").read_text()
    assert "Could not request reviews" in summary and "pull-requests: write" in summary
    assert "Please review: @auth-dev (auth), @billing-dev (billing)" in summary


def test_thousands_of_violations_keep_the_comment_readable(shop: Shop) -> None:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    files = {f"billing/stolen/f{i:04d}.ts": "// not auth's\n" for i in range(3_000)}
    head = shop.branch("auth", files, "auth: everything")
    number = shop.emu.create_pull("instance/auth")
    proc = bot(
        shop,
        shop.clone("checkout"),
        "pr",
        event=pr_event(shop.tmp, number, "instance/auth", head, base),
    )
    assert proc.returncode == 1
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert len(body) < 65_536
    assert "| ... and 2800 more | | | |" in body and "To fix:" in body
    assert "violations=3000" in (shop.tmp / "output.txt").read_text()


def test_a_malformed_event_is_a_clear_error(shop: Shop) -> None:
    bad = shop.tmp / "bad.json"
    bad.write_text('{"number": 3, "pull_request": {"head": {}}}')
    proc = bot(shop, shop.clone("checkout"), "pr", event=bad)
    assert proc.returncode == 2
    assert "is not a pull_request event payload: pull_request.number" in proc.stderr
    bad.write_text("{not json")
    proc = bot(shop, shop.clone("checkout2"), "pr", event=bad)
    assert proc.returncode == 2 and "is not valid JSON" in proc.stderr


# --- bot sync -------------------------------------------------------------------------


def test_sync_commits_the_table_then_finds_nothing_to_do(shop: Shop) -> None:
    checkout = shop.clone("checkout")
    shop.branch("billing", {".charter/scratchpads/billing.md": pad("review")}, "ready")
    proc = bot(shop, checkout, "sync")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "tracking table updated" in proc.stdout
    table = shop.main_file("TRACKING.md")
    assert table is not None and table.startswith("# Tracking\n\nOurs.\n\n")
    assert "| billing | feature | review | instance/billing |" in table
    log = git(shop.bare, "log", "-1", "--format=%s", "main")
    assert log.strip() == "charter: update the tracking table"
    issue = marked(shop, 1, "<!-- charter:tracking-issue -->")
    assert len(issue) == 1 and "| billing | feature | review |" in str(issue[0]["body"])
    assert "All tests pass after integration (unknown)" in table
    again = bot(shop, checkout, "sync")
    assert "tracking table unchanged" in again.stdout
    assert "comment unchanged" in again.stdout
    puts = [r for r in shop.emu.requests if r.method in ("PUT", "PATCH")]
    assert [r.method for r in puts] == ["PUT"]  # one commit, no second edit


def test_sync_shows_the_test_result_the_workflow_passes(shop: Shop) -> None:
    proc = bot(shop, shop.clone("checkout"), "sync", CHARTER_TESTS="failure")
    assert proc.returncode == 0, proc.stderr
    assert "- [ ] All tests pass after integration\n" in (shop.main_file("TRACKING.md") or "")
    proc = bot(shop, shop.clone("checkout2"), "sync", CHARTER_TESTS="success")
    assert "- [x] All tests pass after integration\n" in (shop.main_file("TRACKING.md") or "")
    proc = bot(shop, shop.clone("checkout3"), "sync", CHARTER_TESTS="perhaps")
    assert proc.returncode == 2 and "CHARTER_TESTS must be passed or failed" in proc.stderr


def test_sync_never_replaces_a_newer_issue_comment_but_outlives_a_lost_one(
    shop: Shop,
) -> None:
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "sync").returncode == 0
    sticky = marked(shop, 1, "<!-- charter:tracking-issue -->")[0]
    unknown = "<!-- charter:source " + "f" * 40 + " -->"
    body = re.sub(r"<!-- charter:source [0-9a-f]{40} -->", unknown, str(sticky["body"]))
    assert unknown in body
    # A run we cannot see (not in our fetch) updated it a moment ago: it stays.
    shop.emu.set_comment(int(sticky["id"]), body=body, updated=time.time())
    shop.branch("billing", {".charter/scratchpads/billing.md": pad("review")}, "ready")
    proc = bot(shop, checkout, "sync")
    assert "comment left alone" in proc.stdout
    assert marked(shop, 1, "<!-- charter:tracking-issue -->")[0]["body"] == body
    # The same unknown source an hour old is a rewritten history, not a race: replaced.
    shop.emu.set_comment(int(sticky["id"]), updated=time.time() - 3600)
    proc = bot(shop, checkout, "sync")
    assert "comment updated" in proc.stdout
    now = str(marked(shop, 1, "<!-- charter:tracking-issue -->")[0]["body"])
    assert "| billing | feature | review |" in now and unknown not in now


def test_sync_rereads_and_retries_when_the_file_moved(shop: Shop) -> None:
    shop.emu.inject("PUT", r"/contents/TRACKING\.md", 409, times=2)
    proc = bot(shop, shop.clone("checkout"), "sync")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("reading it again") == 2
    assert "<!-- charter:tracking:start -->\n<!-- generated" in (
        shop.main_file("TRACKING.md") or ""
    )


def test_sync_gives_up_after_bounded_attempts(shop: Shop) -> None:
    shop.emu.inject("PUT", r"/contents/TRACKING\.md", 409, times=50)
    proc = bot(shop, shop.clone("checkout"), "sync")
    assert proc.returncode == 2
    assert "gave up after 5 attempts" in proc.stderr
    assert shop.main_file("TRACKING.md") == TRACKING  # nothing half-written


def test_sync_without_write_permission_says_which(shop: Shop) -> None:
    proc = bot(shop, shop.clone("checkout"), "sync", token=READ)
    assert proc.returncode == 2
    assert "contents: write" in proc.stderr


def test_handoff_notices_mention_the_instance_once(shop: Shop) -> None:
    shop.branch(
        "billing",
        {
            ".charter/scratchpads/billing.md": pad(
                "blocked", "blocked_by: [foundation]\nneeds:\n  - {from: foundation, what: ids}\n"
            )
        },
        "billing waits",
    )
    checkout = shop.clone("checkout")
    assert bot(shop, checkout, "sync").returncode == 0
    assert [c for c in shop.emu.comments(1) if "@billing-dev" in str(c["body"])] == []
    shop.branch("foundation", {".charter/scratchpads/foundation.md": pad("done")}, "done")
    proc = bot(shop, checkout, "sync")
    assert "notified ready:billing:foundation" in proc.stdout
    pings = [c for c in shop.emu.comments(1) if "@billing-dev" in str(c["body"])]
    assert len(pings) == 1 and "foundation is done" in str(pings[0]["body"])
    # The exact next steps: merge the default branch, the inbox, the contract's API to read.
    assert (
        "Next, in your worktree:\n\n1. `git merge main`\n2. `charter inbox`\n"
        "3. read `.charter/contracts/ids.api.md`\n" in str(pings[0]["body"])
    )
    sticky = marked(shop, 1, "<!-- charter:tracking-issue -->")
    assert len(sticky) == 1 and "ready:billing:foundation" in str(sticky[0]["body"])
    bot(shop, checkout, "sync")
    again = [c for c in shop.emu.comments(1) if "@billing-dev" in str(c["body"])]
    assert len(again) == 1  # never repeated
    # Even when the sticky comment (and the keys it keeps) is gone, the notice is not.
    request = urllib.request.Request(
        f"{shop.emu.url}/repos/acme/app/issues/comments/{sticky[0]['id']}",
        method="DELETE",
        headers={"Authorization": f"token {WRITE}"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 204
    proc = bot(shop, checkout, "sync")
    assert "comment created" in proc.stdout and "notified" not in proc.stdout
    assert len([c for c in shop.emu.comments(1) if "@billing-dev" in str(c["body"])]) == 1


def test_ten_concurrent_syncs_lose_no_update(shop: Shop) -> None:
    names = [f"team{i}" for i in range(10)]
    lanes = "".join(f"  {n}:\n    owns: [{n}/**]\n" for n in names)
    write(shop.coordinator, "charter.yaml", MAP.replace("contracts:", lanes + "contracts:", 1))
    for name in names:
        write(shop.coordinator, f".charter/scratchpads/{name}.md", pad("in-progress"))
    commit_all(shop.coordinator, "ten more lanes")
    git(shop.coordinator, "push", "-q", "origin", "main")
    for name in names:
        git(shop.coordinator, "push", "-q", "origin", f"main:refs/heads/instance/{name}")
    git(shop.coordinator, "fetch", "-q", "origin")
    checkouts = {name: shop.clone(f"checkout-{name}") for name in names}
    for name in names:  # each instance's work, made before its sync runs
        git(shop.coordinator, "checkout", "-q", "-B", f"instance/{name}", f"origin/instance/{name}")
    git(shop.coordinator, "checkout", "-q", "main")
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    push_lock = threading.Lock()

    def run(name: str) -> None:
        time.sleep(0.2 * names.index(name))  # pushes and syncs interleave
        with push_lock:  # one clone pushes: its index is not for sharing
            shop.branch(name, {f".charter/scratchpads/{name}.md": pad("review")}, "review")
        results[name] = bot(shop, checkouts[name], "sync")

    threads = [threading.Thread(target=run, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.returncode == 0 for r in results.values()), [
        r.stdout + r.stderr for r in results.values() if r.returncode
    ]
    table = shop.main_file("TRACKING.md") or ""
    print("PUTs:", sorted(r.status for r in shop.emu.requests if r.method == "PUT"))
    for name in names:
        assert f"| {name} | feature | review | instance/{name} |" in table, name
    assert len(marked(shop, 1, "<!-- charter:tracking-issue -->")) == 1
    final = str(marked(shop, 1, "<!-- charter:tracking-issue -->")[0]["body"])
    assert all(f"| {name} | feature | review |" in final for name in names)


def test_two_runs_that_both_created_the_sticky_comment_leave_one(shop: Shop) -> None:
    from charter.bot.client import Client
    from charter.bot.settings import Settings

    settings = Settings.from_env(
        {
            "GITHUB_TOKEN": WRITE,
            "GITHUB_REPOSITORY": "acme/app",
            "GITHUB_API_URL": shop.emu.url,
            "CHARTER_THROTTLE": "0",
        }
    )
    client = Client(settings)
    try:
        issue = client.repo.get_issue(1)
        first = issue.create_comment("<!-- m -->\nfrom the run that finished first")
        second = issue.create_comment("<!-- m -->\nfrom the run that finished second")
        client._keep_oldest(1, "<!-- m -->", second)  # what the second run does next
        client._keep_oldest(1, "<!-- m -->", first)  # the first run: it is the oldest
    finally:
        client.github.close()
    left = marked(shop, 1, "<!-- m -->")
    assert [c["id"] for c in left] == [first.id]
    assert left[0]["body"] == "<!-- m -->\nfrom the run that finished second"


# --- action.yml, step by step ----------------------------------------------------------

PROJECT = Path(__file__).resolve().parents[1]
_EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


def run_action(
    shop: Shop, checkout: Path, inputs: dict[str, str], event_name: str, event: Path
) -> tuple[int, str, dict[str, str]]:
    """Run action.yml's steps as the runner does: `uses` steps stood in for, `run` steps
    through `bash -eo pipefail` with only the env the step declares (expressions are
    evaluated there; a `run` script never contains one)."""
    from ruamel.yaml import YAML

    action = YAML(typ="safe").load((PROJECT / "action.yml").read_text())
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    context: dict[str, str] = {"github.token": WRITE}
    context.update({f"inputs.{k}": v for k, v in values.items()})

    def evaluate(text: str) -> str:
        return _EXPRESSION.sub(lambda m: context[m.group(1)], text)

    for name, value in list(context.items()):
        context[name] = evaluate(value)  # `default: ${{ github.token }}`
    runner = shop.tmp / "runner"
    runner.mkdir(exist_ok=True)
    base_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "PIP_CACHE_DIR")}
    base_env.update(
        GITHUB_ACTION_PATH=str(PROJECT),
        RUNNER_TEMP=str(runner),
        GITHUB_WORKSPACE=str(checkout),
        GITHUB_API_URL=shop.emu.url,
        GITHUB_REPOSITORY="acme/app",
        GITHUB_EVENT_NAME=event_name,
        GITHUB_EVENT_PATH=str(event),
        GITHUB_STEP_SUMMARY=str(shop.tmp / "summary.md"),
    )
    log = []
    status = 0
    for index, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@")
            assert re.fullmatch(r"[0-9a-f]{40}", step["uses"].split("@")[1])  # pinned
            context[f"steps.{step_id}.outputs.python-path"] = sys.executable
            continue
        assert "${{" not in step["run"], "inputs reach scripts through env, never inline"
        output = shop.tmp / f"output-{step_id}.txt"
        output.write_text("")
        env = {**base_env, "GITHUB_OUTPUT": str(output)}
        env.update({k: evaluate(str(v)) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(
            ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]),
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        log.append(proc.stdout + proc.stderr)
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step_id}.outputs.{key}"] = value
        status = proc.returncode
        if status:
            break
    outputs = {
        name: _EXPRESSION.sub(lambda m: context.get(m.group(1), ""), spec["value"])
        for name, spec in action["outputs"].items()
    }
    text = "\n".join(log)
    assert WRITE not in text
    return status, text, outputs


def test_the_actions_steps_comment_summarise_and_commit_the_table(shop: Shop) -> None:
    number, event = out_of_lane_pr(shop)
    status, log, outputs = run_action(
        shop, shop.clone("checkout"), {"command": "pr"}, "pull_request", event
    )
    assert status == 1, log  # fail-on: violations
    assert outputs["violations"] == "1" and outputs["drift"] == "0"
    assert "::error file=billing/index.ts" in log
    assert len(marked(shop, number, "<!-- charter:pull-request -->")) == 1
    assert "1 ownership violation" in (shop.tmp / "summary.md").read_text()

    status, log, outputs = run_action(
        shop, shop.clone("checkout-sync"), {"command": "sync"}, "push", EVENTS / "push.json"
    )
    assert status == 0, log
    assert outputs["notices"] == "0"
    table = shop.main_file("TRACKING.md") or ""
    assert "| auth | feature | in-progress | instance/auth |" in table
    assert len(marked(shop, 1, "<!-- charter:tracking-issue -->")) == 1
