"""The error a contract's files raise when their surface cannot be read (defined with
the rest of the family in `charter.errors`)."""

from __future__ import annotations

from charter.errors import SurfaceError

__all__ = ["SurfaceError"]
