"""The demo: a small TypeScript monorepo, four instances, real commits through real hooks.

Each step is a function taking the `Demo`; later features add steps to `STEPS`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charter.git import git, run

if TYPE_CHECKING:
    from charter.bot.settings import Settings

CHARTER_YAML = """\
# The lanes of the demo shop. Each instance owns only what its patterns match.
version: 1
coordinator_branches: [main]
tracking: {file: TRACKING.md}
shared: [/CHANGELOG.md]
unowned: block
instances:
  foundation:
    role: foundation
    description: Monorepo structure, shared types, build and test infrastructure
    owns: [/package.json, /tsconfig.base.json, packages/shared/**]
contracts:
  shared-types:  # the API between instances: its surface is locked in .charter/contracts/
    owner: foundation
    paths: [packages/shared/src/types/**]
    language: typescript
rules:
  require_discovery: false
"""

FILES = {
    "package.json": '{\n  "name": "shop",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
    "tsconfig.base.json": '{\n  "compilerOptions": {"strict": true}\n}\n',
    "CHANGELOG.md": "# Changelog\n",
    "README.md": "# shop\n\nA demo monorepo managed with charter.\n",
    "packages/shared/src/types/index.ts": textwrap.dedent("""\
        export interface User {
          id: string;
          email: string;
          displayName?: string;
        }

        export enum Currency {
          EUR = "EUR",
          USD = "USD",
        }

        export interface Money {
          amount: number;
          currency: Currency;
        }
        """),
    "packages/auth/src/index.ts": (
        "export function login(email: string): boolean {\n  return true;\n}\n"
    ),
    "packages/payments/src/index.ts": textwrap.dedent("""\
        import { Money } from "@shop/shared";

        export function charge(amount: Money): string {
          return "ok";
        }
        """),
    "packages/shared/src/format.ts": (
        "export function formatMoney(cents: number): string {\n"
        "  return (cents / 100).toFixed(2);\n}\n"
    ),
    "tests/integration/checkout.test.ts": "// the integration instance's end-to-end tests\n",
}
GITHUB = {"auth": "@auth-dev", "payments": "@payments-dev"}  # who reviews for each instance

INSTANCES = [
    ("auth", ["packages/auth/**"], "feature", ["foundation"], "Sign-up, login and sessions"),
    ("payments", ["packages/payments/**"], "feature", ["foundation"], "Charging and refunds"),
    (
        "integration",
        ["tests/integration/**"],
        "integration",
        ["auth", "payments"],
        "Cross-review, conflict resolution, the integration test suite",
    ),
]


class Committed(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Demo:
    base: Path
    repo: Path
    worktrees: dict[str, Path] = field(default_factory=dict)
    color: bool = False

    def say(self, title: str) -> None:
        bold = "\033[1m" if self.color else ""
        reset = "\033[0m" if self.color else ""
        print(f"\n{bold}==> {title}{reset}")

    def show(self, text: str, prefix: str = "    | ") -> None:
        for line in text.rstrip("\n").splitlines():
            print(f"{prefix}{line}")

    def commit(self, where: Path, message: str) -> Committed:
        git("add", "-A", cwd=where)
        result = run("commit", "-q", "-m", message, cwd=where, ok=None)
        return Committed(
            result.returncode,
            result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"),
        )


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def step_setup(demo: Demo) -> None:
    demo.say(f"A monorepo with a charter.yaml, in {demo.repo}")
    git("init", "-q", "-b", "main", os.fspath(demo.repo))
    for key, value in (
        ("user.name", "Charter Demo"),
        ("user.email", "demo@example.invalid"),
        ("commit.gpgsign", "false"),
    ):
        git("config", key, value, cwd=demo.repo)
    _write(demo.repo, FILES)
    _write(demo.repo, {"charter.yaml": CHARTER_YAML})
    from charter.config import load
    from charter.contracts.lock import write_lock

    write_lock(demo.repo, load(demo.repo).contracts["shared-types"])
    git("add", "-A", cwd=demo.repo)
    git("commit", "-q", "-m", "coordinator: the shop and its charter", cwd=demo.repo)
    demo.show(CHARTER_YAML)


def step_spawn(demo: Demo) -> None:
    from charter.spawn import SpawnRequest, spawn

    demo.say("The coordinator spawns three instances, each with a lane, branch and worktree")
    for name, owns, role, depends_on, description in INSTANCES:
        result = spawn(
            SpawnRequest(
                name=name,
                owns=tuple(owns),
                role=role,
                depends_on=tuple(depends_on),
                description=description,
                worktree=demo.base / f"shop-{name}",
                # auth's team runs every agent charter guards; the others Claude Code
                agents=("claude", "codex", "gemini", "cursor") if name == "auth" else ("claude",),
                github=GITHUB.get(name),
            ),
            root=demo.repo,
        )
        demo.worktrees[name] = result.worktree
        lanes = " ".join(f"--owns {pattern}" for pattern in owns)
        deps = " ".join(f"--depends-on {other}" for other in depends_on)
        print(f"    charter spawn {name} {lanes} --role {role} {deps}  ->  {result.worktree}")
    # Each spawn commits its lane on main: the worktrees made earlier learn the later lanes.
    from charter.git import git

    for worktree in demo.worktrees.values():
        git("merge", "-q", "--ff-only", "main", cwd=worktree)
    print("    git merge main   (in each worktree: the lanes spawned after it)")
    demo.say("auth's brief (what `charter spawn` hands the agent)")
    brief = demo.worktrees["auth"]
    from charter.spawn import render_brief

    demo.show("\n".join(render_brief(demo.repo, "auth", brief).splitlines()[:14]) + "\n...")


def step_in_lane(demo: Demo) -> None:
    auth = demo.worktrees["auth"]
    demo.say("auth merges main (the lanes spawned after it) and commits in its own lane")
    git("merge", "-q", "--no-edit", "main", cwd=auth)  # judged by what it adds: nothing
    _write(auth, {"packages/auth/src/session.ts": "export const SESSION_TTL = 3600;\n"})
    proc = demo.commit(auth, "auth: sessions")
    if proc.returncode != 0:
        raise RuntimeError(f"the in-lane commit was refused:\n{proc.stdout}{proc.stderr}")
    demo.show(git("log", "-1", "--format=%h %s", cwd=auth).decode())


def step_out_of_lane(demo: Demo) -> None:
    auth = demo.worktrees["auth"]
    demo.say("auth edits payments' code and commits: the pre-commit hook refuses")
    _write(auth, {"packages/payments/src/index.ts": "// auth was here\n"})
    proc = demo.commit(auth, "auth: quick fix in payments")
    if proc.returncode == 0:
        raise RuntimeError("the out-of-lane commit was not refused")
    demo.show(proc.stdout + proc.stderr)
    git("checkout", "-q", "HEAD", "--", "packages/payments/src/index.ts", cwd=auth)
    git("reset", "-q", cwd=auth)


GUARD_CALLS: list[tuple[str, str, str, dict[str, object]]] = [
    (
        "claude",
        "Claude Code's Edit (PreToolUse)",
        "Claude Code blocks the Edit and shows the agent:",
        {"hook_event_name": "PreToolUse", "tool_name": "Edit",
         "tool_input": {"file_path": "packages/shared/src/types/index.ts"}},
    ),
    (
        "codex",
        "Codex CLI's apply_patch (PreToolUse)",
        "Codex blocks the patch and shows the agent:",
        {"hook_event_name": "PreToolUse", "tool_name": "apply_patch",
         "tool_input": {"command": "*** Begin Patch\n*** Delete File: "
                        "packages/payments/src/index.ts\n*** End Patch\n"}},
    ),
    (
        "gemini",
        "Gemini CLI's run_shell_command (BeforeTool)",
        "Gemini CLI blocks the command and shows the agent:",
        {"hook_event_name": "BeforeTool", "tool_name": "run_shell_command",
         "tool_input": {"command": "echo '// hack' >> packages/payments/src/index.ts"}},
    ),
    (
        "cursor",
        "Cursor's shell command (beforeShellExecution)",
        'Cursor reads {"permission": "deny", ...} and shows the agent:',
        {"hook_event_name": "beforeShellExecution",
         "command": "sed -i 's/ok/paid/' ../shop-payments/packages/payments/src/index.ts"},
    ),
]  # fmt: skip


def step_guard(demo: Demo) -> None:
    from charter.install import guard_commands, run_guard

    auth = demo.worktrees["auth"]
    demo.say("The guard stops each agent before it writes: one refusal per agent's hook protocol")
    commands = {agent: command for agent, _, command in guard_commands(auth)}
    for agent, what, outcome, payload in GUARD_CALLS:
        call: dict[str, object] = {**payload, "cwd": os.fspath(auth)}
        if agent == "cursor":
            call["workspace_roots"] = [os.fspath(auth)]
        proc = run_guard(commands[agent], json.dumps(call).encode(), auth)
        message = proc.stderr
        if agent == "cursor":
            message = json.loads(proc.stdout).get("agent_message", proc.stdout)
        print(f"    {what}  (exit {proc.returncode}: {outcome})")
        demo.show(message.split("What you can do instead:")[0] + "...")
    demo.show(commands["claude"], prefix="    registered in .claude/settings.local.json: ")


def step_pull_request(demo: Demo) -> None:
    from charter.bot.events import PullRequestEvent
    from charter.bot.pr import build_report
    from charter.bot.report import render_markdown

    auth = demo.worktrees["auth"]
    demo.say(
        "Hooks can be skipped (`git commit --no-verify`); the pull request check cannot. "
        "The comment the bot posts on auth's pull request:"
    )
    _write(auth, {"packages/payments/src/index.ts": "// auth was here, hooks skipped\n"})
    git("add", "-A", cwd=auth)
    git("commit", "-q", "--no-verify", "-m", "auth: quick fix in payments", cwd=auth)
    head = git("rev-parse", "HEAD", cwd=auth).decode().strip()
    base = git("rev-parse", "main", cwd=auth).decode().strip()
    event = PullRequestEvent(1, "instance/auth", head, "main", base, from_fork=False)
    report, _ = build_report(_settings(demo), event)
    demo.show(render_markdown(report))
    git("reset", "-q", "--hard", "HEAD~1", cwd=auth)


def _settings(demo: Demo) -> Settings:
    from charter.bot.settings import Settings

    return Settings(
        token="",
        api_url="",
        repository="demo/shop",
        event_name="pull_request",
        event_path=None,
        workspace=demo.repo,
        step_summary=None,
        output=None,
    )


def step_contract(demo: Demo) -> None:
    demo.say("foundation changes the shared types: the lock names what breaks, and for whom")
    foundation = demo.base / "shop-foundation"
    git("worktree", "add", "-q", "-b", "instance/foundation", os.fspath(foundation), cwd=demo.repo)
    demo.worktrees["foundation"] = foundation
    from charter.install import install_guard

    install_guard(foundation, "claude", "foundation")  # what `charter spawn` does
    types = foundation / "packages/shared/src/types/index.ts"
    text = types.read_text().replace("  displayName?: string;\n", "")
    types.write_text(
        text.replace('  USD = "USD",\n', "").replace("amount: number", "amount: bigint")
    )
    lock = subprocess.run(
        (sys.executable, "-m", "charter", "contracts", "lock"),
        cwd=foundation,
        capture_output=True,
        text=True,
    )
    demo.show(lock.stdout + lock.stderr)
    subprocess.run(
        (sys.executable, "-m", "charter", "scratchpad", "new", "foundation"),
        cwd=foundation,
        capture_output=True,
        check=True,
    )
    proc = demo.commit(foundation, "foundation: slimmer User, no USD, bigint amounts")
    if proc.returncode != 0:
        raise RuntimeError(f"the owner's contract change was refused:\n{proc.stdout}{proc.stderr}")
    print("    (the pre-commit hook lets the owner commit, and says who must adapt:)")
    demo.show(proc.stdout + proc.stderr)
    check = subprocess.run(
        (sys.executable, "-m", "charter", "contracts", "check"),
        cwd=foundation,
        capture_output=True,
        text=True,
    )
    print("    $ charter contracts check   (exit 1: consumers must adapt)")
    demo.show(check.stdout + check.stderr)


def _charter(where: Path, *args: str) -> Committed:
    proc = subprocess.run(
        (sys.executable, "-m", "charter", *args), cwd=where, capture_output=True, text=True
    )
    return Committed(proc.returncode, proc.stdout, proc.stderr)


GRANTED = "packages/shared/src/format.ts"


def step_grant(demo: Demo) -> None:
    foundation, auth = demo.worktrees["foundation"], demo.worktrees["auth"]
    demo.say(f"foundation lends {GRANTED} to auth for an hour (no charter.yaml edit)")
    command = (
        "grant",
        GRANTED,
        "--to",
        "auth",
        "--for",
        "1h",
        "--reason",
        "auth adds formatSession",
    )
    proc = _charter(foundation, *command)
    if proc.returncode != 0:
        raise RuntimeError(f"the grant failed:\n{proc.stdout}{proc.stderr}")
    print(f"    $ charter {' '.join(command[:6])} --reason '{command[7]}'")
    demo.show(proc.stdout + proc.stderr)
    demo.show(_charter(auth, "owner", GRANTED).stdout, prefix="    $ charter owner: ")

    demo.say("auth edits the granted file and commits: the hook lets it through")
    with (auth / GRANTED).open("a") as f:
        f.write("export const formatSession = (ttl: number): string => `${ttl}s`;\n")
    proc = demo.commit(auth, "auth: formatSession (under foundation's grant)")
    if proc.returncode != 0:
        raise RuntimeError(f"the granted commit was refused:\n{proc.stdout}{proc.stderr}")
    demo.show(git("log", "-1", "--format=%h %s", cwd=auth).decode())

    demo.say("Meanwhile foundation's own edit of it is refused: one writer per path")
    with (foundation / GRANTED).open("a") as f:
        f.write("// foundation tidies up\n")
    proc = demo.commit(foundation, "foundation: tidy format.ts")
    if proc.returncode == 0:
        raise RuntimeError("the owner's edit of a lent file was not refused")
    demo.show(proc.stdout + proc.stderr)
    git("checkout", "-q", "HEAD", "--", GRANTED, cwd=foundation)
    git("reset", "-q", cwd=foundation)


class _PrintedReviews:
    """The demo has no GitHub: the review requests the bot would make are printed."""

    def reviews(self, number: int) -> list[tuple[str, str, str]]:
        return []

    def review_requests(self, number: int) -> tuple[list[str], list[str]]:
        return [], []

    def request_reviews(self, number: int, users: list[str], teams: list[str]) -> None:
        body = json.dumps({"reviewers": users, "team_reviewers": teams})
        print(f"    POST /repos/demo/shop/pulls/{number}/requested_reviewers {body}")

    def in_team(self, org: str, slug: str, login: str) -> bool | None:
        return None


def step_breaking_pr(demo: Demo) -> None:
    from charter.bot.events import PullRequestEvent
    from charter.bot.pr import build_report
    from charter.bot.report import render_markdown
    from charter.bot.reviews import render, run_reviews

    foundation = demo.worktrees["foundation"]
    demo.say("foundation's pull request breaks shared-types: the bot asks its consumers to review")
    head = git("rev-parse", "HEAD", cwd=foundation).decode().strip()
    base = git("rev-parse", "main", cwd=foundation).decode().strip()
    event = PullRequestEvent(2, "instance/foundation", head, "main", base, from_fork=False)
    report, ctx = build_report(_settings(demo), event)
    reviews = run_reviews(
        _PrintedReviews(), ctx.charter, 2, head, "demo", report.drift_consumers, None
    )
    report.review_lines = render(reviews, head)
    demo.show(render_markdown(report))


def step_table(demo: Demo) -> None:
    from charter.config import load
    from charter.tracking import collect_state, render_table

    demo.say("The tracking table, rendered from the repository alone (`charter table`)")
    print(render_table(collect_state(demo.repo, load(demo.repo), default_ref="refs/heads/main")))


STEPS: list[Callable[[Demo], None]] = [
    step_setup,
    step_spawn,
    step_in_lane,
    step_out_of_lane,
    step_guard,
    step_pull_request,
    step_contract,
    step_grant,
    step_breaking_pr,
    step_table,
]


def run_demo(directory: Path | None = None) -> int:
    if directory is not None and directory.exists() and any(directory.iterdir()):
        from charter.errors import CharterError

        raise CharterError(
            f"{directory} is not empty (a demo built there before?); the demo builds a fresh "
            "repository: give an empty or new --dir, or none for a temporary one"
        )
    base = Path(tempfile.mkdtemp(prefix="charter-demo-")) if directory is None else directory
    base.mkdir(parents=True, exist_ok=True)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    demo = Demo(base=base.resolve(), repo=base.resolve() / "shop", color=color)
    for step in STEPS:
        step(demo)
    demo.say("Done")
    print(f"    The demo repository is {demo.repo}")
    for name, path in demo.worktrees.items():
        print(f"    {name:12} worktree {path}")
    print("    Look around: `charter whoami`, `charter owner PATH`, `charter doctor`, `git log`.")
    return 0
