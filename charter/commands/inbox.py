"""`charter inbox`: what an instance waits for, and what became ready for it."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="default: the instance here")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    import json

    from charter.context import load_context
    from charter.errors import CharterError
    from charter.escape import terminal
    from charter.scratchpad import load_worktree
    from charter.tracking import inbox

    ctx = load_context()
    name = args.name
    here = None
    if name is None:
        identity = ctx.identity
        if identity.is_coordinator:
            raise CharterError("the coordinator has no inbox; name an instance: charter inbox NAME")
        name = identity.name
        here = name
    elif name in ctx.charter.instances and ctx.charter.instances[name].branch == ctx.branch:
        here = name  # its own worktree, named explicitly
    # In the instance's own worktree its scratchpad is read as written, committed or not.
    own = load_worktree(ctx.root, ctx.charter, here) if here is not None else None
    notices = inbox(ctx.root, ctx.charter, name, own=own)
    import time

    from charter.grants_view import inbox_lines

    grants = inbox_lines(ctx.charter, ctx.root, name, time.time(), here=here is not None)
    if args.format == "json":
        print(json.dumps([n.to_json() for n in notices], ensure_ascii=False, indent=2))
        return 0
    if grants:
        print(f"{name}: grants:")
        for text in grants:
            print(f"  - {terminal(text)}")
    ready = [n for n in notices if n.actionable]
    waiting = [n for n in notices if not n.actionable]
    if not notices and not grants:
        print(f"{name}: nothing to wait for, nothing new")
    if ready:
        print(f"{name}: ready since your last scratchpad update:")
        for notice in ready:
            print(f"  - {terminal(notice.message)}")
            for step in notice.next_steps:
                print(f"      next: {terminal(step)}")
    if waiting:
        print(f"{name}: still waiting:")
        for notice in waiting:
            print(f"  - {terminal(notice.message)}")
    return 0
