"""Per-instance scratchpads: created from `templates/scratchpad.md`."""

from __future__ import annotations

from pathlib import Path

from charter.atomic import write_text
from charter.config import Charter
from charter.errors import CharterError
from charter.resources import render


def create_scratchpad(root: Path, charter: Charter, name: str) -> Path:
    """Write the instance's scratchpad from the template; never overwrite one."""
    if name not in charter.instances:
        raise CharterError(f"no instance {name!r} in charter.yaml")
    path = root / charter.scratchpad_path(name)
    if path.exists():
        raise CharterError(f"{path} already exists; keep it, or remove it first")
    write_text(path, render("scratchpad.md", name=name))
    return path
