"""`charter spawn`: a new instance with its lane, branch, worktree, scratchpad, hooks,
guard and brief, made whole or not at all."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from charter.commands.instance import add_lane_arguments

    add_lane_arguments(parser)
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

    from charter.spawn import SpawnRequest, spawn

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
            agents=tuple(args.agents or ("claude",)),
        )
    )
    for warning in result.warnings:
        print(f"warning: {warning}")
    print(result.brief)
    return 0
