"""`charter` command line: one subcommand per module in `charter.commands`.

`COMMANDS` names every command with its one-line help; `charter --help` lists them from
the table alone. Only the chosen command's module is imported and only its parser built
(pip's pattern): `charter guard` runs on every edit an agent makes. Each module defines:

    def add_arguments(parser: argparse.ArgumentParser) -> None
    def run(args: argparse.Namespace) -> int    # 0 clean, 1 problems found, 2 unusable input

Command modules keep their top-level imports light; heavy libraries are imported in `run`.
A new command is a module plus a row here (tests/test_cli_table.py checks they agree).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from charter import __version__
from charter.errors import EXIT_BROKEN_PIPE, EXIT_UNUSABLE, CharterError, ConfigError

# command -> one line for `charter --help`; the module is charter.commands.<command with _>.
COMMANDS: dict[str, str] = {
    "bot": (
        "run the GitHub bot (from the charter Action): `pr` checks a pull request, `sync` "
        "commits the tracking table and updates the tracking issue"
    ),
    "check": "check staged changes, a commit range or paths against the ownership rules",
    "codeowners": "export the ownership map to .github/CODEOWNERS (--write) or check it (--check)",
    "conflicts": "forecast merge conflicts between instance branches and the default branch",
    "contracts": "contracts between instances: lock their surface, diff it, check for drift",
    "demo": "build a throwaway repo with four instances and show charter enforcing their lanes",
    "despawn": "remove an instance's worktree and guard (and, with --delete-branch, its branch)",
    "doctor": "check hooks, identities, charter.yaml and worktree branches; one line per problem",
    "grant": "lend paths of your lane to another instance for a while (--for 4h | --until ISO)",
    "guard": "the edit-time guard (reads a hook payload on stdin); --install registers it again",
    "hooks": "install charter's git hooks, or uninstall the ones it wrote",
    "inbox": "what an instance waits for and what became ready since its last scratchpad update",
    "init": "write a commented charter.yaml (optionally from an existing CODEOWNERS file)",
    "instance": "manage instances in charter.yaml: add, list, remove, rename",
    "owner": "show the owner and matching pattern of each path",
    "revoke": "end grants before their time (ID... or --to NAME)",
    "scratchpad": "create a scratchpad from the template, or check front matter and sections",
    "spawn": (
        "give an instance (new with --owns, or one charter.yaml has; --all) a branch, "
        "worktree, scratchpad, hooks, guard and its brief"
    ),
    "status": "every instance's status, branch, lag and needs (fits 100 columns; --format json)",
    "table": (
        "print the tracking table (Markdown); --write updates the tracking file between its "
        "markers"
    ),
    "validate": (
        "validate charter.yaml and report overlapping (or, with --unowned, missing) ownership"
    ),
    "whoami": "print which instance (or the coordinator) is working in this worktree",
}


def _command_modules() -> list[str]:
    """The modules in charter/commands (what `COMMANDS` must list)."""
    import pkgutil

    import charter.commands

    return sorted(
        m.name
        for m in pkgutil.iter_modules(charter.commands.__path__)
        if not m.name.startswith("_")
    )


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command word in `argv`, found without a parser: the first argument that is
    not an option of `charter` itself (`-C DIR`, `-CDIR`, `--version`, `-h`)."""
    words = iter(argv)
    for word in words:
        if word == "-C":
            next(words, None)
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, the terminal's width found as `shutil.get_terminal_size`
    finds it but without importing shutil (and its compressors: 2 ms of every command,
    since argparse makes a formatter for every argument added)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # as argparse takes it
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known `command`, only that command's subparser is built (and
    its module imported); otherwise every command is listed, none imported."""
    parser = argparse.ArgumentParser(
        prog="charter",
        description="Lanes, scratchpads and contracts for coding agents sharing one repository.",
        formatter_class=_Formatter,
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
    if command in COMMANDS:
        import importlib

        module = importlib.import_module(f"charter.commands.{command.replace('-', '_')}")
        p = sub.add_parser(
            command,
            help=COMMANDS[command],
            description=COMMANDS[command],
            formatter_class=_Formatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run, _fast_exit=getattr(module, "FAST_EXIT", False))
    else:  # help, or a usage error that lists the commands
        for name, text in COMMANDS.items():
            sub.add_parser(name, help=text, description=text, formatter_class=_Formatter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(chosen_command(args_list))
    args = parser.parse_args(args_list)
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
        code = int(args._run(args))
        if argv is None and args._fast_exit:
            _end_process(code)
        return code
    except ConfigError as e:
        print(str(e), file=sys.stderr)  # file:line:col lines, as compilers print them
        return e.exit_code
    except CharterError as e:
        print(f"charter: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("charter: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`charter owner --stdin | head`): not an error of ours to
        # print. Point stdout at /dev/null so the interpreter's last flush cannot fail too.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _end_process(code: int) -> NoReturn:
    """End the process now, without the interpreter's teardown, as mypy does: freeing
    the objects of a large answer one by one costs 8-13 ms of a `charter owner --stdin`
    of 16-75k paths. Only for commands that write nothing but their output (FAST_EXIT),
    and only when charter is the program (`main()` without argv), never inside a caller."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
