"""`charter conflicts` on a real repository with instance branches."""

from __future__ import annotations

import json
from pathlib import Path

from testing.gitrepo import commit_all, git, write
from testing.run import charter

MAP = """\
version: 1
instances:
  auth:
    owns: [auth/**]
  billing:
    owns: [billing/**]
  web:
    owns: [web/**]
"""


def test_conflicts_names_pairs_files_and_kinds(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    write(repo, "shared.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\n")
    commit_all(repo, "base")
    for name, text in (("auth", "AUTH\n"), ("billing", "BILLING\n")):
        git(repo, "checkout", "-q", "-b", f"instance/{name}", "main")
        write(repo, "shared.txt", text)
        commit_all(repo, name)
    git(repo, "checkout", "-q", "-b", "instance/web", "main")
    write(repo, "web/page.ts", "export {}\n")
    commit_all(repo, "web")
    git(repo, "checkout", "-q", "main")
    proc = charter(repo, "conflicts")
    assert proc.returncode == 1, proc.stderr
    assert "auth x billing:" in proc.stdout and "content" in proc.stdout
    assert "web" not in proc.stdout
    proc = charter(repo, "conflicts", "--format", "json")
    pairs = [p for p in json.loads(proc.stdout) if p["conflicts"]]
    assert [(p["left"], p["right"]) for p in pairs] == [("auth", "billing")]
    assert pairs[0]["conflicts"][0]["path"] == "shared.txt"
