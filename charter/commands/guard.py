"""`charter guard`: the edit-time guard through the full CLI, and its (re)registration.

Agents' hooks call the light entry point `charter-guard` directly (see charter.guard.main);
this command is the same guard for people (`charter guard --agent codex < payload.json`)
and `charter guard --install`, which registers the guard and brief of each agent in the
current worktree again (after the virtualenv moved, say).
"""

from __future__ import annotations

import argparse

AGENTS = ("claude", "codex", "gemini", "cursor")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agent", choices=AGENTS, action="append", help="default claude")
    parser.add_argument("--instance", help="who is editing (default: this worktree's instance)")
    parser.add_argument("--root", help="the worktree the guard was registered for")
    parser.add_argument(
        "--install",
        action="store_true",
        help="register the guard and brief of each --agent in this worktree, and stop",
    )


def run(args: argparse.Namespace) -> int:
    agents = args.agent or ["claude"]
    if args.install:
        return install(agents)
    from charter.guard.main import main

    argv = ["--agent", agents[0]]
    if args.instance:
        argv += ["--instance", args.instance]
    if args.root:
        argv += ["--root", args.root]
    return main(argv)


def install(agents: list[str]) -> int:
    from charter.config import load
    from charter.git import toplevel
    from charter.identity import resolve
    from charter.install import agent_files, exclude_local_settings, install_agents
    from charter.spawn import render_brief

    worktree = toplevel()
    charter = load(worktree)
    identity = resolve(worktree, charter)
    if identity.is_coordinator:
        print("charter guard: this is the coordinator's worktree; the guard is for instances")
        return 1
    exclude_local_settings(worktree, agent_files(agents))
    brief = render_brief(worktree, identity.name, worktree)
    for warning in install_agents(worktree, identity.name, agents, brief):
        print(f"warning: {warning}")
    print(f"charter guard: registered for {identity.name} ({', '.join(agents)}) in {worktree}")
    return 0
