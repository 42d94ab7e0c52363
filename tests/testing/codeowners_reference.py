"""GitHub's CODEOWNERS rules, written from GitHub's documentation and separately from
charter's engine, to check the engine (and later the import/export) against.

GitHub: "CODEOWNERS paths ... follow most of the same rules used in gitignore files";
the last matching line wins; `\\` escapes a character (a space as `\\ `); a pattern
without a slash except at its end matches at any depth; a trailing `/` matches only
what lies inside a directory; `docs/*` matches the direct children of `docs` only; `**`
matches any number of directories. A pattern that matches a directory owns everything
below it. Deliberately slow and plain: memoised recursion, no regular expressions.
"""

from __future__ import annotations

from functools import cache


def _tokens(segment: str) -> tuple[str, ...]:
    """A segment glob as tokens: '*', '?', or one literal character prefixed with '='."""
    out: list[str] = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append("=" + segment[i + 1])
            i += 2
            continue
        out.append(ch if ch in "*?" else "=" + ch)
        i += 1
    return tuple(out)


@cache
def glob_matches(segment: str, name: str) -> bool:
    """Does one segment glob match one path segment (a name without '/')?"""
    tokens = _tokens(segment)
    # reachable[j]: tokens[:i] can match name[:j]; one row per token.
    reachable = [True] + [False] * len(name)
    for token in tokens:
        row = [False] * (len(name) + 1)
        for j in range(len(name) + 1):
            if token == "*":
                row[j] = reachable[j] or (j > 0 and row[j - 1])
            elif j > 0 and reachable[j - 1]:
                row[j] = token == "?" or token[1] == name[j - 1]
        reachable = row
    return reachable[len(name)]


def _split(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if text[i] == "/":
            parts.append(current)
            current = ""
        else:
            current += text[i]
        i += 1
    parts.append(current)
    return parts


@cache
def _read(pattern: str) -> tuple[list[str], bool, bool]:
    """A pattern as (segments matched from the root, anchored, directory only)."""
    dir_only = pattern.endswith("/")
    body = pattern[:-1] if dir_only else pattern
    anchored = "/" in body
    segments = _split(body.lstrip("/") if body.startswith("/") else body)
    if not anchored:
        segments = ["**", *segments]
    if dir_only and segments[-1] == "**":
        dir_only = False  # 'a/**/' is 'a/**' (hmarr/codeowners' vectors: 'foo/**/' owns 'foo/bar')
    return segments, anchored, dir_only


def matches(pattern: str, path: str) -> bool:
    """Does a CODEOWNERS pattern own `path` (a file path, or a directory's)?"""
    segments, anchored, dir_only = _read(pattern)
    first = segments[0]
    if anchored and not set(first) & set("*?\\") and path.partition("/")[0] != first:
        return False  # a literal first name that differs: a shortcut, nothing more
    names = path.split("/")

    @cache
    def glob(i: int, j: int, end: int) -> bool:
        """segments[i:] matches exactly names[j:end], the first `end` names of the path."""
        if i == len(segments):
            return j == end
        segment = segments[i]
        if segment == "**":
            if i == len(segments) - 1:
                return j < end  # a final '**': one segment or more
            return any(glob(i + 1, k, end) for k in range(j, end + 1))
        return j < end and glob_matches(segment, names[j]) and glob(i + 1, j + 1, end)

    exact = segments[-1] == "*" and (anchored or len(segments) > 1) and not dir_only
    for depth in range(1, len(names) + 1):
        if exact and depth != len(names):
            continue  # 'docs/*': direct children only, nothing deeper
        if dir_only and depth == len(names):
            continue  # 'docs/': only what lies inside the directory
        if glob(0, 0, depth):  # the pattern owns this leading directory, or the path
            return True
    return False


def owner(lines: list[tuple[str, tuple[str, ...]]], path: str) -> tuple[str, ...] | None:
    """The owners GitHub gives `path`: the last matching line's (possibly none), or None
    when no line matches."""
    for pattern, owners in reversed(lines):
        if matches(pattern, path):
            return owners
    return None


def parse(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(pattern, owners) per rule line, as GitHub documents the file: '#' starts a
    comment (at the start of a line, or a word of its own after the owners), fields are
    separated by spaces or tabs, and '\\ ' is a space inside a path."""
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields: list[str] = []
        current = ""
        i = 0
        while i < len(line):
            if line[i] == "\\" and i + 1 < len(line) and line[i + 1] in " \t":
                current += "\\" + line[i + 1]
                i += 2
                continue
            if line[i] in " \t":
                if current:
                    fields.append(current)
                current = ""
            else:
                current += line[i]
            i += 1
        if current:
            fields.append(current)
        owners = []
        for word in fields[1:]:
            if word.startswith("#"):
                break
            owners.append(word)
        rules.append((fields[0], tuple(owners)))
    return rules


def _plain_name(segment: str) -> str | None:
    """The name a segment stands for when it has no wildcard ('a\\[1\\]' -> 'a[1]')."""
    tokens = _tokens(segment)
    if segment == "**" or any(t in ("*", "?") for t in tokens):
        return None
    return "".join(t[1] for t in tokens)


class File:
    """A parsed file, with its lines grouped by their literal leading names so that a
    path is tried only against the lines that can match it (the answer is `owner`'s)."""

    def __init__(self, lines: list[tuple[str, tuple[str, ...]]]) -> None:
        self.lines = lines
        # Each literal segment must be one of the path's names: a cheap, sound filter.
        self.literals = [
            {name for seg in _read(pattern)[0] if (name := _plain_name(seg)) is not None}
            for pattern, _ in lines
        ]
        self.anywhere: list[int] = []
        self.by_prefix: dict[tuple[str, ...], list[int]] = {}
        for number, (pattern, _) in enumerate(lines):
            segments, anchored, _ = _read(pattern)
            prefix: list[str] = []
            for segment in segments if anchored else ():
                name = _plain_name(segment)
                if name is None:
                    break
                prefix.append(name)
            if prefix:
                self.by_prefix.setdefault(tuple(prefix), []).append(number)
            else:
                self.anywhere.append(number)

    def owners(self, path: str) -> frozenset[str]:
        """The owners GitHub gives `path`, case-folded (GitHub ignores case); empty for none."""
        names = tuple(path.split("/"))
        present = set(names)
        candidates = [n for n in self.anywhere if self.literals[n] <= present]
        for k in range(1, len(names) + 1):
            candidates += self.by_prefix.get(names[:k], ())
        for number in sorted(candidates, reverse=True):
            pattern, owners = self.lines[number]
            if matches(pattern, path):
                return frozenset(o.lower() for o in owners)
        return frozenset()
