"""The public surface of a Python contract, read statically with griffe.

What a consumer of a Python contract relies on is the names it can import and how it
can call and use them, so that is what is extracted, keyed `<module>.<name>` with the
module's dotted path derived from the file path (a leading `src/` stripped, `__init__`
dropped; a `.pyi` stub wins over the `.py` beside it, a package's `__init__` over a module
of the same name):

* public names: when a module defines `__all__` exactly those names (re-exports
  included, resolved through the contract's own modules); otherwise the names defined
  in the module that do not start with `_`, plus names brought in by a wildcard import.
  Plain imports are not part of a module's surface unless `__all__` lists them, so
  tidying imports is not a change. Submodules are keyed on their own.
* functions: `params` and `returns`. Positional parameters keep their order;
  positional-only ones are named `x, /`, keyword-only ones `*, x` (sorted by name:
  their order is not part of the call), `*args` and `**kwargs` come last; a parameter
  is optional when it has a default or is variadic. `async` functions have their own
  kind, since calling one differently is a break.
* classes: `params` of the constructor (`__init__`, the fields of a dataclass or
  NamedTuple), public methods (without `self`/`cls`), properties, class and instance
  attributes and nested classes as `members`; bases as `type`. TypedDict fields are
  members that are optional under `total=False` or `NotRequired[...]`; Protocol
  members are required (an implementer must provide them, so adding one breaks);
  members of other classes are optional (a consumer uses them, never provides them, so
  adding one is additive). Enum members are `values`.
* attributes: the annotation as `type`; an unannotated module- or class-level name
  records its value there instead (what a type checker infers its type from). `X:
  TypeAlias = ...` is kind `type` with the aliased type.

Annotations are griffe expressions rendered as text and then normalised (string
annotations unquoted, `Optional`/`Union` written with `|` in a fixed order, `typing.`
prefixes and `List`-style aliases dropped), so formatting, comments, docstrings and the
order of definitions never change the exports. Nothing is imported or executed: the
files are parsed as they are in git, with the syntax of the Python running charter. A
file that does not parse raises `SurfaceError` with its line.
"""

from __future__ import annotations

import ast
import io
import logging
import tokenize
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import griffe

from charter.contracts.errors import SurfaceError

ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"})
CONSTRUCTORS = frozenset({"__init__", "__new__", "__post_init__", "__init_subclass__"})
TYPING_MODULES = ("typing.", "typing_extensions.")
BUILTIN_GENERICS = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Tuple": "tuple",
    "Type": "type",
}
REQUIRED_WRAPPERS = frozenset({"Required", "NotRequired"})


# -- reading the files ---------------------------------------------------------------------


