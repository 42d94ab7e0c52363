"""charter: lanes, scratchpads and contracts for teams of coding agents on one repository."""

from __future__ import annotations

__version__ = "0.1.0"
