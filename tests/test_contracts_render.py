"""What a pull request's diff of a contract shows: the lock's lines and the API summary."""

from __future__ import annotations

import json

from charter.contracts.apimd import render_api_md
from charter.contracts.surface import canonical_json

SURFACE = {
    "files": {"api/user.ts": "ab" * 32},
    "exports": {
        "User": {
            "kind": "interface",
            "members": {
                "id": {"kind": "property", "type": "string"},
                "nick": {"kind": "property", "type": "string", "optional": True},
            },
        },
        "find": {
            "kind": "function",
            "params": [{"name": "q", "type": "string"}, {"name": "n", "optional": True}],
            "returns": "User[]",
        },
        "Role": {"kind": "enum", "values": ["Admin", "Member"]},
    },
}


def test_lock_text_is_sorted_json_with_one_line_per_symbol() -> None:
    document = {"contract": "users", "paths": ["api/**"], "surface": SURFACE}
    text = canonical_json(document)
    assert json.loads(text) == document
    assert text == canonical_json(json.loads(text))  # canonical: a fixed point
    lines = text.splitlines()
    symbol_lines = [line for line in lines if line.startswith('      "')]
    assert [line.split('"')[1] for line in symbol_lines] == [
        "Role",
        "User",
        "find",
        "api/user.ts",
    ]
    assert '      "User": {"kind": "interface", "members": {"id": ' in text
    assert '      "api/user.ts": "abab' in text


def test_api_summary_names_members_signatures_and_values() -> None:
    text = render_api_md("users", SURFACE)
    assert "- `enum Role { Admin, Member }`" in text
    assert "- `interface User`\n  - `property id: string`\n  - `property nick?: string`" in text
    assert "- `function find(q: string, n?): User[]`" in text
    assert "- `api/user.ts` sha256 abababababababab" in text
