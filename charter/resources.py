"""Access to the files in `templates/` (installed as the `charter.templates` package)."""

from __future__ import annotations

from importlib import resources
from string import Template


def read(name: str) -> str:
    return resources.files("charter.templates").joinpath(name).read_text(encoding="utf-8")


def render(template: str, **values: object) -> str:
    """Fill `$name` placeholders; a missing value is a bug, so it raises."""
    return Template(read(template)).substitute({k: str(v) for k, v in values.items()})
