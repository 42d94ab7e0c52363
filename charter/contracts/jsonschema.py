"""The public surface of a JSON Schema contract: what a producer must send and a consumer
may read.

Each schema file is one symbol of kind `schema`, keyed by its repository path. The path
is what charter owns and locks everywhere else, it is always present and unique, and it
does not change when a title is reworded; the schema's `$id` and `title` are recorded
beside it (`id`, `title`) so the lock shows them.

* `type`: the JSON type text: `string | null`, a format as `string(date-time)`, arrays as
  `array<items>`, `$ref` as `$ref:<target>`, combinators as `anyOf[...]`, `oneOf[...]`,
  `allOf[...]`; `any` when nothing constrains it.
* `members`: the `properties` (recursively for nested objects, the properties of
  `allOf` parts merged in), each optional when it is not in `required`; a name in
  `required` without a schema is a member too. An array's item schema is the member
  `[]` (so a property its items now require is caught). `$defs` and `definitions` are
  the optional members `$defs/<name>` and `definitions/<name>` (adding one is additive,
  removing one breaks every `$ref` to it).
* `values`: the `enum` values, or the `const`.
* the branches of `oneOf` / `anyOf` that have properties, as optional members
  `oneOf/<type>`, so a property a branch loses or now requires is seen.
* constraints as they are written: `pattern`, `minimum`/`maximum` (and exclusive),
  `multipleOf`, `minLength`/`maxLength`, `minItems`/`maxItems`, `uniqueItems`,
  `min/maxProperties`, `additionalProperties` (as a type text).
* `id` and `title` are shown, not compared: `$id` often carries the version.

Values are sorted and the JSON is parsed, so key order and whitespace never change the
exports. A file that is not JSON raises `SurfaceError` with the line `json` reports; a
file whose top level is not an object (or boolean) is not a schema and is refused too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from charter.contracts.errors import SurfaceError

DEFINITIONS = ("$defs", "definitions")
# What a valid document must also satisfy, recorded as they are: any change to one is
# POSSIBLY_BREAKING (a tighter bound rejects what producers send, a looser one lets through
# what consumers did not expect).
CONSTRAINTS = (
    "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties",
    "maxProperties", "additionalProperties",
)


def extract_exports(files: Mapping[str, bytes]) -> dict[str, Any]:
    """`{path: schema symbol}` for every schema file of the contract."""
    exports: dict[str, Any] = {}
    for path in sorted(files):
        schema = _parse(path, files[path])
        symbol = _node(schema, kind="schema")
        if isinstance(schema, dict):
            for key, label in (("$id", "id"), ("title", "title")):
                if isinstance(schema.get(key), str):
                    symbol[label] = schema[key]
        exports[path] = symbol
    return exports


def _parse(path: str, data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SurfaceError(
            path, line, "cannot read JSON: not UTF-8; fix it and lock again"
        ) from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as e:
        raise SurfaceError(
            path, e.lineno, f"cannot parse JSON: {e.msg} (column {e.colno}); fix it and lock again"
        ) from None
    if not isinstance(schema, (dict, bool)):
        raise SurfaceError(
            path,
            1,
            f"not a JSON Schema: the top level is a {type(schema).__name__}, not an object; "
            "fix it or leave the file out of the contract's paths",
        )
    return schema


def _sorted_values(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True))


def type_text(schema: Any) -> str:
    """A schema's type as one line of text."""
    if schema is True or schema == {}:
        return "any"
    if schema is False:
        return "never"
    if not isinstance(schema, dict):
        return json.dumps(schema, sort_keys=True)
    if isinstance(schema.get("$ref"), str):
        return f"$ref:{schema['$ref']}"
    parts: list[str] = []
    declared = schema.get("type")
    names = [declared] if isinstance(declared, str) else declared
    if isinstance(names, list):
        texts = []
        for name in names:
            text = str(name)
            if text == "string" and isinstance(schema.get("format"), str):
                text = f"string({schema['format']})"
            elif text == "array":
                text = f"array<{_items_text(schema)}>"
            texts.append(text)
        parts.append(" | ".join(sorted(set(texts))))
    elif isinstance(schema.get("format"), str):
        parts.append(f"({schema['format']})")
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if isinstance(options, list):
            texts = sorted({type_text(option) for option in options})
            parts.append(f"{combinator}[{', '.join(texts)}]")
    if isinstance(schema.get("allOf"), list):
        parts.append(f"allOf[{', '.join(type_text(part) for part in schema['allOf'])}]")
    if not parts:
        if "const" in schema or "enum" in schema:
            return "const" if "const" in schema else "enum"
        return "object" if "properties" in schema else "any"
    return " & ".join(parts)


def _items_text(schema: Mapping[str, Any]) -> str:
    prefix = schema.get("prefixItems")
    items = schema.get("items")
    if isinstance(prefix, list):
        return "[" + ", ".join(type_text(item) for item in prefix) + "]"
    if isinstance(items, list):  # draft 4-7 tuple form
        return "[" + ", ".join(type_text(item) for item in items) + "]"
    if items is None:
        return "any"
    return type_text(items)


def _node(schema: Any, *, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "type": type_text(schema)}
    if not isinstance(schema, dict):
        return out
    members = _members(schema)
    items = schema.get("items")
    if isinstance(items, dict) and (items.get("properties") or items.get("required")):
        entry = _node(items, kind="items")
        entry["optional"] = not items.get("required")
        members["[]"] = entry
    for key in DEFINITIONS:
        definitions = schema.get(key)
        if isinstance(definitions, dict):
            for name, definition in definitions.items():
                entry = _node(definition, kind="definition")
                entry["optional"] = True
                members[f"{key}/{name}"] = entry
    for combinator in ("oneOf", "anyOf"):
        branches = schema.get(combinator)
        for key, branch in _branches(combinator, branches if isinstance(branches, list) else []):
            entry = _node(branch, kind="branch")
            entry["optional"] = True  # a new branch accepts more; a lost one breaks its users
            members[key] = entry
    if members:
        out["members"] = members
    for key in CONSTRAINTS:
        if key in schema:
            value = schema[key]
            out[key] = type_text(value) if key == "additionalProperties" else value
    if isinstance(schema.get("enum"), list):
        out["values"] = _sorted_values(schema["enum"])
    elif "const" in schema:
        out["values"] = [schema["const"]]
    return out


def _branches(combinator: str, branches: list[Any]) -> list[tuple[str, Any]]:
    """`oneOf/<type>` for each branch that has members (the type, not the position, names
    it: reordering branches changes nothing), `#2`, `#3` for repeats."""
    out: list[tuple[str, Any]] = []
    seen: dict[str, int] = {}
    for branch in branches:
        if not isinstance(branch, dict) or not (branch.get("properties") or branch.get("required")):
            continue
        key = f"{combinator}/{type_text(branch)}"
        seen[key] = seen.get(key, 0) + 1
        out.append((key if seen[key] == 1 else f"{key}#{seen[key]}", branch))
    return out


def _members(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of an object schema (and of the inline parts of its `allOf`)."""
    members: dict[str, Any] = {}
    for part in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []:
        if isinstance(part, dict) and "$ref" not in part:
            members.update(_members(part))
    properties = schema.get("properties")
    required = schema.get("required")
    needed = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
    if isinstance(properties, dict):
        for name, prop in properties.items():
            entry = _node(prop, kind="property")
            entry["optional"] = name not in needed
            members[name] = entry
    for name in sorted(needed):
        members.setdefault(name, {"kind": "property", "type": "any"})["optional"] = False
    return members
