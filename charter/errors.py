"""The one error family charter raises for a user's mistake.

Every command catches `CharterError` at the top and prints its message; a traceback
means a bug in charter, never a problem with the user's input. Every error class charter
defines is here (tests/test_errors.py checks that none lives outside the family), each
with its exit code; modules re-export the ones their callers know them by.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2
EXIT_BROKEN_PIPE = 128 + 13  # the reader of our output went away, as a shell reports SIGPIPE


class CharterError(Exception):
    """Unusable input: a malformed file, a bad argument, a missing repository (exit 2)."""

    exit_code = EXIT_UNUSABLE

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class Problem(NamedTuple):
    """One located complaint about a file: `file:line:col: message`."""

    file: str
    line: int  # 1-based; 0 when the position is unknown
    col: int  # 1-based; 0 when the position is unknown
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}: {self.message}"
        return f"{self.file}: {self.message}"


class ConfigError(CharterError):
    """`charter.yaml` (or another charter file) cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class MissingConfig(ConfigError):
    """There is no charter.yaml (in the work tree, or at the revision asked for): hooks
    have nothing to enforce; commands say how to create one."""


class GitError(CharterError):
    """A git command failed in a way the user must fix (not a repository, bad revision...)."""


class ForecastError(GitError):
    """The forecast cannot run: a branch does not exist, `repo` is no repository, git failed."""


class IdentityError(CharterError):
    """Who is committing cannot be told, or names no instance."""


class PatternError(CharterError, ValueError):
    """A pattern charter refuses; the message says why and what to write instead."""


class SurfaceError(CharterError):
    """A contract's file whose public surface cannot be read; names file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class MissingExtra(CharterError):
    """An optional part of charter is not installed; the message names the extra to add."""


class GitHubError(CharterError):
    """A GitHub call that failed in a way the bot reports instead of crashing."""


class UnreadableInput(CharterError, ValueError):
    """A hook payload, shell command or patch the guard cannot read reliably. The guard
    allows such a call with a warning (the commit hook judges what lands); never a traceback."""
