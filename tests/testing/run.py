"""Run charter as a user runs it: `python -m charter ARGS` in a new process, text out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def python_module(
    module: str,
    cwd: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m MODULE ARGS` in `cwd`. The child gets `environ` (default: this process's
    environment) with `env` on top; its output is decoded as UTF-8, undecodable bytes kept
    as surrogates so that a test can still see them."""
    proc = subprocess.run(
        (sys.executable, "-m", module, *args),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**(os.environ if environ is None else environ), **(env or {})},
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "surrogateescape"),
        proc.stderr.decode("utf-8", "surrogateescape"),
    )


def charter(cwd: Path, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """`python -m charter ARGS` in `cwd`; `options` as for `python_module`."""
    return python_module("charter", cwd, *args, **options)
