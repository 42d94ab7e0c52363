"""Export the ownership map to `.github/CODEOWNERS`, inside a managed region.

Ownership is exclusive, so the exported lines can come in any order and GitHub's
"last match wins" still gives every path the owner charter gives it. Lines outside the
region are the user's and stay byte for byte; the region goes at the end, so within
the file charter's lines take precedence.
"""

from __future__ import annotations

from pathlib import Path

from charter.config import Charter
from charter.errors import CharterError

CODEOWNERS_PATH = ".github/CODEOWNERS"
START = "# charter:codeowners:start"
START_LINE = f"{START} (generated from charter.yaml by `charter codeowners --write`)"
END = "# charter:codeowners:end"


def _escape(pattern: str) -> str:
    # CODEOWNERS splits a line on whitespace; a space inside a path is written '\ '.
    return pattern.replace(" ", "\\ ")


def render_region(charter: Charter) -> tuple[str, list[str]]:
    """The managed region's text and warnings about instances left out."""
    lines = [START_LINE]
    warnings = []
    for instance in charter.instances.values():
        if not instance.github:
            warnings.append(
                f"instance {instance.name!r} has no `github:` handle; its paths are left out "
                'of CODEOWNERS (add e.g. github: "@org/team" to charter.yaml)'
            )
            continue
        lines.append(f"# {instance.name} ({instance.role})")
        own_files = [charter.scratchpad_path(instance.name)] + [
            path
            for c in charter.contracts.values()
            if c.owner == instance.name
            for path in (c.lock_path, c.api_path)
        ]
        for owned in instance.owns:
            lines.append(f"{_escape(owned.text)} {instance.github}")
        for path in own_files:
            lines.append(f"/{_escape(_literal(path))} {instance.github}")
    lines.append(END)
    return "\n".join(lines) + "\n", warnings


def _literal(path: str) -> str:
    """A path as a pattern that matches only itself."""
    out = []
    for ch in path:
        if ch in "*?\\[]!#":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def merged(existing: str | None, region: str) -> str:
    """`existing` with its managed region replaced (or appended)."""
    if existing is None or existing == "":
        return region
    starts = existing.count(START)
    ends = existing.count(END)
    if starts == 0 and ends == 0:
        separator = "" if existing.endswith("\n") else "\n"
        return existing + separator + "\n" + region
    if starts != 1 or ends != 1:
        raise CharterError(
            f"{CODEOWNERS_PATH} has {starts} start and {ends} end markers of charter's region; "
            "keep exactly one of each (or remove both to let charter append the region)"
        )
    head, _, rest = existing.partition(START)
    _, _, tail = rest.partition(END)
    tail = tail[1:] if tail.startswith("\n") else tail
    return head + region + tail


def codeowners_file(root: Path) -> Path:
    return root / CODEOWNERS_PATH
