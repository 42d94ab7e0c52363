"""Python contracts: the griffe extractor's exports, and drift on real repositories."""

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
from charter.contracts.python_api import extract_exports, module_name


def exports(source: str, path: str = "pkg/mod.py") -> dict[str, Any]:
    return extract_exports({path: source.encode()})


def params(symbol: dict[str, Any]) -> list[tuple[str, bool, str | None]]:
    return [(p["name"], p["optional"], p.get("type")) for p in symbol["params"]]


# -- extract_exports ------------------------------------------------------------------------


def test_module_names_from_paths() -> None:
    assert module_name("src/pkg/__init__.py") == "pkg"
    assert module_name("src/pkg/sub/mod.pyi") == "pkg.sub.mod"
    assert module_name("lib/api/models.py") == "lib.api.models"


def test_function_params_kinds_and_returns() -> None:
    out = exports(
        "def f(a: int, /, b: 'str', c=1, *args: int, z: bool, y: int = 0, **kw: object)"
        " -> list[int]: ...\n"
        "async def g() -> None: ...\n"
    )
    f = out["pkg.mod.f"]
    assert f["kind"] == "function" and f["returns"] == "list[int]"
    assert params(f) == [
        ("a, /", False, "int"),
        ("b", False, "str"),
        ("c", True, None),
        ("*args", True, "int"),
        ("*, y", True, "int"),  # keyword-only: sorted, their order is not part of a call
        ("*, z", False, "bool"),
        ("**kw", True, "object"),
    ]
    assert out["pkg.mod.g"]["kind"] == "async function"


def test_public_names_private_imports_and_all() -> None:
    out = exports("import os\nfrom typing import Any\nX: int = 1\n_hidden = 2\ndef _f(): ...\n")
    assert set(out) == {"pkg.mod.X"}
    assert out["pkg.mod.X"] == {"kind": "attribute", "type": "int"}
    out = exports("import os\n__all__ = ['b', 'os']\ndef a(): ...\ndef b(): ...\n")
    assert set(out) == {"pkg.mod.b", "pkg.mod.os"}
    assert out["pkg.mod.os"] == {"kind": "alias", "type": "os"}


def test_reexports_resolve_within_the_contract() -> None:
    out = extract_exports(
        {
            "src/pkg/__init__.py": b"from .models import User\n__all__ = ['User']\n",
            "src/pkg/models.py": b"class User:\n    def name(self) -> str: ...\n",
            "src/pkg/star/__init__.py": b"from .inner import *\n",
            "src/pkg/star/inner.py": b"__all__ = ['A']\nA = 1\nB = 2\n",
        }
    )
    assert out["pkg.User"] == out["pkg.models.User"]
    assert out["pkg.User"]["members"]["name"]["returns"] == "str"
    assert "pkg.star.A" in out and "pkg.star.B" not in out


def test_classes_methods_properties_attributes_and_constructor() -> None:
    out = exports(
        "class Base:\n"
        "    def __init__(self, url: str, *, retries: int = 3) -> None:\n"
        "        self.url = url\n"
        "        self._secret = 1\n"
        "    def get(self, path: str) -> bytes: ...\n"
        "    @classmethod\n"
        "    def create(cls, url: str) -> 'Base': ...\n"
        "    @staticmethod\n"
        "    def parse(text: str) -> int: ...\n"
        "    @property\n"
        "    def host(self) -> str: ...\n"
        "    def __len__(self) -> int: ...\n"
        "    def _private(self) -> None: ...\n"
        "    timeout = 30\n"
        "class Sub(Base):\n"
        "    pass\n"
    )
    base = out["pkg.mod.Base"]
    assert base["kind"] == "class"
    assert params(base) == [("url", False, "str"), ("*, retries", True, "int")]
    members = base["members"]
    assert set(members) == {"get", "create", "parse", "host", "__len__", "timeout", "url"}
    assert params(members["get"]) == [("path", False, "str")]
    assert members["create"]["kind"] == "classmethod" and members["create"]["returns"] == "Base"
    assert params(members["parse"]) == [("text", False, "str")]
    assert members["host"] == {"kind": "property", "type": "str", "optional": True}
    assert members["timeout"]["type"] == "30"
    assert all(m["optional"] for m in members.values())
    assert out["pkg.mod.Sub"]["type"] == "Base"
    assert params(out["pkg.mod.Sub"]) == params(base)  # the inherited constructor


def test_dataclass_fields_are_constructor_params() -> None:
    out = exports(
        "from dataclasses import dataclass, field\n"
        "@dataclass(frozen=True)\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 0\n"
        "    tags: list[str] = field(default_factory=list)\n"
    )
    point = out["pkg.mod.Point"]
    assert point["kind"] == "dataclass"
    assert params(point) == [("x", False, "int"), ("y", True, "int"), ("tags", True, "list[str]")]
    assert set(point["members"]) == {"x", "y", "tags"}


