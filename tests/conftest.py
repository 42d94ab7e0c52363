"""Shared fixtures: every test runs git with an isolated configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from testing.gitrepo import git

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Charter Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Charter Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the developer's ~/.gitconfig, hooks and identity out of every test."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
        '[advice]\n\tdetachedHead = false\n[protocol "file"]\n\tallow = always\n'
    )
    saved = dict(os.environ)
    os.environ.update(GIT_IDENTITY)
    os.environ["GIT_CONFIG_GLOBAL"] = str(gitconfig)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    # pip keeps its download cache where it was, so pre-commit's installs stay fast.
    os.environ.setdefault("PIP_CACHE_DIR", str(Path(saved.get("HOME", "/root")) / ".cache" / "pip"))
    os.environ["HOME"] = str(home)
    os.environ["PRE_COMMIT_HOME"] = str(tmp_path_factory.getbasetemp() / "pre-commit-cache")
    for var in ("CHARTER_INSTANCE", "CHARTER_BYPASS", "GIT_DIR", "GIT_WORK_TREE", "NO_COLOR"):
        os.environ.pop(var, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository on branch main."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path
