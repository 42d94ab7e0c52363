"""The public surface of a TypeScript contract, read with tree-sitter (no Node, no tsc).

What is extracted, per exported name, in the shape `charter.contracts.compare` documents:

* interfaces: members (properties with type and optional flag; methods, call, construct
  and index signatures with params and returns); generics and `extends` as the `type`;
* type aliases: the normalised type text, or members for an object-literal type;
* enums: the members in order (`values`), `Name = value` where a value is written;
* functions (declared, `declare`d, overloaded, or a `const` bound to an arrow function):
  params (name, type text, optional when `?`, defaulted or rest) and the return type;
  overloads after the first are members `(2)`, `(3)`, ... so adding one is ADDITIVE;
* classes: public members only (no `private`, `protected` or `#private`), methods,
  properties, accessors, `constructor` params as a "constructor" member and parameter
  properties as properties; generics and heritage as the `type`;
* `export const/let/var`: the annotated type text; namespaces: their exported members;
* `export default` (key "default"), `export { a as b }`, `import ...; export { x }`,
  `export * from`, `export * as ns from`: resolved to the declaration when the target
  is one of the contract's own files, otherwise kept as {"kind": "reexport", "type":
  source} (`source#name` when the imported name differs from the exported one);
* `declare` forms: global declarations of a `.d.ts` script, `declare module "x"` and
  `declare global` blocks.

Why this shape: consumers depend on names, members and signatures, not on where or how
a declaration is written. So exports are keyed by name across all of the contract's
files (qualified `path#Name` only when two files export different things under one
name), and type text is rebuilt from tokens -- whitespace, comments, quote style and
trailing separators never reach it. A pure refactor (reformatting, comments, reordering,
moving a declaration to another file of the contract) yields an identical dict.

A file that does not parse (any ERROR or MISSING node) raises `SurfaceError` with the
first error's line: the surface is never guessed from a broken tree.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import tree_sitter
import tree_sitter_typescript

from charter.contracts.errors import SurfaceError

Shape = dict[str, Any]
Origin = tuple[str, ...]

_OPEN = frozenset({"(", "[", "<"})
_CLOSE = frozenset({")", "]", ">", "}"})
_BINARY = frozenset({"|", "&", "=>", "=", "\0?", "\0:"})
_TIGHT_BEFORE = frozenset({",", ";", ":", "?", "!", ".", ")", "]", ">"})
_TIGHT_AFTER = frozenset({"(", "[", "<", "...", ".", "-", "+"})
_KEYWORDS = frozenset(
    {
        "keyof", "typeof", "readonly", "extends", "implements", "in", "is", "as", "new",
        "infer", "unique", "asserts", "abstract", "satisfies",
    }
)
_ATOMIC = frozenset({"template_literal_type", "template_string", "regex"})
# Tokens of a type's source text without `{` or `?` (see `_tokens`); comments dropped.
_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/
    |(?P<tok>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`
    |(?:0[xXbBoO][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?
    |[^\W\d][\w$]*|\$[\w$]*|=>|\.\.\.|\S)""",
    re.S | re.X,
)
# After these a `|` or `&` is a leading one, before a union's first member: formatting.
_OPERAND_EXPECTED = frozenset({"", "(", "[", "<", "{", ",", ";", ":", "=", "=>", "|", "&"})
_RESOLVE_SUFFIXES = (
    "", ".ts", ".tsx", ".d.ts", ".mts", ".cts", "/index.ts", "/index.tsx", "/index.d.ts"
)
_FUNCTIONS = frozenset({"function_declaration", "generator_function_declaration"})
_CALLABLE_VALUES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)
_CLASSES = frozenset({"class_declaration", "abstract_class_declaration", "class"})


@functools.lru_cache(maxsize=2)
def _parser(tsx: bool) -> tree_sitter.Parser:
    """One parser per grammar per process."""
    if tsx:
        raw = tree_sitter_typescript.language_tsx()
    else:
        raw = tree_sitter_typescript.language_typescript()
    return tree_sitter.Parser(tree_sitter.Language(raw))


# The bytes of the file being read. A repaired parse (see `_repair`) differs from them
# only inside the repaired spans, byte for byte the same length, so every node's text is
# taken from the file as written.
_SOURCE: ContextVar[bytes] = ContextVar("_SOURCE", default=b"")


def _raw(node: tree_sitter.Node) -> bytes:
    return _SOURCE.get()[node.start_byte : node.end_byte]


def _text(node: tree_sitter.Node) -> str:
    return _raw(node).decode("utf-8", "replace")


def _line(node: tree_sitter.Node) -> int:
    return node.start_point.row + 1


