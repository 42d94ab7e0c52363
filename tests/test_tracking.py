"""The tracking table: rendered from repository state, escaped, written only between markers."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scenarios import lanes
from testing.scratchpad import pad, sp

from charter.config import load
from charter.escape import cell as escape_cell
from charter.tracking import (
    END,
    M_CONFLICTS,
    M_DISCOVERY,
    M_LANES,
    M_SCRATCHPADS,
    M_TABLE,
    M_TESTS,
    START,
    collect_state,
    render_table,
    write_tracking,
)

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [shared/**]
  auth:
    owns: [auth/**, docs/auth/**, auth-extra/**]
    depends_on: [foundation]
  web:
    owns: [web/**]
    depends_on: [foundation, auth]
rules:
  scratchpad_max_stale_commits: 2
"""


def row(table: str, name: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {name} |"))
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


@pytest.fixture
def team(repo: Path, tmp_path: Path) -> dict[str, Path]:
    """main plus a worktree per instance branch (web has no branch yet)."""
    unread = pad("discovery", discovery="<!-- what you read -->")
    trees = lanes(
        repo,
        tmp_path,
        MAP,
        files={"shared/types.ts": "export type User = {};\n"},
        scratchpads=dict.fromkeys(("foundation", "auth", "web"), unread),
        branches=("foundation", "auth"),
    )
    foundation = trees["foundation"]
    write(foundation, sp("foundation"), pad("in-progress"))
    write(foundation, "shared/user.ts", "export type Id = string;\n")
    commit_all(foundation, "foundation: user type")
    auth = trees["auth"]
    write(
        auth,
        sp("auth"),
        pad(
            "blocked",
            "blocked_by: [foundation]\nneeds:\n"
            '  - {from: foundation, what: "a <b>User</b> | type\\nnow @octocat `x` [a](b)"}\n',
        ),
    )
    commit_all(auth, "auth: blocked on foundation")
    write(auth, "auth/a.ts")
    commit_all(auth, "auth: a")
    write(auth, "auth/b.ts")
    commit_all(auth, "auth: b")
    write(repo, "README.md", "# project\n")
    commit_all(repo, "coordinator: readme")
    return trees


# --- rows -------------------------------------------------------------------------------


def test_rows_come_from_each_branch_tip_and_cells_are_escaped(team: dict[str, Path]) -> None:
    main = team["main"]
    state = collect_state(main, load(main))
    table = render_table(state)
    auth = row(table, "auth")
    assert auth[:5] == ["auth", "feature", "blocked", "instance/auth", "+3 / -1"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", auth[5])  # absolute, UTC
    assert auth[6] == "`auth/**`, `docs/auth/**` +1 more"
    assert auth[7] == "foundation"
    # Escaped: no raw HTML, no new column from the pipe, no mention, no code or link syntax.
    assert auth[8] == (
        "blocked by foundation; foundation: a &lt;b&gt;User&lt;/b&gt; \\| type now "
        "@&#8203;octocat \\`x\\` \\[a\\](b)"
    )
    assert len(auth) == 11 and auth[10] == ""  # no conflicts forecast
    assert auth[9] == "2"  # two commits since the scratchpad changed
    foundation = row(table, "foundation")
    assert foundation[2] == "in-progress" and foundation[4] == "+1 / -1" and foundation[9] == "0"
    web = row(table, "web")  # no branch yet: the scratchpad comes from main
    assert web[2:5] == ["discovery", "instance/web", "no branch"]
    assert web[5] == "" and web[9] == ""
    assert state.instances[2].scratchpad_source == "refs/heads/main"
    assert state.instances[1].scratchpad_source == "refs/heads/instance/auth"


def test_the_same_state_renders_the_same_bytes_in_any_time_zone(team: dict[str, Path]) -> None:
    main = team["main"]
    first = charter(main, "table", env={"TZ": "Pacific/Kiritimati"})
    second = charter(main, "table", env={"TZ": "America/Adak"})
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    seconds = int(git(main, "log", "-1", "--format=%ct", "instance/auth"))
    utc = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    assert row(first.stdout, "auth")[5] == utc


def test_mermaid_graph_has_every_instance_coloured_by_status(team: dict[str, Path]) -> None:
    table = render_table(collect_state(team["main"], load(team["main"])))
    graph = table.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert graph.splitlines()[:4] == [
        "flowchart LR",
        '  i0["foundation<br/>in-progress"]',
        '  i1["auth<br/>blocked"]',
        '  i2["web<br/>discovery"]',
    ]
    assert "  i0 --> i1" in graph and "  i0 --> i2" in graph and "  i1 --> i2" in graph
    assert "  i0 -. blocks .-> i1" in graph
    assert "  class i1 s_blocked" in graph and "classDef s_blocked fill:#fee2e2" in graph


def test_escape_cell() -> None:
    assert escape_cell("a|b\n@x <i>") == "a\\|b @&#8203;x &lt;i&gt;"
    assert escape_cell("*bold* _it_ ~s~ \\ ![i](u) &amp;") == (
        "\\*bold\\* \\_it\\_ \\~s\\~ \\\\ !\\[i\\](u) &amp;amp;"
    )
    assert escape_cell("\x1b[31mred\x1b[0m\r\n\tx\u2028y") == "\\[31mred \\[0m x y"
    assert escape_cell("x" * 200, 10) == "x" * 9 + "…"


def test_remote_tracking_branches_are_used_when_there_is_no_local_branch(
    team: dict[str, Path], tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(team["main"]), str(clone))
    assert "instance/auth" not in git(clone, "branch", "--format=%(refname:short)")
    state = collect_state(clone, load(clone))
    auth = state.instances[1]
    assert auth.ref == "refs/remotes/origin/instance/auth"
    assert auth.status == "blocked" and auth.ahead == 3 and auth.behind == 1


def test_an_unreadable_scratchpad_is_shown_not_fatal(team: dict[str, Path]) -> None:
    auth = team["auth"]
    write(auth, sp("auth"), "---\nstatus: [broken\n---\n")
    commit_all(auth, "auth: oops")
    state = collect_state(team["main"], load(team["main"]))
    row_state = state.instances[1]
    assert row_state.status == "unreadable"
    assert row_state.problems and "not valid YAML" in row_state.problems[0]
    assert row(render_table(state), "auth")[2] == "unreadable"
    assert state.metric(M_SCRATCHPADS).ok is False


# --- metrics ------------------------------------------------------------------------------


def test_metrics_are_evaluated_from_the_state(team: dict[str, Path]) -> None:
    main = team["main"]
    state = collect_state(main, load(main))
    assert state.metric(M_LANES).ok is True
    discovery = state.metric(M_DISCOVERY)
    assert discovery.ok is False and discovery.detail == "not yet: web"
    assert state.metric(M_SCRATCHPADS).ok is True  # auth is 2 commits past: the limit, not over
    assert state.metric(M_TABLE).ok is False  # no TRACKING.md yet
    assert state.metric(M_CONFLICTS).ok is True
    assert state.metric(M_TESTS).ok is None
    table = render_table(state)
    assert "- [x] All instances have clear, non-overlapping responsibilities\n" in table
    assert "- [ ] Each instance completed discovery before implementation: not yet: web\n" in table
    assert "- [ ] All tests pass after integration (unknown)\n" in table
    known = collect_state(main, load(main), tests_passed=True)
    assert "- [x] All tests pass after integration\n" in render_table(known)

    write(team["auth"], "auth/c.ts")
    commit_all(team["auth"], "auth: c, scratchpad forgotten")
    stale = collect_state(main, load(main)).metric(M_SCRATCHPADS)
    assert stale.ok is False
    assert stale.detail == "more than 2 commits behind their branch: auth"


def test_overlapping_lanes_fail_the_first_metric(repo: Path) -> None:
    write(repo, "charter.yaml", MAP.replace("owns: [web/**]", "owns: [web/**, auth/**]"))
    commit_all(repo, "overlap")
    metric = collect_state(repo, load(repo)).metric(M_LANES)
    assert metric.ok is False
    assert "overlap(s), e.g. auth 'auth/**' and web 'auth/**'" in metric.detail


def test_forecast_conflicts_fail_their_metric(team: dict[str, Path]) -> None:
    write(team["foundation"], "README.md", "# foundation's readme\n")
    commit_all(team["foundation"], "foundation: readme")
    metric = collect_state(team["main"], load(team["main"])).metric(M_CONFLICTS)
    assert metric.ok is False
    assert metric.detail == "forecast: foundation x main (1 file(s))"


def test_the_conflicts_column_names_both_sides_of_each_forecast_conflict(
    team: dict[str, Path],
) -> None:
    write(team["foundation"], "README.md", "# foundation's readme\n")
    commit_all(team["foundation"], "foundation: readme")
    team["web"] = team["main"].parent / "wt-web"
    git(team["main"], "worktree", "add", "-q", "-b", "instance/web", str(team["web"]), "main")
    for name in ("auth", "web"):  # both touch one file, differently: a content conflict
        write(team[name], "notes/plan.txt", f"{name}'s plan\n")
        commit_all(team[name], f"{name}: plan")
    state = collect_state(team["main"], load(team["main"]))
    table = render_table(state)
    assert row(table, "auth")[10] == "web (1 file(s))"
    # web forked from today's main, whose README foundation's branch also rewrote.
    assert row(table, "web")[10] == "auth (1 file(s)); foundation (1 file(s))"
    assert row(table, "foundation")[10] == "main (1 file(s)); web (1 file(s))"
    assert state.metric(M_CONFLICTS).detail == (
        "forecast: auth x web (1 file(s)), foundation x web (1 file(s)), "
        "foundation x main (1 file(s))"
    )
    by_name = {i["name"]: i for i in state.to_json()["instances"]}  # type: ignore[union-attr]
    assert by_name["auth"]["conflicts"] == [{"with": "web", "files": 1}]
    from charter.tracking import render_terminal

    lines = render_terminal(state)
    assert "  conflicts: auth, foun" in next(line for line in lines if line.startswith("web "))
    assert "conflicts: web; block" in next(line for line in lines if line.startswith("auth "))


# --- writing ------------------------------------------------------------------------------

OUTSIDE_BEFORE = "# Our tracking\r\n\r\nHand-written intro | with a pipe, caf\u00e9.\r\n\r\n"
OUTSIDE_AFTER = "\n\n## Notes\nkeep me | exactly\n  trailing spaces  \n\u00a0no final newline"


def test_write_replaces_only_the_region_byte_for_byte_and_is_idempotent(
    team: dict[str, Path],
) -> None:
    main = team["main"]
    path = main / "TRACKING.md"
    before, after = OUTSIDE_BEFORE.encode(), OUTSIDE_AFTER.encode() + b"\xff\xfe"
    path.write_bytes(before + START.encode() + b"\nold table\n" + END.encode() + after)
    config = load(main)
    assert write_tracking(main, config) is True
    data = path.read_bytes()
    assert data.startswith(before + START.encode() + b"\n<!-- generated by `charter table`")
    assert data.endswith(END.encode() + after)
    region = data[len(before) + len(START) : -len(after) - len(END)].decode()
    assert region == "\n" + render_table(collect_state(main, config))
    assert "- [x] Tracking table shows real-time status\n" in region

    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_tracking(main, config) is False
    assert path.stat().st_mtime_ns == 1_000_000_000  # not even touched
    proc = charter(main, "table", "--write")
    assert proc.returncode == 0 and "already current; nothing written" in proc.stderr
    assert path.stat().st_mtime_ns == 1_000_000_000
    # `charter table` prints exactly what the file holds.
    assert "\n" + charter(main, "table").stdout == region


def test_committing_the_table_keeps_it_current(team: dict[str, Path]) -> None:
    main = team["main"]
    config = load(main)
    assert write_tracking(main, config) is True
    behind = collect_state(main, config).instances[1].behind
    git(main, "add", "TRACKING.md")
    git(main, "commit", "-q", "-m", "tracking table")
    # The commit of the table is on main, but it does not count as "behind": still current.
    state = collect_state(main, config)
    assert state.instances[1].behind == behind
    assert state.metric(M_TABLE).ok is True
    assert write_tracking(main, config) is False
    # A real change on main does count, and makes the table stale.
    write(main, "shared/more.ts")
    commit_all(main, "coordinator: more")
    state = collect_state(main, config)
    assert state.instances[1].behind == behind + 1
    assert state.metric(M_TABLE).ok is False
    assert state.metric(M_TABLE).detail == (
        "TRACKING.md differs: run charter table --write (on a coordinator branch)"
    )
    assert write_tracking(main, config) is True


def test_a_missing_tracking_file_is_created_from_the_template(team: dict[str, Path]) -> None:
    main = team["main"]
    proc = charter(main, "table", "--write")
    assert proc.returncode == 0, proc.stderr
    assert "TRACKING.md: updated" in proc.stderr
    text = (main / "TRACKING.md").read_text()
    assert text.startswith("# Tracking\n") and text.count(START) == 1 and text.count(END) == 1
    assert "| auth | feature | blocked | instance/auth |" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no markers\n", f"no {START}; no {END}"),
        (f"{START}\n{START}\n{END}\n", f"{START} 2 times (lines 1, 2)"),
        (f"{START}\n{END}\n{END}\n", f"{END} 2 times (lines 2, 3)"),
        (f"{START}\n", f"no {END}"),
        (f"{END}\n{START}\n", f"{END} (line 1) comes before {START} (line 2); swap them"),
    ],
)
def test_missing_doubled_or_swapped_markers_are_an_error(
    team: dict[str, Path], text: str, message: str
) -> None:
    main = team["main"]
    (main / "TRACKING.md").write_text(text)
    proc = charter(main, "table", "--write")
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (main / "TRACKING.md").read_text() == text
    # Plain `charter table` still renders, and says the file is not current.
    shown = charter(main, "table")
    assert shown.returncode == 0
    assert "- [ ] Tracking table shows real-time status: TRACKING.md lacks one pair" in shown.stdout


