"""Helpers for tests that build real git repositories (import as `from gitrepo import ...`)."""

from __future__ import annotations

from conftest import commit_all, git, write

__all__ = ["commit_all", "git", "write"]
