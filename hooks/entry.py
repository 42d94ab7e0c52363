"""What every charter hook does first: load the map it enforces, or step aside when the
repository has none yet."""

from __future__ import annotations

import sys

from charter.config import CONFIG_FILE
from charter.context import Context, load_context
from charter.errors import MissingConfig


def enforced_context(rules_from: str = "HEAD") -> Context | None:
    """The context with the committed map (see `load_context`); None, said once on
    stderr, when there is no charter.yaml to enforce. Other problems raise."""
    try:
        return load_context(rules_from=rules_from)
    except MissingConfig:
        print(f"charter: no {CONFIG_FILE} here yet; nothing to enforce", file=sys.stderr)
        return None
