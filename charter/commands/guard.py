"""`charter guard`: a Claude Code PreToolUse hook that stops out-of-lane edits.

Claude Code pipes the tool call as JSON on stdin. For Edit, Write, MultiEdit and
NotebookEdit we resolve the target against the repository root and exit 2 with the
reason on stderr when the path lies outside the instance's lane: Claude Code then
blocks the call and shows the agent the reason. Everything else is allowed. A payload
we cannot read is allowed with a warning: the guard must never wedge an agent (the
commit hook still stands behind it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EDIT_TOOLS = {
    "Edit": "file_path",
    "Write": "file_path",
    "MultiEdit": "file_path",
    "NotebookEdit": "notebook_path",
}
BLOCK = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _warn(message: str) -> int:
    print(f"charter guard: {message}; allowing the edit", file=sys.stderr)
    return 0


def target_of(payload: object) -> tuple[str, Path, Path] | None:
    """(tool, absolute target, cwd) for an edit tool call, else None."""
    if not isinstance(payload, dict):
        raise ValueError("payload is not a JSON object")
    tool = payload.get("tool_name")
    if tool not in EDIT_TOOLS:
        return None
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict):
        raise ValueError(f"{tool} call without tool_input")
    raw = tool_input.get(EDIT_TOOLS[tool]) or tool_input.get("file_path")
    if not isinstance(raw, str) or not raw:
        raise ValueError(f"{tool} call without {EDIT_TOOLS[tool]}")
    cwd = payload.get("cwd")
    base = Path(cwd) if isinstance(cwd, str) and cwd else Path.cwd()
    target = Path(raw) if os.path.isabs(raw) else base / raw
    return str(tool), target, base


def run(args: argparse.Namespace) -> int:
    from charter.check import EDIT_ADVICE, Violation, allowed, format_violations
    from charter.context import load_context
    from charter.errors import CharterError

    try:
        payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        found = target_of(payload)
    except (ValueError, UnicodeDecodeError) as e:
        return _warn(f"cannot read the hook payload ({e})")
    if found is None:
        return 0
    tool, target, cwd = found
    try:
        ctx = load_context(cwd if cwd.is_dir() else None, rules_from="HEAD")
    except CharterError as e:
        return _warn(str(e).splitlines()[0])
    root = Path(os.path.realpath(ctx.root))
    resolved = Path(os.path.realpath(target))
    try:
        relative = resolved.relative_to(root).as_posix()
    except ValueError:
        return 0  # outside the repository: not ours to judge
    if relative == "." or relative.startswith(".git/"):
        return 0
    try:
        identity = ctx.identity
    except CharterError as e:
        return _warn(str(e))
    resolution = ctx.ownership.resolve(relative)
    kind = allowed(ctx.charter, identity, resolution)
    if kind is None:
        return 0
    status = "M" if resolved.exists() else "A"
    violation = Violation(relative, status, kind, resolution)
    message = format_violations(
        ctx.charter, identity, [violation], layer=tool.lower(), undo=EDIT_ADVICE
    )
    print(message, file=sys.stderr)
    return BLOCK
