"""Hostile input: never a hang, a traceback, a lost update or an injected word.

Each reader charter has is fed files from `tests/data/hostile/<reader>/` (and generated
inputs), as a user's process would meet them, and every answer is held to the same bar:

- an exit status of 0, 1 or 2 (no crash), and no traceback on any stream;
- an answer within `TIME_BOUND` seconds (the heavy sizes live in bench/);
- the input file unchanged;
- no live mention, HTML, link or broken table row in the Markdown charter writes, and no
  terminal escape sequence in what it prints.

To add a reader (guard payloads, contract sources, lock files): a directory of inputs under
tests/data/hostile/ and a test that runs the reader on each through `survives()`.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bot import EVENTS, Shop, bot, marked, pr_event
from test_bot import shop as shop
from test_scratchpad import MAP as PADS_MAP
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter import escape
from charter.errors import CharterError

HOSTILE = Path(__file__).parent / "data" / "hostile"
TIME_BOUND = 5.0  # seconds, for any one command on any one input


def corpus(reader: str) -> list[Path]:
    return sorted((HOSTILE / reader).iterdir())


def survives(
    run: Callable[[], subprocess.CompletedProcess[str]], *, allowed: tuple[int, ...] = (0, 1, 2)
) -> subprocess.CompletedProcess[str]:
    """Run a charter process and hold it to the common bar (status, traceback, time)."""
    start = time.monotonic()
    proc = run()
    took = time.monotonic() - start
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in allowed, (proc.returncode, proc.stdout, proc.stderr)
    assert took < TIME_BOUND, f"took {took:.1f} s"
    return proc


_MARKER = re.compile(r"<!-- charter:[^<>]*-->")
_MENTION = re.compile(r"(?<![\w`/])@[A-Za-z0-9][\w/-]*")
_HTML = re.compile(r"<(?:img|b|a|script|iframe|details|svg)\b", re.IGNORECASE)
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"(?<!\\)\]\(")


def _outside_code(line: str) -> tuple[str, bool]:
    """`line` without its code spans, and whether a code span is left open. Outside code
    a backslash escapes the next character; inside, it is literal (as in CommonMark)."""
    outside: list[str] = []
    in_code = False
    i = 0
    while i < len(line):
        char = line[i]
        if char == "`":
            in_code = not in_code
        elif not in_code:
            step = 2 if char == "\\" else 1
            outside.append(line[i : i + step])
            i += step
            continue
        i += 1
    return "".join(outside), in_code


def live_markup(markdown: str, mentions: tuple[str, ...] = ()) -> list[str]:
    """What in `markdown` GitHub would render live: mentions not in `mentions`, HTML tags
    the hostile inputs use, links, code spans left open, table rows a line break cut short.
    Fenced blocks (charter's Mermaid graph) are skipped; a paragraph may wrap a code span."""
    found: list[str] = []
    text = _FENCE.sub("", _MARKER.sub("", markdown))
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        rows = [line for line in lines if line.startswith("|")]
        prose = " ".join(line for line in lines if not line.startswith("|"))
        for row in rows:
            if not row.rstrip().endswith("|") or row.rstrip() == "|":
                found.append(f"a table row cut short: {row!r}")
        for piece in [*rows, prose]:
            outside, open_code = _outside_code(piece)
            if open_code:
                found.append(f"a code span left open: {piece!r}")
            found += [
                f"live mention {m.group()!r} in {piece!r}"
                for m in _MENTION.finditer(outside)
                if m.group() not in mentions
            ]
            found += [f"HTML {m.group()!r} in {piece!r}" for m in _HTML.finditer(outside)]
            found += [f"a link in {piece!r}" for _ in _LINK.finditer(outside)]
    return found


def test_the_markup_check_finds_what_it_looks_for() -> None:
    """The checker itself: each kind of live markup is found, escaped text is not."""
    assert live_markup("hi @acme/admins") and live_markup("<img src=x>")
    assert live_markup("[x](http://evil)") and live_markup("| `a | b |\n| c` |")
    assert live_markup("| a | b\nc |")
    assert live_markup("@&#8203;acme `@x` \\[x\\](y) &lt;img&gt; | a |") == []
    assert live_markup("ping @found-dev", mentions=("@found-dev",)) == []


# --- charter.yaml ---------------------------------------------------------------------

# Inputs charter must refuse, with the line it names and a word of the message.
YAML_REFUSED = {
    "alias_bomb.yaml": (2, "anchors and aliases"),
    "merge_key_alias.yaml": (2, "anchors and aliases"),
    "deep_flow.yaml": (4, "nested more than"),
    "deep_block.yaml": (33, "nested more than"),
    "lone_surrogate.yaml": (5, "lone surrogate"),
    "invalid_utf8.yaml": (5, "not UTF-8"),
    "utf8_encoded_surrogate.yaml": (5, "not UTF-8"),
    "huge_int.yaml": (1, "characters long"),
    "nul_bytes.yaml": (5, "U+0000"),
}


@pytest.mark.parametrize("source", corpus("charter_yaml"), ids=lambda p: p.name)
def test_hostile_charter_yaml(repo: Path, source: Path) -> None:
    target = repo / "charter.yaml"
    target.write_bytes(source.read_bytes())
    proc = survives(lambda: charter(repo, "validate"))
    assert target.read_bytes() == source.read_bytes()
    if source.name in YAML_REFUSED:
        line, words = YAML_REFUSED[source.name]
        assert proc.returncode == 2
        assert f"charter.yaml:{line}:" in proc.stderr and words in proc.stderr, proc.stderr
    survives(lambda: charter(repo, "owner", "src/x.ts"))


def test_charter_yaml_refused_in_a_commit_is_refused_by_the_bot_too(shop: Shop) -> None:
    """The bot reads charter.yaml from the base commit: a bomb there is a message."""
    bomb = (HOSTILE / "charter_yaml" / "alias_bomb.yaml").read_text()
    write(shop.coordinator, "charter.yaml", bomb)
    commit_all(shop.coordinator, "bomb")
    git(shop.coordinator, "push", "-q", "origin", "main")
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "sync"), allowed=(2,))
    assert "charter.yaml:2:" in proc.stderr and "anchors and aliases" in proc.stderr


