"""Scratchpads: the template, parsing, validation and `charter scratchpad new/check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from testing.gitrepo import add_worktrees, commit_all, write
from testing.run import charter
from testing.scratchpad import BODY, frontmatter

from charter.config import loads
from charter.errors import CharterError
from charter.scratchpad import (
    SECTIONS,
    ScratchpadUnreadable,
    create_scratchpad,
    parse,
    validate,
)

MAP = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [shared/**]
  auth:
    owns: [auth/**]
    depends_on: [foundation]
  web:
    owns: [web/**]
contracts:
  shared-types:
    owner: foundation
    paths: [shared/types/**]
"""
CHARTER = loads(MAP)
PATH = ".charter/scratchpads/auth.md"


def messages(text: str, name: str = "auth") -> tuple[list[str], list[str]]:
    found = validate(parse(text, PATH), CHARTER, name)
    return [str(p) for p in found.errors], [str(p) for p in found.warnings]


# --- the template -------------------------------------------------------------------------


def test_the_template_is_a_valid_scratchpad_in_discovery(tmp_path: Path) -> None:
    path = create_scratchpad(tmp_path, CHARTER, "auth")
    assert path == tmp_path / PATH
    scratchpad = parse(path.read_bytes(), PATH)
    assert scratchpad.status == "discovery"
    assert scratchpad.blocked_by == () and scratchpad.needs == ()
    assert list(scratchpad.sections) == list(SECTIONS)
    assert scratchpad.in_discovery  # the Discovery section holds only a comment
    assert validate(scratchpad, CHARTER, "auth") == ([], [])
    assert "# auth scratchpad" in path.read_text()


def test_create_refuses_to_overwrite_and_unknown_names(tmp_path: Path) -> None:
    path = create_scratchpad(tmp_path, CHARTER, "auth")
    path.write_text("mine\n")
    with pytest.raises(CharterError, match="already exists"):
        create_scratchpad(tmp_path, CHARTER, "auth")
    assert path.read_text() == "mine\n"
    with pytest.raises(CharterError, match=r"no instance 'nobody'.*known: auth, foundation, web"):
        create_scratchpad(tmp_path, CHARTER, "nobody")


def test_scratchpad_new_command(repo: Path) -> None:
    write(repo, "charter.yaml", MAP)
    proc = charter(repo, "scratchpad", "new", "web")
    assert proc.returncode == 0, proc.stderr
    assert "created .charter/scratchpads/web.md" in proc.stdout
    assert parse((repo / ".charter/scratchpads/web.md").read_bytes(), "x").status == "discovery"
    again = charter(repo, "scratchpad", "new", "web")
    assert again.returncode == 2 and "already exists" in again.stderr


# --- unreadable: exit 2 -------------------------------------------------------------------


def test_broken_yaml_is_unreadable_with_the_file_line() -> None:
    text = frontmatter("status: in-progress\nneeds: [{from: foundation, what: x\nblocked_by: []\n")
    with pytest.raises(ScratchpadUnreadable) as info:
        parse(text, PATH)
    (problem,) = info.value.problems
    # The YAML starts on line 2; the unclosed flow mapping is reported inside the file.
    assert problem.file == PATH and problem.line >= 3
    assert "front matter not valid YAML" in problem.message and "fix the syntax" in problem.message


def test_duplicate_keys_are_unreadable() -> None:
    with pytest.raises(ScratchpadUnreadable, match=r"auth.md:3:1: .*appears twice"):
        parse(frontmatter("status: discovery\nstatus: done\n"), PATH)


def test_not_utf8_is_unreadable_with_its_line() -> None:
    raw = frontmatter("status: discovery\n").encode() + b"caf\xe9\n"
    with pytest.raises(ScratchpadUnreadable, match=r"auth.md:18:1: not UTF-8"):
        parse(raw, PATH)


def test_unclosed_front_matter_is_unreadable() -> None:
    with pytest.raises(
        ScratchpadUnreadable, match=r"auth.md:1:1: .*never closed; add a line `---`"
    ):
        parse("---\nstatus: discovery\n## Discovery\n", PATH)


def test_yaml_tags_never_construct_objects() -> None:
    # ruamel's round-trip loader keeps tags as data: nothing is imported or run.
    scratchpad = parse(
        frontmatter("status: discovery\nblocked_by: !!python/object/apply:os.system ['false']\n"),
        PATH,
    )
    assert scratchpad.blocked_by == ("false",)