def module_name(path: str) -> str:
    """`src/pkg/sub/__init__.py` -> `pkg.sub`; `pkg/mod.pyi` -> `pkg.mod`."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _decode(path: str, data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError) as e:
        raise SurfaceError(path, 1, f"cannot read Python: {e}; fix it and lock again") from None
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SurfaceError(
            path, line, f"cannot read Python: not valid {e.encoding}; fix it and lock again"
        ) from None


def _check_syntax(path: str, text: str) -> ast.Module:
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as e:
        raise SurfaceError(
            path, e.lineno or 1, f"cannot parse Python: {e.msg}; fix it and lock again"
        ) from None
    except ValueError as e:  # null bytes
        raise SurfaceError(path, 1, f"cannot parse Python: {e}; fix it and lock again") from None


def _sources(
    files: Mapping[str, bytes],
) -> tuple[dict[str, tuple[str, str]], dict[str, ast.Module]]:
    """module name -> (path, text), one file a module, every file checked for syntax;
    and the syntax tree of the `.py` a chosen `.pyi` stub stands beside."""
    chosen: dict[str, tuple[tuple[bool, bool], str, str]] = {}
    trees: dict[str, ast.Module] = {}
    for path in sorted(files):
        text = _decode(path, files[path])
        tree = _check_syntax(path, text)
        name = module_name(path)
        pure = PurePosixPath(path)
        rank = (pure.suffix == ".pyi", pure.stem == "__init__")
        if pure.suffix == ".py":
            trees[name] = tree
        if name not in chosen or rank > chosen[name][0]:
            chosen[name] = (rank, path, text)
    sources = {name: (path, text) for name, (_, path, text) in chosen.items()}
    beside = {n: t for n, t in trees.items() if sources[n][0].endswith(".pyi")}
    return sources, beside


@contextmanager
def _quiet_griffe() -> Iterator[None]:
    """griffe logs what it cannot resolve; charter reports through its own findings."""
    log = logging.getLogger("griffe")
    saved = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = saved


def _load(sources: Mapping[str, tuple[str, str]]) -> dict[str, griffe.Module]:
    """Visit every module into one griffe tree, parents before children."""
    collection = griffe.ModulesCollection()
    lines = griffe.LinesCollection()
    extensions = griffe.load_extensions()
    modules: dict[str, griffe.Module] = {}

    def ensure(name: str) -> griffe.Module | None:
        if not name:
            return None
        if name not in modules:
            parent_name, _, last = name.rpartition(".")
            parent = ensure(parent_name)
            module = griffe.Module(
                last,
                filepath=[Path(*name.split("."))],  # a namespace package
                parent=parent,
                lines_collection=lines,
                modules_collection=collection,
            )
            attach(parent, name, module)
        return modules[name]

    def attach(parent: griffe.Module | None, name: str, module: griffe.Module) -> None:
        modules[name] = module
        if parent is None:
            collection.set_member(name, module)
        else:
            parent.set_member(module.name, module)

    for name in sorted(sources, key=lambda n: (n.count("."), n)):
        path, text = sources[name]
        parent_name, _, last = name.rpartition(".")
        parent = ensure(parent_name)
        filepath = Path(path)
        lines[filepath] = text.splitlines()
        module = griffe.visit(
            last,
            filepath=filepath,
            code=text,
            extensions=extensions,
            parent=parent,
            lines_collection=lines,
            modules_collection=collection,
        )
        attach(parent, name, module)

    loader = griffe.GriffeLoader(
        extensions=extensions,
        modules_collection=collection,
        lines_collection=lines,
        allow_inspection=False,
    )
    roots = [m for m in modules.values() if m.parent is None]
    for root in roots:
        loader.expand_exports(root)
        loader.expand_wildcards(root, external=False)
    for root in roots:
        extensions.call("on_package", pkg=root, loader=loader)
    return {name: modules[name] for name in sources}


# -- annotations ----------------------------------------------------------------------------


def annotation_text(annotation: object) -> str:
    """A griffe expression (or string annotation) as normalised text."""
    text = str(annotation)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return " ".join(text.split())
    return ast.unparse(_normalise(tree.body))


def value_text(value: object) -> str:
    """A value expression as text in one layout (quotes, spacing and line breaks fixed)."""
    text = str(value)
    try:
        return ast.unparse(ast.parse(text.strip(), mode="eval"))
    except SyntaxError:
        return " ".join(text.split())


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _normalise(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:  # a forward reference
            return _normalise(ast.parse(node.value.strip(), mode="eval").body)
        except SyntaxError:
            return node
    if isinstance(node, ast.Attribute):
        dotted = ast.unparse(node)
        for prefix in TYPING_MODULES:
            if dotted.startswith(prefix) and "." not in dotted[len(prefix) :]:
                return _normalise(ast.Name(dotted[len(prefix) :]))
        return node
    if isinstance(node, ast.Name):
        return ast.Name(BUILTIN_GENERICS.get(node.id, node.id))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([node.left, node.right])
    if isinstance(node, ast.Subscript):
        head = _normalise(node.value)
        name = _last_name(head)
        items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if name == "Optional" and len(items) == 1:
            return _union([items[0], ast.Constant(None)])
        if name == "Union":
            return _union(items)
        if name == "Literal":
            return ast.Subscript(head, node.slice)
        if name == "Annotated":
            items = [_normalise(items[0]), *items[1:]]
        else:
            items = [_normalise(i) for i in items]
        index: ast.expr = items[0] if len(items) == 1 else ast.Tuple(items)
        return ast.Subscript(head, index)
    if isinstance(node, ast.List):
        return ast.List([_normalise(e) for e in node.elts])
    if isinstance(node, ast.Tuple):
        return ast.Tuple([_normalise(e) for e in node.elts])
    return node


def _union(items: list[ast.expr]) -> ast.expr:
    members: dict[str, ast.expr] = {}
    for item in items:
        normal = _normalise(item)
        parts = _flatten_union(normal)
        for part in parts:
            members.setdefault(ast.unparse(part), part)
    order = sorted(members, key=lambda text: (text == "None", text))
    result = members[order[0]]
    for text in order[1:]:
        result = ast.BinOp(result, ast.BitOr(), members[text])
    return result


def _flatten_union(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flatten_union(node.left) + _flatten_union(node.right)
    return [node]


def _strip_required(text: str) -> tuple[str, bool | None]:
    """`NotRequired[int]` -> ("int", False); `int` -> ("int", None)."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text, None
    if isinstance(node, ast.Subscript) and _last_name(node.value) in REQUIRED_WRAPPERS:
        return ast.unparse(node.slice), _last_name(node.value) == "Required"
    return text, None


