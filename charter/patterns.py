"""CODEOWNERS path patterns, compiled once and indexed so that lookups stay fast.

Semantics follow GitHub's CODEOWNERS documentation (checked against the conformance
vectors in tests/data/conformance, taken from hmarr/codeowners, and against the separate
reference in tests/testing/codeowners_reference.py):

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
dangling ``\\``, a leading ``#`` or ``\\#`` (a comment in CODEOWNERS, where GitHub does not
honour the escape; write ``**/#name``) and patterns made
only of ``**`` and slashes other than ``**`` itself (``**/``, ``**/**``: tools disagree).

`RuleIndex` answers "which rules match this path" without trying every rule: rules are
grouped by their literal leading segments (a trie), unanchored single-name rules by name
or by extension, unanchored one-segment globs ('**/*Test*') tested on each name, and only
the rest are tried one by one.
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Generic, TypeVar

from charter.errors import PatternError as PatternError  # re-exported: callers know it here

_SPECIAL = frozenset("*?\\")


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


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split on unescaped `separator`s, keeping escapes in place:
    ('a*b\\*c', '*') -> ['a', 'b\\*c']."""
    pieces: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == separator:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


def _split_segments(text: str) -> list[str]:
    """Split on unescaped slashes, keeping escapes in place."""
    return _split_unescaped(text, "/")


def _validate(text: str) -> None:
    if text == "" or text.strip() == "":
        raise PatternError("empty pattern; write a path such as 'src/' or '*.md'")
    if text.startswith("!"):
        raise PatternError(
            f"{text!r}: negation ('!') is not supported by CODEOWNERS; "
            "list the paths the instance owns instead"
        )
    if text.startswith(("#", "\\#")):
        # GitHub: escaping a leading '#' with '\\' "doesn't work" in CODEOWNERS.
        name = text[2:] if text.startswith("\\") else text[1:]
        raise PatternError(
            f"{text!r}: a line starting with '#' is a comment in CODEOWNERS, and GitHub does "
            f"not honour '\\#'; write '**/#{name}' (any depth) or '/#{name}' (the root only)"
        )
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


