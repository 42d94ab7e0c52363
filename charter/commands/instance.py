"""`charter instance add`: give a new instance its lane in charter.yaml."""

from __future__ import annotations

import argparse


def add_lane_arguments(parser: argparse.ArgumentParser) -> None:
    """The options shared by `instance add` and `spawn`."""
    parser.add_argument("name", metavar="NAME", help="the instance name ([a-z0-9][a-z0-9-]*)")
    parser.add_argument(
        "--owns",
        nargs="+",
        required=True,
        metavar="PATTERN",
        help="CODEOWNERS patterns of the paths it owns",
    )
    parser.add_argument(
        "--role", choices=("foundation", "feature", "integration"), default="feature"
    )
    parser.add_argument("--depends-on", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--description", default=None)
    parser.add_argument("--branch", default=None, help="default: instance/NAME")
    parser.add_argument("--github", default=None, help="handle to mention, e.g. @org/team")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an instance", description="add an instance")
    add_lane_arguments(add)


def run(args: argparse.Namespace) -> int:
    from charter.filelock import charter_yaml_lock
    from charter.git import ls_files, toplevel
    from charter.yamledit import add_instance

    root = toplevel()
    tracked = ls_files(root)
    with charter_yaml_lock(root):  # read, add, write: no concurrent run may interleave
        add_instance(
            root,
            args.name,
            args.owns,
            role=args.role,
            depends_on=args.depends_on,
            description=args.description,
            branch=args.branch,
            github=args.github,
            tracked=tracked,
        )
    print(f"added instance {args.name!r} owning {', '.join(args.owns)} to charter.yaml")
    return 0