# -- describing objects ---------------------------------------------------------------------


def _param_entries(function: griffe.Function, *, bound: bool) -> list[dict[str, Any]]:
    parameters = list(function.parameters)
    kind = griffe.ParameterKind
    receiver = (kind.positional_only, kind.positional_or_keyword)
    if bound and parameters and parameters[0].kind in receiver:
        parameters = parameters[1:]
    positional: list[dict[str, Any]] = []
    keyword: list[dict[str, Any]] = []
    variadic: list[dict[str, Any]] = []
    for param in parameters:
        entry: dict[str, Any] = {"optional": param.default is not None}
        if param.kind is kind.positional_only:
            entry["name"] = f"{param.name}, /"
            target = positional
        elif param.kind is kind.positional_or_keyword:
            entry["name"] = param.name
            target = positional
        elif param.kind is kind.var_positional:
            entry.update(name=f"*{param.name}", optional=True)
            target = positional
        elif param.kind is kind.keyword_only:
            entry["name"] = f"*, {param.name}"
            target = keyword
        else:
            entry.update(name=f"**{param.name}", optional=True)
            target = variadic
        if param.annotation is not None:
            entry["type"] = annotation_text(param.annotation)
        target.append(entry)
    keyword.sort(key=lambda e: str(e["name"]))
    return positional + keyword + variadic


def _signature_text(function: griffe.Function, *, bound: bool) -> str:
    params = ", ".join(
        f"{p['name']}: {p['type']}" if "type" in p else str(p["name"])
        for p in _param_entries(function, bound=bound)
    )
    returns = annotation_text(function.returns) if function.returns is not None else "(none)"
    return f"({params}) -> {returns}"


def _function(function: griffe.Function, *, method: bool) -> dict[str, Any]:
    labels = function.labels
    bound = method and "staticmethod" not in labels
    base = "method" if method else "function"
    if "classmethod" in labels:
        base = "classmethod"
    elif "staticmethod" in labels:
        base = "staticmethod"
    out: dict[str, Any] = {
        "kind": f"async {base}" if "async" in labels else base,
        "params": _param_entries(function, bound=bound),
    }
    if function.returns is not None:
        out["returns"] = annotation_text(function.returns)
    overloads = function.overloads or []
    if overloads:
        out["type"] = " ; ".join(_signature_text(o, bound=bound) for o in overloads)
    return out


def _overloaded(overloads: list[griffe.Function], *, method: bool) -> dict[str, Any]:
    """A name declared only by `@overload`s: the first, with every signature as `type`."""
    out = _function(overloads[0], method=method)
    bound = method and "staticmethod" not in overloads[0].labels
    out["type"] = " ; ".join(_signature_text(o, bound=bound) for o in overloads)
    return out


def _attribute(attribute: griffe.Attribute, *, instance_only: bool) -> dict[str, Any]:
    if "property" in attribute.labels:
        out: dict[str, Any] = {"kind": "property"}
    else:
        out = {"kind": "attribute"}
    if attribute.annotation is not None:
        text = annotation_text(attribute.annotation)
        if text in ("TypeAlias", "typing.TypeAlias") and attribute.value is not None:
            return {"kind": "type", "type": annotation_text(attribute.value)}
        out["type"] = text
    elif attribute.value is not None and not instance_only:
        out["type"] = value_text(attribute.value)
    return out


def _base_names(cls: griffe.Class) -> set[str]:
    """The last names of the class's bases, its resolvable ancestors' included."""
    names: set[str] = set()
    for klass in _lineage(cls):
        for base in klass.bases:
            text = annotation_text(base)
            names.add(text.split("[", 1)[0].rsplit(".", 1)[-1])
    return names


def _class_kind(cls: griffe.Class) -> str:
    names = _base_names(cls)
    if names & ENUM_BASES:
        return "enum"
    for marker, kind in (
        ("TypedDict", "typeddict"),
        ("Protocol", "protocol"),
        ("NamedTuple", "namedtuple"),
    ):
        if marker in names:
            return kind
    if "dataclass" in cls.labels:
        return "dataclass"
    return "class"


