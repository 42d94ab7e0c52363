"""`charter` command line: one subcommand per module in `charter.commands`.

Each command module defines:

    HELP: str                                   # one line for `charter --help`
    def add_arguments(parser: argparse.ArgumentParser) -> None
    def run(args: argparse.Namespace) -> int    # 0 clean, 1 problems found, 2 unusable input

Command modules keep their top-level imports light; heavy libraries are imported in `run`.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import charter.commands
from charter import __version__
from charter.errors import EXIT_UNUSABLE, CharterError, ConfigError


def _command_modules() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules(charter.commands.__path__)
        if not m.name.startswith("_")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="charter",
        description="Lanes, scratchpads and contracts for coding agents sharing one repository.",
    )
    parser.add_argument("--version", action="version", version=f"charter {__version__}")
    parser.add_argument(
        "-C",
        dest="cwd",
        metavar="DIR",
        default=None,
        help="run as if charter was started in DIR",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        module = importlib.import_module(f"charter.commands.{name}")
        command = name.replace("_", "-")
        p = sub.add_parser(command, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return EXIT_UNUSABLE
    if args.cwd is not None:
        import os

        try:
            os.chdir(args.cwd)
        except OSError as e:
            print(f"charter: cannot enter {args.cwd}: {e.strerror}", file=sys.stderr)
            return EXIT_UNUSABLE
    try:
        return int(args._run(args))
    except ConfigError as e:
        print(str(e), file=sys.stderr)  # file:line:col lines, as compilers print them
        return e.exit_code
    except CharterError as e:
        print(f"charter: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("charter: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
