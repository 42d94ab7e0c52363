"""`charter spawn`: an instance (new, or one charter.yaml already has) with its branch,
worktree, scratchpad, hooks, guard and brief, made whole or not at all."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from charter.commands.instance import add_lane_arguments

    add_lane_arguments(parser, spawning=True)
    parser.add_argument(
        "--all",
        action="store_true",
        help="equip every instance in charter.yaml that has no worktree yet",
    )
    parser.add_argument(
        "--worktree", metavar="DIR", help="where to put the worktree (default: ../<repo>-NAME)"
    )
    parser.add_argument(
        "--agent",
        dest="agents",
        action="append",
        choices=("claude", "codex", "gemini", "cursor"),
        help="the agent that will work there (repeatable; default claude): its guard hook "
        "and its brief are written into the worktree",
    )
    parser.add_argument(
        "--base",
        default=None,
        help="branch to start from (default: the current coordinator branch)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from charter.errors import CharterError
    from charter.spawn import SpawnRequest, spawn, unequipped

    agents = tuple(args.agents or ("claude",))
    if args.all:
        if args.name or args.owns or args.depends_on or args.worktree or args.branch:
            raise CharterError(
                "`spawn --all` equips the instances charter.yaml already has, each at "
                "../<repo>-NAME; give no NAME, --owns, --depends-on, --branch or --worktree"
            )
        names = unequipped()
        if not names:
            print("every instance already has a worktree")
        for name in names:
            result = spawn(SpawnRequest(name=name, base=args.base, agents=agents))
            _print_warnings(result.warnings)
            print(f"spawned {name}: {result.worktree} (branch {result.branch})")
        return 0
    if not args.name:
        raise CharterError("name the instance to spawn (`charter spawn NAME`), or pass --all")
    result = spawn(
        SpawnRequest(
            name=args.name,
            owns=tuple(args.owns),
            role=args.role,
            depends_on=tuple(args.depends_on),
            description=args.description,
            branch=args.branch,
            github=args.github,
            worktree=Path(args.worktree) if args.worktree else None,
            base=args.base,
            agents=agents,
        )
    )
    _print_warnings(result.warnings)
    print(result.brief)
    return 0


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}")
