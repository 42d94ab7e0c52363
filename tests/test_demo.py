"""`charter demo`, the README's first command, end to end."""

from __future__ import annotations

from pathlib import Path

from testing.gitrepo import git
from testing.run import charter


def test_demo_shows_a_pass_and_a_refusal_from_the_real_hook(tmp_path: Path) -> None:
    proc = charter(tmp_path, "demo", "--dir", str(tmp_path), timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "\\`" not in out  # Markdown escapes are for GitHub, not for this terminal
    assert "auth: sessions" in out
    # Grants: foundation lends a file to auth for an hour; auth's commit passes, and
    # foundation's own edit is refused meanwhile.
    assert "charter: granted packages/shared/src/format.ts to auth until" in out
    assert "auth, granted by foundation until" in out
    assert "auth: formatSession (under foundation's grant)" in out
    assert "lent out: foundation granted these to auth" in out
    # foundation's breaking contract PR asks auth's and payments' owners to review.
    assert '"reviewers": ["auth-dev", "payments-dev"]' in out
    assert "Review requested from @auth-dev, @payments-dev." in out
    assert "owned by payments via 'packages/payments/**'" in out
    assert "modify packages/payments/src/index.ts" in out
    assert "exit 2: Claude Code blocks the Edit" in out
    # One refusal per agent's hook protocol, each action named in words.
    assert "Codex CLI's apply_patch (PreToolUse)  (exit 2: Codex blocks" in out
    assert "    delete packages/payments/src/index.ts" in out
    assert "Gemini CLI's run_shell_command (BeforeTool)  (exit 2: Gemini CLI blocks" in out
    assert "append to through a shell redirection packages/payments/src/index.ts" in out
    assert "(beforeShellExecution)  (exit 0: Cursor reads" in out
    assert "edit in place with sed packages/payments/src/index.ts" in out
    assert "| auth | feature | discovery | instance/auth |" in out
    # The bot's comment on a pull request whose hooks were skipped.
    assert "<!-- charter:pull-request -->" in out
    assert "| `packages/payments/src/index.ts` | modify | payments |" in out
    # A breaking contract change, with the consumers who must adapt.
    assert (
        "BREAKING User.displayName: removed" in out
        and "shared-types: User.displayName: removed (consumers who must adapt: auth, payments)"
        in out
    )
    assert "| foundation | foundation |" in out
    auth = tmp_path / "shop-auth"
    # The refusal came from the installed hook: the commit is not in auth's history.
    log = git(auth, "log", "--format=%s")
    assert "auth: sessions" in log and "quick fix in payments" not in log
    assert git(auth, "status", "--porcelain") == ""
    doctor = charter(tmp_path / "shop", "doctor")
    assert doctor.returncode == 0, doctor.stdout
    again = charter(tmp_path, "demo", "--dir", str(tmp_path))
    assert again.returncode == 2 and f"{tmp_path} is not empty" in again.stderr
    assert "Traceback" not in again.stderr
