"""Untrusted text made safe for the place it is printed or posted.

Branch names, file names, commit trailers, scratchpad text and contract sources are written
by instances, and some by whoever opens a pull request. The bot posts them where a whole
team reads them and charter prints them in terminals, so each goes through the one function
for its place:

- `cell`: one line of Markdown (a table cell, a list item, a heading): no newline can end
  the row, no HTML, links or emphasis, and no `@` mention that pings anyone;
- `code`: inline code (file and branch names), falling back to `cell` when the text could
  break out of the code span (a backtick or a line break in it);
- `annotation_data` / `annotation_property`: GitHub workflow commands (`::error ...::`);
- `terminal`: text for a terminal, with escape sequences and other controls made visible.

Handles charter itself means to mention (an instance's `github:` from charter.yaml) are
written by the caller as they are; everything else goes through here. Lone surrogates
(file names git gave with undecodable bytes) become U+FFFD everywhere, so writing the
result as UTF-8 never fails.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Text direction overrides and isolates: they make a terminal show text reordered.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")
# A zero-width space after '@' keeps the text readable and GitHub from linking a mention.
_MENTION_BREAK = "@&#8203;"


def _valid(text: object) -> str:
    return SURROGATE.sub("\ufffd", str(text))


def one_line(text: object) -> str:
    """`text` on one line: control characters (escape sequences too) made spaces."""
    return " ".join(_CONTROL.sub(" ", _valid(text)).split())


def cell(text: object, limit: int = 120) -> str:
    """One line of Markdown that cannot end a table row, inject HTML or Markdown, or ping."""
    flat = one_line(text)
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MARKDOWN.sub(r"\\\1", flat)
    return flat.replace("@", _MENTION_BREAK)


def code(text: object, limit: int = 200) -> str:
    """Inline code, safe inside a table; plain escaped text when a code span would break."""
    value = _valid(text)
    if "`" in value or _CONTROL.search(value) or len(value) > limit or not value.strip():
        return cell(value, limit)
    # Inside a code span GitHub shows text literally (no mention, link or HTML); only the
    # pipe still splits a table row, and `\|` is how GitHub's tables escape it.
    return "`" + value.replace("|", "\\|") + "`"


def annotation_data(text: object) -> str:
    """The message of a workflow command: GitHub's own escaping, so it stays one command;
    other controls as in `terminal` (the log obeys colour escape sequences)."""
    escaped = _valid(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal(escaped)


def annotation_property(text: object) -> str:
    """A property value (`file=`, `title=`) of a workflow command."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def terminal(text: object) -> str:
    """Text read from a file, for a terminal: every control character shown as `\\xNN`
    (so an escape sequence is shown, not obeyed, and the reader sees something is off),
    direction overrides dropped; tabs and line breaks stay (messages span lines)."""
    value = _BIDI.sub("", _valid(text))
    return _TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