def _is_public_member(name: str, member: griffe.Object | griffe.Alias) -> bool:
    if member.is_alias:
        return False
    if name.startswith("__") and name.endswith("__"):
        return member.is_function and name not in CONSTRUCTORS
    return not name.startswith("_")


def _lineage(cls: griffe.Class) -> list[griffe.Class]:
    try:
        ancestors = [c for c in cls.mro() if isinstance(c, griffe.Class)]
    except (ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        ancestors = []
    return [*reversed(ancestors), cls]


def _own_and_inherited(cls: griffe.Class) -> dict[str, griffe.Object | griffe.Alias | list[Any]]:
    """A class's members with those of its bases the contract declares (its own win): a
    member moved to a base class is still there for consumers. Enums and TypedDicts read
    only their own (their bases add no members consumers use)."""
    members: dict[str, griffe.Object | griffe.Alias | list[Any]] = {}
    for klass in _lineage(cls) if _class_kind(cls) == "class" else [cls]:
        members.update(klass.members)
        for name in _overload_only(klass):
            members[name] = klass.overloads[name]
    return members


def _constructor(cls: griffe.Class) -> griffe.Function | None:
    for klass in reversed(_lineage(cls)):
        init = klass.members.get("__init__")
        if isinstance(init, griffe.Function):
            return init
    return None


def _typeddict_fields(cls: griffe.Class) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for klass in _lineage(cls):
        total = str(klass.keywords.get("total", "True")) != "False"
        for name, member in klass.members.items():
            if not isinstance(member, griffe.Attribute) or member.annotation is None:
                continue
            text, required = _strip_required(annotation_text(member.annotation))
            fields[name] = {
                "kind": "field",
                "type": text,
                "optional": not (total if required is None else required),
            }
    return fields


def _class(cls: griffe.Class) -> dict[str, Any]:
    kind = _class_kind(cls)
    out: dict[str, Any] = {"kind": kind}
    if cls.bases:
        out["type"] = ", ".join(annotation_text(b) for b in cls.bases)
    if kind == "typeddict":
        out["members"] = _typeddict_fields(cls)
        return out
    required = kind == "protocol"
    members: dict[str, dict[str, Any]] = {}
    values: list[str] = []
    for name, member in _own_and_inherited(cls).items():
        if isinstance(member, list):
            if not name.startswith("_"):
                members[name] = {**_overloaded(member, method=True), "optional": not required}
            continue
        if not _is_public_member(name, member):
            continue
        if isinstance(member, griffe.Function):
            entry = _function(member, method=True)
        elif isinstance(member, griffe.Class):
            entry = _class(member)
        elif isinstance(member, griffe.Attribute):
            labels = member.labels
            if kind == "enum" and "property" not in labels and member.value is not None:
                values.append(f"{name} = {value_text(member.value)}")
                continue
            instance_only = "instance-attribute" in labels and "class-attribute" not in labels
            entry = _attribute(member, instance_only=instance_only)
        else:
            continue
        entry["optional"] = not required
        members[name] = entry
    if members:
        out["members"] = members
    if kind == "enum":
        out["values"] = sorted(values)
    elif kind == "namedtuple":
        out["params"] = [
            {
                "name": name,
                "optional": member.value is not None,
                **({"type": annotation_text(member.annotation)} if member.annotation else {}),
            }
            for name, member in cls.members.items()
            if isinstance(member, griffe.Attribute) and member.annotation is not None
        ]
    elif kind != "protocol":
        init = _constructor(cls)
        if init is not None:
            out["params"] = _param_entries(init, bound=True)
    return out


def _describe(obj: griffe.Object | griffe.Alias) -> dict[str, Any]:
    if isinstance(obj, griffe.Alias):
        try:
            target = obj.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return {"kind": "alias", "type": obj.target_path}
        if target.is_module:
            return {"kind": "module", "type": target.path}
        return _describe(target)
    if isinstance(obj, griffe.Function):
        return _function(obj, method=False)
    if isinstance(obj, griffe.Class):
        return _class(obj)
    if isinstance(obj, griffe.Attribute):
        return _attribute(obj, instance_only=False)
    if isinstance(obj, griffe.TypeAlias):
        return {"kind": "type", "type": annotation_text(obj.value)}
    return {"kind": obj.kind.value}


Member = griffe.Object | griffe.Alias | list[griffe.Function] | None


def _public_names(
    module: griffe.Module, beside: ast.Module | None, roots: frozenset[str]
) -> dict[str, Member]:
    """A module's public names; `beside`: the `.py` next to the stub `module` was read
    from, whose `__all__` counts when the stub has none."""
    listed = _all_names(module, beside)
    version: dict[str, Member] = {}
    if "__version__" in module.members or _assigns(beside, "__version__"):
        version["__version__"] = module.members.get("__version__")
    if listed is not None:  # and `__version__`: read by consumers, rarely listed
        return {**version, **{name: _member(module, name) for name in listed}}
    stub = str(module.filepath).endswith(".pyi")
    reexported = _stub_reexports(module) if stub else set()
    public: dict[str, Member] = {}
    for name, member in module.members.items():
        if name.startswith("_") and not _dunder_attribute(name, member):
            continue
        if isinstance(member, griffe.Alias) and name not in reexported:
            if not member.wildcard_imported:
                continue
            if _external(member, roots):
                continue  # `from typing import List` in the module a `*` imports from
        public[name] = member
    for name in _overload_only(module):
        if not name.startswith("_"):
            public[name] = module.overloads[name]
    return {**version, **public}


def _member(module: griffe.Module, name: str) -> Member:
    if name in module.members:
        return module.members[name]
    return module.overloads.get(name) or None


def _overload_only(obj: griffe.Module | griffe.Class) -> list[str]:
    """Names a stub declares only with `@overload` (griffe keeps no member for them)."""
    return [n for n, found in obj.overloads.items() if found and n not in obj.members]


def _all_names(module: griffe.Module, beside: ast.Module | None) -> list[str] | None:
    if module.exports is not None:
        return [e if isinstance(e, str) else e.name for e in module.exports]
    if beside is None:
        return None
    for node in beside.body:  # `__all__ = [...]` of the .py beside the stub
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            return [
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    return None


def _assigns(tree: ast.Module | None, name: str) -> bool:
    return tree is not None and any(
        isinstance(node, (ast.Assign, ast.AnnAssign))
        and any(
            isinstance(t, ast.Name) and t.id == name
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
        for node in tree.body
    )


def _external(alias: griffe.Alias, roots: frozenset[str]) -> bool:
    """Whether an import ends outside the contract's packages (followed as far as it goes)."""
    try:
        path = alias.final_target.path
    except griffe.AliasResolutionError as e:
        path = e.alias.target_path
    except griffe.CyclicAliasError:
        return False
    return path.split(".", 1)[0] not in roots


def _dunder_attribute(name: str, member: griffe.Object | griffe.Alias) -> bool:
    """`__title__ = "packaging"`: module metadata consumers read, defined in the module."""
    return (
        name.startswith("__")
        and name.endswith("__")
        and name != "__all__"
        and isinstance(member, griffe.Attribute)
    )


def _stub_reexports(module: griffe.Module) -> set[str]:
    """`from m import x as x` and `import m as m`: what a stub re-exports (PEP 484); a
    plain `from typing import List` in a stub is not."""
    try:
        tree = ast.parse("\n".join(module.lines))
    except SyntaxError:  # checked before: cannot happen
        return set()
    return {
        alias.asname
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
        if alias.asname is not None and alias.asname == alias.name.rsplit(".", 1)[-1]
    }


def _private(module: str) -> bool:
    """`attr._compat`, `httpx._utils`: a module consumers are not meant to import."""
    return any(part.startswith("_") for part in module.split("."))


def extract_exports(files: Mapping[str, bytes]) -> dict[str, Any]:
    """`{module.name: symbol}` for every public name of the contract's public modules."""
    sources, beside = _sources(files)
    exports: dict[str, Any] = {}
    with _quiet_griffe():
        modules = _load(sources)
        roots = frozenset(name.split(".", 1)[0] for name in modules)
        for name, module in modules.items():
            if _private(name):
                continue  # read for what public modules re-export from it, not keyed
            public = _public_names(module, beside.get(name), roots)
            for member_name, member in public.items():
                key = f"{name}.{member_name}"
                if member is None:
                    exports[key] = {"kind": "name"}
                elif isinstance(member, list):
                    exports[key] = _overloaded(member, method=False)
                elif member_name.startswith("__"):  # `__version__`: there, whatever its value
                    exports[key] = {"kind": "attribute"}
                elif member.is_alias or not member.is_module:
                    exports[key] = _describe(member)
                # else a submodule: its names are keyed on their own
    return exports
