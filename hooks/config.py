"""The `charter-config` hook: refuse a commit whose charter.yaml does not validate."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from charter.errors import CharterError


def main(argv: Sequence[str] | None = None) -> int:
    from charter.config import CONFIG_FILE, load_bytes
    from charter.git import show_file, toplevel

    try:
        root = toplevel()
        staged = show_file("", CONFIG_FILE, cwd=root)  # the index: what is being committed
        if staged is None:
            return 0
        load_bytes(staged)
    except CharterError as e:
        print(str(e), file=sys.stderr)
        print(
            f"fix {CONFIG_FILE} and stage it again (`charter validate` shows the same report)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
