"""griffe's verdict on each public unit of each consecutive version pair of the Python
corpus (../python/corpus.json), written to py_verdicts.json. Run by hand:

    python tests/data/contracts/oracle/py_oracle.py

(griffe is a charter dependency; the tests read the JSON and do not run this.)

A unit is a public name charter keys (`module.name`, private modules left out) in the
old version; griffe.find_breaking_changes(old, new) is the judge: a unit is breaking
when griffe reports a breakage on it or on something inside it (`module.name.member`),
compatible otherwise. Units new in the new version are `added`.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from pathlib import Path

import griffe

HERE = Path(__file__).parent
CORPUS = HERE.parent / "python"


def _load(root: Path, packages: list[str]) -> dict[str, griffe.Module]:
    """The packages of one version in one collection (attrs imports attr)."""
    loader = griffe.GriffeLoader(search_paths=[root], allow_inspection=False)
    modules = {name: loader.load(name) for name in packages}
    loader.resolve_aliases(implicit=False, external=False)
    return modules


def _canonical(modules: dict[str, griffe.Module], unit: str) -> str:
    """Where a unit's object is defined (`attrs.asdict` -> `attr._funcs.asdict`)."""
    head, _, rest = unit.partition(".")
    try:
        obj = modules[head][rest] if rest else modules[head]
        return obj.final_target.path if obj.is_alias else obj.path
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return unit


def _units(root: Path) -> set[str]:
    sys.path.insert(0, str(HERE.parents[3]))
    from charter.contracts.python_api import extract_exports

    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.py*")}
    return set(extract_exports(files))


def judge(package: str, packages: list[str], old: str, new: str) -> dict[str, object]:
    old_root, new_root = CORPUS / package / old, CORPUS / package / new
    before, after = _units(old_root), _units(new_root)
    breakages: list[tuple[str, str]] = []
    old_modules, new_modules = _load(old_root, packages), _load(new_root, packages)
    for name in packages:
        for breakage in griffe.find_breaking_changes(old_modules[name], new_modules[name]):
            breakages.append((breakage.obj.path, breakage.kind.value))
    verdicts: dict[str, dict[str, object]] = {}
    for unit in sorted(before):
        # a re-exported name is judged where griffe finds it defined, too
        paths = {unit, _canonical(old_modules, unit)}
        why = [f"{path}: {kind}" for path, kind in breakages
               if any(path == u or path.startswith((u + ".", u + "(")) for u in paths)]
        verdicts[unit] = {"verdict": "breaking" if why else "compatible", "why": why}
    for unit in sorted(after - before):
        verdicts[unit] = {"verdict": "added", "why": []}
    known = before | {_canonical(old_modules, u) for u in before}
    unmatched = sorted({p for p, _ in breakages if not any(
        p == u or p.startswith(u + ".") for u in known)})
    return {"package": package, "old": old, "new": new, "exports": verdicts,
            "breakages_on_no_unit": unmatched}


def main() -> None:
    logging.getLogger("griffe").disabled = True
    corpus = json.loads((CORPUS / "corpus.json").read_text())
    pairs = []
    for package, spec in corpus.items():
        versions = spec["versions"]
        for old, new in itertools.pairwise(versions):
            print(package, old, "->", new, file=sys.stderr)
            pairs.append(judge(package, spec["packages"], old, new))
    result = {"pairs": pairs}
    (HERE / "py_verdicts.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
