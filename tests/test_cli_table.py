"""The lazy command line: a table of commands, and only the chosen one imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from testing.gitrepo import commit_all, git, write
from testing.run import charter

from charter.cli import COMMANDS, _command_modules, chosen_command

# Runs charter's main in a fresh interpreter, then prints which command modules it loaded.
PROBE = """\
import json, sys
from charter.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:  # argparse's --help and usage errors
    code = exit.code
loaded = sorted(m for m in sys.modules if m.startswith("charter.commands."))
print("\\n" + json.dumps({"code": code, "loaded": loaded}))
"""


def probe(cwd: Path, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        (sys.executable, "-c", PROBE, *args), cwd=cwd, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


def test_the_table_lists_exactly_the_command_modules() -> None:
    assert sorted(COMMANDS) == [name.replace("_", "-") for name in _command_modules()]
    assert all(text and "\n" not in text for text in COMMANDS.values())


def test_the_command_word_is_found_without_a_parser() -> None:
    assert chosen_command(["owner", "a.py"]) == "owner"
    assert chosen_command(["-C", "owner", "guard"]) == "guard"  # -C takes a value
    assert chosen_command(["-C/tmp", "--", "whoami"]) == "whoami"
    assert chosen_command(["--version"]) is None
    assert chosen_command([]) is None


def test_owner_imports_no_other_command(repo: Path) -> None:
    write(repo, "charter.yaml", "version: 1\ninstances:\n  auth:\n    owns: [src/**]\n")
    commit_all(repo, "setup")
    result = probe(repo, "owner", "src/a.py")
    assert result == {"code": 0, "loaded": ["charter.commands.owner"]}


def test_help_lists_every_command_and_imports_none(tmp_path: Path) -> None:
    proc = charter(tmp_path, "--help")
    assert proc.returncode == 0
    for name in COMMANDS:
        assert f"\n    {name} " in proc.stdout or f"\n    {name}\n" in proc.stdout, name
    assert probe(tmp_path, "--help") == {"code": 0, "loaded": []}
    assert probe(tmp_path, "no-such-command") == {"code": 2, "loaded": []}


def test_guard_imports_only_the_guard(repo: Path) -> None:
    write(repo, "charter.yaml", "version: 1\ninstances:\n  auth:\n    owns: [src/**]\n")
    commit_all(repo, "setup")
    git(repo, "checkout", "-q", "-b", "instance/auth")
    result = probe(repo, "guard")  # no payload on stdin: allowed with a warning
    assert result["loaded"] == ["charter.commands.guard"]
