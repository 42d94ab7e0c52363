"""The bot's settings, read once from the environment the Action provides.

Inputs arrive as environment variables (`env:` in action.yml), never interpolated into
scripts. The token is kept out of `repr` so it can never be printed by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from charter.errors import CharterError

FAIL_ON = ("violations", "drift", "never")


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    api_url: str
    repository: str  # owner/name
    event_name: str
    event_path: Path | None
    workspace: Path
    step_summary: Path | None
    output: Path | None
    fail_on: str = "violations"
    config: str = "charter.yaml"
    retries: int = 3
    throttle: bool = True  # PyGithub's pauses between requests; off in tests
    tests_passed: bool | None = None  # CHARTER_TESTS: the workflow's test result, if known
    server_url: str = "https://github.com"  # GITHUB_SERVER_URL: where `git fetch` goes

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("CHARTER_TOKEN") or env.get("INPUT_TOKEN") or env.get("GITHUB_TOKEN", "")
        repository = env.get("GITHUB_REPOSITORY", "")
        missing = [
            name
            for name, value in (
                ("a token (input `token` or GITHUB_TOKEN)", token),
                ("GITHUB_REPOSITORY", repository),
            )
            if not value
        ]
        if missing:
            raise CharterError(
                f"the bot needs {' and '.join(missing)}; run it from the charter "
                "GitHub Action or set them in the environment"
            )
        fail_on = env.get("CHARTER_FAIL_ON", "violations") or "violations"
        if fail_on not in FAIL_ON:
            raise CharterError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        try:
            retries = int(env.get("CHARTER_RETRIES", "3"))
        except ValueError:
            raise CharterError("CHARTER_RETRIES must be a whole number") from None

        tests = env.get("CHARTER_TESTS", "")
        if tests not in ("", "passed", "failed", "success", "failure"):
            raise CharterError(
                f"CHARTER_TESTS must be passed or failed (or a job result), not {tests!r}"
            )

        def path(name: str) -> Path | None:
            value = env.get(name)
            return Path(value) if value else None

        return cls(
            token=token,
            api_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            repository=repository,
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=path("GITHUB_EVENT_PATH"),
            workspace=Path(env.get("GITHUB_WORKSPACE") or os.getcwd()),
            step_summary=path("GITHUB_STEP_SUMMARY"),
            output=path("GITHUB_OUTPUT"),
            fail_on=fail_on,
            config=env.get("CHARTER_CONFIG") or "charter.yaml",
            retries=retries,
            throttle=env.get("CHARTER_THROTTLE", "1") != "0",
            tests_passed=None if not tests else tests in ("passed", "success"),
            server_url=(env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
        )

    def git_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for the bot's `git fetch`: the token as an HTTP header for the
        GitHub server only, through git's GIT_CONFIG_* variables.

        The workflow checks out with `persist-credentials: false` (nothing pushes with
        git, so no token is left in .git/config for a later step to find); the fetches
        the sync makes still need it for a private repository. Environment variables keep
        it off every command line and out of every file.
        """
        import base64

        env = dict(os.environ if base is None else base)
        if not self.token:
            return env
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        try:
            index = int(env.get("GIT_CONFIG_COUNT", "0"))
        except ValueError:
            index = 0
        env[f"GIT_CONFIG_KEY_{index}"] = f"http.{self.server_url}/.extraheader"
        env[f"GIT_CONFIG_VALUE_{index}"] = f"AUTHORIZATION: basic {basic}"
        env["GIT_CONFIG_COUNT"] = str(index + 1)
        return env

    @property
    def root(self) -> Path:
        """The checkout holding charter.yaml."""
        config = Path(self.config)
        if config.name != "charter.yaml":
            raise CharterError(f"config must point at a charter.yaml, not {self.config!r}")
        return (self.workspace / config).parent
