"""Comparing two surfaces' exports: what consumers must adapt to."""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple


class Finding(NamedTuple):
    kind: str  # BREAKING | POSSIBLY_BREAKING | ADDITIVE
    symbol: str
    detail: str
    fingerprint: str


def _finding(kind: str, symbol: str, detail: str) -> Finding:
    digest = hashlib.sha256(f"{kind}\0{symbol}\0{detail}".encode()).hexdigest()[:12]
    return Finding(kind, symbol, detail, digest)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    """Exports removed (BREAKING), added (ADDITIVE) or changed (POSSIBLY_BREAKING)."""
    before = old.get("exports", {})
    after = new.get("exports", {})
    out = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            out.append(_finding("BREAKING", name, "removed"))
        elif name not in before:
            out.append(_finding("ADDITIVE", name, "added"))
        elif before[name] != after[name]:
            out.append(_finding("POSSIBLY_BREAKING", name, "changed"))
    return out
