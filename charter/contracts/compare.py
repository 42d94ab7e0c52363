"""Comparing two surfaces' exports: what consumers must adapt to.

Every extractor (TypeScript, Python, JSON Schema) describes a symbol in one shape, so
one comparison serves all of them:

    {
        "kind": "interface" | "type" | "enum" | "function" | "class" | "const" | ...,
        "type": "normalised type text",            # aliases, constants, properties
        "optional": false,                         # members and parameters
        "params": [{"name": ..., "type": ..., "optional": ...}, ...],   # callables
        "returns": "type text",
        "members": {"name": {...same shape...}},   # interface/class members, properties
        "values": ["A", "B"],                      # enum members, JSON Schema enums
    }

Every key is optional. The rules are the contract's: anything a consumer relied on and
can no longer use is BREAKING (a symbol, member, parameter or enum value removed, a
member or parameter now required, parameters reordered, a kind changed); a changed type
text is POSSIBLY_BREAKING (charter does not type-check); anything new and optional is
ADDITIVE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

BREAKING = "BREAKING"
POSSIBLY_BREAKING = "POSSIBLY_BREAKING"
ADDITIVE = "ADDITIVE"


class Finding(NamedTuple):
    kind: str  # BREAKING | POSSIBLY_BREAKING | ADDITIVE
    symbol: str
    detail: str
    fingerprint: str


def _finding(kind: str, symbol: str, detail: str) -> Finding:
    digest = hashlib.sha256(f"{kind}\0{symbol}\0{detail}".encode()).hexdigest()[:12]
    return Finding(kind, symbol, detail, digest)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """What changed between two surfaces' exports, sorted by symbol."""
    out: list[Finding] = []
    _compare_members(out, "", old.get("exports", {}), new.get("exports", {}), top=True)
    return out


def _compare_members(
    out: list[Finding],
    prefix: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    top: bool = False,
) -> None:
    for name in sorted(set(before) | set(after)):
        symbol = f"{prefix}{name}"
        if name not in after:
            out.append(_finding(BREAKING, symbol, "removed"))
        elif name not in before:
            required = not top and not after[name].get("optional", False)
            if required:
                out.append(_finding(BREAKING, symbol, "added as a required member"))
            else:
                out.append(_finding(ADDITIVE, symbol, "added"))
        else:
            _compare_symbol(out, symbol, before[name], after[name])


def _compare_symbol(
    out: list[Finding],
    symbol: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    parameter: bool = False,
) -> None:
    if old == new:
        return
    if old.get("kind") != new.get("kind"):
        out.append(
            _finding(BREAKING, symbol, f"changed from {old.get('kind')} to {new.get('kind')}")
        )
        return
    if old.get("optional", False) and not new.get("optional", False):
        out.append(_finding(BREAKING, symbol, "now required"))
    elif not old.get("optional", False) and new.get("optional", False):
        if parameter:  # callers that pass it still may
            out.append(_finding(ADDITIVE, symbol, "now optional"))
        else:  # readers of the member must now handle its absence
            out.append(_finding(POSSIBLY_BREAKING, symbol, "now optional (may be absent)"))
    for key, label in (("type", "type"), ("returns", "return type")):
        if old.get(key) != new.get(key):
            out.append(
                _finding(
                    POSSIBLY_BREAKING,
                    symbol,
                    f"{label} changed from {_text(old.get(key))} to {_text(new.get(key))}",
                )
            )
    if "params" in old or "params" in new:
        _compare_params(out, symbol, old.get("params", []), new.get("params", []))
    if "values" in old or "values" in new:
        _compare_values(out, symbol, old.get("values", []), new.get("values", []))
    _compare_members(out, f"{symbol}.", old.get("members", {}), new.get("members", {}))
    # Anything else an extractor records (`readonly`, `async`, bases...): never silent.
    others = sorted(k for k in (set(old) | set(new)) - _COMPARED if old.get(k) != new.get(k))
    for key in others:
        out.append(
            _finding(
                POSSIBLY_BREAKING,
                symbol,
                f"{key} changed from {_text(old.get(key))} to {_text(new.get(key))}",
            )
        )


_COMPARED = frozenset({"kind", "optional", "type", "returns", "params", "values", "members"})


def _compare_params(
    out: list[Finding],
    symbol: str,
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
) -> None:
    before = {p["name"]: p for p in old}
    after = {p["name"]: p for p in new}
    for name in before:
        if name not in after:
            out.append(_finding(BREAKING, f"{symbol}({name})", "parameter removed"))
    kept_old = [p["name"] for p in old if p["name"] in after]
    kept_new = [p["name"] for p in new if p["name"] in before]
    if kept_old != kept_new:
        out.append(
            _finding(
                BREAKING,
                symbol,
                f"parameters reordered: ({', '.join(kept_old)}) -> ({', '.join(kept_new)})",
            )
        )
    for param in new:
        name = param["name"]
        if name not in before:
            if param.get("optional", False):
                out.append(_finding(ADDITIVE, f"{symbol}({name})", "optional parameter added"))
            else:
                out.append(_finding(BREAKING, f"{symbol}({name})", "required parameter added"))
        else:
            _compare_symbol(out, f"{symbol}({name})", before[name], param, parameter=True)


def _compare_values(
    out: list[Finding], symbol: str, old: Sequence[Any], new: Sequence[Any]
) -> None:
    old_keys = [_text(v) for v in old]
    new_keys = [_text(v) for v in new]
    for value in old_keys:
        if value not in new_keys:
            out.append(_finding(BREAKING, symbol, f"value {value} removed"))
    for value in new_keys:
        if value not in old_keys:
            out.append(_finding(ADDITIVE, symbol, f"value {value} added"))


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else repr(value)
