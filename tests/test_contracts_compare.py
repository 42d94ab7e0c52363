"""The one comparison every language's surface goes through (shapes from compare.py)."""

from __future__ import annotations

from typing import Any

from charter.contracts.compare import compare


def found(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(f.kind, f.symbol, f.detail) for f in compare({"exports": old}, {"exports": new})}


USER = {
    "kind": "interface",
    "members": {
        "id": {"kind": "property", "type": "string"},
        "nick": {"kind": "property", "type": "string", "optional": True},
    },
}
FIND = {
    "kind": "function",
    "params": [
        {"name": "query", "type": "string"},
        {"name": "limit", "type": "number", "optional": True},
    ],
    "returns": "User[]",
}


def test_equal_surfaces_have_no_findings() -> None:
    assert found({"User": USER, "find": FIND}, {"find": FIND, "User": USER}) == set()


def test_exports_removed_and_added() -> None:
    assert found({"User": USER}, {"Team": USER}) == {
        ("BREAKING", "User", "removed"),
        ("ADDITIVE", "Team", "added"),
    }


def test_members_removed_required_optional_and_retyped() -> None:
    new = {
        "kind": "interface",
        "members": {
            "nick": {"kind": "property", "type": "string"},  # now required
            "email": {"kind": "property", "type": "string"},  # new and required
            "age": {"kind": "property", "type": "number", "optional": True},
        },
    }
    assert found({"User": USER}, {"User": new}) == {
        ("BREAKING", "User.id", "removed"),
        ("BREAKING", "User.nick", "now required"),
        ("BREAKING", "User.email", "added as a required member"),
        ("ADDITIVE", "User.age", "added"),
    }
    retyped = {"kind": "interface", "members": {**USER["members"], "id": {"type": "number"}}}
    retyped["members"]["id"]["kind"] = "property"
    assert found({"User": USER}, {"User": retyped}) == {
        ("POSSIBLY_BREAKING", "User.id", "type changed from string to number")
    }


def test_parameters_removed_reordered_required_and_added() -> None:
    reordered = {**FIND, "params": [FIND["params"][1], FIND["params"][0]]}
    assert ("BREAKING", "find", "parameters reordered: (query, limit) -> (limit, query)") in found(
        {"find": FIND}, {"find": reordered}
    )
    fewer = {**FIND, "params": [FIND["params"][0]]}
    assert found({"find": FIND}, {"find": fewer}) == {
        ("BREAKING", "find(limit)", "parameter removed")
    }
    more = {
        **FIND,
        "params": [*FIND["params"], {"name": "sort", "type": "string", "optional": True}],
    }
    assert found({"find": FIND}, {"find": more}) == {
        ("ADDITIVE", "find(sort)", "optional parameter added")
    }
    required = {**FIND, "params": [*FIND["params"], {"name": "org", "type": "string"}]}
    assert found({"find": FIND}, {"find": required}) == {
        ("BREAKING", "find(org)", "required parameter added")
    }
    now_required = {**FIND, "params": [FIND["params"][0], {"name": "limit", "type": "number"}]}
    assert found({"find": FIND}, {"find": now_required}) == {
        ("BREAKING", "find(limit)", "now required")
    }
    # The other way: a parameter gaining a default breaks no caller; a member that may
    # now be absent may break its readers.
    assert found({"find": now_required}, {"find": FIND}) == {
        ("ADDITIVE", "find(limit)", "now optional")
    }
    loose = {"kind": "interface", "members": {**USER["members"], "id": {"kind": "property"}}}
    loose["members"]["id"] = {"kind": "property", "type": "string", "optional": True}
    assert found({"User": USER}, {"User": loose}) == {
        ("POSSIBLY_BREAKING", "User.id", "now optional (may be absent)")
    }


def test_return_type_kind_and_enum_values() -> None:
    assert found({"find": FIND}, {"find": {**FIND, "returns": "User"}}) == {
        ("POSSIBLY_BREAKING", "find", "return type changed from User[] to User")
    }
    assert found({"find": FIND}, {"find": {"kind": "const", "type": "number"}}) == {
        ("BREAKING", "find", "changed from function to const")
    }
    old = {"kind": "enum", "values": ["Admin", "Member"]}
    new = {"kind": "enum", "values": ["Member", "Guest"]}
    assert found({"Role": old}, {"Role": new}) == {
        ("BREAKING", "Role", "value Admin removed"),
        ("ADDITIVE", "Role", "value Guest added"),
    }


def test_fingerprints_are_stable_and_distinct() -> None:
    first = compare({"exports": {"User": USER}}, {"exports": {}})
    again = compare({"exports": {"User": USER}}, {"exports": {}})
    other = compare({"exports": {"Team": USER}}, {"exports": {}})
    assert first[0].fingerprint == again[0].fingerprint != other[0].fingerprint


def test_any_other_recorded_property_is_never_silent() -> None:
    old = {"kind": "interface", "members": {"id": {"kind": "property", "type": "string"}}}
    new = {
        "kind": "interface",
        "members": {"id": {"kind": "property", "type": "string", "readonly": True}},
    }
    assert found({"User": old}, {"User": new}) == {
        ("POSSIBLY_BREAKING", "User.id", "readonly changed from (none) to True")
    }
