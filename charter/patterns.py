"""CODEOWNERS path patterns, compiled once and indexed so that lookups stay fast.

Semantics follow GitHub's CODEOWNERS documentation (checked against the conformance
vectors in shared/conformance, taken from hmarr/codeowners):

* paths are repo-relative POSIX paths, case-sensitive;
* ``*`` matches within one segment, ``?`` one character, ``**`` any number of segments;
* a leading ``/`` or a ``/`` in the middle anchors the pattern at the repository root,
  otherwise it matches at any depth;
* a pattern matches a path itself and everything below it, except that a trailing lone
  ``*`` segment matches only direct children (``docs/*``) and a trailing ``/`` matches
  only what is below the directory;
* ``\\`` escapes the next character.

Rejected, so every map exports to a CODEOWNERS file GitHub reads the same way: ``!``
negation, ``[...]`` ranges, empty patterns, ``***``, empty, ``.`` or ``..`` segments, a
dangling ``\\``, a leading ``#`` (a comment in CODEOWNERS; write ``\\#``) and patterns made
only of ``**`` and slashes other than ``**`` itself (``**/``, ``**/**``: tools disagree).

`RuleIndex` answers "which rules match this path" without trying every rule: rules are
grouped by their literal leading segments (a trie), unanchored single-name rules by name
or by extension, and only the rest are tried one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

_SPECIAL = frozenset("*?\\")


class PatternError(ValueError):
    """A pattern charter refuses; the message says why and what to write instead."""


class Pattern:
    """One validated pattern; its regular expression is compiled on first use.

    Most lookups are settled by the literal index without a regex, and hooks load a
    thousand patterns on every commit, so compiling them all up front would be wasted.
    """

    __slots__ = (
        "_regex",
        "anchored",
        "name",
        "needs_child",
        "prefix",
        "prefix_is_whole",
        "source",
        "text",
    )

    def __init__(
        self,
        text: str,
        source: str,
        *,
        anchored: bool,
        prefix: tuple[str, ...],
        prefix_is_whole: bool,
        name: str | None,
        needs_child: bool,
    ) -> None:
        self.text = text
        self.source = source  # the regular expression, as text
        self.anchored = anchored
        # Literal leading segments (for the trie); empty when it starts with a wildcard.
        self.prefix = prefix
        # True when reaching the trie node at the end of `prefix` proves the match.
        self.prefix_is_whole = prefix_is_whole
        # For unanchored one-name patterns: the name (literal) or '*'+suffix, else None.
        self.name = name
        # 'dir/' and 'dir/**' match only what lies below the directory.
        self.needs_child = needs_child
        self._regex: re.Pattern[str] | None = None

    def __getstate__(self) -> tuple[object, ...]:
        return (
            self.text,
            self.source,
            self.anchored,
            self.prefix,
            self.prefix_is_whole,
            self.name,
            self.needs_child,
        )

    def __setstate__(self, state: tuple[object, ...]) -> None:
        (
            self.text,
            self.source,
            self.anchored,
            self.prefix,
            self.prefix_is_whole,
            self.name,
            self.needs_child,
        ) = state  # type: ignore[assignment]
        self._regex = None

    def __repr__(self) -> str:
        return f"Pattern({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.source, re.DOTALL)
        return self._regex

    def matches(self, path: str) -> bool:
        return self.regex.fullmatch(path) is not None


def _split_segments(text: str) -> list[str]:
    """Split on unescaped slashes, keeping escapes in place."""
    segments: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == "/":
            segments.append("".join(current))
            current = []
        else:
            current.append(ch)
    segments.append("".join(current))
    return segments


def _validate(text: str) -> None:
    if text == "" or text.strip() == "":
        raise PatternError("empty pattern; write a path such as 'src/' or '*.md'")
    if text.startswith("!"):
        raise PatternError(
            f"{text!r}: negation ('!') is not supported by CODEOWNERS; "
            "list the paths the instance owns instead"
        )
    if text.startswith("#"):
        raise PatternError(f"{text!r}: a leading '#' starts a comment in CODEOWNERS; write '\\#'")
    if "***" in text:
        raise PatternError(f"{text!r}: '***' is not a valid wildcard; use '**' or '*'")
    if text in ("/", "//"):
        raise PatternError(f"{text!r} matches nothing; to own everything write '**'")
    escaped = False
    for ch in text:
        if escaped:
            if ch == "/":
                raise PatternError(f"{text!r}: a slash cannot be escaped")
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "[]":
            raise PatternError(
                f"{text!r}: character ranges ('[...]') are not supported by CODEOWNERS; "
                "list each path, or use '?' or '*'"
            )
    if escaped:
        raise PatternError(f"{text!r}: a trailing '\\' escapes nothing; remove it")
    if text.endswith("//"):
        raise PatternError(f"{text!r}: end the pattern with one '/'")
    # Drop one leading and one trailing slash only, so that '//a' is refused below.
    body = text[1:] if text.startswith("/") else text
    body = body[:-1] if body.endswith("/") else body
    segments = _split_segments(body)
    for segment in segments:
        if segment == "":
            raise PatternError(f"{text!r}: empty path segment ('//'); use a single '/'")
        if segment in (".", ".."):
            raise PatternError(
                f"{text!r}: '.' and '..' segments are not allowed; write the path from the "
                "repository root"
            )
        if "**" in segment and segment != "**":
            raise PatternError(
                f"{text!r}: '**' must stand alone between slashes (like 'a/**/b'); "
                "use '*' inside a name"
            )
    if text not in ("**", "/**") and all(segment == "**" for segment in segments):
        # '**/', '/**/', '**/**': hmarr/codeowners reads these as matching nothing, git as
        # every path inside a directory; refuse rather than guess GitHub's reading.
        raise PatternError(
            f"{text!r}: tools read a pattern made only of '**' and '/' differently; "
            "to own everything write '**'"
        )


def _segment_regex(segment: str) -> str:
    out: list[str] = []
    escaped = False
    for ch in segment:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _is_literal(segment: str) -> bool:
    return not (_SPECIAL & set(segment))


def compile_pattern(text: str) -> Pattern:
    """Validate and compile one pattern; raise `PatternError` with advice when refused."""
    _validate(text)
    segments = _split_segments(text)
    # A slash anywhere but at the end anchors the pattern at the root.
    anchored = "/" in (text[:-1] if text.endswith("/") else text)
    if segments[0] == "":
        segments = segments[1:]
    dir_only = len(segments) > 1 and segments[-1] == ""
    if dir_only:
        segments[-1] = "**"
    if not anchored and segments[0] != "**":
        segments.insert(0, "**")
    # '**/**' is '**' (git agrees); collapsing also makes '**/**/a' match 'a'.
    segments = [s for i, s in enumerate(segments) if s != "**" or segments[i - 1 : i] != ["**"]]

    last = len(segments) - 1
    parts: list[str] = []
    need_slash = False
    for i, segment in enumerate(segments):
        if segment == "**":
            if i == 0 and i == last:
                parts.append(".+")
            elif i == 0:
                parts.append("(?:.+/)?")
                need_slash = False
            elif i == last:
                parts.append("/.*")
            else:
                parts.append("(?:/.+)?")
                need_slash = True
            continue
        if need_slash:
            parts.append("/")
        if segment == "*":
            # A lone trailing '*' matches direct children only (GitHub's 'docs/*').
            parts.append("[^/]+")
        else:
            parts.append(_segment_regex(segment))
            if i == last:
                parts.append("(?:/.*)?")
        need_slash = True
    source = "".join(parts)

    # A trailing '**' ('dir/' or 'dir/**') matches only what lies below the directory.
    needs_child = len(segments) > 1 and segments[-1] == "**"
    prefix: list[str] = []
    for segment in segments:
        if segment == "**" or not _is_literal(segment):
            break
        prefix.append(segment)
    literal_tail = segments[len(prefix) :]
    prefix_is_whole = bool(prefix) and literal_tail in ([], ["**"])

    name: str | None = None
    if segments[0] == "**":
        rest = segments[1:-1] if needs_child else segments[1:]
        if len(rest) == 1:
            candidate = rest[0]
            if _is_literal(candidate) or (
                candidate.startswith("*.") and _is_literal(candidate[1:])
            ):
                name = candidate
    return Pattern(
        text,
        source,
        anchored=anchored,
        prefix=tuple(prefix),
        prefix_is_whole=prefix_is_whole,
        name=name,
        needs_child=needs_child,
    )


T = TypeVar("T")


class _Node(Generic[T]):
    __slots__ = ("children", "rules")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.rules: list[tuple[Pattern, T]] = []


# Rules matching every path in a directory; rules to try on each path (with the bound
# `fullmatch` of their regex); the trie node reached by the directory's segments (None
# when the walk left the trie); ids of the name and extension rules already in the first.
_DirEntry = tuple[
    tuple[tuple[Pattern, T], ...],
    tuple[tuple[Callable[[str], object], tuple[Pattern, T]], ...],
    "_Node[T] | None",
    frozenset[int],
]
_DIR_CACHE_SIZE = 1 << 16


class RuleIndex(Generic[T]):
    """Rules (pattern + payload) indexed for fast "which rules match this path" queries.

    `matching(path)` returns every matching rule; exclusivity (at most one owner) is the
    caller's policy, so overlaps can be reported rather than silently resolved.
    """

    def __init__(self, rules: Iterable[tuple[Pattern, T]] = ()) -> None:
        self._root: _Node[T] = _Node()
        self._names: dict[str, list[tuple[Pattern, T]]] = {}
        self._extensions: dict[str, list[tuple[Pattern, T]]] = {}
        self._generic: list[tuple[Pattern, T]] = []
        # Per directory: what `_directory` found, reused by every path inside it.
        self._dirs: dict[str, _DirEntry[T]] = {}
        self._ext_keys: tuple[str, ...] = ()  # the keys of _extensions, for str.endswith
        self._count = 0
        for pattern, payload in rules:
            self.add(pattern, payload)

    def __len__(self) -> int:
        return self._count

    def add(self, pattern: Pattern, payload: T) -> None:
        self._count += 1
        self._dirs.clear()
        rule = (pattern, payload)
        if pattern.prefix:
            node = self._root
            for segment in pattern.prefix:
                node = node.children.setdefault(segment, _Node())
            node.rules.append(rule)
        elif pattern.name is not None and pattern.name.startswith("*."):
            self._extensions.setdefault(pattern.name[1:], []).append(rule)
            self._ext_keys = tuple(self._extensions)
        elif pattern.name is not None:
            self._names.setdefault(pattern.name, []).append(rule)
        else:
            self._generic.append(rule)

    def matching(self, path: str) -> list[tuple[Pattern, T]]:
        """Every rule whose pattern matches `path`, each once, in no particular order."""
        directory, _, name = path.rpartition("/")
        entry = self._dirs.get(directory)
        if entry is None:
            entry = self._directory(directory)
        sure, check, node, seen = entry
        found = list(sure)
        if node is not None:
            child = node.children.get(name)
            if child is not None:
                for rule in child.rules:
                    pattern = rule[0]
                    if pattern.prefix_is_whole:
                        # The literal walk proved the match, but 'dir/' needs a child.
                        if not pattern.needs_child:
                            found.append(rule)
                    elif pattern.regex.fullmatch(path):
                        found.append(rule)
        names = self._names.get(name)
        if names:
            for rule in names:
                if not rule[0].needs_child and id(rule) not in seen:
                    found.append(rule)
        if self._ext_keys and name.endswith(self._ext_keys):
            dot = name.find(".")
            while dot != -1:
                rules = self._extensions.get(name[dot:])
                if rules:
                    for rule in rules:
                        if not rule[0].needs_child and id(rule) not in seen:
                            found.append(rule)
                dot = name.find(".", dot + 1)
        for fullmatch, rule in check:
            if fullmatch(path):
                found.append(rule)
        return found

    def _directory(self, directory: str) -> _DirEntry[T]:
        """What the rules say about the paths directly inside `directory`, as far as the
        directory alone decides: every path there lies below each of its segments."""
        sure: list[tuple[Pattern, T]] = []
        check: list[tuple[Callable[[str], object], tuple[Pattern, T]]] = []
        seen: set[int] = set()
        node: _Node[T] | None = self._root
        for segment in directory.split("/") if directory else ():
            if node is not None:
                node = node.children.get(segment)
                if node is not None:
                    for rule in node.rules:
                        if rule[0].prefix_is_whole:
                            sure.append(rule)
                        else:
                            check.append((rule[0].regex.fullmatch, rule))
            for rule in self._names.get(segment, ()):
                if id(rule) not in seen:
                    seen.add(id(rule))
                    sure.append(rule)
            dot = segment.find(".")
            while dot != -1 and self._extensions:
                for rule in self._extensions.get(segment[dot:], ()):
                    if id(rule) not in seen:
                        seen.add(id(rule))
                        sure.append(rule)
                dot = segment.find(".", dot + 1)
        check.extend((rule[0].regex.fullmatch, rule) for rule in self._generic)
        entry = (tuple(sure), tuple(check), node, frozenset(seen))
        if len(self._dirs) >= _DIR_CACHE_SIZE:
            self._dirs.clear()
        self._dirs[directory] = entry
        return entry


def compile_all(texts: Sequence[str]) -> list[Pattern]:
    return [compile_pattern(t) for t in texts]


def witness_paths(pattern: Pattern) -> list[str]:
    """A few concrete paths the pattern matches, to test it against another pattern.

    Used to refuse a new pattern that would overlap an existing one even before any
    file exists there.
    """
    text = pattern.text.lstrip("/")
    segments = _split_segments(text)
    concrete: list[str] = []
    for segment in segments:
        if segment == "**":
            continue
        if segment == "":
            concrete.append("file")
            continue
        out = []
        escaped = False
        for ch in segment:
            if escaped:
                out.append(ch)
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == "*" or ch == "?":
                out.append("x")
            else:
                out.append(ch)
        concrete.append("".join(out))
    base = "/".join(concrete) or "x"
    candidates = [base, f"{base}/file", f"x/{base}"]
    return [c for c in candidates if pattern.matches(c)]