def test_typeddict_total_and_not_required() -> None:
    out = exports(
        "from typing import TypedDict, NotRequired, Required\n"
        "class Movie(TypedDict):\n"
        "    title: str\n"
        "    year: NotRequired[int]\n"
        "class Extra(Movie, total=False):\n"
        "    rating: float\n"
        "    id: Required[str]\n"
    )
    movie = out["pkg.mod.Movie"]["members"]
    assert movie["title"] == {"kind": "field", "type": "str", "optional": False}
    assert movie["year"] == {"kind": "field", "type": "int", "optional": True}
    extra = out["pkg.mod.Extra"]
    assert extra["kind"] == "typeddict"
    assert {n: m["optional"] for n, m in extra["members"].items()} == {
        "title": False,
        "year": True,
        "rating": True,
        "id": False,
    }


def test_protocol_namedtuple_enum() -> None:
    out = exports(
        "import enum\n"
        "from typing import NamedTuple, Protocol\n"
        "class Reader(Protocol):\n"
        "    name: str\n"
        "    def read(self, n: int = -1) -> bytes: ...\n"
        "class Pair(NamedTuple):\n"
        "    left: int\n"
        "    right: int = 0\n"
        "class Color(enum.Enum):\n"
        "    RED = 1\n"
        "    GREEN = 2\n"
        "    def label(self) -> str: ...\n"
    )
    reader = out["pkg.mod.Reader"]
    assert reader["kind"] == "protocol"
    assert {n: m["optional"] for n, m in reader["members"].items()} == {
        "name": False,
        "read": False,
    }
    pair = out["pkg.mod.Pair"]
    assert pair["kind"] == "namedtuple"
    assert params(pair) == [("left", False, "int"), ("right", True, "int")]
    color = out["pkg.mod.Color"]
    assert color["kind"] == "enum" and color["values"] == ["GREEN = 2", "RED = 1"]
    assert set(color["members"]) == {"label"}


def test_annotations_are_normalised() -> None:
    old = exports(
        "from typing import Dict, List, Optional, Union\nimport typing\n"
        "def f(a: Optional[List[int]], b: Union[str, int, None], c: 'typing.Dict[str, int]',"
        " d: typing.Literal['x', 'y']) -> Union[int, str]: ...\n"
        "Alias: typing.TypeAlias = 'Dict[str, int]'\n"
    )
    assert params(old["pkg.mod.f"]) == [
        ("a", False, "list[int] | None"),
        ("b", False, "int | str | None"),
        ("c", False, "dict[str, int]"),
        ("d", False, "Literal['x', 'y']"),
    ]
    assert old["pkg.mod.f"]["returns"] == "int | str"
    assert old["pkg.mod.Alias"] == {"kind": "type", "type": "dict[str, int]"}


def test_a_refactor_gives_identical_exports() -> None:
    before = (
        "from typing import Optional\n"
        "def load(path: str, *, strict: bool = False, mode: str = 'r') -> Optional[bytes]:\n"
        "    return None\n"
        "class Store:\n"
        "    def get(self, key: str) -> int: return 1\n"
        "LIMIT = 10\n"
    )
    after = (
        '"""A docstring now."""\n\n'
        "LIMIT = (\n    10  # the limit\n)\n\n\n"
        "class Store:\n"
        '    """Stores."""\n\n'
        "    def get(self, key: 'str') -> int:\n"
        "        # look it up\n"
        "        return 1\n\n\n"
        "def load(\n    path: str,\n    *,\n    mode: str = 'r',\n    strict: bool = False,\n)"
        " -> bytes | None:\n"
        "    data = None\n"
        "    return data\n"
    )
    assert exports(before) == exports(after)
    assert exports(before) != exports(before.replace("LIMIT = 10", "LIMIT = 11"))


def test_stub_wins_over_source() -> None:
    out = extract_exports(
        {"pkg/m.pyi": b"def f(x: int) -> int: ...\n", "pkg/m.py": b"def f(x): ...\ndef g(): ...\n"}
    )
    assert set(out) == {"pkg.m.f"} and out["pkg.m.f"]["returns"] == "int"


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("x = 1\n\ndef f(:\n    pass\n", 3, "cannot parse Python"),
        ("x = 1\n  y = 2\n", 2, "unexpected indent"),
        ("a\x00b\n", 1, "null bytes"),
    ],
)
def test_syntax_errors_name_file_and_line(source: str, line: int, words: str) -> None:
    with pytest.raises(SurfaceError) as info:
        extract_exports({"pkg/ok.py": b"X = 1\n", "pkg/bad.py": source.encode()})
    assert (info.value.path, info.value.line) == ("pkg/bad.py", line)
    assert words in info.value.message and "lock again" in info.value.message


