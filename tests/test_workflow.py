"""The workflow `charter init --github` writes and the Action it uses: checked values only,
everything quoted, pinned by commit, and no finding from zizmor (run offline)."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from charter.bot.settings import Settings
from packaging.requirements import Requirement
from testing.gitrepo import git, write
from testing.run import charter

ROOT = Path(__file__).parent.parent


def _zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is in the test extra: pip install -e '.[test]'"
    return found


def _findings(*paths: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        (_zizmor(), "--offline", "--persona=pedantic", "--format=json", *map(str, paths)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 11, 12, 13, 14), proc.stderr  # 1x: findings, by severity
    findings: list[dict[str, object]] = json.loads(proc.stdout)
    return findings


def test_the_generated_workflow_and_the_action_have_no_zizmor_finding(repo: Path) -> None:
    proc = charter(repo, "init", "--github")
    assert proc.returncode == 0, proc.stderr
    workflow = repo / ".github/workflows/charter.yml"
    assert _findings(workflow, ROOT / "action.yml") == []
    text = workflow.read_text()
    assert 'branches: ["main"]' in text
    assert text.count("persist-credentials: false") == 2
    assert text.count('uses: "charter-dev/charter@') == 2  # by commit, quoted


def test_zizmor_does_find_what_it_looks_for(repo: Path) -> None:
    """The check above can fail: a tag-pinned, credential-keeping workflow is found."""
    bad = repo / "bad.yml"
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
    )
    rules = {str(f.get("ident")) for f in _findings(bad)}
    assert {"unpinned-uses", "artipacked"} <= rules


@pytest.mark.parametrize(
    "branch",
    [
        "main]\n  pull_request_target:",
        "main\n  workflow_run:",
        "ma in",
        "-x",
        "a..b",
        "@",
        "main.lock",
    ],
)
def test_a_crafted_default_branch_never_reaches_the_workflow(repo: Path, branch: str) -> None:
    write(
        repo, "charter.yaml", f"version: 1\ndefault_branch: {json.dumps(branch)}\ninstances: {{}}\n"
    )
    proc = charter(repo, "init", "--github")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "not a valid branch name" in proc.stderr and "Traceback" not in proc.stderr
    assert not (repo / ".github").exists()


def test_an_unusual_but_valid_branch_is_quoted(repo: Path) -> None:
    write(repo, "charter.yaml", 'version: 1\ndefault_branch: "#release/1.x"\ninstances: {}\n')
    assert charter(repo, "init", "--github").returncode == 0
    text = (repo / ".github/workflows/charter.yml").read_text()
    assert 'branches: ["#release/1.x"]' in text  # unquoted, `#` would start a comment


def test_the_action_ref_is_checked_and_a_tag_warned_about(repo: Path) -> None:
    proc = charter(repo, "init", "--github", "--action-ref", "acme/charter@main\non: [fork]")
    assert proc.returncode == 2 and "not an action reference" in proc.stderr
    proc = charter(repo, "init", "--github", "--action-ref", "acme/charter@v1")
    assert proc.returncode == 0 and "not pinned by commit" in proc.stderr


def test_the_action_installs_from_its_pinned_constraints() -> None:
    action = (ROOT / "action.yml").read_text()
    assert '--constraint "$GITHUB_ACTION_PATH/constraints.txt"' in action
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    for spec in importlib.metadata.requires("charter") or []:
        requirement = Requirement(spec)
        # the Action installs charter[github]: the core and the github extra, not the test extra
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": "github"}):
            continue
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is a dependency but not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (name, pins[name])


def test_the_sync_fetch_gets_the_token_from_the_environment_only(repo: Path) -> None:
    settings = Settings(
        token="ghs_secret",
        api_url="https://api.github.com",
        repository="acme/app",
        event_name="push",
        event_path=None,
        workspace=repo,
        step_summary=None,
        output=None,
    )
    env = settings.git_env(
        {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "a.b", "GIT_CONFIG_VALUE_0": "c"}
    )
    proc = subprocess.run(
        ("git", "config", "--get", "http.https://github.com/.extraheader"),
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.stdout.startswith("AUTHORIZATION: basic ")
    assert "ghs_secret" not in proc.stdout  # base64, as actions/checkout writes it
    assert git(repo, "config", "--list").count("extraheader") == 0  # nothing written
    assert (
        subprocess.run(
            ("git", "config", "--get", "a.b"), cwd=repo, env=env, capture_output=True, text=True
        ).stdout.strip()
        == "c"
    )  # what the environment already configured stays


def test_the_readme_and_the_workflow_name_a_commit_not_a_tag_that_does_not_exist(
    repo: Path,
) -> None:
    """No release tag is published: the examples pin the release commit, and say so."""
    import re

    from charter.workflow import ACTION_COMMIT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = re.findall(r"^\s*rev:\s*(\S+)", readme, flags=re.MULTILINE)
    assert revs == [ACTION_COMMIT]
    assert "v0.1.0" not in readme
    assert "pre-commit autoupdate --freeze" in readme and "git ls-remote" in readme
    proc = charter(repo, "init", "--github")
    assert proc.returncode == 0, proc.stderr
    workflow = (repo / ".github/workflows/charter.yml").read_text()
    assert f'@{ACTION_COMMIT}"  # charter ' in workflow and "release commit" in workflow
    assert "v0.1.0" not in workflow
