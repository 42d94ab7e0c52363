"""`charter-guard`: the edit-time guard's own light entry point.

    charter-guard --agent claude|codex|gemini|cursor [--instance NAME] [--root DIR]

`charter spawn` registers this command in each agent's hook configuration with the
instance and the worktree it was made for, so neither a `cd` nor a payload's `cwd` can
change who is editing. No argparse, and nothing is imported that the judgement does not
need: a call that writes nothing is answered before charter.yaml is even opened.

Failure policy (the guard must never wedge an agent, and never exit 1, which Claude Code
treats as a non-blocking error):

* a payload that is not UTF-8, not JSON, too deeply nested, or not an object; a tool call
  without its path or command; a shell command that cannot be read; a charter.yaml that
  does not load: allowed, with a warning that the commit hook will judge it;
* a path holding a NUL byte: refused (no file has that name; a tool cutting it at the NUL
  would write another file than the one judged);
* a path longer than any file system accepts: allowed with a warning (the write fails);
* anything unexpected: allowed with a warning naming the error, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.guard.write import Write

USAGE = "usage: charter-guard --agent claude|codex|gemini|cursor [--instance NAME] [--root DIR]"


def parse_arguments(argv: Sequence[str]) -> dict[str, str]:
    """--agent, --instance and --root (also as --name=value); ValueError on anything else."""
    options: dict[str, str] = {}
    it = iter(argv)
    for arg in it:
        name, eq, value = arg.partition("=")
        if name not in ("--agent", "--instance", "--root"):
            raise ValueError(f"unknown argument {arg!r}")
        if not eq:
            value = next(it, "")
        if not value:
            raise ValueError(f"{name} needs a value")
        options[name[2:]] = value
    return options


def decide(options: dict[str, str], data: bytes) -> tuple[str | None, list[str]]:
    """(refusal or None, warnings) for one hook call."""
    from charter.guard.agents import ADAPTERS

    adapter = ADAPTERS[options.get("agent", "claude")]
    root = options.get("root") or os.getcwd()
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)[:200]
        return None, [f"cannot read the hook payload ({reason})"]
    if not isinstance(payload, dict):
        return None, ["cannot read the hook payload (not a JSON object)"]
    try:
        request = adapter.request(payload, root)
    except ValueError as e:
        return None, [f"cannot read the tool call ({e})"]
    if request is None or not request.writes:
        return None, request.warnings if request else []
    return judge(options, root, request.writes, list(request.warnings))


def judge(
    options: dict[str, str], root: str, writes: list[Write], warnings: list[str]
) -> tuple[str | None, list[str]]:
    from charter.errors import CharterError
    from charter.guard.core import Judge, load_rules

    try:
        rules = load_rules(root)
        name = options.get("instance")
        if name is None:  # a guard registered by hand: this worktree's own identity
            from pathlib import Path

            from charter.identity import resolve

            name = resolve(Path(rules.root), rules.charter).name
        elif name not in rules.charter.instances and name != "coordinator":
            return None, warnings + [
                f"the guard is registered for {name!r}, which charter.yaml does not name; "
                "re-register it with `charter guard --install` in the worktree"
            ]
    except CharterError as e:
        return None, warnings + [str(e).splitlines()[0]]
    if name == "coordinator":
        return None, warnings
    verdict = Judge(rules, name).judge(writes, warnings)
    return verdict.refusal, verdict.warnings


def main(argv: Sequence[str] | None = None) -> int:
    from charter.guard.agents import ADAPTERS

    try:
        options = parse_arguments(sys.argv[1:] if argv is None else argv)
        agent = options.get("agent", "claude")
        if agent not in ADAPTERS:
            raise ValueError(f"unknown agent {agent!r} (one of {', '.join(ADAPTERS)})")
    except ValueError as e:
        print(f"charter-guard: {e}\n{USAGE}", file=sys.stderr)
        return 2
    adapter = ADAPTERS[agent]
    try:
        refusal, warnings = decide(options, sys.stdin.buffer.read())
    except Exception as e:  # the guard never wedges an agent: the commit hook stands behind
        refusal, warnings = None, [f"internal error ({type(e).__name__}: {e})"]
    answer = adapter.answer(refusal, warnings)
    sys.stdout.write(answer.stdout)
    sys.stderr.write(answer.stderr)
    return answer.code


if __name__ == "__main__":
    sys.exit(main())
