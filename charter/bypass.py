"""The one escape hatch: `CHARTER_BYPASS="reason" git commit ...` lets a commit through
the local hooks and records `Charter-Bypass: reason` in its message, so the push check
and the pull-request bot report it instead of it going unseen."""

from __future__ import annotations

from collections.abc import Mapping

BYPASS_VAR = "CHARTER_BYPASS"
BYPASS_TRAILER = "Charter-Bypass"
# Written by the commit-msg hook: the instance whose identity made the commit. A record,
# not a proof: anyone can type a trailer, so it shows a commit made under another
# instance's identity (auth's commits on billing's branch), never who really typed it.
INSTANCE_TRAILER = "Charter-Instance"


def bypass_reason(environ: Mapping[str, str]) -> str:
    """The reason given for bypassing the hooks, or '' when none was."""
    return environ.get(BYPASS_VAR, "").strip()