# --- problems: exit 1 ---------------------------------------------------------------------


def test_missing_front_matter() -> None:
    errors, _ = messages(BODY)
    assert errors[0].startswith(f"{PATH}:1:1: no front matter; start the file with ---")


def test_front_matter_values_are_checked_with_positions_and_fixes() -> None:
    text = frontmatter(
        "status: in-progres\n"
        "blocked_by: foundation\n"
        "needz: []\n"
        "needs:\n"
        "  - {what: a thing}\n"
        "  - {from: foundation}\n"
        "  - {from: foundation, what: x, contrct: y}\n"
        "  - just text\n"
    )
    errors, _ = messages(text)
    assert f"{PATH}:2:9: status 'in-progres' is not a status; did you mean 'in-progress'?" in errors
    assert f"{PATH}:3:13: blocked_by must be a list; write `blocked_by: [foundation]`" in errors
    assert f"{PATH}:4:1: unknown front-matter key 'needz'; did you mean 'needs'?" in errors
    assert f"{PATH}:6:5: this need names no provider; add `from: INSTANCE`" in errors
    assert any(e.startswith(f"{PATH}:7:5: this need says nothing; add `what:") for e in errors)
    assert any(
        e.startswith(f"{PATH}:8:33: unknown key 'contrct' in a need; did you mean 'contract'")
        for e in errors
    )
    assert any(e.startswith(f"{PATH}:9:5: each need must be a mapping") for e in errors)


def test_missing_status() -> None:
    errors, _ = messages(frontmatter("needs: []\n"))
    assert errors == [
        f"{PATH}:2:1: missing `status:`; add `status: discovery` "
        "(discovery | in-progress | blocked | review | done)"
    ]


def test_missing_and_doubled_sections_say_where_and_how() -> None:
    body = (
        "## Discovery\nread it\n\n"
        "### Plan\nnested too deep\n\n"
        "```md\n## Progress\n```\n\n"  # a heading inside a code fence is not a section
        "## Integration points\n\n"
        "## Needs\n\n"
        "## Notes\n\n"
        "## needs\nagain, in another case\n"
    )
    errors, _ = messages(frontmatter("status: in-progress\n", body))
    assert errors == [
        f"{PATH}:14:1: missing section `## Plan`; add it after `## Discovery` "
        "(line 7 has it at the wrong level: make it `## Plan`)",
        f"{PATH}:14:1: missing section `## Progress`; add it after `## Plan`",
        f"{PATH}:20:1: section `## Needs` appears twice (first at line 16); merge the two into one",
    ]


def test_sections_are_read_without_comments_and_fences_keep_their_text() -> None:
    body = BODY.replace(
        "## Plan\n", "## Plan\n<!-- a hint\nover lines -->\n```\n# not a heading\n```\n"
    )
    scratchpad = parse(frontmatter("status: in-progress\n", body), PATH)
    assert scratchpad.sections["Plan"].text == "```\n# not a heading\n```"
    assert scratchpad.sections["Progress"].text == ""
    assert scratchpad.sections["Discovery"].line == 6


# --- validation against charter.yaml ------------------------------------------------------


def test_needs_must_name_real_instances_and_contracts() -> None:
    text = frontmatter(
        "status: blocked\n"
        "blocked_by: [foundation, ghost]\n"
        "needs:\n"
        "  - {from: fundation, what: types}\n"
        "  - {from: foundation, what: types, contract: shared}\n"
        "  - {from: web, what: a page, contract: shared-types}\n"
    )
    errors, _ = messages(text)
    assert any(e.startswith(f"{PATH}:3:26: blocked_by names 'ghost', which is not") for e in errors)
    assert any(
        e.startswith(f"{PATH}:5:5: this need is `from: fundation`, which is not an instance")
        for e in errors
    )
    assert any(
        e.startswith(
            f"{PATH}:6:5: contract 'shared' is not in charter.yaml (contracts of "
            "foundation: shared-types)"
        )
        for e in errors
    )
    assert (
        f"{PATH}:7:5: contract 'shared-types' is owned by foundation, not web; write "
        "`from: foundation`" in errors
    )


def test_a_need_without_a_contract_from_a_contract_owner_is_a_warning() -> None:
    errors, warnings = messages(
        frontmatter("status: in-progress\nneeds:\n  - {from: foundation, what: a User type}\n")
    )
    assert errors == []
    assert warnings == [
        f"{PATH}:4:5: this need from foundation names no contract, but foundation owns "
        "shared-types; add `contract: shared-types` if it is part of it, or ask the "
        "coordinator for a contract (unwritten expectations are implicit contracts)"
    ]


