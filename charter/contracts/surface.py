"""A contract's public surface: file hashes, plus the exported API where the language
has an extractor.

This build extracts hashes for every language; API extraction for TypeScript, Python
and JSON Schema is not in it yet, and asking for it is an error rather than a guess.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from charter.contracts.errors import SurfaceError


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def extract_surface(language: str, files: Mapping[str, bytes]) -> dict[str, Any]:
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    if language == "file":
        return {"files": hashes, "exports": {}}
    first = min(files) if files else "(no files)"
    raise SurfaceError(
        first,
        0,
        f"no {language} surface extractor in this build of charter; "
        "declare the contract with `language: file` for now",
    )