# --- scratchpads ----------------------------------------------------------------------


PAD_REFUSED = {
    "alias_bomb.md": (3, "anchors and aliases"),
    "deep_nesting.md": (3, "nested more than"),
    "lone_surrogate_need.md": (4, "lone surrogate"),
    "huge_number.md": (3, "characters long"),
    "invalid_utf8.md": (18, "not UTF-8"),
    "nul_in_front_matter.md": (2, "U+0000"),
}
_ESCAPE_SEQUENCE = re.compile(r"[\x1b\x9b\x9d\x07]")


@pytest.mark.parametrize("source", corpus("scratchpads"), ids=lambda p: p.name)
def test_hostile_scratchpad(repo: Path, source: Path) -> None:
    write(repo, "charter.yaml", PADS_MAP)
    write(repo, "shared/a.ts")
    write(repo, ".charter/scratchpads/foundation.md", "---\nstatus: done\n---\n")
    target = repo / ".charter/scratchpads/auth.md"
    target.write_bytes(source.read_bytes())
    commit_all(repo, "lanes, and a hostile scratchpad")
    git(repo, "branch", "instance/auth")
    check = survives(lambda: charter(repo, "scratchpad", "check", "auth"))
    if source.name in PAD_REFUSED:
        line, words = PAD_REFUSED[source.name]
        assert check.returncode == 2
        assert f"auth.md:{line}:" in check.stderr and words in check.stderr, check.stderr
    for command in (("status",), ("table", "--write"), ("inbox", "auth")):
        proc = survives(partial(charter, repo, *command))
        assert not _ESCAPE_SEQUENCE.search(proc.stdout + proc.stderr), command
    assert not _ESCAPE_SEQUENCE.search(check.stdout + check.stderr)
    assert target.read_bytes() == source.read_bytes()
    tracking = repo / "TRACKING.md"
    if tracking.exists():
        assert live_markup(tracking.read_text(encoding="utf-8")) == []


def test_a_need_from_a_terminal_escape_is_printed_without_it(repo: Path) -> None:
    write(repo, "charter.yaml", PADS_MAP)
    source = HOSTILE / "scratchpads" / "terminal_escapes_need.md"
    write(repo, ".charter/scratchpads/auth.md", source.read_text())
    commit_all(repo, "pads")
    proc = survives(lambda: charter(repo, "scratchpad", "check", "auth"))
    assert proc.returncode == 1 and "this need is `from: " in proc.stdout, proc.stdout
    assert "\x1b" not in proc.stdout and "\\x1b]0;pwned\\x07" in proc.stdout


def test_sync_with_a_hostile_need_writes_only_escaped_text(shop: Shop) -> None:
    hostile = (HOSTILE / "scratchpads" / "mention_and_html_need.md").read_text()
    surrogate = (HOSTILE / "scratchpads" / "lone_surrogate_need.md").read_text()
    shop.branch("billing", {".charter/scratchpads/billing.md": hostile}, "hostile need")
    shop.branch("auth", {".charter/scratchpads/auth.md": surrogate}, "unencodable need")
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "sync"), allowed=(0,))
    assert "tracking table updated" in proc.stdout
    table = shop.main_file("TRACKING.md")
    assert table is not None and "acme/admins" in table
    assert live_markup(table) == []
    sticky = marked(shop, 1, "<!-- charter:tracking-issue -->")
    assert len(sticky) == 1 and live_markup(str(sticky[0]["body"])) == []


