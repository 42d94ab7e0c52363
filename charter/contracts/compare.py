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


def compare(
    old: Mapping[str, Any], new: Mapping[str, Any], *, positional: bool = False
) -> list[Finding]:
    """What changed between two surfaces' exports, sorted by symbol.

    `positional`: parameters are passed by position only (TypeScript), so a renamed
    parameter changes nothing for callers, while one that moved to another position does.
    """
    out: list[Finding] = []
    rules = _Rules(positional)
    rules.members(out, "", old.get("exports", {}), new.get("exports", {}), owner=None)
    return out


# Kinds whose members consumers only use, never provide: a new member breaks nobody. An
# interface's or protocol's required member is different: consumers implement them.
_USED_ONLY = frozenset({"class", "abstract class", "namespace", "module"})
# A TypedDict is as often handed to consumers to read as built by them: a new required
# key breaks only the builders.
_BUILT_OR_READ = frozenset({"typeddict"})
# Two spellings of one object shape: `interface X {...}` and `type X = {...}`.
_SHAPES = frozenset({"interface", "type"})
_UNRESOLVED = "alias"  # Python: a re-export whose target charter cannot resolve
_ALIASES = frozenset({"attribute", "type"})


class _Rules:
    def __init__(self, positional: bool) -> None:
        self.positional = positional

    def members(
        self,
        out: list[Finding],
        prefix: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        *,
        owner: str | None,
        inherits: Sequence[str] = (),
    ) -> None:
        for name in sorted(set(before) | set(after)):
            symbol = f"{prefix}{name}"
            if name not in after and inherits:
                out.append(
                    _finding(
                        POSSIBLY_BREAKING,
                        symbol,
                        f"removed here; it may be inherited from {', '.join(inherits)}, "
                        "which the contract does not declare",
                    )
                )
            elif name not in after:
                out.append(_finding(BREAKING, symbol, "removed"))
            elif name not in before:
                required = (
                    owner is not None
                    and owner not in _USED_ONLY
                    and not after[name].get("optional", False)
                )
                if required and owner in _BUILT_OR_READ:
                    out.append(
                        _finding(
                            POSSIBLY_BREAKING,
                            symbol,
                            "added as a required key: code that builds one must set it",
                        )
                    )
                elif required:
                    out.append(_finding(BREAKING, symbol, "added as a required member"))
                else:
                    out.append(_finding(ADDITIVE, symbol, "added"))
            else:
                self.symbol(out, symbol, before[name], after[name])

    def symbol(
        self,
        out: list[Finding],
        symbol: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        *,
        parameter: bool = False,
    ) -> None:
        if old == new:
            return
        old_kind, new_kind = old.get("kind"), new.get("kind")
        if old_kind != new_kind and (
            _UNRESOLVED in (old_kind, new_kind) or _bound_name(old) or _bound_name(new)
        ):
            # an import charter could not follow on one side: what it is, is unknown
            out.append(
                _finding(
                    POSSIBLY_BREAKING,
                    symbol,
                    f"changed from {old_kind} to {new_kind} (an import not followed)",
                )
            )
            return
        if old_kind != new_kind and not self.same_shape(old, new):
            if _callable_value(old) and _callable_value(new):
                # `const f: (a: A) => R` became `function f(a: A): R`, or back: callers
                # are served if the call is the same, which charter does not type-check
                out.append(
                    _finding(
                        POSSIBLY_BREAKING,
                        symbol,
                        f"changed from {old_kind} to {new_kind}; check the call is the same",
                    )
                )
                return
            out.append(_finding(BREAKING, symbol, f"changed from {old_kind} to {new_kind}"))
            return
        if old.get("optional", False) and not new.get("optional", False):
            out.append(_finding(BREAKING, symbol, "now required"))
        elif not old.get("optional", False) and new.get("optional", False):
            if parameter:  # callers that pass it still may
                out.append(_finding(ADDITIVE, symbol, "now optional"))
            else:  # readers of the member must now handle its absence
                out.append(_finding(POSSIBLY_BREAKING, symbol, "now optional (may be absent)"))
        for key, label in (("type", "type"), ("returns", "return type")):
            if key not in old and key in new and old.get("kind") != "type":
                continue  # annotated where there was none: nothing a consumer relied on
            if old.get(key) != new.get(key):
                out.append(
                    _finding(
                        POSSIBLY_BREAKING,
                        symbol,
                        f"{label} changed from {_text(old.get(key))} to {_text(new.get(key))}",
                    )
                )
        if "params" in old or "params" in new:
            params = self.positional_params if self.positional else self.named_params
            params(out, symbol, old.get("params", []), new.get("params", []))
        if "values" in old or "values" in new:
            _compare_values(out, symbol, old.get("values", []), new.get("values", []))
        self.members(
            out,
            f"{symbol}.",
            old.get("members", {}),
            new.get("members", {}),
            owner=str(new_kind),
            inherits=new.get("inherits", ()),
        )
        # Anything else an extractor records (`readonly`, `async`, bases...): never silent.
        others = sorted(
            k for k in (set(old) | set(new)) - _COMPARED - _SHOWN if old.get(k) != new.get(k)
        )
        for key in others:
            out.append(
                _finding(
                    POSSIBLY_BREAKING,
                    symbol,
                    f"{key} changed from {_text(old.get(key))} to {_text(new.get(key))}",
                )
            )

    @staticmethod
    def same_shape(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        """One thing written two ways: an interface and an object type alias (compared
        member by member); a Python module attribute and a `TypeAlias` (by type text)."""
        kinds = {old.get("kind"), new.get("kind")}
        if kinds == _ALIASES:
            return True
        return kinds == _SHAPES and "members" in old and "members" in new

    def named_params(
        self,
        out: list[Finding],
        symbol: str,
        old: Sequence[Mapping[str, Any]],
        new: Sequence[Mapping[str, Any]],
    ) -> None:
        """Parameters a caller may pass by name (Python): the name is the contract."""
        before = {p["name"]: p for p in old}
        after = {p["name"]: p for p in new}
        for name in before:
            if name not in after and not _absorbed(name, new):
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
                self.added_param(out, symbol, param)
            else:
                self.symbol(out, f"{symbol}({name})", before[name], param, parameter=True)

    def positional_params(
        self,
        out: list[Finding],
        symbol: str,
        old: Sequence[Mapping[str, Any]],
        new: Sequence[Mapping[str, Any]],
    ) -> None:
        """Parameters passed by position (TypeScript): a name is only documentation, but a
        parameter that moved to another position receives what callers meant for another
        one, even when an optional parameter was inserted before it."""
        old_positions = {p["name"]: i for i, p in enumerate(old)}
        new_positions = {p["name"]: i for i, p in enumerate(new)}
        for i, param in enumerate(old):
            name = param["name"]
            moved_to = new_positions.get(name, i)
            taken_by_moved = i < len(new) and old_positions.get(new[i]["name"], i) != i
            if moved_to != i:
                out.append(
                    _finding(
                        BREAKING,
                        f"{symbol}({name})",
                        f"parameter moved from position {i + 1} to {moved_to + 1}",
                    )
                )
            elif i >= len(new) or (taken_by_moved and name not in new_positions):
                out.append(_finding(BREAKING, f"{symbol}({name})", "parameter removed"))
            elif not taken_by_moved:  # the same position: a new name is only a rename
                self.symbol(out, f"{symbol}({new[i]['name']})", param, new[i], parameter=True)
        for j, param in enumerate(new):
            if param["name"] in old_positions:
                continue  # kept, or reported as moved
            if j >= len(old) or old[j]["name"] in new_positions:  # not a rename: inserted
                self.added_param(out, symbol, param)

    @staticmethod
    def added_param(out: list[Finding], symbol: str, param: Mapping[str, Any]) -> None:
        name = param["name"]
        if param.get("optional", False):
            out.append(_finding(ADDITIVE, f"{symbol}({name})", "optional parameter added"))
        else:
            out.append(_finding(BREAKING, f"{symbol}({name})", "required parameter added"))


_COMPARED = frozenset(
    {"kind", "name", "optional", "type", "returns", "params", "values", "members", "inherits"}
)


# Recorded to be shown, not compared: a JSON Schema's `$id` and `title` (the id often
# carries the version, so it changes with every release).
_SHOWN = frozenset({"id", "title"})


def _absorbed(name: str, params: Sequence[Mapping[str, Any]]) -> bool:
    """Whether `*args` / `**kwargs` still accept what callers passed as `name` (Python
    names: `x, /` positional only, `*, x` keyword only, else either way)."""
    names = [str(p["name"]) for p in params]
    by_position = any(n.startswith("*") and not n.startswith(("**", "*,")) for n in names)
    by_keyword = any(n.startswith("**") for n in names)
    if name.startswith(("*", "**")):
        return False
    if name.endswith(", /"):
        return by_position
    if name.startswith("*, "):
        return by_keyword
    return by_position and by_keyword


def _bound_name(shape: Mapping[str, Any]) -> bool:
    """`frozen = define`: an attribute that is another name, whatever that name is."""
    text = str(shape.get("type", ""))
    return shape.get("kind") == "attribute" and text.replace(".", "").isidentifier()


def _callable_value(shape: Mapping[str, Any]) -> bool:
    if shape.get("kind") == "function":
        return True
    text = str(shape.get("type", ""))
    return shape.get("kind") in ("const", "let") and ("=>" in text or text.startswith("{ ("))


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
