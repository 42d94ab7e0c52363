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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

_SPECIAL = frozenset("*?\\")


class PatternError(ValueError):
    """A pattern charter refuses; the message says why and what to write instead."""


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern."""

    text: str
    regex: re.Pattern[str] = field(repr=False, compare=False)
    anchored: bool
    # Literal leading segments (for the trie); empty when the pattern starts with a wildcard.
    prefix: tuple[str, ...]
    # True when reaching the trie node at the end of `prefix` proves the match.
    prefix_is_whole: bool
    # For unanchored one-name patterns: the name (literal) or '*'+suffix, else None.
    name: str | None
    needs_child: bool  # 'dir/' and 'dir/**' match only what lies below the directory

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
    regex = re.compile("".join(parts), re.DOTALL)

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
        text=text,
        regex=regex,
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
        self._count = 0
        for pattern, payload in rules:
            self.add(pattern, payload)

    def __len__(self) -> int:
        return self._count

    def add(self, pattern: Pattern, payload: T) -> None:
        self._count += 1
        rule = (pattern, payload)
        if pattern.prefix:
            node = self._root
            for segment in pattern.prefix:
                node = node.children.setdefault(segment, _Node())
            node.rules.append(rule)
        elif pattern.name is not None and pattern.name.startswith("*."):
            self._extensions.setdefault(pattern.name[1:], []).append(rule)
        elif pattern.name is not None:
            self._names.setdefault(pattern.name, []).append(rule)
        else:
            self._generic.append(rule)

    def matching(self, path: str) -> list[tuple[Pattern, T]]:
        """Every rule whose pattern matches `path`, each once, in no particular order."""
        found: list[tuple[Pattern, T]] = []
        segments = path.split("/")
        depth = len(segments)
        node = self._root
        for level, segment in enumerate(segments, 1):
            child = node.children.get(segment)
            if child is None:
                break
            node = child
            for rule in node.rules:
                pattern = rule[0]
                if pattern.prefix_is_whole:
                    # The literal walk proved the match, except that 'dir/' needs a child.
                    if not pattern.needs_child or depth > level:
                        found.append(rule)
                elif pattern.regex.fullmatch(path):
                    found.append(rule)
        if self._names or self._extensions:
            by_name: dict[int, tuple[Pattern, T]] = {}
            for level, segment in enumerate(segments, 1):
                below = level < depth
                for rule in self._names.get(segment, ()):
                    if below or not rule[0].needs_child:
                        by_name[id(rule)] = rule
                dot = segment.find(".")
                while dot != -1 and self._extensions:
                    for rule in self._extensions.get(segment[dot:], ()):
                        if below or not rule[0].needs_child:
                            by_name[id(rule)] = rule
                    dot = segment.find(".", dot + 1)
            found.extend(by_name.values())
        for rule in self._generic:
            if rule[0].regex.fullmatch(path):
                found.append(rule)
        return found


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
