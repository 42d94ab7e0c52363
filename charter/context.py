"""Everything a command needs about the repository it runs in, loaded once."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from charter.config import CONFIG_FILE, Charter, load, load_bytes
from charter.errors import ConfigError, GitError, Problem
from charter.gitutil import show_file
from charter.identity import Identity, resolve
from charter.ownership import Ownership


def repo_dirs(cwd: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """(work tree root, git common dir) in one git call."""
    proc = subprocess.run(
        ("git", "rev-parse", "--show-toplevel", "--git-common-dir"),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode != 0 or len(lines) < 2:
        where = os.fspath(cwd) if cwd is not None else os.getcwd()
        raise GitError(
            f"{where} is not inside a git work tree; run charter from your repository "
            "(or `git init` one first)"
        )
    root = Path(lines[0])
    common = Path(lines[1])
    if not common.is_absolute():
        common = (Path(cwd or os.getcwd()) / common).resolve()
    return root, common


@dataclass
class Context:
    root: Path
    git_common_dir: Path
    charter: Charter
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @cached_property
    def ownership(self) -> Ownership:
        return Ownership(self.charter)

    @cached_property
    def identity(self) -> Identity:
        return resolve(self.root, self.charter, self.env)

    @property
    def cache_dir(self) -> Path:
        return self.git_common_dir / "charter"


def load_context(
    cwd: str | os.PathLike[str] | None = None, *, rules_from: str = "worktree"
) -> Context:
    """Load the repository and its charter.yaml.

    `rules_from="HEAD"` reads the committed map (what enforcement uses, so an uncommitted
    edit of charter.yaml cannot widen a lane); it falls back to the work tree before the
    file's first commit.
    """
    root, common = repo_dirs(cwd)
    cache_dir = common / "charter"
    if rules_from == "HEAD":
        raw = show_file("HEAD", CONFIG_FILE, cwd=root)
        if raw is not None:
            return Context(root, common, load_bytes(raw, cache_dir=cache_dir))
    elif rules_from != "worktree":
        raw = show_file(rules_from, CONFIG_FILE, cwd=root)
        if raw is None:
            raise ConfigError([Problem(CONFIG_FILE, 0, 0, f"no {CONFIG_FILE} at {rules_from}")])
        return Context(root, common, load_bytes(raw, cache_dir=cache_dir))
    return Context(root, common, load(root, cache_dir=cache_dir))