def _named(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [c for c in node.named_children if c.type != "comment"]


# --- type text -------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A string literal in double quotes, whatever quotes the source used."""
    inner = text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\" and i + 1 < len(inner):
            nxt = inner[i + 1]
            out.append("'" if nxt == "'" else ch + nxt)
            i += 2
            continue
        out.append('\\"' if ch == '"' else ch)
        i += 1
    return '"' + "".join(out) + '"'


def _tokens(node: tree_sitter.Node, out: list[str]) -> None:
    kind = node.type
    if kind == "comment":
        return
    if kind == "string" and node.is_named:
        out.append(_quote(_text(node)))
        return
    if kind in _ATOMIC:
        out.append(_text(node))
        return
    if kind in ("object_type", "interface_body", "class_body", "enum_body"):
        out.append("{")
        for i, member in enumerate(_named(node)):
            if i:
                out.append(";" if kind != "enum_body" else ",")
            _tokens(member, out)
        out.append("}")
        return
    if node.child_count == 0:
        text = _text(node)
        parent = node.parent
        if parent is not None and parent.type == "conditional_type" and text in ("?", ":"):
            text = "\0" + text
        out.append(text)
        return
    raw = _raw(node)
    if b"{" not in raw and b"?" not in raw:
        # The common case, in one regex pass: no object type or conditional inside.
        for match in _TOKEN.finditer(raw.decode("utf-8", "replace")):
            tok = match.group("tok")
            if tok is None:
                continue
            if tok in ("|", "&") and (out[-1] if out else "") in _OPERAND_EXPECTED:
                continue
            out.append(_quote(tok) if tok[0] in "'\"" else tok)
        return
    for i, child in enumerate(node.children):
        if i == 0 and kind in ("union_type", "intersection_type") and child.type in ("|", "&"):
            continue  # a leading `|` before the first member is formatting
        _tokens(child, out)


def _spaced(prev: str, tok: str) -> bool:
    if tok == "}":
        return prev != "{"
    if prev == "{":
        return True
    if tok in _TIGHT_BEFORE or prev in _TIGHT_AFTER:
        return False
    if prev in (",", ";", ":") or prev in _BINARY or tok in _BINARY:
        return True
    if tok in _OPEN:
        return prev in _KEYWORDS
    return True


def _join(tokens: list[str]) -> str:
    kept = [
        tok
        for i, tok in enumerate(tokens)
        if not (tok in (",", ";") and (i + 1 == len(tokens) or tokens[i + 1] in _CLOSE))
    ]
    out: list[str] = []
    prev = ""
    for tok in kept:
        if prev and _spaced(prev, tok):
            out.append(" ")
        out.append(tok.lstrip("\0"))
        prev = tok
    return "".join(out)


def type_text(node: tree_sitter.Node | None) -> str:
    """Normalised text of a type (or any) node: tokens only, canonical spacing."""
    if node is None:
        return ""
    raw = _raw(node)
    key = (node.type, raw)
    found = _TYPE_TEXTS.get(key)
    if found is None:
        tokens: list[str] = []
        _tokens(node, tokens)
        if tokens and tokens[0] == ":" and node.type.endswith("annotation"):
            tokens = tokens[1:]
        found = _TYPE_TEXTS[key] = _join(tokens)
    return found


# The same source text of the same node type always normalises the same way, and type
# annotations repeat (`string`, `Promise<void>`): keep them for the process.
_TYPE_TEXTS: dict[tuple[str, bytes], str] = {}


def _texts(*nodes: tree_sitter.Node | None) -> str:
    tokens: list[str] = []
    for node in nodes:
        if node is not None:
            _tokens(node, tokens)
    return _join(tokens)


# --- declarations ----------------------------------------------------------------------


def _member_name(node: tree_sitter.Node | None) -> str | None:
    """A member's key; None for `#private` names."""
    if node is None:
        return None
    if node.type == "private_property_identifier":
        return None
    if node.type == "string" and node.is_named:
        return _quote(_text(node))[1:-1]
    if node.type == "computed_property_name":
        return type_text(node)
    return _text(node)


def _words(node: tree_sitter.Node) -> frozenset[str]:
    """The keywords and modifiers among a node's children: `?`, `static`, `private`, ..."""
    found = set()
    for child in node.children:
        if child.type == "accessibility_modifier":
            found.add(_text(child))
        elif not child.is_named:
            found.add(child.type)
    return frozenset(found)


def _has_token(node: tree_sitter.Node, *words: str) -> bool:
    return not _words(node).isdisjoint(words)


_HIDDEN = frozenset({"private", "protected"})


def _params(node: tree_sitter.Node | None) -> list[Shape]:
    params: list[Shape] = []
    if node is None:
        return params
    for param in _named(node):
        if param.type not in ("required_parameter", "optional_parameter"):
            continue
        pattern = param.child_by_field_name("pattern")
        if pattern is None:
            continue
        rest = pattern.type == "rest_pattern"
        if rest:
            inner = _named(pattern)
            name = "..." + (type_text(inner[0]) if inner else "")
        elif pattern.type in ("identifier", "this"):
            name = _text(pattern)
        else:
            name = type_text(pattern)
        entry: Shape = {
            "name": name,
            "optional": param.type == "optional_parameter"
            or param.child_by_field_name("value") is not None
            or rest,
        }
        annotation = param.child_by_field_name("type")
        if annotation is not None:
            entry["type"] = type_text(annotation)
        params.append(entry)
    return params


def _callable(node: tree_sitter.Node, kind: str, returns_field: str = "return_type") -> Shape:
    shape: Shape = {"kind": kind, "params": _params(node.child_by_field_name("parameters"))}
    returns = node.child_by_field_name(returns_field)
    if returns is not None:
        shape["returns"] = type_text(returns)
    generics = node.child_by_field_name("type_parameters")
    if generics is not None:
        shape["type"] = type_text(generics)
    return shape


def _overloads(shapes: list[Shape]) -> Shape:
    """The first signature, later ones as optional members `(2)`, `(3)`, ..."""
    first = dict(shapes[0])
    if len(shapes) > 1:
        first["members"] = {
            f"({i})": {**s, "kind": "overload", "optional": True}
            for i, s in enumerate(shapes[1:], 2)
        }
    return first


@dataclass
class _Members:
    """Members of an interface, object type or class, merged by name."""

    found: dict[str, list[tuple[Shape, bool]]] = field(default_factory=dict)

    def add(self, name: str, shape: Shape, implementation: bool = False) -> None:
        self.found.setdefault(name, []).append((shape, implementation))

    def result(self) -> dict[str, Shape]:
        out: dict[str, Shape] = {}
        for name, entries in self.found.items():
            shapes = [s for s, impl in entries if not impl] or [s for s, _ in entries]
            callables = [s for s in shapes if "params" in s and s.get("kind") != "property"]
            if len(callables) == len(shapes):
                out[name] = _overloads(shapes)
            else:
                props = [s for s in shapes if s.get("kind") == "property"]
                out[name] = _accessor(props) if props else shapes[0]
        return out


def _accessor(props: list[Shape]) -> Shape:
    if len(props) == 1:
        return props[0]
    merged = dict(props[0])
    merged.pop("readonly", None)
    for prop in props:
        if prop.get("type") and not merged.get("type"):
            merged["type"] = prop["type"]
    return merged


def _property(node: tree_sitter.Node, words: frozenset[str]) -> Shape:
    shape: Shape = {"kind": "property", "optional": "?" in words}
    annotation = node.child_by_field_name("type")
    if annotation is not None:
        shape["type"] = type_text(annotation)
    if "readonly" in words:
        shape["readonly"] = True
    value = node.child_by_field_name("value")
    if annotation is None and value is not None and value.type in _CALLABLE_VALUES:
        shape.update({k: v for k, v in _callable(value, "property").items() if k != "kind"})
    return shape


def _signature_member(
    members: _Members, node: tree_sitter.Node, impl: bool, words: frozenset[str]
) -> None:
    """A method signature or definition: a method, or a property when it is an accessor."""
    name = _member_name(node.child_by_field_name("name"))
    if name is None or not _HIDDEN.isdisjoint(words):
        return
    if "get" in words or "set" in words:
        getter = "get" in words
        shape: Shape = {"kind": "property", "optional": "?" in words}
        if getter:
            returns = node.child_by_field_name("return_type")
            if returns is not None:
                shape["type"] = type_text(returns)
            shape["readonly"] = True
        else:
            params = _params(node.child_by_field_name("parameters"))
            if params and "type" in params[0]:
                shape["type"] = params[0]["type"]
        members.add(name, shape)
        return
    shape = _callable(node, "method")
    if "?" in words:
        shape["optional"] = True
    members.add(name, shape, impl)


def _object_members(body: tree_sitter.Node) -> dict[str, Shape]:
    members = _Members()
    for node in _named(body):
        kind = node.type
        if kind == "property_signature":
            name = _member_name(node.child_by_field_name("name"))
            if name is not None:
                members.add(name, _property(node, _words(node)))
        elif kind == "method_signature":
            _signature_member(members, node, False, _words(node))
        elif kind == "call_signature":
            members.add("()", _callable(node, "call"))
        elif kind == "construct_signature":
            members.add("new()", _callable(node, "construct", "type"))
        elif kind == "index_signature":
            members.add(_index_key(node), _index(node))
    return members.result()


def _index_key(node: tree_sitter.Node) -> str:
    index_type = node.child_by_field_name("index_type")
    if index_type is not None:
        return f"[{type_text(index_type)}]"
    return "[" + _texts(*[c for c in _named(node) if not c.type.endswith("type_annotation")]) + "]"


def _index(node: tree_sitter.Node) -> Shape:
    shape: Shape = {"kind": "index"}
    annotation = node.child_by_field_name("type")
    if annotation is not None:
        shape["type"] = type_text(annotation)
    return shape


def _interface(node: tree_sitter.Node) -> Shape:
    shape: Shape = {"kind": "interface"}
    header = _texts(
        node.child_by_field_name("type_parameters"),
        *[c for c in _named(node) if c.type == "extends_type_clause"],
    )
    if header:
        shape["type"] = header
    body = node.child_by_field_name("body")
    shape["members"] = _object_members(body) if body is not None else {}
    _note_bases(shape, node)
    return shape


def _note_bases(shape: Shape, node: tree_sitter.Node) -> None:
    """The plain names a class or interface extends, for `_inherit` (then dropped)."""
    names: list[str] = []
    for clause in _named(node):
        if clause.type == "class_heritage":
            for part in _named(clause):
                value = part.child_by_field_name("value")
                if part.type == "extends_clause" and value is not None:
                    names.append(_text(value))
        elif clause.type == "extends_type_clause":
            names += _type_names(clause.children_by_field_name("type"))
    if names:
        shape[_BASES] = names
        _NOTED.get().append(shape)


def _type_names(types: Iterable[tree_sitter.Node]) -> list[str]:
    """The plain names among type references: `A` of `A` and `A<T>`, not `ns.A`."""
    names = []
    for node in types:
        name = node.child_by_field_name("name") if node.type == "generic_type" else node
        if name is not None and name.type == "type_identifier":
            names.append(_text(name))
    return names


_BASES = "\0bases"  # never in a lock: `_inherit` removes it
# The shapes given a `_BASES` note while one package is read (`_Package` sets the list).
_NOTED: ContextVar[list[Shape]] = ContextVar("_NOTED")


def _inherit(result: dict[str, Shape], noted: list[Shape]) -> None:
    """A class or interface gets the members of the exported types it extends (its own
    win): a consumer uses inherited members through it, and a member moved to a base
    has not left it. Bases the contract does not export are not known (not modelled)."""
    done: set[int] = set()

    def resolve(shape: Shape, stack: frozenset[str]) -> None:
        if id(shape) in done:
            return
        done.add(id(shape))
        inherited: dict[str, Shape] = {}
        unknown: list[str] = []
        for base_name in shape.get(_BASES, []):
            base = result.get(base_name)
            if base is None or "members" not in base:
                unknown.append(base_name)
                continue
            if base_name in stack:
                continue
            resolve(base, stack | {base_name})
            inherited.update(base["members"])
            unknown += base.get("inherits", [])
        if inherited:
            shape["members"] = {**inherited, **shape.get("members", {})}
        if unknown:  # bases charter cannot read: a member may live there now
            shape["inherits"] = sorted(set(unknown))

    for name, shape in result.items():
        resolve(shape, frozenset({name}))
    for shape in noted:  # drop the notes, nested ones too (namespaces)
        shape.pop(_BASES, None)


def _alias(node: tree_sitter.Node) -> Shape:
    shape: Shape = {"kind": "type"}
    generics = type_text(node.child_by_field_name("type_parameters"))
    value = node.child_by_field_name("value")
    if value is not None and value.type == "object_type" and not _is_mapped(value):
        shape["members"] = _object_members(value)
        if generics:
            shape["type"] = generics
    elif value is not None and (parts := _object_and_bases(value)) is not None:
        # `type X = { own } & A & B`: what `interface X extends A, B { own }` says
        body, bases = parts
        shape["members"] = _object_members(body)
        header = [generics, "extends", ", ".join(map(type_text, bases))]
        shape["type"] = _join(header if generics else header[1:])
        if names := _type_names(bases):
            shape[_BASES] = names
            _NOTED.get().append(shape)
    else:
        shape["type"] = (generics + " " if generics else "") + type_text(value)
    return shape


def _object_and_bases(
    node: tree_sitter.Node,
) -> tuple[tree_sitter.Node, list[tree_sitter.Node]] | None:
    """An intersection of one object type and named types: its object and the names."""
    parts: list[tree_sitter.Node] = []
    pending = [node]
    while pending:
        part = pending.pop()
        if part.type == "intersection_type":
            pending += reversed(_named(part))
        elif part.type == "parenthesized_type" and len(_named(part)) == 1:
            pending.append(_named(part)[0])
        else:
            parts.append(part)
    objects = [p for p in parts if p.type == "object_type" and not _is_mapped(p)]
    named = ("type_identifier", "generic_type", "nested_type_identifier")
    bases = [p for p in parts if p.type in named]
    if node.type != "intersection_type" or len(objects) != 1 or len(bases) != len(parts) - 1:
        return None
    return objects[0], bases


def _is_mapped(node: tree_sitter.Node) -> bool:
    """`{ [K in keyof T]: ... }`: a mapped type, whose text is what matters."""
    return any(
        c.type == "mapped_type_clause"
        for member in _named(node)
        if member.type == "index_signature"
        for c in member.named_children
    )


def _enum(node: tree_sitter.Node) -> Shape:
    values: list[str] = []
    body = node.child_by_field_name("body")
    for member in _named(body) if body is not None else []:
        target = member.child_by_field_name("name") if member.type == "enum_assignment" else member
        name = _member_name(target)
        value = member.child_by_field_name("value") if member.type == "enum_assignment" else None
        if name is not None:  # with its value: `Admin = "admin"` -> "administrator" breaks
            values.append(name if value is None else f"{name} = {type_text(value)}")
    return {"kind": "enum", "values": values}


def _class(node: tree_sitter.Node) -> Shape:
    shape: Shape = {"kind": "class"}
    heritage = [c for c in _named(node) if c.type == "class_heritage"]
    header = _texts(node.child_by_field_name("type_parameters"), *heritage)
    if node.type == "abstract_class_declaration":
        header = ("abstract " + header).strip()
    if header:
        shape["type"] = header
    members = _Members()
    statics = _Members()
    body = node.child_by_field_name("body")
    for member in _named(body) if body is not None else []:
        kind = member.type
        words = _words(member)
        target = statics if "static" in words else members
        if kind in ("method_definition", "method_signature", "abstract_method_signature"):
            name = _member_name(member.child_by_field_name("name"))
            if name == "constructor" and target is members:
                if _HIDDEN.isdisjoint(words):
                    _constructor(members, member, kind == "method_definition")
                continue
            _signature_member(target, member, kind == "method_definition", words)
        elif kind == "public_field_definition":
            name = _member_name(member.child_by_field_name("name"))
            if name is not None and _HIDDEN.isdisjoint(words):
                target.add(name, _property(member, words))
        elif kind == "index_signature":
            target.add(_index_key(member), _index(member))
    found = members.result()
    for name, static in statics.result().items():
        static = {**static, "kind": "static " + str(static.get("kind"))}
        found["static " + name if name in found else name] = static
    shape["members"] = found
    _note_bases(shape, node)
    return shape


def _constructor(members: _Members, node: tree_sitter.Node, impl: bool) -> None:
    shape = _callable(node, "constructor")
    members.add("constructor", shape, impl)
    parameters = node.child_by_field_name("parameters")
    for param in _named(parameters) if parameters is not None else []:
        words = _words(param)
        readonly = "readonly" in words
        if not (readonly or "public" in words) or not _HIDDEN.isdisjoint(words):
            continue  # a plain parameter, or a private/protected parameter property
        pattern = param.child_by_field_name("pattern")
        if pattern is None or pattern.type != "identifier":
            continue
        prop: Shape = {"kind": "property", "optional": param.type == "optional_parameter"}
        annotation = param.child_by_field_name("type")
        if annotation is not None:
            prop["type"] = type_text(annotation)
        if readonly:
            prop["readonly"] = True
        members.add(_text(pattern), prop)


def _bindings(pattern: tree_sitter.Node) -> Iterable[str]:
    """Names a destructuring pattern binds."""
    kind = pattern.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        yield _text(pattern)
    elif kind == "pair_pattern":
        value = pattern.child_by_field_name("value")
        if value is not None:
            yield from _bindings(value)
    elif kind == "assignment_pattern":
        left = pattern.child_by_field_name("left")
        if left is not None:
            yield from _bindings(left)
    else:
        for child in _named(pattern):
            yield from _bindings(child)


def _variables(node: tree_sitter.Node) -> list[tuple[str, Shape]]:
    keyword = next((c.type for c in node.children if c.type in ("const", "let", "var")), "var")
    kind = "const" if keyword == "const" else "let"
    out: list[tuple[str, Shape]] = []
    for declarator in _named(node):
        if declarator.type != "variable_declarator":
            continue
        name = declarator.child_by_field_name("name")
        if name is None:
            continue
        if name.type != "identifier":
            out += [(n, {"kind": kind}) for n in _bindings(name)]
            continue
        shape: Shape = {"kind": kind}
        annotation = declarator.child_by_field_name("type")
        value = declarator.child_by_field_name("value")
        if annotation is not None:
            shape["type"] = type_text(annotation)
        elif value is not None and value.type in _CALLABLE_VALUES:
            shape = _callable(value, "function")
        out.append((_text(name), shape))
    return out


# --- modules ---------------------------------------------------------------------------


@dataclass
class _Scope:
    """One file's (or namespace body's) declarations, imports and export statements."""

    path: str
    decls: dict[str, list[tuple[str, Shape, bool, int]]] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (src, name)
    locals: dict[str, tuple[str, int]] = field(default_factory=dict)  # exported -> local
    reexports: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # -> (src, name)
    stars: list[tuple[str, int]] = field(default_factory=list)
    values: dict[str, Shape] = field(default_factory=dict)  # exported -> shape

    def declare(self, name: str, kind: str, shape: Shape, line: int, impl: bool = False) -> None:
        self.decls.setdefault(name, []).append((kind, shape, impl, line))

    def merged(self, name: str) -> Shape:
        """One name's declarations merged: overloads, interface and namespace merging."""
        by_kind: dict[str, list[tuple[Shape, bool, int]]] = {}
        for kind, shape, impl, line in self.decls[name]:
            by_kind.setdefault(kind, []).append((shape, impl, line))
        merged: dict[str, Shape] = {}
        for kind, entries in by_kind.items():
            if len(entries) == 1:
                merged[kind] = entries[0][0]
            elif kind == "function":
                shapes = [s for s, impl, _ in entries if not impl] or [entries[0][0]]
                merged[kind] = _overloads(shapes)
            elif kind in ("interface", "namespace"):
                members: dict[str, Shape] = {}
                for shape, _, _ in entries:
                    members.update(shape.get("members", {}))
                merged[kind] = {**entries[0][0], "members": members}
            elif kind == "enum":
                values = [v for shape, _, _ in entries for v in shape.get("values", [])]
                merged[kind] = {"kind": "enum", "values": values}
            else:
                raise SurfaceError(
                    self.path,
                    entries[1][2],
                    f"{name} is declared more than once; fix the syntax and lock again",
                )
        if len(merged) == 1:
            return next(iter(merged.values()))
        return {"kind": "+".join(sorted(merged)), "members": merged}


def _string_value(node: tree_sitter.Node | None) -> str:
    return _quote(_text(node))[1:-1] if node is not None else ""


class _Reader:
    def __init__(self, path: str, default_names: frozenset[int] = frozenset()) -> None:
        self.path = path
        self.default_names = default_names

    def scan(self, block: tree_sitter.Node, ambient: bool) -> _Scope:
        scope = _Scope(self.path)
        for stmt in _named(block):
            self.statement(scope, stmt, ambient)
        return scope

    def statement(self, scope: _Scope, stmt: tree_sitter.Node, ambient: bool) -> None:
        kind = stmt.type
        if kind == "export_statement":
            self.export(scope, stmt, ambient)
        elif kind == "import_statement":
            self.imports(scope, stmt)
        elif kind == "ambient_declaration":
            self.ambient(scope, stmt, exported=ambient)
        else:
            for name in self.declare(scope, stmt, ambient):
                if ambient:
                    scope.locals.setdefault(name, (name, _line(stmt)))

    def ambient(self, scope: _Scope, stmt: tree_sitter.Node, exported: bool) -> list[str]:
        inner = _named(stmt)
        if not inner:
            return []
        target = inner[0]
        if target.type == "statement_block":  # declare global { ... }
            _augment(scope, "declare global", _namespace(self.scan(target, True)))
            return []
        if target.type == "module" and (
            (name := target.child_by_field_name("name")) is not None and name.type == "string"
        ):
            body = target.child_by_field_name("body")
            members = self.scan(body, True) if body is not None else _Scope(self.path)
            _augment(scope, f'declare module "{_string_value(name)}"', _namespace(members))
            return []
        names = self.declare(scope, target, True)
        if exported:
            for n in names:
                scope.locals.setdefault(n, (n, _line(stmt)))
        return names

    def declare(self, scope: _Scope, node: tree_sitter.Node, ambient: bool) -> list[str]:
        """Record a declaration's bindings; the names it declares."""
        kind = node.type
        line = _line(node)
        name_node = node.child_by_field_name("name")
        name = _text(name_node) if name_node is not None else ""
        if kind == "interface_declaration":
            scope.declare(name, "interface", _interface(node), line)
        elif kind == "type_alias_declaration":
            scope.declare(name, "type", _alias(node), line)
        elif kind == "enum_declaration":
            scope.declare(name, "enum", _enum(node), line)
        elif kind in _FUNCTIONS or kind == "function_signature":
            impl = kind in _FUNCTIONS
            scope.declare(name, "function", _callable(node, "function"), line, impl)
        elif kind in _CLASSES:
            scope.declare(name, "class", _class(node), line)
        elif kind in ("lexical_declaration", "variable_declaration"):
            names = []
            for var, shape in _variables(node):
                scope.declare(var, shape["kind"], shape, line)
                names.append(var)
            return names
        elif kind in ("internal_module", "module"):
            body = node.child_by_field_name("body")
            inner = self.scan(body, ambient) if body is not None else _Scope(self.path)
            scope.declare(name, "namespace", _namespace(inner), line)
        elif kind == "expression_statement":
            inner_nodes = _named(node)
            if inner_nodes and inner_nodes[0].type == "internal_module":
                return self.declare(scope, inner_nodes[0], ambient)
            return []
        elif kind == "ambient_declaration":
            return self.ambient(scope, node, exported=False)
        else:
            return []
        return [name]

    def imports(self, scope: _Scope, stmt: tree_sitter.Node) -> None:
        source = _string_value(stmt.child_by_field_name("source"))
        clause = next((c for c in _named(stmt) if c.type == "import_clause"), None)
        if clause is None:
            return
        for part in _named(clause):
            if part.type == "identifier":
                scope.imports[_text(part)] = (source, "default")
            elif part.type == "namespace_import":
                ids = [c for c in _named(part) if c.type == "identifier"]
                if ids:
                    scope.imports[_text(ids[0])] = (source, "*")
            elif part.type == "named_imports":
                for spec in _named(part):
                    imported = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or imported
                    if imported is not None and alias is not None:
                        scope.imports[_text(alias)] = (source, _text(imported))

    def export(self, scope: _Scope, stmt: tree_sitter.Node, ambient: bool) -> None:
        line = _line(stmt)
        default = _has_token(stmt, "default")
        source_node = stmt.child_by_field_name("source")
        declaration = stmt.child_by_field_name("declaration")
        value = stmt.child_by_field_name("value")
        clause = next((c for c in _named(stmt) if c.type == "export_clause"), None)
        star_as = next((c for c in _named(stmt) if c.type == "namespace_export"), None)
        if source_node is not None:
            source = _string_value(source_node)
            if clause is not None:
                for spec in _named(clause):
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or name
                    if name is not None and alias is not None:
                        scope.reexports[_text(alias)] = (source, _text(name), line)
            elif star_as is not None:
                ids = [c for c in _named(star_as) if c.type in ("identifier", "string")]
                if ids:
                    scope.reexports[_member_name(ids[0]) or ""] = (source, "*", line)
            else:
                scope.stars.append((source, line))
            return
        if clause is not None:
            for spec in _named(clause):
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias") or name
                if name is not None and alias is not None:
                    scope.locals[_text(alias)] = (_text(name), line)
            return
        if declaration is not None:
            name_node = declaration.child_by_field_name("name")
            if name_node is not None and name_node.start_byte in self.default_names:
                # `export default function (...)`, parsed with a stand-in name
                scope.declare("default", "function", _callable(declaration, "function"), line)
                scope.locals["default"] = ("default", line)
                return
            if declaration.type == "import_alias":
                raise SurfaceError(
                    self.path, line, "`export import` is not supported; export the names"
                )
            names = self.declare(scope, declaration, ambient)
            if not names and declaration.type not in ("ambient_declaration",):
                raise SurfaceError(
                    self.path, line, f"cannot read this export ({declaration.type})"
                )
            for declared in names:
                scope.locals.setdefault("default" if default else declared, (declared, line))
            return
        if value is not None and default:
            self.default_value(scope, value, line)
            return
        ids = [c for c in _named(stmt) if c.type == "identifier"]
        if _has_token(stmt, "=") and ids:  # export = x;
            scope.locals["export="] = (_text(ids[0]), line)
        elif _has_token(stmt, "namespace") and ids:  # export as namespace Lib;
            scope.values["export as namespace"] = {"kind": "namespace", "type": _text(ids[0])}
        else:
            raise SurfaceError(self.path, line, "cannot read this export statement")

    def default_value(self, scope: _Scope, value: tree_sitter.Node, line: int) -> None:
        if value.type == "identifier":
            scope.locals["default"] = (_text(value), line)
        elif value.type in _CALLABLE_VALUES:
            scope.values["default"] = _callable(value, "function")
        elif value.type in _CLASSES:
            scope.values["default"] = _class(value)
        else:
            scope.values["default"] = {"kind": "value"}


def _augment(scope: _Scope, key: str, block: Shape) -> None:
    """Blocks of one `declare module "x"` (or `declare global`) add up, as in TypeScript."""
    earlier = scope.values.get(key)
    if earlier is not None:
        block = {**block, "members": {**earlier.get("members", {}), **block["members"]}}
    scope.values[key] = block


def _namespace(scope: _Scope) -> Shape:
    members: dict[str, Shape] = {}
    for exported, (local, line) in scope.locals.items():
        if local in scope.decls:
            members[exported] = scope.merged(local)
        elif local in scope.imports:  # declare module "x" { import { a } from "y"; export { a } }
            source, name = scope.imports[local]
            members[exported] = _reexport(source, name, exported)
        else:
            raise SurfaceError(scope.path, line, f"exports {local}, which is not declared here")
    for exported, (source, name, _) in scope.reexports.items():
        members[exported] = _reexport(source, name, exported)
    for source, _ in scope.stars:
        members[f'* from "{source}"'] = _reexport(source, "*", "*")
    members.update(scope.values)
    return {"kind": "namespace", "members": members}


def _reexport(source: str, name: str, exported: str) -> Shape:
    return {"kind": "reexport", "type": source if name in (exported, "*") else f"{source}#{name}"}


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing:
            found = _first_error(child)
            if found is not None:
                return found
    return None


# TypeScript that tree-sitter-typescript (0.23.2, the newest release; its grammar at HEAD
# too) does not parse, though tsc accepts it. Each is rewritten, for a second parse only,
# into a form the grammar knows, of the same length on the same line, so that every node
# keeps its byte range and its text is read from the file as written (`_SOURCE`).
_TYPE_STAR = re.compile(rb"\bexport[ \t]+(type)(?=[ \t]*\*)")  # export type * from (TS 5.0)
_VARIANCE = re.compile(  # <in T>, <out T>, <in out T>, <const in T> (TS 4.7)
    rb"[<,](?:\s|/\*.*?\*/|//[^\n]*)*(?:const[ \t]+)?(in[ \t]+out|in|out)"
    rb"(?=[ \t]+[A-Za-z_$][\w$]*\s*(?:extends\b|=|,|>))",
    re.S,
)
_IMPORT_GENERIC = re.compile(  # import("./x").Name<T>: generic arguments after import()
    rb"\bimport\([ \t]*(?:\"[^\"\n]*\"|'[^'\n]*')[ \t]*\)(?=[ \t]*\.[\w$.]+[ \t]*<)"
)
_DEFAULT_FUNCTION = re.compile(  # export default function (): T;  (no name, no body)
    rb"\bexport[ \t]+(default[ \t]+function[ \t]*)(?=[<(])"
)


@dataclass(frozen=True)
class _Parsed:
    root: tree_sitter.Node
    # Where `export default function (...)` got a stand-in name: those names' offsets.
    default_names: frozenset[int] = frozenset()


def _repair(data: bytes) -> tuple[bytes, frozenset[int]]:
    out = bytearray(data)
    for pattern in (_TYPE_STAR, _VARIANCE):
        for match in pattern.finditer(data):
            out[match.start(1) : match.end(1)] = b" " * (match.end(1) - match.start(1))
    for match in _IMPORT_GENERIC.finditer(data):  # one identifier in its place
        out[match.start() : match.end()] = b"I" + b"_" * (match.end() - match.start() - 1)
    names = set()
    for match in _DEFAULT_FUNCTION.finditer(data):  # `default function (` -> `function _(`
        start, end = match.start(1), match.end(1)
        stand_in = b"function " + b"_" * (end - start - len(b"function "))
        out[start:end] = stand_in
        names.add(start + len(b"function "))
    return bytes(out), frozenset(names)


def _parse(path: str, data: bytes) -> _Parsed:
    parser = _parser(path.endswith(".tsx"))
    root = parser.parse(data).root_node
    if not root.has_error:
        return _Parsed(root)
    repaired, default_names = _repair(data)
    if repaired != data:
        root = parser.parse(repaired).root_node
        if not root.has_error:
            return _Parsed(root, default_names)
    bad = _first_error(root) or root  # after repair: an error tsc would report too
    what = "a missing " + bad.type if bad.is_missing else "a syntax error"
    raise SurfaceError(
        path, _line(bad), f"cannot parse TypeScript ({what}); fix the syntax and lock again"
    )


def _is_script(path: str, root: tree_sitter.Node) -> bool:
    """A `.d.ts` without top-level import/export declares globals."""
    return path.endswith(".d.ts") and not any(
        c.type in ("import_statement", "export_statement") for c in root.named_children
    )


class _Package:
    """Every file of the contract, with exports resolved across them."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.scopes: dict[str, _Scope] = {}
        self.noted: list[Shape] = []
        noting = _NOTED.set(self.noted)
        try:
            self._read(files)
        finally:
            _NOTED.reset(noting)
        self.done: dict[str, dict[str, tuple[Origin, Shape]]] = {}

    def _read(self, files: Mapping[str, bytes]) -> None:
        for path in sorted(files):
            parsed = _parse(path, files[path])
            token = _SOURCE.set(files[path])
            try:
                reader = _Reader(path, parsed.default_names)
                self.scopes[path] = reader.scan(parsed.root, _is_script(path, parsed.root))
            finally:
                _SOURCE.reset(token)

    def resolve_path(self, importer: str, source: str) -> str | None:
        if not source.startswith("."):
            return None
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), source))
        stems = [base]
        for js, ts in ((".js", ".ts"), (".jsx", ".tsx"), (".mjs", ".mts"), (".cjs", ".cts")):
            if base.endswith(js):  # "./types.js" names types.ts, or types.d.ts beside types.js
                stems += [base[: -len(js)] + ts, base[: -len(js)] + ".d" + ts]
        for stem in stems:
            for suffix in _RESOLVE_SUFFIXES:
                if stem + suffix in self.scopes:
                    return stem + suffix
        return None

    def imported(
        self, path: str, source: str, name: str, exported: str, line: int, stack: frozenset[str]
    ) -> tuple[Origin, Shape]:
        target = self.resolve_path(path, source)
        if target is None:
            return ("reexport", source, name), _reexport(source, name, exported)
        exports = self.exports(target, stack)
        if name == "*":
            members = {n: shape for n, (_, shape) in exports.items()}
            return (target, "*"), {"kind": "namespace", "members": members}
        if name not in exports:
            if target in stack:  # a cycle: keep it as written
                return ("reexport", source, name), _reexport(source, name, exported)
            raise SurfaceError(path, line, f"{source} does not export {name}")
        return exports[name]

    def exports(
        self, path: str, stack: frozenset[str] = frozenset()
    ) -> dict[str, tuple[Origin, Shape]]:
        if path in self.done:
            return self.done[path]
        if path in stack:
            return {}
        stack = stack | {path}
        scope = self.scopes[path]
        out: dict[str, tuple[Origin, Shape]] = {}
        for exported, (local, line) in scope.locals.items():
            if local in scope.decls:
                out[exported] = ((path, local), scope.merged(local))
            elif local in scope.imports:
                source, name = scope.imports[local]
                out[exported] = self.imported(path, source, name, exported, line, stack)
            else:
                raise SurfaceError(path, line, f"exports {local}, which is not declared here")
        for exported, (source, name, line) in scope.reexports.items():
            out[exported] = self.imported(path, source, name, exported, line, stack)
        for exported, shape in scope.values.items():
            out[exported] = ((path, exported), shape)
        for source, _ in sorted(scope.stars):
            target = self.resolve_path(path, source)
            if target is None:
                key = f'* from "{source}"'
                out[key] = (("reexport", source, "*"), _reexport(source, "*", "*"))
                continue
            for name, entry in self.exports(target, stack).items():
                if name != "default":
                    out.setdefault(name, entry)
        if not stack - {path}:
            self.done[path] = out
        return out

    def surface(self) -> dict[str, Any]:
        by_name: dict[str, list[tuple[str, Origin, Shape]]] = {}
        for path in self.scopes:
            for name, (origin, shape) in self.exports(path).items():
                by_name.setdefault(name, []).append((path, origin, shape))
        result: dict[str, Any] = {}
        for name, entries in by_name.items():
            if len({origin for _, origin, _ in entries}) == 1:
                result[name] = entries[0][2]
            else:
                for path, _, shape in entries:
                    result[f"{path}#{name}"] = shape
        _inherit(result, self.noted)
        return result


def extract_exports(files: Mapping[str, bytes]) -> dict[str, Any]:
    """The exported API of a contract's TypeScript files, keyed by exported name."""
    return _Package(files).surface()