def test_a_need_outside_depends_on_is_a_warning() -> None:
    errors, warnings = messages(
        frontmatter("status: in-progress\nneeds:\n  - {from: web, what: a login page}\n")
    )
    assert errors == []
    assert warnings == [
        f"{PATH}:4:5: web is not in auth's depends_on in charter.yaml; ask the coordinator "
        "to add it so the tracking table shows the dependency"
    ]


def test_work_statuses_need_a_written_discovery() -> None:
    empty = BODY.replace("read the spec\n", "<!-- todo -->\n")
    errors, _ = messages(frontmatter("status: in-progress\n", empty))
    assert errors == [
        f"{PATH}:2:9: status is 'in-progress' but `## Discovery` (line 6) is empty; write "
        "what you read (specs, contracts, code) and learned there, or set `status: discovery`"
    ]
    relaxed = loads(MAP + "rules:\n  require_discovery: false\n")
    assert (
        validate(parse(frontmatter("status: in-progress\n", empty), PATH), relaxed, "auth").errors
        == []
    )
    assert messages(frontmatter("status: discovery\n", empty)) == ([], [])


def test_blocked_without_saying_on_what_is_a_warning() -> None:
    errors, warnings = messages(frontmatter("status: blocked\n"))
    assert errors == [] and len(warnings) == 1
    assert warnings[0].startswith(f"{PATH}:2:9: status is 'blocked' but neither blocked_by")


# --- `charter scratchpad check` on real worktrees ---------------------------------------


@pytest.fixture
def worktrees(repo: Path, tmp_path: Path) -> dict[str, Path]:
    write(repo, "charter.yaml", MAP)
    for name in ("foundation", "auth", "web"):
        create_scratchpad(repo, CHARTER, name)
    commit_all(repo, "lanes and scratchpads")
    return add_worktrees(repo, tmp_path, ("auth", "web"))


def test_check_in_a_worktree_checks_the_instance_own_work_tree_copy(
    worktrees: dict[str, Path],
) -> None:
    auth = worktrees["auth"]
    proc = charter(auth, "scratchpad", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 scratchpad(s) fine" in proc.stdout
    write(auth, PATH, frontmatter("status: in-progress\nneeds:\n  - {from: foundation, what: x}\n"))
    proc = charter(auth, "scratchpad", "check")
    assert proc.returncode == 0  # a warning alone does not fail
    assert f"{PATH}:4:5: this need from foundation names no contract" in proc.stdout
    assert "(warning)" in proc.stdout
    write(auth, PATH, frontmatter("status: started\n"))
    proc = charter(auth, "scratchpad", "check")
    assert proc.returncode == 1
    assert f"{PATH}:2:9: status 'started' is not a status" in proc.stdout
    write(auth, PATH, frontmatter("status: [unclosed\n"))
    proc = charter(auth, "scratchpad", "check")
    assert proc.returncode == 2
    assert f"{PATH}:" in proc.stderr and "not valid YAML" in proc.stderr


def test_check_from_the_coordinator_reads_each_branch_tip(worktrees: dict[str, Path]) -> None:
    web = worktrees["web"]
    write(web, ".charter/scratchpads/web.md", frontmatter("status: donee\n"))
    commit_all(web, "web: a typo in the status")
    proc = charter(worktrees["main"], "scratchpad", "check")
    assert proc.returncode == 1
    assert (
        ".charter/scratchpads/web.md:2:9: status 'donee' is not a status; did you mean 'done'? "
        "[refs/heads/instance/web]" in proc.stdout
    )
    # main's own copy of web's scratchpad is still the template: not what was checked.
    assert "donee" not in (worktrees["main"] / ".charter/scratchpads/web.md").read_text()
    one = charter(worktrees["main"], "scratchpad", "check", "auth")
    assert one.returncode == 0, one.stdout
    unknown = charter(worktrees["main"], "scratchpad", "check", "nobody")
    assert unknown.returncode == 2 and "no instance 'nobody'" in unknown.stderr


def test_check_reports_a_missing_scratchpad(worktrees: dict[str, Path]) -> None:
    auth = worktrees["auth"]
    (auth / PATH).unlink()
    proc = charter(auth, "scratchpad", "check")
    assert proc.returncode == 1
    assert f"{PATH}: missing; create it with `charter scratchpad new auth`" in proc.stdout
