"""Loading YAML that other instances wrote: charter.yaml and scratchpad front matter.

Both are read on every commit, by the bot from every branch, and by everyone's `charter
status`, so one hostile or confused file must not stall or crash the rest. ruamel's
round-trip loader is kept (it gives the positions every message needs) with a composer that
refuses, at the spot, what no charter file needs and what makes loading explode:

- anchors and aliases: a nested-alias "billion laughs" of a few hundred bytes expands
  ~9x per level when ruamel's shared nodes are copied out into plain data;
- nesting deeper than `MAX_DEPTH`: the composer, the constructor and every reader after it
  recurse, so depth is bounded before anything recurses;
- lone surrogates (`"\\ud800"` is a valid YAML escape): such a string cannot be encoded
  as UTF-8, so it would crash every writer of the tracking table, for everyone;
- texts over `MAX_BYTES`: a charter file is a few kilobytes; parsing a huge one in pure
  Python takes seconds.

Every refusal is a `ConfigError` naming file:line:col and what to write instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from charter.errors import ConfigError, Problem
from charter.escape import SURROGATE

if TYPE_CHECKING:
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.scanner import RoundTripScanner

MAX_DEPTH = 32  # charter.yaml needs 5 levels, front matter 4
MAX_BYTES = 256 * 1024  # ruamel in pure Python reads ~300 KB a second
# A plain scalar made only of digit-like characters that is this long would become an int
# past Python's 4,300-digit conversion limit (a ValueError deep inside ruamel).
_TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep; charter's files need only a few levels: "
    "flatten this value"
)
_HUGE_NUMBER = re.compile(r"[-+0-9a-fA-FxXoObB_:.]{1000,}\Z")


def _refusal(filename: str, mark: Any, message: str) -> ConfigError:
    line = mark.line + 1 if mark is not None else 0
    col = mark.column + 1 if mark is not None else 0
    return ConfigError([Problem(filename, line, col, message)])


def _composer_class(filename: str) -> type[Composer]:
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent

    class SafeComposer(Composer):
        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            if isinstance(event, AliasEvent) or event.anchor is not None:
                raise _refusal(
                    filename,
                    event.start_mark,
                    "YAML anchors and aliases (&name, *name, <<: *name) are not allowed "
                    "here; write the value out in full",
                )
            if self.depth >= MAX_DEPTH:
                raise _refusal(filename, event.start_mark, _TOO_DEEP)
            return super().compose_node(parent, index)

        def compose_scalar_node(self, anchor: Any) -> Any:
            event = self.parser.peek_event()
            found = SURROGATE.search(event.value)
            if found is not None:
                raise _refusal(
                    filename,
                    event.start_mark,
                    f"the text contains a lone surrogate (\\u{ord(found.group()):04x}), "
                    "which is not a character; remove that escape",
                )
            if event.style is None and _HUGE_NUMBER.match(event.value):
                raise _refusal(
                    filename,
                    event.start_mark,
                    f"a number {len(event.value)} characters long; write a sensible value",
                )
            return super().compose_scalar_node(anchor)

    return SafeComposer


def _scanner_class(filename: str) -> type[RoundTripScanner]:
    from ruamel.yaml.scanner import RoundTripScanner

    class SafeScanner(RoundTripScanner):
        def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
            # The scanner reads flow collections ahead of the composer (a `[` may start a
            # key), so `[[[[...` is refused here, before it scans the whole file.
            if len(self.flow_context) >= MAX_DEPTH:
                raise _refusal(filename, self.reader.get_mark(), _TOO_DEEP)
            super().fetch_flow_collection_start(TokenClass, to_push)

    return SafeScanner


def load_yaml(text: str, filename: str) -> Any:
    """ruamel's round-trip tree of `text`; ruamel's own syntax errors pass through."""
    from ruamel.yaml import YAML
    from ruamel.yaml.reader import ReaderError

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ConfigError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    f"{size} bytes of YAML, more than the {MAX_BYTES} charter reads; "
                    "keep this file small (long notes belong in the Markdown body)",
                )
            ]
        )
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _composer_class(filename)
    yaml.Scanner = _scanner_class(filename)
    try:
        return yaml.load(text)
    except ReaderError as e:  # a NUL or other control byte: ruamel names only its offset
        before = text[: max(e.position, 0)]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
        raise ConfigError(
            [
                Problem(
                    filename,
                    line,
                    col,
                    f"the character U+{code:04X} may not appear in YAML; remove it",
                )
            ]
        ) from None