def _chunk_regex(chunk: str) -> str:
    """A piece of a segment without unescaped '*': literals and '?', one character each."""
    out: list[str] = []
    escaped = False
    for ch in chunk:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class _Atomic:
    """Atomic groups for Python 3.10, which lacks '(?>...)': a lookahead is never
    re-entered once it succeeded, so '(?=(?P<a0>X))(?P=a0)' matches what X first matches
    and commits to it. Each group needs a name unique within its expression."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, inner: str) -> str:
        name = f"a{self.count}"
        self.count += 1
        return f"(?=(?P<{name}>{inner}))(?P={name})"


def _segment_regex(segment: str, atomic: _Atomic | None = None) -> str:
    """One segment's glob as a regex that runs in time linear in the name's length.

    'a*b*c' is read as 'a', then the leftmost 'b' (committed: if any match exists, one
    exists with the leftmost 'b', since the rest then has more room), then any run ending
    in 'c'. Translating each '*' to a plain '[^/]*' would let the engine retry every
    split of the name among the stars: '*-*-*-*-*.ts' against a 240-character name that
    does not end in '.ts' takes tens of seconds.
    """
    chunks = _split_unescaped(segment, "*")
    if len(chunks) == 1:
        return _chunk_regex(chunks[0])
    atomic = atomic or _Atomic()
    middle = "".join(atomic(f"[^/]*?{_chunk_regex(c)}") for c in chunks[1:-1])
    return f"{_chunk_regex(chunks[0])}{middle}[^/]*{_chunk_regex(chunks[-1])}"


def _is_literal(segment: str) -> bool:
    return not (_SPECIAL & set(segment))


def _literal_text(segment: str) -> str | None:
    """The name a segment without wildcards stands for, escapes removed ('a\\[1\\]' ->
    'a[1]'), or None when it has an unescaped '*' or '?'."""
    if _is_literal(segment):
        return segment
    tokens = _glob_tokens(segment)
    if "*" in tokens or "?" in tokens:
        return None
    return "".join(token[1] for token in tokens)


def _normalize(text: str) -> tuple[list[str], bool]:
    """A valid pattern as segments matched from the root, and whether it was anchored:
    'a/' -> ['**', 'a', '**'], '/a/*.md' -> ['a', '*.md']."""
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
    return segments, anchored


def compile_pattern(text: str) -> Pattern:
    """Validate and compile one pattern; raise `PatternError` with advice when refused."""
    _validate(text)
    segments, anchored = _normalize(text)

    source = _source(segments)

    # A trailing '**' ('dir/' or 'dir/**') matches only what lies below the directory.
    needs_child = len(segments) > 1 and segments[-1] == "**"
    prefix: list[str] = []  # the names, escapes removed: the trie is keyed by real names
    for segment in segments:
        literal = None if segment == "**" else _literal_text(segment)
        if literal is None:
            break
        prefix.append(literal)
    literal_tail = segments[len(prefix) :]
    prefix_is_whole = bool(prefix) and literal_tail in ([], ["**"])

    name: str | None = None
    if segments[0] == "**":
        rest = segments[1:-1] if needs_child else segments[1:]
        if len(rest) == 1:
            candidate = rest[0]
            literal = _literal_text(candidate)
            suffix = _literal_text(candidate[1:]) if candidate.startswith("*.") else None
            if literal is not None:
                name = literal
            elif suffix is not None:
                name = "*" + suffix
    return Pattern(
        text,
        source,
        anchored=anchored,
        prefix=tuple(prefix),
        prefix_is_whole=prefix_is_whole,
        name=name,
        needs_child=needs_child,
    )


def _source(segments: list[str]) -> str:
    """The regex of normalised segments, matching in time linear in the path's length.

    The segments are cut at each '**' into chunks of whole segments. A chunk after a
    '**' is matched at its leftmost place and committed to (an atomic group): a later
    place only leaves less room for the rest, which begins with another '**' or is
    "anything below". Only a final chunk that must end the path ('**/a/*') is tried at
    each place, each try bounded by the chunk's own length. Nested '(?:.+/)?' groups,
    as a direct translation gives, make the engine retry every split of the path among
    the '**'s: '**/a/**/b/**/c.txt' against a 1,600-character path takes seconds.
    """
    if segments == ["**"]:
        return ".+"
    needs_child = segments[-1] == "**"
    body = segments[:-1] if needs_child else segments
    exact = body[-1] == "*"  # a trailing lone '*': direct children only
    if needs_child:
        tail = "/.*"
    elif exact:
        tail = ""
    else:
        tail = "(?:/.*)?"
    chunks: list[list[str]] = [[]]
    for segment in body:
        if segment == "**":
            chunks.append([])
        else:
            chunks[-1].append(segment)
    atomic = _Atomic()

    def chunk_regex(chunk: list[str]) -> str:
        return "/".join("[^/]+" if s == "*" else _segment_regex(s, atomic) for s in chunk)

    parts = [chunk_regex(chunks[0])] if chunks[0] else []
    for i, chunk in enumerate(chunks[1:], 1):
        # Any number of whole segments; after an earlier chunk, first its slash.
        skip = "(?:[^/]+/)*?" if i == 1 and not chunks[0] else "/(?:[^/]+/)*?"
        if i == len(chunks) - 1 and exact:
            parts.append(skip + chunk_regex(chunk))
        else:
            parts.append(atomic(skip + chunk_regex(chunk) + "(?![^/])"))
    return "".join(parts) + tail


class _Plan:
    """A pattern without '**' (except a trailing one), matched segment by segment: the
    first len(segments) segments of a path must match, then the path may go on below
    unless `exact` (a trailing lone '*'), and must go on below if `needs_child`."""

    __slots__ = ("exact", "needs_child", "segments")

    def __init__(
        self, segments: tuple[Callable[[str], object], ...], exact: bool, needs_child: bool
    ) -> None:
        self.segments = segments  # one test per segment: truthy when a name matches
        self.exact = exact
        self.needs_child = needs_child


def _plan(pattern: Pattern) -> _Plan | None:
    segments, _ = _normalize(pattern.text)
    needs_child = segments[-1] == "**" and len(segments) > 1
    if needs_child:
        segments = segments[:-1]
    if "**" in segments:
        return None
    tests = tuple(_segment_test(s) for s in segments)
    return _Plan(tests, not needs_child and segments[-1] == "*", needs_child)


def _segment_test(segment: str) -> Callable[[str], object]:
    """A test of one path name against one segment glob. Literal names and globs with a
    single star between literal parts ('test_*', '*.py') are tested with string methods:
    compiling a regex for each costs more, in a short-lived process, than it saves."""
    literal = _literal_text(segment)
    if literal is not None:
        return literal.__eq__
    chunks = [_literal_text(chunk) for chunk in _split_unescaped(segment, "*")]
    if len(chunks) == 2 and chunks[0] is not None and chunks[1] is not None:
        head, tail = chunks[0], chunks[1]
        shortest = max(1, len(head) + len(tail))  # a name is never empty

        def one_star(name: str) -> bool:
            return len(name) >= shortest and name.startswith(head) and name.endswith(tail)

        return one_star
    return re.compile(_segment_regex(segment), re.DOTALL).fullmatch


def _floating_glob(pattern: Pattern) -> str | None:
    """The glob of an unanchored one-segment pattern that is neither a literal name nor
    '*.suffix' ('**/*Test*', 'Foo*', '*rasp*/'): a path matches where one of its names
    does (a directory's name: everything below it). None for any other pattern."""
    if pattern.prefix or pattern.name is not None:
        return None
    segments, _ = _normalize(pattern.text)
    body = segments[1:-1] if pattern.needs_child else segments[1:]
    if segments[0] != "**" or len(body) != 1 or body[0] in ("*", "**"):
        return None  # '**/*' (every path) stays with the generic rules
    return body[0]


def _longest_literal(glob: str) -> str:
    """The longest run of literal characters in a segment glob ('*CallSite*' ->
    'CallSite'): every name the glob matches contains it."""
    runs = "".join(token[1] if token[0] == "=" else "\0" for token in _glob_tokens(glob))
    return max(runs.split("\0"), key=len)


def _never(name: str) -> bool:
    return False


T = TypeVar("T")
_Rule = tuple[Pattern, T]
_Check = tuple[Callable[[str], object], tuple[Pattern, T]]
_Pending = tuple[_Plan, tuple[Pattern, T]]


class _Node(Generic[T]):
    __slots__ = ("children", "rules")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.rules: list[tuple[Pattern, T]] = []


class _Dir(Generic[T]):
    """What the rules say about the paths directly inside one directory, as far as the
    directory alone decides. Built from the parent directory's entry, one segment on."""

    __slots__ = (
        "check_name",
        "check_path",
        "children",
        "depth",
        "node",
        "off_trie",
        "passes",
        "payloads",
        "pending",
        "plain",
        "seen",
        "sure",
    )

    def __init__(
        self,
        depth: int,
        sure: tuple[_Rule[T], ...],
        payloads: tuple[T, ...],
        pending: tuple[_Pending[T], ...],
        check_path: tuple[_Check[T], ...],
        node: _Node[T] | None,
        seen: frozenset[int],
    ) -> None:
        self.depth = depth  # number of segments of the directory
        self.sure = sure  # rules matching every path inside the directory
        self.payloads = payloads  # their payloads
        # Segment-by-segment rules whose segments so far match the directory's but which
        # need more segments than it has; those needing one more are tried on file names.
        self.pending = pending
        self.check_name: tuple[_Check[T], ...] = (
            tuple(
                (plan.segments[depth], rule)
                for plan, rule in pending
                if len(plan.segments) == depth + 1 and not plan.needs_child
            )
            if pending
            else ()
        )
        self.check_path = check_path  # rules tried on the whole path (bound fullmatch)
        self.node = node  # the trie node the directory's segments lead to, if any
        self.seen = seen  # ids of the name and extension rules already in `sure`
        # The trie's next level: a file named like a child may be matched by its rules.
        self.children: dict[str, _Node[T]] = node.children if node is not None else {}
        self.plain = not (self.check_name or check_path)  # nothing to try on each path
        # A sub-directory gets this very entry unless its name is an unanchored name, ends
        # with an extension of the rules or matches a one-segment glob (`RuleIndex._child`).
        self.passes = (node is None or not node.children) and not pending
        # The entry its sub-directories off the trie share, when nothing else tells them
        # apart (made on first need, see `RuleIndex._child`).
        self.off_trie: _Dir[T] | None = None


_DIR_CACHE_SIZE = 1 << 16


class RuleIndex(Generic[T]):
    """Rules (pattern + payload) indexed for fast "which rules match this path" queries.

    `matching(path)` returns every matching rule; exclusivity (at most one owner) is the
    caller's policy, so overlaps can be reported rather than silently resolved.

    Rules are found through a trie of literal leading segments, a table of unanchored
    names and one of extensions; patterns without '**' are matched segment by segment,
    the rest with their regex. What a path's directory decides is worked out once per
    directory (from its parent's entry) and cached, so that a lookup mostly costs a few
    dictionary probes on the file name.
    """

    def __init__(self, rules: Iterable[tuple[Pattern, T]] = ()) -> None:
        self._root: _Node[T] = _Node()
        self._names: dict[str, list[tuple[Pattern, T]]] = {}
        self._extensions: dict[str, list[tuple[Pattern, T]]] = {}
        self._ext_keys: tuple[str, ...] = ()  # the keys of _extensions, for str.endswith
        self._generic: list[tuple[Pattern, T]] = []
        # Unanchored one-segment globs (`_floating_glob`), each with its test of a name,
        # and one test of a name against all of them at once (compiled when first used).
        self._floating: list[tuple[Callable[[str], object], tuple[Pattern, T]]] = []
        self._floating_any: Callable[[str], object] = _never
        self._plans: dict[int, _Plan | None] = {}  # by id(rule), made when first needed
        self._dirs: dict[str, _Dir[T]] = {}
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
                # Not setdefault: that would build a node for every segment of every
                # pattern (17,000 of them for dd-trace-java's 2,500), found or not.
                child = node.children.get(segment)
                if child is None:
                    child = node.children[segment] = _Node()
                node = child
            node.rules.append(rule)
        elif pattern.name is not None and pattern.name.startswith("*."):
            self._extensions.setdefault(pattern.name[1:], []).append(rule)
            self._ext_keys = tuple(self._extensions)
        elif pattern.name is not None:
            self._names.setdefault(pattern.name, []).append(rule)
        elif (glob := _floating_glob(pattern)) is not None:
            self._floating.append((_segment_test(glob), rule))
            self._floating_any = self._compile_floating
        else:
            self._generic.append(rule)

    def _compile_floating(self, name: str) -> object:
        """`_floating_any`'s first call: one regex for all the floating globs, behind a
        search for a literal piece each must contain, which turns most names away
        in a fifth of the time."""
        globs = [_floating_glob(rule[0]) or "" for _, rule in self._floating]
        atomic = _Atomic()  # one for all: its group names must differ
        alternatives = "|".join(f"(?:{_segment_regex(glob, atomic)})" for glob in globs)
        exact = re.compile(alternatives, re.DOTALL).fullmatch
        pieces = [_longest_literal(glob) for glob in globs]
        if all(pieces):
            required = re.compile("|".join(re.escape(piece) for piece in pieces)).search

            def floating_any(name: str) -> object:
                return required(name) and exact(name)

            self._floating_any = floating_any
        else:
            self._floating_any = exact
        return self._floating_any(name)

    def floating_test(self) -> Callable[[str], object] | None:
        """A test of a name, truthy when some unanchored one-segment glob ('**/*Test*')
        matches it: such a name needs `payloads`, whatever `directory_payloads` says.
        None when there is no such glob (a caller skips the call)."""
        if not self._floating:
            return None
        self._floating_any("")  # compiled now, not on a caller's first name
        return self._floating_any

    def matching(self, path: str) -> list[tuple[Pattern, T]]:
        """Every rule whose pattern matches `path`, each once, in no particular order."""
        directory, _, name = path.rpartition("/")
        entry = self._dirs.get(directory) or self._directory(directory)
        extra = self._extra(entry, path, name)
        return [*entry.sure, *extra] if extra else list(entry.sure)

    def payloads(self, path: str) -> tuple[T, ...]:
        """The payloads of `matching(path)`, in the same order: the fast way to ask."""
        directory, _, name = path.rpartition("/")
        entry = self._dirs.get(directory)
        if entry is None:
            entry = self._directory(directory)
        if (
            name in entry.children
            or name in self._names
            or name.endswith(self._ext_keys)
            or self._floating_any(name)
        ):
            extra = self._extra(entry, path, name)
            if len(extra) == 1:
                return entry.payloads + (extra[0][1],)
            return entry.payloads + tuple([rule[1] for rule in extra]) if extra else entry.payloads
        if entry.plain:
            return entry.payloads  # the common case: the directory decides alone
        found: list[T] = []
        for test, rule in entry.check_name:
            if test(name):
                found.append(rule[1])
        for test, rule in entry.check_path:
            if test(path):
                found.append(rule[1])
        return entry.payloads + tuple(found) if found else entry.payloads

    def directory_payloads(
        self, directory: str
    ) -> tuple[Collection[str], Collection[str], tuple[str, ...], tuple[T, ...], bool] | None:
        """What `directory` alone decides for the files directly inside it.

        `(children, names, suffixes, payloads, passes)`: a file whose name is in neither
        collection, ends with none of the suffixes and fails `floating_test()` matches
        exactly `payloads`, as `payloads(path)` would say; with `passes`, so does every
        file of a sub-directory whose name is not in `names`, ends with none of the
        suffixes and fails `floating_test()`, at any depth below while that holds. None
        when names must be tried one by one there. Lets a caller keep its own
        per-directory answer and skip a call for most paths.
        """
        entry = self._dirs.get(directory)
        if entry is None:
            entry = self._directory(directory)
        if not entry.plain:
            return None
        return entry.children, self._names, self._ext_keys, entry.payloads, entry.passes

    def _extra(self, entry: _Dir[T], path: str, name: str) -> list[tuple[Pattern, T]]:
        """The rules matching `path` beyond the `sure` ones of its directory's entry."""
        extra: list[tuple[Pattern, T]] = []
        child = entry.children.get(name)
        if child is not None:
            for rule in child.rules:
                pattern = rule[0]
                if pattern.prefix_is_whole:
                    # The literal walk proved the match, but 'dir/' needs a child.
                    if not pattern.needs_child:
                        extra.append(rule)
                elif pattern.regex.fullmatch(path):
                    extra.append(rule)
        names = self._names.get(name)
        if names:
            for rule in names:
                if not rule[0].needs_child and id(rule) not in entry.seen:
                    extra.append(rule)
        if self._ext_keys and name.endswith(self._ext_keys):
            dot = name.find(".")
            while dot != -1:
                rules = self._extensions.get(name[dot:])
                if rules:
                    for rule in rules:
                        if not rule[0].needs_child and id(rule) not in entry.seen:
                            extra.append(rule)
                dot = name.find(".", dot + 1)
        if self._floating_any(name):
            for test, rule in self._floating:
                if not rule[0].needs_child and id(rule) not in entry.seen and test(name):
                    extra.append(rule)
        for fullmatch, rule in entry.check_name:
            if fullmatch(name):
                extra.append(rule)
        for fullmatch, rule in entry.check_path:
            if fullmatch(path):
                extra.append(rule)
        return extra

    def _directory(self, directory: str) -> _Dir[T]:
        """Build (and cache) the entries of `directory` and of its uncached ancestors."""
        missing = [directory]
        parent: _Dir[T] | None = None
        while missing[-1]:
            above = missing[-1].rpartition("/")[0]
            parent = self._dirs.get(above)
            if parent is not None:
                break
            missing.append(above)
        if len(self._dirs) + len(missing) > _DIR_CACHE_SIZE:
            self._dirs.clear()
        for path in reversed(missing):
            parent = self._root_entry() if parent is None else self._child(parent, path)
            self._dirs[path] = parent
        assert parent is not None
        return parent

    def _plan(self, rule: tuple[Pattern, T]) -> _Plan | None:
        key = id(rule)
        if key not in self._plans:
            self._plans[key] = _plan(rule[0])
        return self._plans[key]

    def _named_rules(self, segment: str) -> list[tuple[Pattern, T]]:
        """The name, extension and one-segment glob rules a directory's name matches."""
        named = list(self._names.get(segment, ()))
        if segment.endswith(self._ext_keys):
            dot = segment.find(".")
            while dot != -1:
                named += self._extensions.get(segment[dot:], ())
                dot = segment.find(".", dot + 1)
        if self._floating_any(segment):
            named += [rule for test, rule in self._floating if test(segment)]
        return named

    def _root_entry(self) -> _Dir[T]:
        pending: list[_Pending[T]] = []
        check_path: list[_Check[T]] = []
        for rule in self._generic:
            plan = self._plan(rule)
            if plan is None:
                check_path.append((rule[0].regex.fullmatch, rule))
            else:
                pending.append((plan, rule))
        return _Dir(0, (), (), tuple(pending), tuple(check_path), self._root, frozenset())

    def _child(self, parent: _Dir[T], directory: str) -> _Dir[T]:
        """The entry of `directory`, whose parent directory's entry is `parent`."""
        segment = directory.rpartition("/")[2]
        # Whether a name, extension or one-segment glob rule could own this directory.
        named = (
            segment in self._names
            or segment.endswith(self._ext_keys)
            or bool(self._floating_any(segment))
        )
        if not parent.pending and not named:
            # Nothing pending, and no name, extension or glob rule for this segment:
            # only the trie could still add a rule.
            if parent.node is None or not parent.node.children:
                # Off the trie (or at a leaf of it, whose rules the parent's entry
                # already holds): the parent's entry says it all (its `depth` is then
                # never read again below). Sharing the entry also lets callers that key
                # their own answers on it skip work for every such directory.
                return parent
            if segment not in parent.children:
                # Stepping off the trie: every such sub-directory of the parent gets
                # the same entry (its rules, one level down), made once.
                if parent.off_trie is None:
                    parent.off_trie = _Dir(
                        parent.depth + 1,
                        parent.sure,
                        parent.payloads,
                        (),
                        parent.check_path,
                        None,
                        parent.seen,
                    )
                return parent.off_trie
        depth = parent.depth + 1
        sure: list[tuple[Pattern, T]] = []  # beyond the parent's
        pending: list[_Pending[T]] = []
        for plan, rule in parent.pending:
            if plan.segments[depth - 1](segment):
                if len(plan.segments) > depth:
                    pending.append((plan, rule))
                elif not plan.exact:
                    # All its segments matched and paths inside lie deeper: owned.
                    sure.append(rule)
        check_path = parent.check_path
        node = parent.node.children.get(segment) if parent.node is not None else None
        if node is not None:
            for rule in node.rules:
                if rule[0].prefix_is_whole:
                    sure.append(rule)  # paths inside lie below: even 'dir/' matches
                    continue
                rule_plan = self._plan(rule)
                if rule_plan is None:
                    check_path += ((rule[0].regex.fullmatch, rule),)
                else:
                    # Its first `depth` segments are the literal prefix just walked.
                    pending.append((rule_plan, rule))
        seen = parent.seen
        for rule in self._named_rules(segment) if named else ():
            if id(rule) not in seen:
                seen = seen | {id(rule)}
                sure.append(rule)
        if not sure:
            return _Dir(depth, parent.sure, parent.payloads, tuple(pending), check_path, node, seen)
        return _Dir(
            depth,
            parent.sure + tuple(sure),
            parent.payloads + tuple(rule[1] for rule in sure),
            tuple(pending),
            check_path,
            node,
            seen,
        )


def directory_pattern(pattern: Pattern) -> tuple[str, ...] | None:
    """The directory a directory pattern names ('/docs/api/' -> ('docs', 'api')), or None
    for any other pattern. Only anchored patterns of literal names name one directory."""
    if pattern.anchored and pattern.prefix_is_whole:
        return pattern.prefix
    return None


def literal_pattern(path: str) -> str:
    """A path as a pattern text that matches only it (and what lies below it)."""
    return "".join("\\" + ch if ch in "*?\\[]!#" else ch for ch in path)


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


# --- overlaps, decided from the patterns themselves ----------------------------------
#
# A pattern is a regular language of paths, so whether two patterns share a path is
# decided exactly by walking both at once (a product automaton), once over segments and,
# for each segment both must match, once over characters. The walk is breadth-first, so
# the path it reports is a shortest one.

_NEVER_NAMES = frozenset(("", ".", ".."))  # no path has such a segment
_FRESH = "xyzqjkw_0123456789"


def _items(pattern: Pattern) -> tuple[str, ...]:
    """The pattern as a sequence of segment globs and '**' (any number of segments,
    zero included) that must match the whole path: 'docs' -> ('**', 'docs', '**'),
    'docs/' -> ('**', 'docs', '*', '**'), '/docs/*' -> ('docs', '*')."""
    segments, _ = _normalize(pattern.text)
    if segments == ["**"]:
        return ("*", "**")
    if segments[-1] == "**":  # 'dir/', 'dir/**': one segment or more below
        return (*segments[:-1], "*", "**")
    if segments[-1] == "*":  # a trailing lone '*': direct children only
        return tuple(segments)
    return (*segments, "**")  # the path itself and everything below


def _glob_tokens(glob: str) -> tuple[str, ...]:
    """'*', '?', or '=' and one literal character, per position of a segment glob."""
    tokens: list[str] = []
    escaped = False
    for ch in glob:
        if escaped:
            tokens.append("=" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            tokens.append(ch if ch in "*?" else "=" + ch)
    return tuple(tokens)


S = TypeVar("S")


def _trace(parents: dict[S, tuple[S, str] | None], state: S) -> list[str]:
    """The labels on the breadth-first search's way from its start to `state`."""
    labels: list[str] = []
    back = parents[state]
    while back is not None:
        state, label = back
        labels.append(label)
        back = parents[state]
    return labels[::-1]


def _star_closure(tokens: tuple[str, ...], i: int) -> int:
    while i < len(tokens) and tokens[i] == "*":
        i += 1
    return i


@functools.lru_cache(maxsize=4096)
def glob_witness(first: str, second: str, avoid: frozenset[str] = frozenset()) -> str | None:
    """A shortest segment name both globs match that is not in `avoid` (nor empty, '.'
    or '..'), or None when there is none."""
    a, b = _glob_tokens(first), _glob_tokens(second)
    avoid = avoid | _NEVER_NAMES
    # The common cases, without the search: a literal name, or two lone stars.
    for literal, other in ((a, second), (b, first)):
        if all(t[0] == "=" for t in literal):
            name = "".join(t[1] for t in literal)
            return name if name not in avoid and glob_matches(other, name) else None
    if set(a) == set(b) == {"*"}:
        return next(
            n for n in (f"x{k}" if k else "x" for k in range(len(avoid) + 1)) if n not in avoid
        )
    prefixes = {word[:k] for word in avoid for k in range(len(word) + 1)}
    used = {t[1] for t in a + b if t[0] == "="} | {ch for word in avoid for ch in word}
    fresh = next((ch for ch in _FRESH if ch not in used), None)
    alphabet = sorted(used) + ([fresh] if fresh else [])

    def advance(tokens: tuple[str, ...], i: int, ch: str) -> list[int]:
        """Positions after reading `ch` from position i (stars skipped before)."""
        out = []
        for k in range(i, _star_closure(tokens, i) + 1):
            if k == len(tokens):
                break
            token = tokens[k]
            if token == "*":
                out.append(k)
            elif token == "?" or token[1] == ch:
                out.append(k + 1)
        return out

    # A state: positions in both globs, and the name so far while it may still be
    # one to avoid (None once it cannot).
    start: tuple[int, int, str | None] = (0, 0, "")
    parents: dict[tuple[int, int, str | None], tuple[tuple[int, int, str | None], str] | None]
    parents = {start: None}
    queue = collections.deque([start])
    while queue:
        state = queue.popleft()
        i, j, prefix = state
        if (
            _star_closure(a, i) == len(a)
            and _star_closure(b, j) == len(b)
            and (prefix is None or prefix not in avoid)
        ):
            name = "".join(_trace(parents, state))
            # 'x.md' reads better than '.md' (a star matched nothing) in an example.
            if name.startswith(".") and fresh:
                nicer = fresh + name
                if (
                    nicer not in avoid
                    and glob_matches(first, nicer)
                    and glob_matches(second, nicer)
                ):
                    return nicer
            return name
        for ch in alphabet:
            after = None if prefix is None or prefix + ch not in prefixes else prefix + ch
            for ni in advance(a, i, ch):
                for nj in advance(b, j, ch):
                    nxt = (ni, nj, after)
                    if nxt not in parents:
                        parents[nxt] = (state, ch)
                        queue.append(nxt)
    return None


@functools.lru_cache(maxsize=4096)
def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile(_segment_regex(glob), re.DOTALL)


def glob_matches(glob: str, name: str) -> bool:
    """Does one segment glob (a lone '*' included) match the name `name`?"""
    return bool(name) and _glob_regex(glob).fullmatch(name) is not None


class _Subtree:
    """A node of the trie of directories taken out of an overlap question."""

    __slots__ = ("below", "children", "itself")

    def __init__(self) -> None:
        self.children: dict[str, _Subtree] = {}
        self.itself = False  # the path of this node and everything below is taken out
        self.below = False  # everything strictly below this node is taken out


def _subtrees(excluded: Iterable[tuple[Sequence[str], bool]]) -> _Subtree:
    root = _Subtree()
    for directory, itself in excluded:
        node = root
        for name in directory:
            node = node.children.setdefault(name, _Subtree())
        if itself:
            node.itself = True
        else:
            node.below = True
    return root


def overlap_witness(
    first: Pattern,
    second: Pattern,
    excluded: Iterable[tuple[Sequence[str], bool]] = (),
) -> str | None:
    """A shortest path both patterns match, or None when they share no path.

    `excluded`: directories (as literal segments) whose subtrees do not count, each with
    whether the directory's own path is taken out too (`/docs/api` owns docs/api itself,
    `/docs/api/` only what lies below). Complete: None means no such path exists.
    """
    a, b = _items(first), _items(second)
    root = _subtrees(excluded)

    def closure(items: tuple[str, ...], i: int) -> list[int]:
        out = [i]
        while i < len(items) and items[i] == "**":
            i += 1
            out.append(i)
        return out

    def steps(items: tuple[str, ...], i: int) -> list[tuple[str, int]]:
        """(glob, next position) for each way to read one segment from position i."""
        out = []
        for k in closure(items, i):
            if k < len(items):
                out.append(("*", k) if items[k] == "**" else (items[k], k + 1))
        return out

    # A state: positions in both, and the node of `excluded`'s trie the path so far
    # leads to (None once it left the trie); keyed by the node's id.
    start: tuple[int, int, _Subtree | None] = (0, 0, root)
    parents: dict[tuple[int, int, int], tuple[tuple[int, int, int], str] | None] = {}
    key = (0, 0, id(root))
    parents[key] = None
    queue = collections.deque([(start, key)])
    while queue:
        (i, j, node), key = queue.popleft()
        if (
            parents[key] is not None  # a path has one segment at least
            and len(a) in closure(a, i)
            and len(b) in closure(b, j)
            and (node is None or not node.itself)
        ):
            return "/".join(_trace(parents, key))
        if node is not None and (node.itself or node.below):
            continue  # nothing below this directory counts
        for glob_a, ni in steps(a, i):
            for glob_b, nj in steps(b, j):
                moves: list[tuple[str, _Subtree | None]] = []
                if node is not None:
                    for name, subtree in node.children.items():
                        if glob_matches(glob_a, name) and glob_matches(glob_b, name):
                            moves.append((name, subtree))
                avoid = frozenset(node.children) if node is not None else frozenset()
                fresh = glob_witness(glob_a, glob_b, avoid)
                if fresh is not None:
                    moves.append((fresh, None))
                for name, child in moves:
                    nxt_key = (ni, nj, id(child) if child is not None else 0)
                    if nxt_key not in parents:
                        parents[nxt_key] = (key, name)
                        queue.append(((ni, nj, child), nxt_key))
    return None
