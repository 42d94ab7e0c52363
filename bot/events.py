"""Reading the webhook payload GitHub writes to GITHUB_EVENT_PATH."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charter.errors import CharterError


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
            f"{source}: {dotted} should be {kind.__name__}, not {type(value).__name__}"
        )
    return value


def pull_request_event(path: Path | None) -> PullRequestEvent:
    data = load_event(path)
    assert path is not None
    head_repo = data.get("pull_request", {}).get("head", {}).get("repo") or {}
    base_repo = data.get("pull_request", {}).get("base", {}).get("repo") or {}
    return PullRequestEvent(
        number=_field(data, "pull_request.number", int, path),
        head_ref=_field(data, "pull_request.head.ref", str, path),
        head_sha=_field(data, "pull_request.head.sha", str, path),
        base_ref=_field(data, "pull_request.base.ref", str, path),
        base_sha=_field(data, "pull_request.base.sha", str, path),
        from_fork=bool(head_repo.get("full_name"))
        and head_repo.get("full_name") != base_repo.get("full_name"),
        author=_field(data, "pull_request.user.login", str, path),
        default_branch=_optional_text(data.get("repository"), "default_branch")
        or _optional_text(base_repo, "default_branch"),
    )


def _optional_text(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None
