"""Proof on real files: for every tracked path, the owner GitHub gives it, the owner
charter gives it after `init --from-codeowners`, and the owner GitHub gives it after
`codeowners --write` are the same (tests/data/codeowners/README.md names the sources)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from testing.codeowners_reference import File, parse

from charter.codeowners_export import merged, render_region
from charter.codeowners_import import import_codeowners, render_instances
from charter.config import loads
from charter.ownership import Ownership

DATA = Path(__file__).parent / "data" / "codeowners"
REPOS = sorted(p.name for p in DATA.iterdir() if p.is_dir())


def charter_yaml(instances: str) -> str:
    return "version: 1\n" + instances


@pytest.mark.parametrize(
    ("repo", "first_owner"), [*((repo, False) for repo in REPOS), ("dd-trace-py", True)]
)
def test_github_charter_and_export_agree_on_every_path(repo: str, first_owner: bool) -> None:
    text = (DATA / repo / "CODEOWNERS").read_text(encoding="utf-8")
    paths = gzip.decompress((DATA / repo / "paths.txt.gz").read_bytes()).decode().splitlines()
    rules = parse(text)
    if first_owner:
        rules = [(pattern, owners[:1]) for pattern, owners in rules]
    before = File(rules)
    imported = import_codeowners(text, "CODEOWNERS", paths, first_owner=first_owner)
    charter = loads(charter_yaml(render_instances(imported.owners)))
    ownership = Ownership(charter)
    region, _ = render_region(charter)
    exported = File(parse(merged(None, region)))
    handles = {
        name: frozenset(i.github.lower().split()) if i.github else frozenset()
        for name, i in charter.instances.items()
    }
    disagree = []
    owned = 0
    for path in paths:
        github = before.owners(path)
        resolution = ownership.resolve(path)
        assert not resolution.overlap, (path, resolution.rules)
        mine = handles[resolution.owner] if resolution.owner else frozenset()
        after = exported.owners(path)
        owned += bool(github)
        if not github == mine == after:
            disagree.append((path, sorted(github), sorted(mine), sorted(after)))
    assert not disagree, disagree[:5]
    assert owned > 500  # the slice exercises the file, not only unowned paths
    # Exclusive from the patterns themselves, not only on tracked files: no two instances
    # share any path (nested lanes aside), so `charter validate` is clean.
    assert ownership.overlaps() == []
    if not first_owner:
        assert imported.compiled or imported.carve_outs  # overrides were really met
