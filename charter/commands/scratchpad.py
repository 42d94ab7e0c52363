"""`charter scratchpad`: create an instance's scratchpad, or check scratchpads."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from charter.config import Charter


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="validate scratchpads in the work tree (exit 1 on problems, 2 if unreadable)",
    )
    check.add_argument("name", nargs="?", metavar="NAME", help="default: every instance")
    new = sub.add_parser("new", help="write NAME's scratchpad from the template (never overwrites)")
    new.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    from charter.context import load_context
    from charter.errors import CharterError

    ctx = load_context()
    if args.action == "new":
        from charter.scratchpad import create_scratchpad

        path = create_scratchpad(ctx.root, ctx.charter, args.name)
        rel = path.relative_to(ctx.root)
        print(f"created {rel}; fill in Discovery first, then commit it: git add {rel}")
        return 0
    try:
        me: str | None = ctx.identity.name
    except CharterError:
        me = None  # no identity here: check everyone's, as the coordinator would
    return check(ctx.root, ctx.charter, args.name, me=me)


def check(root: Path, charter: Charter, name: str | None, *, me: str | None = None) -> int:
    """Print every problem as file:line:col: message; exit 2 when a scratchpad is
    unreadable, else 1 when one has errors (warnings alone exit 0).

    `me`'s own scratchpad is read from the work tree (the one being edited); the others
    from their instance's branch tip, like the tracking table. Without `name`, an
    instance checks its own and the coordinator checks everyone's.
    """
    import sys

    from charter.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, CharterError, ConfigError
    from charter.escape import terminal
    from charter.scratchpad import load_worktree, validate

    if name is not None and name not in charter.instances:
        known = ", ".join(sorted(charter.instances)) or "none"
        raise CharterError(f"no instance {name!r} in charter.yaml (known: {known})")
    if name is not None:
        names = [name]
    elif me is not None and me in charter.instances:
        names = [me]
    else:
        names = list(charter.instances)
    others = [n for n in names if n != me]
    snap = None
    if others:
        from charter.tracking import read_snapshot

        snap = read_snapshot(root, charter)
    status = EXIT_OK
    checked = 0
    for each in names:
        rel = charter.scratchpad_path(each)
        source = "work tree"
        error: str | None = None
        pad = None
        if snap is None or each == me:
            try:
                pad = load_worktree(root, charter, each)
            except ConfigError as e:
                error = str(e)
        else:
            loaded = snap.scratchpads[each]
            source = loaded.source or source
            pad, error = loaded.scratchpad, loaded.error
        if error is not None:
            print(
                f"{terminal(error)}\n  (read from {source}; fix it so charter can read it)",
                file=sys.stderr,
            )
            status = EXIT_UNUSABLE
            continue
        if pad is None:
            print(f"{rel}: missing; create it with `charter scratchpad new {each}`")
            status = max(status, EXIT_PROBLEMS)
            continue
        checked += 1
        findings = validate(pad, charter, each)
        where = "" if source == "work tree" else f" [{source}]"
        for problem in findings.errors:
            print(terminal(f"{problem}{where}"))
        for problem in findings.warnings:
            print(terminal(f"{problem} (warning){where}"))
        if findings.errors:
            status = max(status, EXIT_PROBLEMS)
    if status == EXIT_OK:
        print(f"{checked} scratchpad(s) fine")
    return status
