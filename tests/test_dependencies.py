"""What each entry point imports: the hooks stay on the standard library and ruamel.yaml,
and `charter bot` without the github extra says which extra to install."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from testing.gitrepo import commit_all, git, write

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  auth:
    owns: [auth/**]
contracts:
  session:
    owner: auth
    paths: [auth/session.json]
    language: file
"""

# Runs one entry point in a fresh interpreter and prints the top-level modules it loaded
# that are neither the standard library's nor charter's (site's own start-up excluded).
_THIRD_PARTY = textwrap.dedent(
    """\
    import json, sys
    before = set(sys.modules)
    import importlib
    module = importlib.import_module(sys.argv[1])
    try:
        module.main(sys.argv[2:])
    except SystemExit:
        pass
    loaded = {name.partition(".")[0] for name in set(sys.modules) - before}
    print(json.dumps(sorted(loaded - set(sys.stdlib_module_names) - {"charter"})))
    """
)

HOOKS = {
    "charter.hooks.ownership": (),
    "charter.hooks.config": (),
    "charter.hooks.contracts": (),
    "charter.hooks.scratchpad": (),
    "charter.hooks.commit_msg": ("MSG",),
    "charter.hooks.dispatch": ("pre-commit",),
}


@pytest.mark.parametrize("module", sorted(HOOKS))
def test_hooks_import_nothing_third_party_but_ruamel_yaml(repo: Path, module: str) -> None:
    write(repo, "charter.yaml", MAP)
    write(repo, "auth/session.json", "{}\n")
    commit_all(repo, "coordinator: lanes")
    write(repo, "charter.yaml", MAP + "  # touched, so charter-config validates it\n")
    write(repo, "auth/session.json", '{"a": 1}\n')
    git(repo, "add", "-A")
    (repo / "MSG").write_text("a change\n")
    args = tuple(str(repo / a) if a == "MSG" else a for a in HOOKS[module])
    proc = subprocess.run(
        (sys.executable, "-c", _THIRD_PARTY, module, *args),
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert set(loaded) <= {"ruamel"}, (module, loaded)


# A meta path finder that makes PyGithub look uninstalled, as in a plain `pip install charter`.
_WITHOUT_GITHUB = textwrap.dedent(
    """\
    import sys

    class HideGitHub:
        def find_spec(self, name, path=None, target=None):
            if name == "github" or name.startswith("github."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, HideGitHub())
    """
)


@pytest.mark.parametrize("command", ["pr", "sync"])
def test_bot_without_the_github_extra_names_the_extra(tmp_path: Path, command: str) -> None:
    code = _WITHOUT_GITHUB + f"from charter.cli import main\nsys.exit(main(['bot', {command!r}]))\n"
    proc = subprocess.run(
        (sys.executable, "-c", code), cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "No module named 'github'" in proc.stderr
    assert "pip install 'charter[github]'" in proc.stderr


def test_the_pull_request_report_needs_no_github_client(tmp_path: Path) -> None:
    """`charter demo` renders the bot's comment without talking to GitHub."""
    code = _WITHOUT_GITHUB + "from charter.bot.pr import build_report\nprint('ok')\n"
    proc = subprocess.run(
        (sys.executable, "-c", code), cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"
