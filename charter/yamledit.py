"""Edits of charter.yaml through ruamel.yaml's round-trip mode.

Comments, key order, quoting and indentation survive: an edit changes only what it
says it changes. Every edit is validated as a whole before it is written, atomically.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from charter.config import CONFIG_FILE, COORDINATOR, Charter, load_bytes, loads
from charter.errors import CharterError
from charter.ownership import Ownership, Rule
from charter.patterns import Pattern, PatternError, compile_pattern, overlap_witness


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


_PLAIN = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./*?+ -]*\Z")


def _scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when unambiguous, else double-quoted (JSON is YAML)."""
    if (
        _PLAIN.match(text)
        and not text.endswith(" ")
        and text.lower() not in ("true", "false", "yes", "no", "on", "off", "null", "~")
        and not text.replace(".", "").isdigit()
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(_scalar(i) for i in items) + "]"


def _instance_block(
    name: str,
    *,
    role: str,
    description: str | None,
    branch: str | None,
    github: str | None,
    owns: Sequence[str],
    depends_on: Sequence[str],
) -> dict[str, str]:
    body = {"role": _scalar(role)}
    if description:
        body["description"] = _scalar(description)
    if branch:
        body["branch"] = _scalar(branch)
    if github:
        body["github"] = json.dumps(github)
    body["owns"] = _flow(owns)
    if depends_on:
        body["depends_on"] = _flow(depends_on)
    return {"name": name, **body}


def _insert_instance(text: str, block: dict[str, str]) -> str:
    """Splice the new instance into the text after the last instance's last line.

    ruamel.yaml locates the `instances` mapping and its indentation; the rest of the file
    is kept as it is, byte for byte (a full re-dump would normalise indentation and
    spacing the user chose).
    """
    from ruamel.yaml.comments import CommentedMap

    yaml, doc = _yaml(text)
    lines = text.splitlines(keepends=True)
    name = block.pop("name")
    instances: Any = doc.get("instances") if isinstance(doc, dict) else None
    keys = list(doc.keys())
    if isinstance(instances, CommentedMap) and instances and not instances.fa.flow_style():
        first = next(iter(instances))
        key_line, key_col = instances.lc.key(first)
        first_body = instances[first]
        body_col = key_col + 2
        if isinstance(first_body, CommentedMap) and first_body and not first_body.fa.flow_style():
            body_col = first_body.lc.key(next(iter(first_body)))[1]
        following = keys[keys.index("instances") + 1 :]
        end = doc.lc.key(following[0])[0] if following else len(lines)
        rendered = [" " * key_col + f"{name}:\n"] + [
            " " * body_col + f"{k}: {v}\n" for k, v in block.items()
        ]
        insert_at = end
        while insert_at > key_line and _is_filler(lines[insert_at - 1]):
            insert_at -= 1
        if insert_at > 0 and not lines[insert_at - 1].endswith("\n"):
            lines[insert_at - 1] += "\n"
        return "".join(lines[:insert_at] + rendered + lines[insert_at:])
    # No block-style instances yet: let ruamel write the section.
    body = CommentedMap()
    for k, v in block.items():
        body[k] = yaml.load(f"{k}: {v}")[k]
    if not isinstance(instances, dict):
        doc["instances"] = instances = CommentedMap()
    instances[name] = body
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return stripped == "" or stripped.startswith("#")


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
        problems += _lane_conflicts(ownership, name, text, pattern, tracked)
    if problems:
        raise CharterError("refusing to change charter.yaml:\n  " + "\n  ".join(problems))


def _lane_conflicts(
    ownership: Ownership, name: str, text: str, pattern: Pattern, tracked: Sequence[str]
) -> list[str]:
    """Why `pattern` cannot join `name`'s lane: the first path another owner holds too,
    from tracked files and implicit paths, else from the patterns themselves. A new
    lane inside another's directory is refused too: as a nested lane it would silently
    take that subtree from its owner, which only a deliberate edit of charter.yaml does."""
    for path in [p for p in tracked if pattern.matches(p)]:
        others = [r for r in ownership.resolve(path).rules if r.owner != name]
        if others:
            return [_overlap_message(text, others[0], path)]
    for existing, rule in ownership.explicit_rules():
        if rule.owner == name:
            continue
        witness = overlap_witness(pattern, existing)
        if witness is not None:
            return [_overlap_message(text, rule, witness)]
    return []


def _overlap_message(text: str, rule: Rule, path: str) -> str:
    return (
        f"{text!r} overlaps {rule.owner}'s {rule.describe()} at {path}; choose a narrower "
        "pattern or ask the coordinator to split the lane (a lane nested inside another's "
        "directory is written in charter.yaml by hand)"
    )


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

    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CharterError(f"no {CONFIG_FILE} in {root}; create one with `charter init`") from None
    charter = load_bytes(raw)  # a file that is not UTF-8 is a located error, then
    text = raw.decode("utf-8")
    if name in charter.instances:
        raise CharterError(
            f"instance {name!r} already exists in {CONFIG_FILE}; pick another name "
            f"or edit its entry"
        )
    if not owns:
        raise CharterError("an instance needs at least one --owns PATTERN")
    check_new_lane(charter, name, owns, tracked)

    block = _instance_block(
        name,
        role=role,
        description=description,
        branch=branch,
        github=github,
        owns=owns,
        depends_on=depends_on,
    )
    new_text = _insert_instance(text, block)
    loads(new_text)  # the whole file must still validate before anything is written
    if write:
        from charter.atomic import write_text

        write_text(path, new_text)
    return new_text


def _lane_edit(root: Path) -> tuple[Path, str, Charter]:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CharterError(f"no {CONFIG_FILE} in {root}; create one with `charter init`") from None
    return path, raw.decode("utf-8"), load_bytes(raw)


def _dump_validated(yaml: Any, doc: Any, path: Path, write: bool) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    new_text = out.getvalue()
    loads(new_text)  # the whole file must still validate before anything is written
    if write:
        from charter.atomic import write_text

        write_text(path, new_text)
    return new_text


def _consumed_contracts(charter: Charter, name: str) -> list[str]:
    """Contracts `name` owns that another instance consumes."""
    return [
        f"{c.name} (consumed by {', '.join(c.consumers)})"
        for c in charter.contracts.values()
        if c.owner == name and any(consumer != name for consumer in c.consumers)
    ]


def _known(charter: Charter, name: str) -> None:
    if name not in charter.instances:
        known = ", ".join(sorted(charter.instances)) or "none yet"
        raise CharterError(f"no instance {name!r} in {CONFIG_FILE} (known: {known})")


def remove_instance(root: Path, name: str, *, force: bool = False, write: bool = True) -> str:
    """Remove `name`'s entry. Refused while others depend on it or consume a contract it
    owns; with `force`, those references go too (and the contracts it owns)."""
    path, text, charter = _lane_edit(root)
    _known(charter, name)
    dependents = charter.dependents(name)
    consumed = _consumed_contracts(charter, name)
    if (dependents or consumed) and not force:
        reasons = [f"{', '.join(dependents)} depend on it"] if dependents else []
        reasons += [f"it owns contract {c}" for c in consumed]
        raise CharterError(
            f"refusing to remove {name!r}: {'; '.join(reasons)}. Hand the contracts over "
            f"and drop the dependencies first, or pass --force to remove those references too"
        )
    yaml, doc = _yaml(text)
    del doc["instances"][name]
    for entry in doc["instances"].values():
        deps = entry.get("depends_on")
        if deps is not None and name in deps:
            deps.remove(name)
            if not deps:
                del entry["depends_on"]
    contracts = doc.get("contracts") or {}
    for contract in [c for c, body in contracts.items() if body.get("owner") == name]:
        del contracts[contract]
    for body in contracts.values():
        consumers = body.get("consumers")
        if consumers is not None and name in consumers:
            consumers.remove(name)
    return _dump_validated(yaml, doc, path, write)


def rename_instance(
    root: Path, old: str, new: str, *, force: bool = False, write: bool = True
) -> str:
    """Rename `old` to `new` everywhere charter.yaml names it. The branch stays: an
    entry without `branch:` gets `branch: instance/OLD`, so its worktree keeps working.
    Refused while `old` owns contracts others consume (they name it), unless `force`."""
    from charter.config import NAME_RE

    path, text, charter = _lane_edit(root)
    _known(charter, old)
    if new in charter.instances or new == COORDINATOR:
        raise CharterError(f"{new!r} is already taken in {CONFIG_FILE}; pick another name")
    if not NAME_RE.match(new):
        raise CharterError(f"{new!r} is not an instance name: use [a-z0-9][a-z0-9-]*")
    consumed = _consumed_contracts(charter, old)
    if consumed and not force:
        raise CharterError(
            f"refusing to rename {old!r}: it owns contract {'; '.join(consumed)}, whose "
            f"consumers know it by that name; tell them first, then pass --force"
        )
    yaml, doc = _yaml(text)
    instances = doc["instances"]
    position = list(instances).index(old)
    body = instances.pop(old)
    if "branch" not in body:
        body.insert(1 if "role" in body else 0, "branch", charter.instances[old].branch)
    instances.insert(position, new, body)
    for entry in instances.values():
        deps = entry.get("depends_on")
        if deps is not None and old in deps:
            deps[deps.index(old)] = new
    for contract in (doc.get("contracts") or {}).values():
        if contract.get("owner") == old:
            contract["owner"] = new
        consumers = contract.get("consumers")
        if consumers is not None and old in consumers:
            consumers[consumers.index(old)] = new
    return _dump_validated(yaml, doc, path, write)
