"""Every error charter defines is a `CharterError` with an exit code: a user's mistake is
one message and exit 2 (or 1 for problems found), never a traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from charter import errors
from charter.errors import EXIT_PROBLEMS, EXIT_UNUSABLE, CharterError


def _modules() -> list[str]:
    # charter.bot and charter.hooks live in their own folders (bot/, hooks/): walk each.
    names: set[str] = set()
    for package in ("charter", "charter.bot", "charter.hooks"):
        path = importlib.import_module(package).__path__
        names |= {info.name for info in pkgutil.walk_packages(path, f"{package}.")}
    return sorted(name for name in names if not name.endswith("__main__"))  # runs the CLI


def _error_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__.startswith("charter.")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def test_the_scan_sees_the_errors_modules_are_known_by() -> None:
    names = {cls.__name__ for cls in _error_classes()}
    assert {"ForecastError", "SurfaceError", "GitHubError", "Forbidden", "PatternError"} <= names


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__qualname__)
def test_every_error_is_a_charter_error_with_an_exit_code(cls: type[BaseException]) -> None:
    assert issubclass(cls, CharterError), f"{cls.__module__}.{cls.__qualname__}"
    assert cls.exit_code in (EXIT_PROBLEMS, EXIT_UNUSABLE)


def test_errors_are_defined_in_charter_errors_only() -> None:
    # Subclasses specific to one client may live beside it, but the family's roots are here.
    roots = {cls for cls in _error_classes() if CharterError in cls.__bases__}
    assert {cls.__module__ for cls in roots} == {errors.__name__}
