"""The GitHub workflow `charter init --github` writes, made from values that are checked.

The default branch comes from charter.yaml, which any coordinator edits and whose value
lands inside the workflow's YAML: unquoted, a crafted value could add triggers
(`pull_request_target`, `workflow_run`) to a workflow holding a write token. So every
interpolated value is validated (a branch as `git check-ref-format --branch` accepts it, an
action reference as `uses:` reads it) and written as a double-quoted YAML scalar.

The Action is referred to by commit, not by tag: a tag can be moved to other code. The
default is the commit of charter's repository this version was released from.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from charter import __version__
from charter.errors import CharterError

ACTION_REPOSITORY = "charter-dev/charter"
ACTION_COMMIT = "ff7170fa58b98f13d049f92fad0e895ab1d0096c"  # updated by each release
DEFAULT_ACTION_REF = f"{ACTION_REPOSITORY}@{ACTION_COMMIT}"

_ACTION_REF = re.compile(
    r"(?:[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*@[A-Za-z0-9_./-]+"
    r"|\./[A-Za-z0-9_./-]*)"
)
_COMMIT = re.compile(r"[0-9a-f]{40}")


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML scalar (JSON strings are YAML), whatever it holds."""
    return json.dumps(value, ensure_ascii=True)


def check_branch(name: str, root: Path) -> str:
    """`name` if git accepts it as a branch name as written; else a CharterError.

    `git check-ref-format --branch` also expands `@` and `@{-1}` to the branch they
    stand for: a name it prints back changed is refused too."""
    from charter.errors import GitError
    from charter.git import git_text

    try:
        # "-x" would be an option; "@" alone and "@{" are revision syntax, never a branch.
        valid = (
            not name.startswith("-")
            and name != "@"
            and "@{" not in name
            and (git_text("check-ref-format", "--branch", name, cwd=root) == name)
        )
    except GitError:
        valid = False
    if not valid:
        raise CharterError(
            f"{name!r} is not a valid branch name (git check-ref-format --branch refuses it); "
            "fix default_branch / coordinator_branches in charter.yaml"
        )
    return name


def check_action_ref(ref: str) -> str:
    """`ref` if it reads as a `uses:` reference (OWNER/REPO[/PATH]@REF or ./PATH)."""
    if not _ACTION_REF.fullmatch(ref):
        raise CharterError(
            f"--action-ref {ref!r} is not an action reference; write OWNER/REPO@COMMIT "
            f"(e.g. {DEFAULT_ACTION_REF})"
        )
    if not ref.startswith("./") and not _COMMIT.fullmatch(ref.rpartition("@")[2]):
        print(
            f"warning: --action-ref {ref} is not pinned by commit: a tag or branch can be "
            "moved to other code; prefer OWNER/REPO@<40-hex commit>",
            file=sys.stderr,
        )
    return ref


def render_workflow(root: Path, default_branch: str, action_ref: str) -> str:
    from charter import resources

    branch = check_branch(default_branch, root)
    ref = check_action_ref(action_ref)
    # Name what the commit is; not a tag (none is published: a tag could be moved).
    comment = f"  # charter {__version__}'s release commit" if ref == DEFAULT_ACTION_REF else ""
    return resources.render(
        "github/charter.yml",
        default_branch=yaml_string(branch),
        action_uses=yaml_string(ref) + comment,
    )
