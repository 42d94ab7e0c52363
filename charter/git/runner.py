"""The one place charter starts git: the environment is prepared here, failures become
`GitError`s that name the command.

Hooks and the guard import this module on every commit and edit, so it stays on the
standard library.

The environment, decided once for every call:

* `GIT_NO_REPLACE_OBJECTS=1` (and `GIT_REPLACE_REF_BASE` dropped): charter judges
  history, and `git replace` lets a repository show one history while its commits hold
  another. Every call reads the real objects.
* `GIT_TERMINAL_PROMPT=0`: no call may stop to ask for a password; it fails instead.
* The variables that pin git to one repository (`git rev-parse --local-env-vars`:
  `GIT_DIR`, `GIT_INDEX_FILE`, `GIT_WORK_TREE`, ...) are KEPT by default. A hook runs
  inside `git commit` with them set for its own repository, and a partial commit
  (`git commit -a`, `git commit PATH`) names a temporary index in `GIT_INDEX_FILE`: the
  hook must judge that index, not `.git/index`. `Git.isolated(repo)` drops them, for
  code that reaches a repository named by an argument (the conflict forecast), where a
  caller's `GIT_DIR` must not win over `repo`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from charter.errors import GitError

if TYPE_CHECKING:
    import subprocess

# `git rev-parse --local-env-vars`: what pins git to one repository.
LOCAL_ENV_VARS = frozenset(
    {
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_OBJECT_DIRECTORY",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_IMPLICIT_WORK_TREE",
        "GIT_GRAFT_FILE",
        "GIT_INDEX_FILE",
        "GIT_NO_REPLACE_OBJECTS",
        "GIT_REPLACE_REF_BASE",
        "GIT_PREFIX",
        "GIT_SHALLOW_FILE",
        "GIT_COMMON_DIR",
    }
)

# Set on every call (see the module's docstring).
_ALWAYS = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_TERMINAL_PROMPT": "0"}
_NEVER = ("GIT_REPLACE_REF_BASE",)


def environment(*, isolated: bool = False) -> dict[str, str]:
    """The environment git runs with: the caller's, prepared as the module says.

    Built per call from `os.environ` (a copy costs microseconds; a git process
    milliseconds), so a variable set after import is honoured.
    """
    if isolated:
        env = {k: v for k, v in os.environ.items() if k not in LOCAL_ENV_VARS}
    else:
        env = dict(os.environ)
        for name in _NEVER:
            env.pop(name, None)
    env.update(_ALWAYS)
    return env


# What a git call returns: returncode, stdout, stderr (bytes). subprocess's own class:
# hooks import this module on every commit, and a NamedTuple costs its import a compile.
GitResult: TypeAlias = "subprocess.CompletedProcess[bytes]"


def _spawn(
    argv: tuple[str, ...],
    cwd: str | os.PathLike[str] | None,
    stdin: bytes | None,
    env: Mapping[str, str],
) -> GitResult:
    """Start one git process and wait for it (tests wrap this to count calls)."""
    import subprocess  # here, not above: a command that finds all it needs in files
    # (charter owner, with the repository found by charter.git.discover) never pays it

    return subprocess.run(
        argv,
        cwd=cwd,
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        check=False,
    )


def run(
    *args: str,
    cwd: str | os.PathLike[str] | None = None,
    input: bytes | None = None,
    ok: Sequence[int] | None = (0,),
    env: Mapping[str, str] | None = None,
    error: type[GitError] = GitError,
) -> GitResult:
    """Run `git ARGS`; raise `error` naming the command unless its exit code is in `ok`
    (`ok=None`: any exit code is returned to the caller)."""
    try:
        result = _spawn(("git", *args), cwd, input, environment() if env is None else env)
    except OSError as exc:  # no git on PATH, or `cwd` is not a directory
        where = os.fspath(cwd) if cwd is not None else os.getcwd()
        raise error(f"cannot run git in {where}: {exc}") from exc
    if ok is not None and result.returncode not in ok:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        place = f" in {os.fspath(cwd)}" if cwd is not None else ""
        raise error(f"git {' '.join(args[:2])} failed{place}: {detail}")
    return result


def git(
    *args: str,
    cwd: str | os.PathLike[str] | None = None,
    input: bytes | None = None,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Run git and return its stdout; raise `GitError` with git's own message on failure."""
    return run(*args, cwd=cwd, input=input, ok=(0,) if check else None, env=env).stdout


def git_ok(*args: str, cwd: str | os.PathLike[str] | None = None) -> bool:
    """True when the git command exits 0 (its output is discarded)."""
    return run(*args, cwd=cwd, ok=None).returncode == 0


def git_text(*args: str, cwd: str | os.PathLike[str] | None = None) -> str:
    return git(*args, cwd=cwd).decode("utf-8", "surrogateescape").strip()


def git_maybe(*args: str, cwd: str | os.PathLike[str] | None = None) -> bytes | None:
    """stdout when git exits 0, else None (for questions whose "no" is an exit code)."""
    result = run(*args, cwd=cwd, ok=None)
    return result.stdout if result.returncode == 0 else None


class Git:
    """git bound to one repository and one environment, for code that runs many
    commands against a repository named by its caller. (A plain class: hooks import this
    module, and a dataclass or NamedTuple costs their start-up.)"""

    __slots__ = ("env", "error", "repo")

    def __init__(
        self, repo: Path, env: Mapping[str, str], error: type[GitError] = GitError
    ) -> None:
        self.repo = repo
        self.env = env
        self.error = error

    @classmethod
    def isolated(cls, repo: Path, *, error: type[GitError] = GitError) -> Git:
        """`repo` wins over any `GIT_DIR` & co. of the caller; messages untranslated
        (callers read git's conflict messages)."""
        env = environment(isolated=True)
        env["LC_ALL"] = "C"
        return cls(repo, env, error)

    def run(
        self,
        *args: str,
        stdin: bytes | None = None,
        ok: Sequence[int] | None = (0,),
        env: Mapping[str, str] | None = None,
    ) -> GitResult:
        return run(
            *args,
            cwd=self.repo,
            input=stdin,
            ok=ok,
            env=self.env if env is None else env,
            error=self.error,
        )
