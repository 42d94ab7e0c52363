"""`charter hooks`: install charter's git hooks, or remove the ones it wrote."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser(
        "install",
        help="write charter's hook shims (or, with the pre-commit framework, say how to "
        "install its hooks); removes a shim pre-commit kept beside its own",
    )
    sub.add_parser(
        "uninstall",
        help="remove the hooks charter wrote; pre-commit's and other hooks stay",
    )


def run(args: argparse.Namespace) -> int:
    from charter.git import toplevel
    from charter.install import hook_states, install_hooks, uninstall_hooks

    root = toplevel()
    if args.action == "uninstall":
        removed = uninstall_hooks(root)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print("no hook written by charter was installed")
        return 0
    for warning in install_hooks(root):
        print(f"warning: {warning}")
    states = hook_states(root)
    for hook in states:
        print(f"{hook.stage}: {hook.state} ({hook.path})")
    return 0 if all(h.ok for h in states) else 1
