"""Reading the webhook payload GitHub writes to GITHUB_EVENT_PATH."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charter.errors import CharterError
from charter.git.refs import OID

_KINDS = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    float: "a number",
    type(None): "null",
}


@dataclass(frozen=True)
class PullRequestEvent:
    number: int
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    from_fork: bool
    author: str = ""  # the pull request's author: a GitHub login, which git cannot forge
    default_branch: str | None = None  # the repository's, as GitHub says


def load_event(path: Path | None) -> dict[str, Any]:
    if path is None:
        raise CharterError("GITHUB_EVENT_PATH is not set; the bot runs inside a workflow")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CharterError(f"cannot read the event payload {path}: {e.strerror}") from None
    except ValueError as e:
        raise CharterError(f"the event payload {path} is not valid JSON: {e}") from None
    except RecursionError:
        raise CharterError(
            f"the event payload {path} is nested too deeply to be one GitHub wrote"
        ) from None
    if not isinstance(data, dict):
        raise CharterError(f"the event payload {path} is not a JSON object")
    return data


def _field(data: dict[str, Any], dotted: str, kind: type, source: Path) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise CharterError(
                f"{source} is not a pull_request event payload: {dotted} is "
                "missing; run `charter bot pr` on pull_request events"
            )
        value = value[part]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise CharterError(
            f"{source}: {dotted} should be {_KINDS.get(kind, kind.__name__)}, "
            f"not {_KINDS.get(type(value), type(value).__name__)}; run `charter bot pr` "
            "on the pull_request event GitHub wrote"
        )
    return value


def _sha(data: dict[str, Any], dotted: str, source: Path) -> str:
    """A commit id, checked: it reaches git's command line, where `-x` would be an option."""
    value: str = _field(data, dotted, str, source)
    if not OID.fullmatch(value):
        raise CharterError(f"{source}: {dotted} should be a full commit id (40 hex digits)")
    return value


def pull_request_event(path: Path | None) -> PullRequestEvent:
    data = load_event(path)
    assert path is not None
    # Every field is read through `_field`, which checks each step is an object: a
    # payload with `"head": "x"` or `"repo": 7` is a clear error, not an AttributeError.
    number = _field(data, "pull_request.number", int, path)
    head_repo = _optional_object(data, "pull_request.head.repo", path)
    base_repo = _optional_object(data, "pull_request.base.repo", path)
    head_name = head_repo.get("full_name")
    return PullRequestEvent(
        number=number,
        head_ref=_field(data, "pull_request.head.ref", str, path),
        head_sha=_sha(data, "pull_request.head.sha", path),
        base_ref=_field(data, "pull_request.base.ref", str, path),
        base_sha=_sha(data, "pull_request.base.sha", path),
        from_fork=isinstance(head_name, str)
        and bool(head_name)
        and head_name != base_repo.get("full_name"),
        author=_field(data, "pull_request.user.login", str, path),
        default_branch=_optional_text(data, "repository.default_branch")
        or _optional_text(data, "pull_request.base.repo.default_branch"),
    )


def _optional_object(data: dict[str, Any], dotted: str, source: Path) -> dict[str, Any]:
    """An object that may be absent or null (a deleted fork's repo is null): {} then."""
    parent, _, name = dotted.rpartition(".")
    holder = _field(data, parent, dict, source)
    value = holder.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CharterError(
            f"{source}: {dotted} should be an object or null, not {type(value).__name__}"
        )
    return value


def _optional_text(data: dict[str, Any], dotted: str) -> str | None:
    """A string that may be absent (older or hand-made payloads): None then."""
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, str) and value else None
