"""One thin adapter per agent: its hook payload in, its expected answer out.

Payload shapes (recorded as fixtures in tests/data/agents/, each with its source):

* Claude Code, `PreToolUse`: `tool_name` Edit | Write | MultiEdit (`tool_input.file_path`),
  NotebookEdit (`tool_input.notebook_path`), Bash (`tool_input.command`); `cwd`. Exit 2
  blocks the call and shows stderr to the model.
* Codex CLI, `PreToolUse` (Claude-compatible wire format): `tool_name` apply_patch with the
  patch envelope in `tool_input.command`, Bash with the command in `tool_input.command`.
  Exit 2 blocks with stderr as the reason.
* Gemini CLI, `BeforeTool`: `tool_name` write_file | replace (`tool_input.file_path`),
  run_shell_command (`tool_input.command`, `tool_input.dir_path`). Exit 2 blocks with
  stderr as the reason; on exit 0 stdout must be JSON.
* Cursor (`.cursor/hooks.json` version 1): `beforeShellExecution` (`command`, `cwd`) and
  `preToolUse` (`tool_name` Write | StrReplace | Edit | MultiEdit | Delete with
  `tool_input.file_path`; Shell with `tool_input.command`); `workspace_roots`. It always
  reads a JSON answer on stdout: `{"permission": "allow" | "deny", "user_message",
  "agent_message"}`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from typing import NamedTuple

from charter.errors import UnreadableInput
from charter.guard.write import Write

Payload = dict[str, object]


class Request(NamedTuple):
    writes: list[Write]
    warnings: list[str]


class Answer(NamedTuple):
    code: int
    stdout: str
    stderr: str


def _text(mapping: object, *keys: str) -> str | None:
    if not isinstance(mapping, dict):
        return None
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _cwd(payload: Payload, default: str) -> str:
    cwd = _text(payload, "cwd")
    if cwd is None:
        roots = payload.get("workspace_roots")
        if isinstance(roots, list) and roots and isinstance(roots[0], str):
            cwd = roots[0]
    return cwd or default


def _file(tool: str, action: str, tool_input: object, cwd: str, *keys: str) -> Request:
    path = _text(tool_input, *keys)
    if path is None:
        raise UnreadableInput(f"a {tool} call without {' or '.join(keys)}")
    return Request([Write(action, path, cwd)], [])


def _shell(command: object, cwd: str) -> Request:
    if isinstance(command, list) and all(isinstance(part, str) for part in command):
        import shlex

        command = shlex.join(command)  # Codex may send argv: ["bash", "-lc", "..."]
    if not isinstance(command, str):
        raise UnreadableInput("a shell call without its command")
    from charter.guard.shell import read_command  # only shell calls pay for the reader

    reading = read_command(command, cwd)
    return Request(reading.writes, reading.warnings)


def _patch(envelope: object, cwd: str) -> Request:
    from charter.guard.patches import patch_targets

    if not isinstance(envelope, str):
        raise UnreadableInput("an apply_patch call without its patch")
    return Request([Write(action, path, cwd) for action, path in patch_targets(envelope)], [])


# tool name -> (action in words, the tool_input keys naming the file)
CLAUDE_FILE_TOOLS = {
    "Edit": ("edit", ("file_path",)),
    "MultiEdit": ("edit", ("file_path",)),
    "Write": ("write", ("file_path",)),
    "NotebookEdit": ("edit", ("notebook_path", "file_path")),
}
GEMINI_FILE_TOOLS = {
    "write_file": ("write", ("file_path", "path")),
    "replace": ("edit", ("file_path", "path")),
}
CURSOR_FILE_TOOLS = {
    "Write": ("write", ("file_path", "path")),
    "Edit": ("edit", ("file_path", "path")),
    "StrReplace": ("edit", ("file_path", "path")),
    "MultiEdit": ("edit", ("file_path", "path")),
    "Delete": ("delete", ("file_path", "path")),
}
SHELL_TOOLS = {"Bash", "Shell", "shell", "local_shell", "exec_command", "run_shell_command"}


FileTools = Mapping[str, tuple[str, tuple[str, ...]]]


def _tool_call(payload: Payload, cwd: str, files: FileTools) -> Request | None:
    tool = payload.get("tool_name")
    tool_input = payload.get("tool_input")
    if not isinstance(tool, str):
        raise UnreadableInput("a tool call without tool_name")
    if tool in files:
        action, keys = files[tool]
        return _file(tool, action, tool_input, cwd, *keys)
    if tool == "apply_patch":
        return _patch(_text(tool_input, "command", "patch", "input"), cwd)
    if tool in SHELL_TOOLS:
        if not isinstance(tool_input, dict):
            raise UnreadableInput(f"a {tool} call without tool_input")
        shell_cwd = _text(tool_input, "dir_path", "directory", "workdir", "cwd")
        where = cwd if shell_cwd is None else os.path.join(cwd, shell_cwd)
        return _shell(tool_input.get("command"), where)
    return None  # reads, searches, web: nothing to judge


def claude_request(payload: Payload, default_cwd: str) -> Request | None:
    return _tool_call(payload, _cwd(payload, default_cwd), CLAUDE_FILE_TOOLS)


def codex_request(payload: Payload, default_cwd: str) -> Request | None:
    return _tool_call(payload, _cwd(payload, default_cwd), {})


def gemini_request(payload: Payload, default_cwd: str) -> Request | None:
    return _tool_call(payload, _cwd(payload, default_cwd), GEMINI_FILE_TOOLS)


def cursor_request(payload: Payload, default_cwd: str) -> Request | None:
    cwd = _cwd(payload, default_cwd)
    event = payload.get("hook_event_name")
    if event == "beforeShellExecution":
        return _shell(payload.get("command"), cwd)
    if event == "preToolUse":
        return _tool_call(payload, cwd, CURSOR_FILE_TOOLS)
    return None  # afterFileEdit and the rest cannot stop anything


def notes(warnings: list[str]) -> str:
    """The warnings of an allowed call, each saying what stands behind the guard."""
    return "".join(f"charter guard: {w}; the commit hook will judge it\n" for w in warnings)


def exit_two(refusal: str | None, warnings: list[str]) -> Answer:
    """Claude Code and Codex CLI: exit 2 with the reason on stderr blocks the call."""
    if refusal is not None:
        return Answer(2, "", f"{refusal}\n{notes(warnings)}")
    return Answer(0, "", notes(warnings))


def gemini_answer(refusal: str | None, warnings: list[str]) -> Answer:
    """Gemini CLI: exit 2 and stderr block; on exit 0 stdout is parsed as JSON."""
    if refusal is not None:
        return exit_two(refusal, warnings)
    body = {"systemMessage": notes(warnings).strip()} if warnings else {}
    return Answer(0, json.dumps(body) + "\n", "")


def cursor_answer(refusal: str | None, warnings: list[str]) -> Answer:
    """Cursor: a JSON permission on stdout, whatever the verdict."""
    if refusal is not None:
        body = {"permission": "deny", "user_message": refusal, "agent_message": refusal}
    elif warnings:
        note = notes(warnings).strip()
        body = {"permission": "allow", "user_message": note, "agent_message": note}
    else:
        body = {"permission": "allow"}
    return Answer(0, json.dumps(body) + "\n", "")


class Adapter(NamedTuple):
    request: Callable[[Payload, str], Request | None]
    answer: Callable[[str | None, list[str]], Answer]


ADAPTERS = {
    "claude": Adapter(claude_request, exit_two),
    "codex": Adapter(codex_request, exit_two),
    "gemini": Adapter(gemini_request, gemini_answer),
    "cursor": Adapter(cursor_request, cursor_answer),
}
AGENTS = tuple(ADAPTERS)


def probe_payload(agent: str, cwd: str, path: str) -> Payload:
    """A call `agent` would make to write `path` (for `charter doctor` to run each guard)."""
    if agent == "codex":
        patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n*** End Patch\n"
        return {"hook_event_name": "PreToolUse", "cwd": cwd, "tool_name": "apply_patch",
                "tool_input": {"command": patch}}  # fmt: skip
    if agent == "gemini":
        return {"hook_event_name": "BeforeTool", "cwd": cwd, "tool_name": "write_file",
                "tool_input": {"file_path": path, "content": ""}}  # fmt: skip
    if agent == "cursor":
        return {"hook_event_name": "preToolUse", "workspace_roots": [cwd], "tool_name": "Write",
                "tool_input": {"file_path": path}}  # fmt: skip
    return {"hook_event_name": "PreToolUse", "cwd": cwd, "tool_name": "Write",
            "tool_input": {"file_path": path, "content": ""}}  # fmt: skip


def allows(agent: str, code: int, stdout: str) -> bool:
    """Did the agent's guard answer `allow`, in that agent's protocol?"""
    if agent == "cursor":
        try:
            return code == 0 and json.loads(stdout).get("permission") == "allow"
        except (ValueError, AttributeError):
            return False
    return code == 0
