"""Routes past the pull-request check (issue 12): `charter bot pr` as the Action runs it,
real PyGithub against the emulator, each next to the honest variant that still passes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_bot import Shop, bot, marked, pr_event, shop  # noqa: F401 (fixture)
from testing.gitrepo import commit_all, git, write

MARKER = "<!-- charter:pull-request -->"


def body(shop: Shop, number: int) -> str:  # noqa: F811
    comments = marked(shop, number, MARKER)
    assert len(comments) == 1
    return str(comments[0]["body"])


def heading(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("### "))


def main_sha(shop: Shop) -> str:  # noqa: F811
    git(shop.coordinator, "fetch", "-q", "origin")
    return git(shop.coordinator, "rev-parse", "origin/main").strip()


def on_branch(shop: Shop, branch: str) -> Path:  # noqa: F811
    """The coordinator clone, on `branch` as the remote has it (made from main if new)."""
    tree = shop.coordinator
    git(tree, "fetch", "-q", "origin")
    start = f"origin/{branch}"
    if subprocess.run(("git", "rev-parse", "-q", "--verify", start), cwd=tree).returncode:
        start = "origin/main"
    git(tree, "checkout", "-q", "-B", branch, start)
    return tree


def commit(tree: Path, files: dict[str, str], message: str) -> str:
    for path, text in files.items():
        write(tree, path, text)
    return commit_all(tree, message)


def run_pr(
    shop: Shop,  # noqa: F811
    head: str,
    *,
    author: str = "auth-dev",
    base: str = "main",
    base_sha: str | None = None,
) -> tuple[subprocess.CompletedProcess[str], int]:
    tip = git(shop.bare, "rev-parse", f"refs/heads/{head}").strip()
    base_sha = base_sha or git(shop.bare, "rev-parse", f"refs/heads/{base}").strip()
    number = shop.emu.create_pull(head, base, user=author)
    event = pr_event(shop.tmp, number, head, tip, base_sha, author=author, base=base)
    checkout = shop.tmp / f"checkout-{number}"
    if not checkout.exists():
        git(shop.tmp, "clone", "-q", str(shop.bare), str(checkout))
    return bot(shop, checkout, "pr", event=event), number


def test_merge_smuggling_is_refused_and_merging_main_passes(shop: Shop) -> None:  # noqa: F811
    tree = on_branch(shop, "instance/auth")
    own = commit(tree, {"auth/index.ts": "// auth work\n"}, "auth work")
    git(tree, "checkout", "-q", "-b", "side")
    side = commit(tree, {"billing/index.ts": "// smuggled\n"}, "tidy")
    git(tree, "checkout", "-q", "instance/auth")
    git(tree, "merge", "-q", "--no-ff", "--no-edit", "side")
    git(tree, "push", "-q", "-f", "origin", "instance/auth")

    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert f"`billing/index.ts` | modify | billing | {side[:12]} |" in text
    assert "all clear" not in heading(text)

    # Honest: the same work without the side branch, after merging main (which moved).
    main = on_branch(shop, "main")
    commit(main, {"billing/index.ts": "// billing's, landed\n"}, "billing landed")
    git(main, "push", "-q", "origin", "main")
    tree = on_branch(shop, "instance/auth")
    git(tree, "reset", "-q", "--hard", own)
    git(tree, "merge", "-q", "--no-edit", "origin/main")
    git(tree, "push", "-q", "-f", "origin", "instance/auth")
    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 0, proc.stdout
    text = body(shop, number)
    assert heading(text) == "### charter: all clear"
    assert git(tree, "show", "HEAD:auth/index.ts") == "// auth work\n"


def _coordinators(shop: Shop, extra: str = "") -> None:  # noqa: F811
    """The coordinator names its login and (optionally) more coordinator branches."""
    tree = on_branch(shop, "main")
    text = (tree / "charter.yaml").read_text()
    text = text.replace(
        "coordinator_branches: [main]\n",
        f'coordinator_branches: [main{extra}]\ncoordinators: {{github: ["@Boss"]}}\n',
    )
    commit(tree, {"charter.yaml": text}, "coordinators")
    git(tree, "push", "-q", "origin", "main")


def test_a_coordinator_named_head_is_the_coordinators_only_when_a_coordinator_opened_it(
    shop: Shop,  # noqa: F811
) -> None:
    _coordinators(shop, ", master")
    tree = on_branch(shop, "instance/auth")
    commit(tree, {"billing/index.ts": "// not auth's\n", "charter.yaml": "version: 1\n"}, "x")
    git(tree, "push", "-q", "origin", "instance/auth:master")

    proc, number = run_pr(shop, "master", author="auth-dev")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    # Names from the pull request are escaped: no mention pings anyone.
    assert "is a coordinator branch, but the pull request's author @&#8203;auth-dev" in text
    assert "lists @&#8203;boss" in text

    proc, number = run_pr(shop, "master", author="boss")
    assert proc.returncode == 0, proc.stdout
    assert "judged as the coordinator" in body(shop, number)


def test_commits_parked_on_a_coordinator_named_branch_are_judged(shop: Shop) -> None:  # noqa: F811
    _coordinators(shop, ", master")
    tree = on_branch(shop, "master")
    parked = commit(tree, {"billing/index.ts": "// parked\n"}, "parked")
    git(tree, "push", "-q", "origin", "master")
    tree = on_branch(shop, "instance/auth")
    git(tree, "merge", "-q", "--no-edit", "origin/master")
    git(tree, "push", "-q", "origin", "instance/auth")

    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 1, proc.stdout
    assert f"| billing | {parked[:12]} |" in body(shop, number)


def test_a_base_the_instance_wrote_is_not_the_rules(shop: Shop) -> None:  # noqa: F811
    tree = on_branch(shop, "auth-base")
    text = (tree / "charter.yaml").read_text().replace("[auth/**]", "[auth/**, billing/**]")
    text = text.replace("owns: [billing/**]", "owns: [billing/other/**]")
    commit(tree, {"charter.yaml": text}, "my rules")
    git(tree, "push", "-q", "origin", "auth-base")
    tree = on_branch(shop, "instance/auth")
    git(tree, "merge", "-q", "--no-edit", "origin/auth-base")
    commit(tree, {"billing/index.ts": "// mine now?\n"}, "billing is mine")
    git(tree, "push", "-q", "origin", "instance/auth")

    proc, number = run_pr(shop, "instance/auth", base="auth-base")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert "The base 'auth-base' is not the default branch: judged with the rules of 'main'" in text
    assert "rules read from main at " in text
    assert "`billing/index.ts` | modify | billing" in text
    assert "`charter.yaml` | modify | coordinator" in text


def test_a_self_written_bypass_needs_a_coordinators_approval_at_the_head(
    shop: Shop,  # noqa: F811
) -> None:
    _coordinators(shop)
    tree = on_branch(shop, "instance/auth")
    write(tree, "billing/index.ts", "// tidy\n")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "--no-verify", "-m", "tidy\n\nCharter-Bypass: routine `<b>x</b>`")
    tidy = git(tree, "rev-parse", "HEAD").strip()
    git(tree, "push", "-q", "origin", "instance/auth")

    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert heading(text) == "### charter: 1 bypass(es) awaiting a coordinator's approval"
    reason = "routine \\`&lt;b&gt;x&lt;/b&gt;\\`"  # the author's text, escaped
    assert f"- {tidy[:12]}: reason {reason}; paths: `billing/index.ts`" in text
    assert "<b>" not in text
    assert "bypasses=1" in (shop.tmp / "output.txt").read_text()

    # An approval from someone who is not a coordinator, or at an older head, is not one.
    shop.emu.submit_review(number, "auth-dev")
    shop.emu.submit_review(number, "boss", commit=main_sha(shop))
    assert bot_again(shop, number, tidy).returncode == 1
    # A coordinator's approval at the head lets it pass, and says who approved.
    shop.emu.submit_review(number, "Boss")
    proc = bot_again(shop, number, tidy)
    assert proc.returncode == 0, proc.stdout
    text = body(shop, number)
    assert heading(text) == "### charter: all clear, 1 approved bypass(es)"
    assert "Approved at this head by coordinator @boss." in text
    # ... until the coordinator asks for changes.
    shop.emu.submit_review(number, "boss", "CHANGES_REQUESTED")
    assert bot_again(shop, number, tidy).returncode == 1


def bot_again(shop: Shop, number: int, head: str) -> subprocess.CompletedProcess[str]:  # noqa: F811
    base = git(shop.bare, "rev-parse", "refs/heads/main").strip()
    event = pr_event(shop.tmp, number, "instance/auth", head, base, author="auth-dev")
    return bot(shop, shop.tmp / f"checkout-{number}", "pr", event=event)


def test_a_bypass_of_charter_yaml_does_not_pass_by_its_trailer(shop: Shop) -> None:  # noqa: F811
    tree = on_branch(shop, "instance/auth")
    text = (tree / "charter.yaml").read_text().replace("[auth/**]", "[auth/**, billing/**]")
    write(tree, "charter.yaml", text)
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "--no-verify", "-m", "widen\n\nCharter-Bypass: needed")
    git(tree, "push", "-q", "origin", "instance/auth")
    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 1, proc.stdout
    assert "paths: `charter.yaml`" in body(shop, number)


def test_another_instances_branch_or_login_is_refused(shop: Shop) -> None:  # noqa: F811
    tree = on_branch(shop, "instance/auth")
    write(tree, "auth/index.ts", "// auth's work\n")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "--no-verify", "-m", "auth work\n\nCharter-Instance: auth")
    auths = git(tree, "rev-parse", "HEAD").strip()
    git(tree, "push", "-q", "-f", "origin", "instance/auth:instance/billing")

    proc, number = run_pr(shop, "instance/billing", author="billing-dev")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert (
        f"commit {auths[:12]} on 'instance/billing' was made under the identity of 'auth'" in text
    )
    assert "`auth/index.ts` | modify | auth" in text

    # billing's own work, opened by auth's login: refused; by billing's: passes.
    tree = on_branch(shop, "instance/billing")
    git(tree, "reset", "-q", "--hard", "origin/main")
    commit(
        tree, {"billing/index.ts": "// billing's\n"}, "billing work\n\nCharter-Instance: billing"
    )
    git(tree, "push", "-q", "-f", "origin", "instance/billing")
    proc, number = run_pr(shop, "instance/billing", author="auth-dev")
    assert proc.returncode == 1, proc.stdout
    assert "opened by @&#8203;auth-dev, the GitHub login of instance auth" in body(shop, number)
    proc, number = run_pr(shop, "instance/billing", author="billing-dev")
    assert proc.returncode == 0, proc.stdout
    assert heading(body(shop, number)) == "### charter: all clear"


def test_an_early_merge_names_the_fix_and_passes_once_that_branch_landed(
    shop: Shop,  # noqa: F811
) -> None:
    foundation = commit(
        on_branch(shop, "instance/foundation"), {"shared/index.ts": "// v2\n"}, "foundation v2"
    )
    git(shop.coordinator, "push", "-q", "origin", "instance/foundation")
    tree = on_branch(shop, "instance/auth")
    git(tree, "merge", "-q", "--no-edit", "origin/instance/foundation")
    commit(tree, {"auth/index.ts": "// uses v2\n"}, "auth on v2")
    git(tree, "push", "-q", "origin", "instance/auth")

    proc, number = run_pr(shop, "instance/auth")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert f"`shared/index.ts` | modify | foundation | {foundation[:12]} |" in text
    assert (
        f"{foundation[:12]} came from foundation's branch instance/foundation, which is not "
        "on main yet: land foundation's pull request first" in text
    )

    main = on_branch(shop, "main")
    git(main, "merge", "-q", "--no-ff", "--no-edit", "origin/instance/foundation")
    git(main, "push", "-q", "origin", "main")
    proc, number = run_pr(shop, "instance/auth")  # auth's branch has not changed
    assert proc.returncode == 0, proc.stdout
    assert heading(body(shop, number)) == "### charter: all clear"


def test_integration_carries_other_instances_own_work_and_nothing_else(
    shop: Shop,  # noqa: F811
) -> None:
    main = on_branch(shop, "main")
    text = (
        (main / "charter.yaml")
        .read_text()
        .replace(
            "contracts:", "  integration:\n    role: integration\n    owns: [it/**]\ncontracts:"
        )
    )
    commit(main, {"charter.yaml": text}, "integration instance")
    git(main, "push", "-q", "origin", "main", "main:instance/integration")
    billing = on_branch(shop, "instance/billing")
    commit(billing, {"billing/index.ts": "// billing v2\n"}, "billing v2")
    git(billing, "push", "-q", "origin", "instance/billing")
    tree = on_branch(shop, "instance/integration")
    git(tree, "merge", "-q", "--no-ff", "--no-edit", "origin/instance/billing")
    commit(tree, {"it/smoke.ts": "// both together\n"}, "integration test")
    git(tree, "push", "-q", "origin", "instance/integration")
    proc, number = run_pr(shop, "instance/integration", author="integration-dev")
    assert proc.returncode == 0, proc.stdout
    assert heading(body(shop, number)) == "### charter: all clear"

    # What billing's branch holds outside billing's lane is not billing's to give.
    billing = on_branch(shop, "instance/billing")
    sneaky = commit(billing, {"auth/index.ts": "// billing in auth\n"}, "sneaky")
    git(billing, "push", "-q", "origin", "instance/billing")
    tree = on_branch(shop, "instance/integration")
    git(tree, "merge", "-q", "--no-edit", "origin/instance/billing")
    git(tree, "push", "-q", "origin", "instance/integration")
    proc, number = run_pr(shop, "instance/integration", author="integration-dev")
    assert proc.returncode == 1, proc.stdout
    text = body(shop, number)
    assert f"`auth/index.ts` | modify | auth | {sneaky[:12]} |" in text
    assert "billing/index.ts" not in text.split("#### Changes outside the lane")[1]