# -- real repositories ----------------------------------------------------------------------


MODELS = """\
from dataclasses import dataclass


@dataclass
class User:
    id: int
    name: str


def find(name: str, limit: int = 10) -> list[User]:
    return []


def rename(user: User, new: str) -> User:
    return user


def delete(user: User) -> None:
    pass
"""


@pytest.fixture
def locked(repo: Path) -> Path:
    commit_and_lock(
        repo,
        {
            "charter.yaml": contract_map("python", name="core", lane="core"),
            "core/api/__init__.py": "from .models import *\n",
            "core/api/models.py": MODELS,
            "core/internal.py": "def helper(): ...\n",
        },
    )
    git(repo, "checkout", "-q", "-b", "instance/foundation")
    return repo


def change(repo: Path, old: str, new: str) -> set[tuple[str, str, str]]:
    """Edit models.py, relock, commit; the drift findings as (kind, symbol, detail)."""
    path = repo / "core/api/models.py"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    proc = charter(repo, "contracts", "lock")
    assert proc.returncode == 0, proc.stderr
    commit_all(repo, "change")
    items = contract_drift(repo, load(repo).contracts["core"], "main", "HEAD")
    assert all(i.consumers == ("auth",) for i in items)
    return {(i.kind, i.title, i.detail) for i in items}


def test_lock_records_the_api(locked: Path) -> None:
    lock = (locked / ".charter/contracts/core.lock.json").read_text()
    assert '"core.api.models.find"' in lock and '"core.api.User"' in lock
    assert "helper" not in lock
    api = (locked / ".charter/contracts/core.api.md").read_text()
    assert "- `function core.api.models.rename(" in api
    assert contract_drift(locked, load(locked).contracts["core"], "main", "HEAD") == []


def test_removed_name_is_breaking(locked: Path) -> None:
    found = change(locked, "def delete(user: User) -> None:\n    pass\n", "")
    assert found == {
        ("BREAKING", "core.api.delete", "removed"),
        ("BREAKING", "core.api.models.delete", "removed"),
    }


def test_new_required_parameter_is_breaking(locked: Path) -> None:
    found = change(locked, "def delete(user: User)", "def delete(user: User, reason: str)")
    assert ("BREAKING", "core.api.models.delete(reason)", "required parameter added") in found
    assert {kind for kind, _, _ in found} == {"BREAKING"}


def test_reordered_parameters_are_breaking(locked: Path) -> None:
    found = change(locked, "def rename(user: User, new: str)", "def rename(new: str, user: User)")
    assert (
        "BREAKING",
        "core.api.models.rename",
        "parameters reordered: (user, new) -> (new, user)",
    ) in found


def test_new_dataclass_field_without_default_is_breaking(locked: Path) -> None:
    found = change(locked, "    name: str\n", "    name: str\n    email: str\n")
    assert ("BREAKING", "core.api.models.User(email)", "required parameter added") in found
    assert ("ADDITIVE", "core.api.models.User.email", "added") in found


def test_optional_parameter_and_new_function_are_additive(locked: Path) -> None:
    found = change(
        locked,
        "def find(name: str, limit: int = 10)",
        "def count() -> int:\n    return 0\n\n\n"
        "def find(name: str, limit: int = 10, *, exact: bool = False)",
    )
    assert found == {
        ("ADDITIVE", "core.api.count", "added"),
        ("ADDITIVE", "core.api.models.count", "added"),
        ("ADDITIVE", "core.api.find(*, exact)", "optional parameter added"),
        ("ADDITIVE", "core.api.models.find(*, exact)", "optional parameter added"),
    }


def test_changed_annotation_is_possibly_breaking(locked: Path) -> None:
    found = change(
        locked, "def find(name: str, limit: int = 10)", "def find(name: str, limit: float = 10)"
    )
    assert found == {
        (
            "POSSIBLY_BREAKING",
            f"core.api.{prefix}find(limit)",
            "type changed from int to float",
        )
        for prefix in ("", "models.")
    }


def test_pure_refactor_has_no_drift(locked: Path) -> None:
    (locked / "core/api/models.py").write_text(
        '"""Users."""\n\nfrom dataclasses import dataclass\n\n\n'
        "def delete(user: 'User') -> None:\n    # nothing to do yet\n    return None\n\n\n"
        "def rename(\n    user: 'User',\n    new: str,\n) -> 'User':\n    return user\n\n\n"
        "def find(name: str, limit: int = 10) -> 'list[User]':\n"
        '    """Find users."""\n    found: list[User] = []\n    return found\n\n\n'
        "@dataclass\nclass User:\n    id: int  # primary key\n    name: str\n"
    )
    commit_all(locked, "refactor without relocking")
    assert contract_drift(locked, load(locked).contracts["core"], "main", "HEAD") == []
    lock = locked / ".charter/contracts/core.lock.json"
    before = json.loads(lock.read_text())["surface"]
    assert charter(locked, "contracts", "lock").returncode == 0  # the file hashes moved
    after = json.loads(lock.read_text())["surface"]
    assert after["exports"] == before["exports"] and after["files"] != before["files"]


