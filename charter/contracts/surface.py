"""A contract's public surface: file hashes, plus the exported API where the language
has an extractor.

Each language's extractor lives in its own module and is imported only when a contract
of that language is locked or compared, so the hooks pay for tree-sitter or griffe only
when a commit touches such a contract. An extractor takes `{path: bytes}` and returns the
exports in the shape `charter.contracts.compare` documents, or raises `SurfaceError` with
the file and line of what it could not read: a surface is never guessed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping
from typing import Any

from charter.contracts.errors import SurfaceError

EXTRACTORS = {
    "typescript": "charter.contracts.typescript",
    "python": "charter.contracts.python_api",
    "jsonschema": "charter.contracts.jsonschema",
}


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def canonical_json(obj: Mapping[str, Any]) -> str:
    """Sorted JSON, expanded down to one line per file and per exported symbol.

    A pull request's diff of a lock then shows one changed line per changed symbol, and
    each line is encoded by json's C encoder (`indent` would force the pure-Python one,
    which dominated locking a large package).
    """
    return "\n".join(_expand(obj, 0, 3)) + "\n"


def _expand(value: Any, depth: int, levels: int) -> list[str]:
    """`value`'s lines at `depth`, its mappings expanded for `levels` more levels."""
    if not (isinstance(value, Mapping) and value and levels):
        return [_compact(value)]
    pad = "  " * (depth + 1)
    lines = ["{"]
    items = sorted(value.items())
    for i, (key, item) in enumerate(items):
        inner = _expand(item, depth + 1, levels - 1)
        inner[0] = f"{pad}{_compact(key)}: {inner[0]}"
        if i < len(items) - 1:
            inner[-1] += ","
        lines += inner
    lines.append("  " * depth + "}")
    return lines


def extract_surface(language: str, files: Mapping[str, bytes]) -> dict[str, Any]:
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    if language == "file":
        return {"files": hashes, "exports": {}}
    module_name = EXTRACTORS.get(language)
    if module_name is None:
        first = min(files) if files else "(no files)"
        raise SurfaceError(first, 0, f"no {language} surface extractor; use `language: file`")
    from charter.contracts.limits import check_sizes, nesting_guard

    check_sizes(files)
    module = importlib.import_module(module_name)
    with nesting_guard(files):
        exports: dict[str, Any] = module.extract_exports(files)
    return {"files": hashes, "exports": exports}
