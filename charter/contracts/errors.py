"""The error a contract's files raise when their surface cannot be read."""

from __future__ import annotations


class SurfaceError(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
