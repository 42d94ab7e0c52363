"""Hostile contract sources and locks: refused with file and line (exit 2), quickly, never
a RecursionError or a read that runs for minutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git
from testing.run import charter
from testing.scenarios import commit_and_lock, contract_map

from charter.contracts.errors import SurfaceError
from charter.contracts.limits import MAX_CONTRACT_BYTES, MAX_FILE_BYTES
from charter.contracts.surface import extract_surface

DEEP = 5000


@pytest.mark.parametrize(
    ("language", "path", "data"),
    [
        ("typescript", "api/huge.d.ts", b"export type A = string;\n" * (20 * 1024 * 1024 // 24)),
        ("python", "api/huge.py", b"A = 1\n" * (10 * 1024 * 1024 // 6)),
        ("jsonschema", "api/huge.json", b"{" + b" " * (MAX_FILE_BYTES + 1) + b"}"),
    ],
)
def test_a_huge_file_is_refused_before_it_is_read(language: str, path: str, data: bytes) -> None:
    with pytest.raises(SurfaceError) as e:
        extract_surface(language, {path: data})
    assert (e.value.path, e.value.line) == (path, 1)
    assert "MB" in e.value.message and "contract's paths" in e.value.message


def test_many_files_together_are_refused_too() -> None:
    chunk = b"export type A = string;\n" * (MAX_FILE_BYTES // 25)
    files = {f"api/f{i:02d}.d.ts": chunk for i in range(MAX_CONTRACT_BYTES // len(chunk) + 1)}
    with pytest.raises(SurfaceError) as e:
        extract_surface("typescript", files)
    assert e.value.path == "api/f00.d.ts" and "narrow its paths" in e.value.message


@pytest.mark.parametrize(
    ("language", "path", "data"),
    [
        (
            "typescript",
            "api/deep.ts",
            b"export type Ok = string;\nexport type T = "
            + b"{ a: " * DEEP
            + b"string"
            + b" }" * DEEP
            + b";\n",
        ),
        ("jsonschema", "api/deep.json", b'{"properties": {"a": ' * DEEP + b"{}" + b"}}" * DEEP),
        ("python", "api/deep.py", b"ok = 1\nx = " + b"[" * DEEP + b"]" * DEEP + b"\n"),
    ],
)
def test_deep_nesting_is_refused_with_its_line(language: str, path: str, data: bytes) -> None:
    with pytest.raises(SurfaceError) as e:
        extract_surface(language, {path: data})
    assert e.value.path == path
    assert e.value.line == (1 if language == "jsonschema" else 2)


def test_a_deeply_nested_lock_is_refused_not_a_traceback(repo: Path) -> None:
    files = {"charter.yaml": contract_map("typescript"), "schemas/api/a.ts": "export type A = 1;\n"}
    commit_and_lock(repo, files)
    lock = repo / ".charter" / "contracts" / "schemas.lock.json"
    deep = '{"a": ' * DEEP + "1" + "}" * DEEP
    lock.write_text(json.dumps({"surface": {"files": {}, "exports": {}}})[:-2] + f', "x": {deep}}}')
    commit_all(repo, "a hostile lock")
    git(repo, "checkout", "-q", "-b", "instance/foundation")
    proc = charter(repo, "contracts", "check", "--committed")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ".charter/contracts/schemas.lock.json is not a charter lock" in proc.stderr
    assert "Traceback" not in proc.stderr
