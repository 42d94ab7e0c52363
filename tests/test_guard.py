"""The edit-time guard end to end: worktrees made by `charter spawn`, each agent's registered
command run as the agent runs it (through the shell), payloads shaped like each agent's."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.install import guard_commands

AGENTS_DATA = Path(__file__).parent / "data" / "agents"
MAP = """\
version: 1
coordinator_branches: [main]
unowned: block
instances:
  payments:
    owns: [packages/payments/**]
"""


class Team(NamedTuple):
    repo: Path
    auth: Path  # auth's worktree: every agent's guard registered
    web: Path  # web's worktree
    commands: dict[str, str]  # agent -> the command registered for auth


@pytest.fixture
def team(repo: Path) -> Team:
    write(repo, "charter.yaml", MAP)
    write(repo, ".gitignore", "node_modules/\ntmp/\n")
    for path in ("packages/payments/src/index.ts", "packages/auth/src/index.ts", "README.md"):
        write(repo, path)
    write(repo, "apps/web/src/main.ts")
    commit_all(repo, "coordinator: setup")
    web = repo.parent / "shop-web"
    auth = repo.parent / "shop-auth"
    proc = charter(repo, "spawn", "web", "--owns", "apps/web/**", "--worktree", str(web))
    assert proc.returncode == 0, proc.stderr
    agents = [a for agent in ("claude", "codex", "gemini", "cursor") for a in ("--agent", agent)]
    proc = charter(
        repo, "spawn", "auth", "--owns", "packages/auth/**", "--worktree", str(auth), *agents
    )
    assert proc.returncode == 0, proc.stderr
    git(web, "merge", "-q", "--no-edit", "main")  # web learns auth's lane (doctor asks for it)
    commands = {agent: command for agent, _, command in guard_commands(auth)}
    assert sorted(commands) == ["claude", "codex", "cursor", "gemini"]
    return Team(repo, auth, web, commands)


def payload(name: str, cwd: Path | str, **fields: str) -> bytes:
    """A fixture payload from tests/data/agents with its placeholders filled in."""
    values = {"cwd": os.fspath(cwd), **fields}

    def fill(node: object) -> object:
        if isinstance(node, str):
            for key, value in values.items():
                node = node.replace("{" + key + "}", value)
            return node
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        return node

    data = json.loads((AGENTS_DATA / f"{name}.json").read_text())
    return json.dumps(fill(data)).encode()


class Outcome(NamedTuple):
    allowed: bool
    message: str  # the refusal or warning, wherever the agent's protocol puts it


def run_guard(command: str, data: bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, shell=True, input=data, cwd=cwd, capture_output=True)
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def ask(team: Team, agent: str, data: bytes, cwd: Path | None = None) -> Outcome:
    """Run auth's guard for `agent` and read its answer the way that agent does."""
    proc = run_guard(team.commands[agent], data, cwd or team.auth)
    assert "Traceback" not in proc.stderr + proc.stdout
    if agent == "cursor":  # always exit 0 and a JSON permission
        assert proc.returncode == 0, proc.stderr
        answer = json.loads(proc.stdout)
        assert answer["permission"] in ("allow", "deny")
        return Outcome(answer["permission"] == "allow", answer.get("agent_message", ""))
    assert proc.returncode in (0, 2), (proc.returncode, proc.stderr)
    if agent == "gemini" and proc.returncode == 0:  # stdout must be JSON and nothing else
        answer = json.loads(proc.stdout)
        return Outcome(True, str(answer.get("systemMessage", "")))
    assert proc.stdout == ""
    return Outcome(proc.returncode == 0, proc.stderr)


FILE_FIXTURES = {
    "claude": "claude-edit",
    "codex": None,  # Codex edits through apply_patch only
    "gemini": "gemini-write-file",
    "cursor": "cursor-pre-tool-use-write",
}
SHELL_FIXTURES = {
    "claude": "claude-bash",
    "codex": "codex-bash",
    "gemini": "gemini-run-shell-command",
    "cursor": "cursor-before-shell-execution",
}


def edit(team: Team, agent: str, path: str, cwd: Path | None = None) -> Outcome:
    """`agent` asks to change `path` with its own file tool (Codex: an apply_patch)."""
    where = cwd or team.auth
    name = FILE_FIXTURES[agent]
    if name is None:
        patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n-x\n+y\n*** End Patch\n"
        return ask(team, agent, payload("codex-apply-patch", where, command=patch))
    return ask(team, agent, payload(name, where, path=path))


def shell(team: Team, agent: str, command: str, cwd: Path | None = None) -> Outcome:
    return ask(team, agent, payload(SHELL_FIXTURES[agent], cwd or team.auth, command=command))


AGENTS = ("claude", "codex", "gemini", "cursor")


@pytest.mark.parametrize("agent", AGENTS)
def test_each_agent_is_refused_out_of_lane_and_allowed_in_lane(team: Team, agent: str) -> None:
    assert edit(team, agent, "packages/auth/src/index.ts").allowed
    refused = edit(team, agent, "packages/payments/src/index.ts")
    assert not refused.allowed
    assert "owned by payments via 'packages/payments/**'" in refused.message
    assert "packages/payments/src/index.ts" in refused.message
    assert "What you can do instead" in refused.message and "Needs section" in refused.message
    word = "write" if agent in ("gemini", "cursor") else "edit"
    assert f"auth may not {word} 1 path(s)" in refused.message
    assert "multiedit" not in refused.message.lower()

    assert shell(team, agent, "echo ok > packages/auth/src/new.ts").allowed
    refused = shell(team, agent, "echo x > packages/payments/src/a.ts")
    assert not refused.allowed
    assert "overwrite through a shell redirection packages/payments/src/a.ts" in refused.message
    # The target of a sibling worktree, by its repository-relative path.
    refused = edit(team, agent, f"{team.web}/apps/web/src/main.ts")
    assert not refused.allowed and "owned by web" in refused.message
    assert f"in the worktree at {os.path.realpath(team.web)}" in refused.message
    # The payload's cwd in web's worktree changes where a relative path lands, not who edits.
    refused = edit(team, agent, "apps/web/src/main.ts", cwd=team.web)
    assert not refused.allowed and "auth may not" in refused.message
    # A symlink in auth's lane to payments' file is payments' file.
    link = team.auth / f"packages/auth/src/{agent}-link.ts"
    link.symlink_to(team.auth / "packages/payments/src/index.ts")
    assert not edit(team, agent, f"packages/auth/src/{agent}-link.ts").allowed
    # Outside every worktree, and ignored paths: never committed, so not the guard's.
    assert edit(team, agent, str(team.repo.parent / "elsewhere.txt")).allowed
    assert edit(team, agent, "node_modules/left-pad/index.js").allowed
    assert shell(team, agent, "echo notes > tmp/notes.md").allowed
    # A command the guard cannot read is allowed, and says the commit hook will judge it.
    unreadable = shell(team, agent, "echo 'oops > packages/payments/src/a.ts")
    assert unreadable.allowed
    assert "cannot read this shell command reliably" in unreadable.message
    assert "commit hook will judge it" in unreadable.message


def test_claude_code_file_tools_by_name(team: Team) -> None:
    base = json.loads(payload("claude-edit", team.auth, path="packages/payments/src/index.ts"))
    for tool in ("Edit", "Write", "MultiEdit"):
        data = json.dumps({**base, "tool_name": tool}).encode()
        refused = ask(team, "claude", data)
        word = "write" if tool == "Write" else "edit"
        assert not refused.allowed and f"may not {word} 1 path(s)" in refused.message
    notebook = payload("claude-notebook-edit", team.auth, path="packages/payments/n.ipynb")
    assert not ask(team, "claude", notebook).allowed
    notebook = payload("claude-notebook-edit", team.auth, path="packages/auth/n.ipynb")
    assert ask(team, "claude", notebook).allowed
    read = json.dumps({**base, "tool_name": "Read"}).encode()
    assert ask(team, "claude", read).allowed


def test_codex_apply_patch_envelope(team: Team) -> None:
    def patch(body: str) -> Outcome:
        text = f"*** Begin Patch\n{body}*** End Patch\n"
        return ask(team, "codex", payload("codex-apply-patch", team.auth, command=text))

    assert patch("*** Add File: packages/auth/src/new.ts\n+x\n").allowed
    refused = patch("*** Add File: packages/payments/src/new.ts\n+x\n")
    assert not refused.allowed and "create packages/payments/src/new.ts" in refused.message
    refused = patch("*** Delete File: packages/payments/src/index.ts\n")
    assert not refused.allowed and "delete packages/payments/src/index.ts" in refused.message
    refused = patch(
        "*** Update File: packages/auth/src/index.ts\n*** Move to: packages/payments/src/x.ts\n"
    )
    assert not refused.allowed and "move onto packages/payments/src/x.ts" in refused.message


def test_identity_is_pinned_neither_cwd_nor_cd_changes_it(team: Team) -> None:
    # The payload's cwd in web's worktree: the edit is still auth's, judged in auth's lane.
    refused = edit(team, "claude", "apps/web/src/x.ts", cwd=team.web)
    assert not refused.allowed and "auth may not" in refused.message
    assert "owned by web" in refused.message
    # auth's own lane is auth's in web's worktree too.
    assert edit(team, "claude", "packages/auth/src/y.ts", cwd=team.web).allowed
    refused = shell(team, "claude", f"cd {team.web} && echo x > apps/web/src/main.ts")
    assert not refused.allowed and "owned by web" in refused.message
    refused = edit(team, "claude", "../shop-web/apps/web/src/main.ts")
    assert not refused.allowed
    # Even run from another directory, the registered command knows its instance.
    refused = ask(
        team,
        "claude",
        payload("claude-edit", team.auth, path="packages/payments/src/index.ts"),
        cwd=team.web,
    )
    assert not refused.allowed and "auth may not" in refused.message


def test_symlinks_dotdot_and_hard_links_are_resolved(team: Team, tmp_path: Path) -> None:
    link = team.auth / "packages/auth/src/pay-link.ts"
    link.symlink_to(team.auth / "packages/payments/src/index.ts")
    refused = edit(team, "claude", str(link))
    assert not refused.allowed and "packages/payments/src/index.ts" in refused.message
    outside = tmp_path / "into-the-worktree"
    outside.symlink_to(team.auth)
    assert not edit(team, "claude", f"{outside}/packages/payments/src/index.ts").allowed
    assert not edit(team, "claude", "packages/auth/../payments/src/index.ts").allowed
    hard = team.auth / "packages/auth/src/hard.ts"
    os.link(team.auth / "packages/payments/src/index.ts", hard)
    refused = edit(team, "claude", str(hard))
    assert not refused.allowed and "packages/payments/src/index.ts" in refused.message


def test_directories_deleted_by_a_shell_command(team: Team) -> None:
    refused = shell(team, "claude", "rm -rf packages/payments")
    assert not refused.allowed and "delete packages/payments/src/index.ts" in refused.message
    refused = shell(team, "claude", f"rm -rf {team.web}/apps")
    assert not refused.allowed and "delete apps/web/src/main.ts" in refused.message
    assert shell(team, "claude", "rm -rf packages/auth node_modules").allowed
    assert shell(team, "claude", "mkdir -p packages/payments/src").allowed  # already there
    refused = shell(team, "claude", "git checkout -- packages/payments")
    assert not refused.allowed and "packages/payments/src/index.ts" in refused.message


def test_shell_forms_end_to_end(team: Team) -> None:
    write(team.auth, "fix.diff", "--- a/packages/payments/src/index.ts\n"
          "+++ b/packages/payments/src/index.ts\n@@ -1 +1 @@\n-x\n+y\n")  # fmt: skip
    for command in (
        "cat README.md | tee -a packages/payments/src/log.txt",
        "sed -i 's/x/y/' packages/payments/src/index.ts",
        "perl -pi -e 's/x/y/' packages/payments/src/index.ts",
        "cp README.md packages/payments/src/",
        "mv packages/auth/src/index.ts packages/payments/src/index.ts",
        "touch packages/payments/src/new.ts",
        "mkdir -p packages/payments/src/more",
        "truncate -s 0 packages/payments/src/index.ts",
        "git checkout -- packages/payments/src/index.ts",
        "git restore packages/payments/src/index.ts",
        "git rm packages/payments/src/index.ts",
        "git apply fix.diff",
        "patch -p1 < fix.diff",
        "cat > packages/payments/src/h.ts <<'EOF'\nexport {};\nEOF",
        "ls && (cd packages && rm payments/src/index.ts)",
        "bash -c 'echo x >> packages/payments/src/index.ts'",
    ):
        assert not shell(team, "claude", command).allowed, command
    assert shell(team, "claude", "cp README.md packages/auth/src/ && ls | wc -l").allowed


def test_failure_policy_never_a_traceback_never_exit_1(team: Team) -> None:
    command = team.commands["claude"]
    deep = b'{"tool_name": "Edit", "tool_input": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    for data in (b"not json", b"\xff\xfe", b"[]", b'{"tool_name": "Edit"}', deep, b""):
        proc = run_guard(command, data, team.auth)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert "cannot read" in proc.stderr and "commit hook will judge it" in proc.stderr
    nul = payload("claude-edit", team.auth, path="packages/auth/src/a\0.ts")
    proc = run_guard(command, nul, team.auth)
    assert proc.returncode == 2 and "NUL byte" in proc.stderr
    escape = payload("claude-edit", team.auth, path="packages/payments/\x1b[31mred\n.ts")
    proc = run_guard(command, escape, team.auth)
    assert proc.returncode == 2 and "\\x1b[31mred\\n.ts" in proc.stderr
    assert "\x1b" not in proc.stderr  # printed back escaped, never as a terminal sequence
    long = payload("claude-edit", team.auth, path="packages/payments/" + "x/" * 3000)
    proc = run_guard(command, long, team.auth)
    assert proc.returncode == 0 and "cannot be written" in proc.stderr
    for agent in ("gemini", "cursor"):
        proc = run_guard(team.commands[agent], b"not json", team.auth)
        assert proc.returncode == 0 and "cannot read the hook payload" in proc.stdout
        json.loads(proc.stdout)


def test_an_untracked_charter_directory_does_not_change_the_verdict(team: Team) -> None:
    # A package named charter in the worktree: `python -m charter` run there would import it.
    write(team.auth, "charter/__init__.py", "raise SystemExit(0)\n")
    write(team.auth, "charter/guard/__init__.py", "raise SystemExit(0)\n")
    write(team.auth, "charter/guard/main.py", "def main(argv=None):\n    return 0\n")
    for agent in AGENTS:
        assert not edit(team, agent, "packages/payments/src/index.ts").allowed, agent


def test_spawn_writes_each_agents_brief_and_keeps_it_all_out_of_commits(team: Team) -> None:
    for name in ("CLAUDE.local.md", "AGENTS.override.md", "GEMINI.local.md"):
        text = (team.auth / name).read_text()
        assert "# You are the `auth` instance" in text and "packages/auth/**" in text
    rule = (team.auth / ".cursor/rules/charter.mdc").read_text()
    assert rule.startswith("---\n") and "alwaysApply: true" in rule
    gemini = json.loads((team.auth / ".gemini/settings.json").read_text())
    assert "GEMINI.local.md" in gemini["context"]["fileName"]
    cursor = json.loads((team.auth / ".cursor/hooks.json").read_text())
    assert cursor["version"] == 1
    assert git(team.auth, "status", "--porcelain") == ""
    # web was spawned with the default agent only.
    assert [agent for agent, _, _ in guard_commands(team.web)] == ["claude"]
    assert " -m charter guard" not in team.commands["claude"]


def reregister(settings: Path, old: str, new: str) -> None:
    """Replace a registered command in an agent's JSON settings."""

    def swap(node: object) -> object:
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return new if node == old else node

    settings.write_text(json.dumps(swap(json.loads(settings.read_text()))))


def test_guard_install_refreshes_a_stale_registration_and_doctor_probes_it(team: Team) -> None:
    codex = "/nonexistent/python -I -S -m charter.guard --agent codex"
    reregister(team.auth / ".codex/hooks.json", team.commands["codex"], codex)
    reregister(
        team.auth / ".gemini/settings.json", team.commands["gemini"], "exit 1 # charter-guard"
    )
    proc = charter(team.repo, "doctor")
    assert proc.returncode == 1
    assert "the codex guard's program is not found" in proc.stdout
    assert "the gemini guard exits 1" in proc.stdout
    assert "charter guard --install --agent codex" in proc.stdout
    proc = charter(team.auth, "guard", "--install", "--agent", "codex", "--agent", "gemini")
    assert proc.returncode == 0, proc.stderr
    proc = charter(team.repo, "doctor")
    assert proc.returncode == 0, proc.stdout
    assert len(guard_commands(team.auth)) == 5  # cursor registers two events
