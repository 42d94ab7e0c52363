"""Only charter/git starts git: a fix for encoding, GIT_DIR leaks or replace objects is
made in one place. The source is read (ast), nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("charter", "hooks", "bot")
GIT_PACKAGE = ROOT / "charter" / "git"

# Calls that start a process, by module.
_STARTERS = {
    "subprocess": {"run", "Popen", "call", "check_call", "check_output", "getoutput"},
    "os": {"system", "popen", "posix_spawn", "posix_spawnp"},
    "asyncio": {"create_subprocess_exec", "create_subprocess_shell"},
}
_PREFIXES = {"os": ("exec", "spawn")}


def _is_starter(module: str, name: str) -> bool:
    return name in _STARTERS.get(module, set()) or name.startswith(_PREFIXES.get(module, ("\0",)))


def _starter_calls(tree: ast.AST) -> list[ast.Call]:
    """Every call of a process starter, reached as `subprocess.run` or imported by name."""
    imported: dict[str, str] = {}  # local name -> module it came from
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in _STARTERS:
            for alias in node.names:
                if _is_starter(node.module, alias.name):
                    imported[alias.asname or alias.name] = node.module
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if _is_starter(func.value.id, func.attr):
                calls.append(node)
        elif isinstance(func, ast.Name) and func.id in imported:
            calls.append(node)
    return calls


def _may_run_git(call: ast.Call) -> bool:
    """False only when the program is visibly something else: a literal argv whose first
    element is not the string "git" (e.g. `(sys.executable, "-m", "charter", ...)`)."""
    if not call.args:
        return True
    argv = call.args[0]
    if isinstance(argv, ast.Constant) and isinstance(argv.value, str):
        return argv.value.split()[:1] == ["git"]  # a shell string
    if isinstance(argv, ast.Tuple | ast.List) and argv.elts:
        first = argv.elts[0]
        if isinstance(first, ast.Constant):
            return first.value == "git"
        return isinstance(first, ast.Starred)
    return True  # argv built elsewhere: cannot tell, so not allowed


def offenders(root: Path) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if path.is_relative_to(root / "charter" / "git"):
                continue
            tree = ast.parse(path.read_text(), str(path))
            for call in _starter_calls(tree):
                if _may_run_git(call):
                    found.append(f"{path.relative_to(root)}:{call.lineno}")
    return found


def test_no_module_outside_charter_git_starts_git() -> None:
    assert offenders(ROOT) == [], "use charter.git (run, git, Git) instead"


def test_the_scan_catches_each_way_of_starting_git(tmp_path: Path) -> None:
    sources = {
        "charter/a.py": 'import subprocess\nsubprocess.run(("git", "status"))\n',
        "hooks/b.py": 'from subprocess import Popen as P\nP(["git", "log"])\n',
        "bot/c.py": 'import os\nos.execvp("git", ["git", "fetch"])\n',
        "charter/d.py": 'import subprocess\nsubprocess.check_output("git rev-parse HEAD")\n',
        "charter/e.py": "import subprocess\nargv = ['git']\nsubprocess.call(argv)\n",
        "charter/ok.py": 'import subprocess, sys\nsubprocess.run((sys.executable, "-V"))\n',
        "charter/git/runner.py": 'import subprocess\nsubprocess.run(("git", "x"))\n',
    }
    for name, text in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "hooks").mkdir(exist_ok=True)
    (tmp_path / "bot").mkdir(exist_ok=True)

    assert offenders(tmp_path) == [
        "charter/a.py:2",
        "charter/d.py:2",
        "charter/e.py:3",
        "hooks/b.py:2",
        "bot/c.py:2",
    ]
