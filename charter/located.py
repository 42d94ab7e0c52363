"""Located YAML: parse keeping every key's file position, and report problems at them.

charter.yaml (`charter.config`) and scratchpad front matter (`charter.scratchpad`) are both
read through here, so a problem in either is named `file:line:col` the same way: at the
key itself, else at its nearest located parent, with a did-you-mean for a misspelt word.
Hooks import this module: the standard library only, ruamel.yaml imported when parsing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from charter.errors import ConfigError, Problem

# (key, key, ...) -> (line, col), both 1-based; (..., key, "=") is where the key's value is.
Positions = dict[tuple[Any, ...], tuple[int, int]]


def _plain(node: Any, key: tuple[Any, ...], positions: Positions) -> Any:
    """ruamel's round-trip tree as plain dicts, lists and scalars, recording positions."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for k, v in node.items():
            try:
                line, col = node.lc.key(k)
                positions[key + (k,)] = (line + 1, col + 1)
                vline, vcol = node.lc.value(k)
                positions[key + (k, "=")] = (vline + 1, vcol + 1)
            except (KeyError, TypeError):
                pass
            out[k] = _plain(v, (*key, k), positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, v in enumerate(node):
            try:
                line, col = node.lc.item(i)
                positions[key + (i,)] = (line + 1, col + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(v, (*key, i), positions))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def parse_yaml(text: str, filename: str) -> tuple[Any, Positions]:
    """Parse YAML text, turning ruamel's errors into one located problem."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from charter.yamlsafe import load_yaml

    try:
        tree = load_yaml(text, filename)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 0
        col = mark.column + 1 if mark is not None else 0
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        if "found duplicate key" in str(e):
            what = "a key appears twice in the same mapping"
        raise ConfigError(
            [Problem(filename, line, col, f"not valid YAML: {what}; fix the syntax at this spot")]
        ) from None
    except YAMLError as e:
        raise ConfigError([Problem(filename, 0, 0, f"not valid YAML: {e}")]) from None
    positions: Positions = {}
    return _plain(tree, (), positions), positions


def nearest(
    positions: Mapping[tuple[Any, ...], tuple[int, int]],
    key: tuple[Any, ...],
    fallback: tuple[int, int],
) -> tuple[int, int]:
    """Where `key` is, else its nearest located parent, else `fallback`."""
    while key:
        if key in positions:
            return positions[key]
        key = key[:-1]
    return fallback


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice `word` most likely misspells, if any is close enough."""
    import difflib

    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return match[0] if match else None


def suggest(word: str, choices: Sequence[str], otherwise: str) -> str:
    """ "did you mean 'x'?" for a close choice, else `otherwise`."""
    hint = closest(word, choices)
    return f"did you mean {hint!r}?" if hint else otherwise


class LocatedValidator:
    """Collects problems in `filename`, each placed at the key it is about (see `nearest`):
    `fallback` is where a problem about the whole document goes."""

    def __init__(
        self,
        filename: str,
        positions: Mapping[tuple[Any, ...], tuple[int, int]],
        *,
        fallback: tuple[int, int] = (1, 1),
        problems: list[Problem] | None = None,
    ) -> None:
        self.filename = filename
        self.positions = positions
        self.fallback = fallback
        self.problems: list[Problem] = [] if problems is None else problems

    def at(self, key: tuple[Any, ...]) -> tuple[int, int]:
        return nearest(self.positions, key, self.fallback)

    def value_at(self, key: tuple[Any, ...]) -> tuple[int, int]:
        return self.positions.get((*key, "=")) or self.at(key)

    def error(self, key: tuple[Any, ...], message: str, *, value: bool = False) -> None:
        """A problem at `key` (at its value with `value=True`, where one is located)."""
        self.error_at(self.value_at(key) if value else self.at(key), message)

    def error_at(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.filename, where[0], where[1], message))

    def unknown_keys(
        self,
        data: Mapping[Any, Any],
        key: tuple[Any, ...],
        allowed: Sequence[str],
        *,
        what: str = "key",
        inside: str = "",
    ) -> None:
        """ "unknown KEY 'x'INSIDE; did you mean ...?" for every key of `data` not allowed."""
        for k in data:
            if k not in allowed:
                fix = suggest(str(k), allowed, f"allowed: {', '.join(allowed)}")
                self.error((*key, k), f"unknown {what} {k!r}{inside}; {fix}")
