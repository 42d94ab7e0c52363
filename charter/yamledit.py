"""Edits of charter.yaml through ruamel.yaml's round-trip mode.

Comments, key order, quoting and indentation survive: an edit changes only what it
says it changes. Every edit is validated as a whole before it is written, atomically.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from charter.config import CONFIG_FILE, Charter, loads
from charter.errors import CharterError
from charter.ownership import Ownership
from charter.patterns import PatternError, compile_pattern, witness_paths


def _yaml(text: str) -> tuple[Any, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the user's long lines
    indent = indent or 2
    block_seq_indent = block_seq_indent or 0
    yaml.indent(mapping=indent, sequence=indent + block_seq_indent, offset=block_seq_indent)
    return yaml, yaml.load(text)


def _dump(yaml: Any, doc: Any) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def check_new_lane(
    charter: Charter, name: str, owns: Sequence[str], tracked: Sequence[str]
) -> None:
    """Refuse patterns that are invalid or would overlap another owner's lane."""
    ownership = Ownership(charter)
    problems: list[str] = []
    for text in owns:
        try:
            pattern = compile_pattern(text)
        except PatternError as e:
            problems.append(str(e))
            continue
        # Paths the new pattern covers, and example paths of every existing pattern.
        probes = [p for p in tracked if pattern.matches(p)] + witness_paths(pattern)
        probes += [
            w
            for existing in ownership.patterns()
            for w in witness_paths(existing)
            if pattern.matches(w)
        ]
        for path in probes:
            others = [r for r in ownership.resolve(path).rules if r.owner != name]
            if others:
                rule = others[0]
                problems.append(
                    f"{text!r} overlaps {rule.owner}'s {rule.describe()} at {path}; "
                    "choose a narrower pattern or ask the coordinator to split the lane"
                )
                break
    if problems:
        raise CharterError("refusing to change charter.yaml:\n  " + "\n  ".join(problems))


def add_instance(
    root: Path,
    name: str,
    owns: Sequence[str],
    *,
    role: str = "feature",
    depends_on: Sequence[str] = (),
    description: str | None = None,
    branch: str | None = None,
    github: str | None = None,
    tracked: Sequence[str] = (),
    write: bool = True,
) -> str:
    """Add an instance to `<root>/charter.yaml`; return the new text (written unless told not)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CharterError(f"no {CONFIG_FILE} in {root}; create one with `charter init`") from None
    charter = loads(text)
    if name in charter.instances:
        raise CharterError(
            f"instance {name!r} already exists in {CONFIG_FILE}; pick another name "
            f"or edit its entry"
        )
    if not owns:
        raise CharterError("an instance needs at least one --owns PATTERN")
    check_new_lane(charter, name, owns, tracked)

    yaml, doc = _yaml(text)
    body = CommentedMap()
    body["role"] = role
    if description:
        body["description"] = description
    if branch:
        body["branch"] = branch
    if github:
        body["github"] = github
    patterns = CommentedSeq(owns)
    patterns.fa.set_flow_style()
    body["owns"] = patterns
    if depends_on:
        deps = CommentedSeq(depends_on)
        deps.fa.set_flow_style()
        body["depends_on"] = deps
    instances = doc.get("instances")
    if instances is None or not isinstance(instances, CommentedMap):
        doc["instances"] = instances = CommentedMap()
    instances[name] = body
    new_text = _dump(yaml, doc)
    loads(new_text)  # the whole file must still validate before anything is written
    if write:
        from charter.atomic import write_text

        write_text(path, new_text)
    return new_text
