"""JSON Schema contracts: the extractor's exports, and drift on real repositories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scenarios import commit_and_lock, contract_map

from charter.config import load
from charter.contracts.drift import contract_drift
from charter.contracts.errors import SurfaceError
from charter.contracts.jsonschema import extract_exports

USER: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.invalid/user.json",
    "title": "User",
    "type": "object",
    "required": ["id", "role"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "role": {"enum": ["admin", "member"]},
        "nickname": {"type": ["string", "null"]},
        "address": {"$ref": "#/$defs/Address"},
        "tags": {
            "type": "array",
            "items": {"type": "object", "required": ["key"], "properties": {"key": {}}},
        },
        "kind": {"const": "user"},
    },
    "$defs": {
        "Address": {
            "type": "object",
            "required": ["street"],
            "properties": {"street": {"type": "string"}, "zip": {"type": "string"}},
        }
    },
}


def schema_exports(schema: Any, path: str = "schemas/api/user.json") -> dict[str, Any]:
    return extract_exports({path: json.dumps(schema, indent=2).encode()})[path]


# -- extract_exports ------------------------------------------------------------------------


def test_one_symbol_per_file_keyed_by_path() -> None:
    out = extract_exports({"a/user.json": json.dumps(USER).encode(), "a/empty.json": b"{}"})
    assert set(out) == {"a/user.json", "a/empty.json"}
    user = out["a/user.json"]
    assert user["kind"] == "schema" and user["type"] == "object"
    assert user["id"] == USER["$id"] and user["title"] == "User"
    assert out["a/empty.json"] == {"kind": "schema", "type": "any"}


def test_properties_types_and_required() -> None:
    members = schema_exports(USER)["members"]
    assert members["id"] == {"kind": "property", "type": "string(uuid)", "optional": False}
    assert members["nickname"] == {"kind": "property", "type": "null | string", "optional": True}
    assert members["address"]["type"] == "$ref:#/$defs/Address"
    assert members["role"]["values"] == ["admin", "member"] and not members["role"]["optional"]
    assert members["kind"]["values"] == ["user"]
    assert members["tags"]["type"] == "array<object>"
    items = members["tags"]["members"]["[]"]
    assert items["kind"] == "items" and items["members"]["key"]["optional"] is False


def test_definitions_are_optional_members() -> None:
    members = schema_exports(USER)["members"]
    address = members["$defs/Address"]
    assert address["kind"] == "definition" and address["optional"] is True
    assert address["members"]["street"]["optional"] is False
    assert address["members"]["zip"]["optional"] is True
    legacy = schema_exports({"definitions": {"Id": {"type": "integer"}}})
    assert legacy["members"]["definitions/Id"]["type"] == "integer"


def test_nested_objects_combinators_and_required_without_schema() -> None:
    out = schema_exports(
        {
            "type": "object",
            "required": ["meta", "extra"],
            "properties": {
                "meta": {
                    "type": "object",
                    "required": ["created"],
                    "properties": {"created": {"type": "string", "format": "date-time"}},
                },
                "value": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
                "both": {"allOf": [{"$ref": "#/$defs/A"}, {"properties": {"b": {}}}]},
            },
        }
    )
    members = out["members"]
    assert members["meta"]["members"]["created"] == {
        "kind": "property",
        "type": "string(date-time)",
        "optional": False,
    }
    assert members["value"]["type"] == "oneOf[integer, string]"
    assert members["both"]["type"] == "allOf[$ref:#/$defs/A, object]"
    assert set(members["both"]["members"]) == {"b"}
    assert members["extra"] == {"kind": "property", "type": "any", "optional": False}


def test_key_order_whitespace_and_enum_order_do_not_matter() -> None:
    reordered = json.loads(json.dumps(USER), object_pairs_hook=lambda p: dict(reversed(p)))
    reordered["properties"]["role"]["enum"] = ["member", "admin"]
    compact = json.dumps(reordered, separators=(",", ":")).encode()
    assert extract_exports({"u.json": compact}) == extract_exports(
        {"u.json": json.dumps(USER, indent=4).encode()}
    )
    changed = json.loads(json.dumps(USER))
    changed["properties"]["id"]["format"] = "email"
    assert schema_exports(changed) != schema_exports(USER)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "type": "object",\n  "properties": {,\n}\n', 3, "cannot parse JSON"),
        ('{\n  "a": 1\n  "b": 2\n}\n', 3, "Expecting ',' delimiter"),
        ("[1, 2]\n", 1, "not a JSON Schema"),
    ],
)
def test_invalid_json_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(SurfaceError) as info:
        extract_exports({"s/ok.json": b"{}", "s/bad.json": text.encode()})
    assert (info.value.path, info.value.line) == ("s/bad.json", line)
    assert words in info.value.message


# -- real repositories ----------------------------------------------------------------------


@pytest.fixture
def locked(repo: Path) -> Path:
    commit_and_lock(
        repo,
        {
            "charter.yaml": contract_map("jsonschema"),
            "schemas/api/user.json": json.dumps(USER, indent=2) + "\n",
            "schemas/notes.txt": "not part of the contract\n",
        },
    )
    git(repo, "checkout", "-q", "-b", "instance/foundation")
    return repo


def change(repo: Path, schema: dict[str, Any]) -> set[tuple[str, str, str]]:
    write(repo, "schemas/api/user.json", json.dumps(schema, indent=2) + "\n")
    proc = charter(repo, "contracts", "lock")
    assert proc.returncode == 0, proc.stderr
    commit_all(repo, "change")
    items = contract_drift(repo, load(repo).contracts["schemas"], "main", "HEAD")
    assert all(i.consumers == ("auth",) for i in items)
    return {(i.kind, i.title, i.detail) for i in items}


def edited() -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(USER))
    return copy


SYMBOL = "schemas/api/user.json"


def test_lock_records_the_schema(locked: Path) -> None:
    lock = json.loads((locked / ".charter/contracts/schemas.lock.json").read_text())
    assert set(lock["surface"]["exports"]) == {SYMBOL}
    assert lock["surface"]["exports"][SYMBOL]["members"]["id"]["type"] == "string(uuid)"
    assert contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD") == []


def test_required_property_added_is_breaking(locked: Path) -> None:
    schema = edited()
    schema["properties"]["email"] = {"type": "string", "format": "email"}
    schema["required"].append("email")
    assert change(locked, schema) == {("BREAKING", f"{SYMBOL}.email", "added as a required member")}


def test_existing_property_now_required_is_breaking(locked: Path) -> None:
    schema = edited()
    schema["$defs"]["Address"]["required"].append("zip")
    assert change(locked, schema) == {("BREAKING", f"{SYMBOL}.$defs/Address.zip", "now required")}


def test_enum_value_removed_is_breaking(locked: Path) -> None:
    schema = edited()
    schema["properties"]["role"]["enum"] = ["member"]
    assert change(locked, schema) == {("BREAKING", f"{SYMBOL}.role", "value admin removed")}


def test_removed_property_and_removed_file_are_breaking(locked: Path) -> None:
    schema = edited()
    del schema["properties"]["nickname"]
    assert change(locked, schema) == {("BREAKING", f"{SYMBOL}.nickname", "removed")}
    write(locked, "schemas/api/team.json", '{"type": "object"}\n')
    git(locked, "rm", "-q", SYMBOL)
    charter(locked, "contracts", "lock")
    commit_all(locked, "replace user with team")
    items = contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD")
    assert {(i.kind, i.title) for i in items} == {
        ("BREAKING", SYMBOL),
        ("ADDITIVE", "schemas/api/team.json"),
    }


def test_optional_property_and_enum_value_are_additive(locked: Path) -> None:
    schema = edited()
    schema["properties"]["bio"] = {"type": "string"}
    schema["properties"]["role"]["enum"].append("guest")
    assert change(locked, schema) == {
        ("ADDITIVE", f"{SYMBOL}.bio", "added"),
        ("ADDITIVE", f"{SYMBOL}.role", "value guest added"),
    }


def test_changed_type_is_possibly_breaking(locked: Path) -> None:
    schema = edited()
    schema["properties"]["nickname"]["type"] = "string"
    assert change(locked, schema) == {
        (
            "POSSIBLY_BREAKING",
            f"{SYMBOL}.nickname",
            "type changed from null | string to string",
        )
    }


def test_reformatting_has_no_drift(locked: Path) -> None:
    reordered = json.loads(json.dumps(USER), object_pairs_hook=lambda p: dict(sorted(p)))
    write(locked, SYMBOL, json.dumps(reordered, separators=(",", ":")))
    commit_all(locked, "minified, keys sorted, lock not refreshed")
    assert contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD") == []


def test_invalid_json_through_the_cli_exits_2_with_file_and_line(locked: Path) -> None:
    write(
        locked, SYMBOL, '{\n  "type": "object",\n  "properties": {\n    "id": {"type": }\n  }\n}\n'
    )
    proc = charter(locked, "contracts", "lock")
    assert proc.returncode == 2
    assert f"{SYMBOL}:4:" in proc.stderr and "cannot parse JSON" in proc.stderr
    assert "Traceback" not in proc.stderr


def _schema_findings(old: Any, new: Any) -> set[tuple[str, str, str]]:
    from charter.contracts.compare import compare

    path = "schemas/api/user.json"
    before = {"exports": {path: schema_exports(old, path)}}
    after = {"exports": {path: schema_exports(new, path)}}
    return {(f.kind, f.symbol, f.detail) for f in compare(before, after)}


def test_id_change_alone_is_no_finding() -> None:
    old = {"$id": "https://example.com/user/1.0.json", "type": "object"}
    assert _schema_findings(old, {**old, "$id": "https://example.com/user/1.1.json"}) == set()


def test_constraints_and_combinator_branches_are_compared() -> None:
    old = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 20},
            "age": {"type": "integer", "minimum": 0},
            "contact": {
                "oneOf": [
                    {"type": "object", "properties": {"email": {"type": "string"}}},
                    {"type": "string"},
                ]
            },
        },
    }
    new = json.loads(json.dumps(old))
    new["additionalProperties"] = True
    new["properties"]["name"]["pattern"] = "^[a-z0-9]+$"
    new["properties"]["age"]["minimum"] = 18
    new["properties"]["contact"]["oneOf"][0]["required"] = ["email"]
    found = {(kind, symbol) for kind, symbol, _ in _schema_findings(old, new)}
    path = "schemas/api/user.json"
    assert {
        ("POSSIBLY_BREAKING", path),
        ("POSSIBLY_BREAKING", f"{path}.name"),
        ("POSSIBLY_BREAKING", f"{path}.age"),
        ("BREAKING", f"{path}.contact.oneOf/object.email"),
    } <= found