# --- event payloads -------------------------------------------------------------------


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EVENTS / "pull_request.opened.json").read_text())
    return data


def _mutated(change: Callable[[dict[str, Any]], object]) -> str:
    data = copy.deepcopy(_example())
    change(data)
    return json.dumps(data)


EVENT_MUTATIONS: dict[str, Callable[[dict[str, Any]], object]] = {
    "pull_request is a string": lambda d: d.update(pull_request="x"),
    "pull_request is null": lambda d: d.update(pull_request=None),
    "head is a list": lambda d: d["pull_request"].update(head=[1]),
    "head.repo is a number": lambda d: d["pull_request"]["head"].update(repo=7),
    "base.repo is a string": lambda d: d["pull_request"]["base"].update(repo="acme/app"),
    "number is a string": lambda d: d["pull_request"].update(number="2"),
    "number is true": lambda d: d["pull_request"].update(number=True),
    "sha is an option": lambda d: d["pull_request"]["head"].update(sha="--output=/tmp/x"),
    "ref is a number": lambda d: d["pull_request"]["head"].update(ref=5),
}


def _event_inputs() -> list[Any]:
    inputs = [(name, _mutated(change).encode()) for name, change in EVENT_MUTATIONS.items()]
    inputs += [(path.name, path.read_bytes()) for path in corpus("events")]
    return [pytest.param(name, payload, id=name) for name, payload in inputs]


@pytest.mark.parametrize(("name", "payload"), _event_inputs())
def test_hostile_event_payload(repo: Path, name: str, payload: bytes) -> None:
    """Refused before any API call, so no emulator is needed: exit 2, the file named."""
    event = repo.parent / "event.json"
    event.write_bytes(payload)
    env = {
        "GITHUB_API_URL": "http://127.0.0.1:9",  # never contacted
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_TOKEN": "ghs_unused",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo),
    }
    proc = survives(lambda: charter(repo, "bot", "pr", env=env), allowed=(2,))
    assert str(event) in proc.stderr and "charter:" in proc.stderr, proc.stderr
    assert event.read_bytes() == payload


# --- API error responses --------------------------------------------------------------


API_STATUSES = (401, 403, 404, 500, 502, 503, 422)


@pytest.mark.parametrize("status", API_STATUSES)
def test_sync_answers_an_api_error_on_every_call_with_a_message(shop: Shop, status: int) -> None:
    shop.emu.inject("*", r"^/repos/acme/app$", status, times=10)
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "sync"), allowed=(2,))
    assert "charter:" in proc.stderr and "read the repository" in proc.stderr, proc.stderr


@pytest.mark.parametrize("status", [401, 500, 503])
@pytest.mark.parametrize(("calls", "exit_status"), [("/contents/", 2), ("/issues/", 0)])
def test_sync_survives_errors_on_the_contents_and_issue_calls(
    shop: Shop, status: int, calls: str, exit_status: int
) -> None:
    """The table cannot be read or written: a message, exit 2. The issue cannot be
    commented: the table is still written, and a warning says what was not."""
    shop.emu.inject("*", calls, status, times=50)
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "sync"), allowed=(exit_status,))
    if exit_status:
        assert "TRACKING.md" in proc.stderr
    else:
        assert "::warning title=charter::" in proc.stdout


# --- file and branch names in the bot's Markdown --------------------------------------

HOSTILE_NAMES = [
    "billing/line\nbreak @acme/admins <img src=x onerror=alert(1)>.ts",
    "billing/`tick`|pipe [x](http://evil).ts",
    "billing/\udcff undecodable.ts",
    "billing/\x1b[31mred\x1b[0m.ts",
]
BYPASS = "Charter-Bypass: @acme/admins said so <b>bold</b> [x](http://evil) | cell"


