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


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def extract_surface(language: str, files: Mapping[str, bytes]) -> dict[str, Any]:
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    if language == "file":
        return {"files": hashes, "exports": {}}
    module_name = EXTRACTORS.get(language)
    if module_name is None:
        first = min(files) if files else "(no files)"
        raise SurfaceError(first, 0, f"no {language} surface extractor; use `language: file`")
    module = importlib.import_module(module_name)
    exports: dict[str, Any] = module.extract_exports(files)
    return {"files": hashes, "exports": exports}