# --- charter status -----------------------------------------------------------------------


def test_status_fits_100_columns_without_colour_off_a_tty(team: dict[str, Path]) -> None:
    write(
        team["auth"],
        sp("auth"),
        pad(
            "blocked",
            'blocked_by: [foundation]\nneeds:\n  - {from: foundation, what: "'
            + "a very long need \\e[31m " * 10
            + '"}\n',
        ),
    )
    commit_all(team["auth"], "auth: long needs")
    proc = charter(team["main"], "status")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert "\033" not in proc.stdout  # not a TTY: no colour, and no escape from scratchpads
    auth = next(line for line in lines if line.startswith("auth "))
    assert "blocked" in auth and "+4/-1" in auth and auth.endswith("…")
    assert any(line.startswith("[?] All tests pass after integration") for line in lines)


def _on_a_tty(cwd: Path, env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        (sys.executable, "-m", "charter", "status"), cwd=cwd, stdout=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait() == 0
    return b"".join(chunks).decode()


def test_status_colours_only_on_a_tty_and_honours_no_color(team: dict[str, Path]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = _on_a_tty(team["main"], env)
    assert "\033[31mblocked" in coloured
    visible = re.sub(r"\033\[[0-9;]*m", "", coloured)
    assert all(len(line) <= 100 for line in visible.splitlines())
    plain = _on_a_tty(team["main"], {**env, "NO_COLOR": "1"})
    assert "\033[" not in plain and "blocked" in plain


def test_status_json_is_the_state(team: dict[str, Path]) -> None:
    proc = charter(team["main"], "status", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["default_branch"] == "refs/heads/main" and data["max_stale"] == 2
    rows = {r["name"]: r for r in data["instances"]}
    assert rows["auth"]["status"] == "blocked" and rows["auth"]["ahead"] == 3
    assert rows["auth"]["needs"][0]["from"] == "foundation"
    assert rows["auth"]["needs"][0]["what"].startswith("a <b>User</b> | type\nnow @octocat")
    assert rows["web"]["ahead"] is None and rows["web"]["ref"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rows["auth"]["last_commit"])
    assert [m["key"] for m in data["metrics"]] == [
        "lanes",
        "discovery",
        "scratchpads",
        "table",
        "conflicts",
        "tests",
        "docs",
    ]
    assert collect_state(team["main"], load(team["main"])).to_json() == data


def test_the_tests_metric_is_filled_only_by_who_knows(team: dict[str, Path]) -> None:
    main = team["main"]
    unknown = charter(main, "table")
    assert "- [ ] All tests pass after integration (unknown)" in unknown.stdout
    passed = charter(main, "table", "--tests", "passed")
    assert "- [x] All tests pass after integration\n" in passed.stdout
    failed = charter(main, "table", "--tests", "failed")
    assert "- [ ] All tests pass after integration\n" in failed.stdout
    assert charter(main, "table", "--tests", "maybe").returncode == 2


# --- the package ----------------------------------------------------------------------------


def test_the_package_loads_a_module_only_when_one_of_its_names_is_used(tmp_path: Path) -> None:
    """The scratchpad hook needs only the history: it must not pay for the rest."""
    code = (
        "import sys\n"
        "import charter.tracking.history\n"
        "print(sorted(m for m in sys.modules if m.startswith('charter.tracking.')))\n"
        "import charter.tracking as tracking, importlib, types\n"
        "names = sorted(tracking._WHERE)\n"
        "for module in set(tracking._WHERE.values()):\n"  # a submodule must not shadow a name
        "    importlib.import_module(f'charter.tracking.{module}')\n"
        "values = [getattr(tracking, n) for n in names]\n"
        "import ast, inspect\n"  # the names mypy sees (the TYPE_CHECKING imports) are _WHERE's
        "typed = sorted(a.asname for node in ast.walk(ast.parse(inspect.getsource(tracking)))\n"
        "               if isinstance(node, ast.ImportFrom) for a in node.names if a.asname)\n"
        "print(typed == names, not any(isinstance(v, types.ModuleType) for v in values))\n"
    )
    proc = subprocess.run(
        (sys.executable, "-c", code), cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    loaded, resolved = proc.stdout.splitlines()
    assert loaded == "['charter.tracking.history']"
    assert resolved == "True True"


def test_the_lazy_table_and_the_typed_names_agree() -> None:
    import ast

    import charter.tracking as tracking

    tree = ast.parse(Path(tracking.__file__).read_text())
    typed = {
        (node.module, alias.asname)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("charter.")
        for alias in node.names
    }
    lazy = {(f"charter.tracking.{module}", name) for name, module in tracking._WHERE.items()}
    assert typed == lazy


def test_table_write_in_an_instance_worktree_refuses_with_the_fix(team: dict[str, Path]) -> None:
    auth = team["auth"]
    before = (auth / "TRACKING.md").read_bytes() if (auth / "TRACKING.md").exists() else None
    proc = charter(auth, "table", "--write")
    assert proc.returncode == 2
    assert "TRACKING.md is the coordinator's file and auth" in proc.stderr
    assert "run `charter table --write` in the coordinator's worktree (branch main)" in proc.stderr
    after = (auth / "TRACKING.md").read_bytes() if (auth / "TRACKING.md").exists() else None
    assert after == before