def test_syntax_error_through_the_cli_exits_2_with_file_and_line(locked: Path) -> None:
    write(
        locked, "core/api/models.py", MODELS.replace("def delete(user: User)", "def delete(user:")
    )
    proc = charter(locked, "contracts", "lock")
    assert proc.returncode == 2
    assert "core/api/models.py:18:" in proc.stderr and "cannot parse Python" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- what real packages do (each seen on attrs, click, httpx or pluggy) --------------------


def _findings(old: dict[str, bytes], new: dict[str, bytes]) -> set[tuple[str, str, str]]:
    from charter.contracts.compare import compare

    before, after = extract_exports(old), extract_exports(new)
    return {(f.kind, f.symbol, f.detail) for f in compare({"exports": before}, {"exports": after})}


def test_private_modules_are_not_public() -> None:
    out = extract_exports(
        {
            "src/pkg/__init__.py": b"from pkg._utils import helper\n__all__ = ['helper']\n",
            "src/pkg/_utils.py": b"def helper(a: int) -> int: ...\ndef other() -> None: ...\n",
            "src/pkg/_vendor/six.py": b"PY3 = True\n",
        }
    )
    assert set(out) == {"pkg.helper"} and out["pkg.helper"]["kind"] == "function"


def test_a_stub_keeps_the_py_modules_all_and_its_own_reexports() -> None:
    out = extract_exports(
        {
            "src/attrs/__init__.py": b"from attr import asdict, define\n"
            b"__all__ = ['asdict', 'define']\n__version__ = '23.1'\n",
            "src/attrs/__init__.pyi": b"from attr import asdict as asdict\n"
            b"from attr import define as define\n",
            "src/attr/__init__.pyi": b"from typing import overload\n"
            b"from ._next_gen import mutable as mutable\n"
            b"@overload\ndef frozen(a: int) -> int: ...\n"
            b"@overload\ndef frozen(a: str) -> str: ...\n"
            b"def asdict(x: object) -> dict: ...\ndef define(x: object) -> object: ...\n",
            "src/attr/_next_gen.py": b"def mutable(x): ...\n",
        }
    )
    assert {"attrs.asdict", "attrs.define", "attrs.__version__", "attr.mutable"} <= set(out)
    assert out["attrs.asdict"]["returns"] == "dict"
    frozen = out["attr.frozen"]  # declared only by @overload
    assert frozen["kind"] == "function" and frozen["type"] == "(a: int) -> int ; (a: str) -> str"


def test_a_member_moved_to_a_base_class_is_still_there() -> None:
    before = {"pkg/types.py": b"class IntRange:\n    def min(self) -> int: ...\n"}
    after = {
        "pkg/types.py": b"class _Base:\n    def min(self) -> int: ...\n"
        b"class IntRange(_Base):\n    pass\n"
    }
    assert {f for f in _findings(before, after) if f[0] == "BREAKING"} == set()


def test_args_and_kwargs_absorbing_a_parameter_is_no_break() -> None:
    before = {"pkg/mod.py": b"def f(a: int, b: int = 0) -> None: ...\n"}
    both = {"pkg/mod.py": b"def f(a: int, *args: int, **kwargs: int) -> None: ...\n"}
    keyword_only = {"pkg/mod.py": b"def f(a: int, **kwargs: int) -> None: ...\n"}
    assert not any(kind == "BREAKING" for kind, _, _ in _findings(before, both))
    assert ("BREAKING", "pkg.mod.f(b)", "parameter removed") in _findings(before, keyword_only)


def test_type_alias_annotation_and_version_changes() -> None:
    before = {
        "pkg/__init__.py": b"from typing import Union\n__version__ = '1.0'\n"
        b"Pathish = Union[str, bytes]\ndef f(a, b=1): ...\n"
    }
    after = {
        "pkg/__init__.py": b"from typing import TypeAlias, Union\n"
        b"Pathish: TypeAlias = Union[str, bytes]\ndef f(a: int, b: int = 1) -> None: ...\n"
    }
    found = _findings(before, after)
    # annotating a parameter or return where there was none: nothing a caller relied on
    assert not any(symbol.startswith("pkg.f") for _, symbol, _ in found)
    assert not any(symbol == "pkg.Pathish" and kind == "BREAKING" for kind, symbol, _ in found)
    assert ("BREAKING", "pkg.__version__", "removed") in found