def test_pull_request_with_hostile_names_posts_only_escaped_text(shop: Shop) -> None:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    tree = shop.coordinator
    git(tree, "checkout", "-q", "-B", "instance/auth", "origin/instance/auth")
    for name in HOSTILE_NAMES:
        write(tree, name, "x\n")
    commit_all(tree, "auth: names")
    write(tree, "billing/plain.ts", "y\n")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "--no-verify", "-m", f"auth: one more\n\n{BYPASS}")
    head = git(tree, "rev-parse", "HEAD").strip()
    git(tree, "push", "-q", "origin", "instance/auth")
    git(tree, "checkout", "-q", "main")
    number = shop.emu.create_pull("instance/auth")
    event = pr_event(shop.tmp, number, "instance/auth", head, base)
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "pr", event=event))
    assert proc.returncode == 1
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert all("\x1b" not in line for line in annotations)
    assert any("%0Abreak" in line for line in annotations), annotations
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "undecodable" in body and "Recorded bypasses" in body
    assert live_markup(body) == []
    summary = (shop.tmp / "summary.md").read_text(encoding="utf-8")
    assert live_markup(summary) == []


def test_a_branch_named_like_a_team_is_not_a_mention(shop: Shop) -> None:
    base = git(shop.coordinator, "rev-parse", "main").strip()
    tree = shop.coordinator
    git(tree, "checkout", "-q", "-b", "@acme/admins")
    write(tree, "billing/x.ts", "z\n")
    head = commit_all(tree, "from a team-named branch")
    git(tree, "push", "-q", "origin", "@acme/admins")
    git(tree, "checkout", "-q", "main")
    number = shop.emu.create_pull("@acme/admins")
    event = pr_event(shop.tmp, number, "@acme/admins", head, base)
    proc = survives(lambda: bot(shop, shop.clone("checkout"), "pr", event=event), allowed=(1,))
    assert "belongs to no instance" in proc.stdout
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "acme/admins" in body and live_markup(body) == []


# --- generated inputs (hypothesis) ----------------------------------------------------

_ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@given(_ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_a_cell_is_one_inert_line_whatever_the_text(text: str) -> None:
    out = escape.cell(text)
    assert "\n" not in out and "\r" not in out
    assert live_markup(f"| {out} | {escape.code(text)} |") == []
    out.encode("utf-8")  # never a lone surrogate


@given(_ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_annotations_and_terminal_text_stay_one_command(text: str) -> None:
    data, prop = escape.annotation_data(text), escape.annotation_property(text)
    assert "\n" not in data + prop and "\r" not in data + prop
    assert ":" not in prop and "," not in prop
    shown = escape.terminal(text)
    assert not _ESCAPE_SEQUENCE.search(shown)
    shown.encode("utf-8")


_YAML_PIECES = st.sampled_from(
    ["&a ", "*a", "<<: ", "[", "]", "{", "}", "- ", ": ", "\n", "  ", '"\\ud800"', "'x'",
     "status", "needs", "from", "what", "version: 1", "!!python/name:os.system", "\t", "#",
     "\x00", "\x1b", "9" * 50, "---", "..."]
)  # fmt: skip


@given(st.lists(_YAML_PIECES, max_size=60).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_charter_yaml_and_front_matter_readers_only_raise_charter_errors(text: str) -> None:
    from charter.config import loads
    from charter.scratchpad import parse

    for read in (lambda: loads(text), lambda: parse(f"---\n{text}\n---\n", "pad.md")):
        start = time.monotonic()
        try:
            read()
        except CharterError as e:
            assert str(e)
        assert time.monotonic() - start < TIME_BOUND


def test_the_counts_per_reader(capsys: pytest.CaptureFixture[str]) -> None:
    """The corpus sizes, so a report can name them (and a lost directory fails)."""
    counts = {reader: len(corpus(reader)) for reader in ("charter_yaml", "scratchpads", "events")}
    counts["event mutations"] = len(EVENT_MUTATIONS)
    counts["names in Markdown"] = len(HOSTILE_NAMES) + 3  # + bypass, branch, drift name
    counts["API error responses"] = len(API_STATUSES) + 3 * 2
    assert all(counts.values())
    with capsys.disabled():
        sys.stdout.write(f"\nhostile inputs per reader: {counts}\n")


def test_contract_drift_names_from_the_pull_request_are_escaped(shop: Shop) -> None:
    """Drift findings carry file (and schema property) names the PR chose."""
    base = git(shop.coordinator, "rev-parse", "main").strip()
    name = "shared/ids/@acme/admins <img src=x> [x](http://evil) `x`.json"
    head = shop.branch("foundation", {name: '{"@acme/admins": "string"}\n'}, "new id file")
    number = shop.emu.create_pull("instance/foundation")
    event = pr_event(shop.tmp, number, "instance/foundation", head, base)
    survives(lambda: bot(shop, shop.clone("checkout"), "pr", event=event))
    body = str(marked(shop, number, "<!-- charter:pull-request -->")[0]["body"])
    assert "Contract drift" in body and "acme/admins" in body, body
    assert live_markup(body) == []
