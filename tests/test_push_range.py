"""The pushed range is parsed once, at the hook's entry, into a value."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from charter.context import load_context
from charter.errors import MissingConfig
from charter.push import ZERO_SHA, PushRange

A = "a" * 40
B = "b" * 40


def test_pre_commit_environment_outside_a_push_is_no_range() -> None:
    assert PushRange.from_environ({"PRE_COMMIT_HOME": "/x"}) is None


def test_pre_commit_environment_of_a_push() -> None:
    push = PushRange.from_environ(
        {
            "PRE_COMMIT_FROM_REF": A,
            "PRE_COMMIT_TO_REF": B,
            "PRE_COMMIT_LOCAL_BRANCH": "refs/heads/instance/auth",
            "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/instance/auth",
            "PRE_COMMIT_REMOTE_NAME": "origin",
        }
    )
    assert push == PushRange("refs/heads/instance/auth", B, "refs/heads/instance/auth", A, "origin")
    assert push.tip == B
    assert push.exclude_remote is None  # the remote has the branch: start from its sha


def test_a_branch_new_on_the_remote_excludes_what_the_remote_has() -> None:
    # pre-commit leaves FROM/TO out when the branch shares no commit with the remote.
    push = PushRange.from_environ(
        {"PRE_COMMIT_REMOTE_NAME": "origin", "PRE_COMMIT_LOCAL_BRANCH": "refs/heads/x"}
    )
    assert push is not None
    assert (push.tip, push.remote_sha, push.exclude_remote) == ("refs/heads/x", None, "origin")


def test_git_pre_push_lines() -> None:
    stdin = (
        f"refs/heads/a {A} refs/heads/a {B}\n"
        f"refs/heads/new {B} refs/heads/new {ZERO_SHA}\n"
        f"(delete) {ZERO_SHA} refs/heads/gone {A}\n"
        "garbage\n"
    )
    pushes = list(PushRange.from_git_hook("up", stdin))
    assert pushes == [
        PushRange("refs/heads/a", A, "refs/heads/a", B, "up"),
        PushRange("refs/heads/new", B, "refs/heads/new", None, "up"),
        PushRange("(delete)", ZERO_SHA, "refs/heads/gone", A, "up"),
    ]
    # A deletion sends no commit, but it writes the remote branch: the hook must see it.
    assert [(p.deletes, p.tip) for p in pushes] == [(False, A), (False, B), (True, "")]


def test_dispatch_passes_no_data_through_the_environment() -> None:
    source = (Path(__file__).resolve().parents[1] / "hooks" / "dispatch.py").read_text()
    names = {n.attr for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Attribute)}
    assert "environ" not in names


def test_a_missing_charter_yaml_is_its_own_error(repo: Path) -> None:
    with pytest.raises(MissingConfig, match=r"no charter\.yaml"):
        load_context(repo)
    with pytest.raises(MissingConfig, match=r"no charter\.yaml"):
        load_context(repo, rules_from="HEAD")
