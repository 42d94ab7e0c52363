"""The guard's shell and patch readers: which files a command or patch would write."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from charter.guard.patches import patch_targets
from charter.guard.shell import read_command

CWD = "/w"


def writes(command: str, cwd: str = CWD) -> list[tuple[str, str, str]]:
    reading = read_command(command, cwd)
    assert reading.warnings == [], reading.warnings
    return [(w.action, w.path, w.cwd) for w in reading.writes]


REDIRECT = "overwrite through a shell redirection"
APPEND = "append to through a shell redirection"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("echo x > a.ts", [(REDIRECT, "a.ts", CWD)]),
        ("echo x >> a.ts", [(APPEND, "a.ts", CWD)]),
        ("make &> build.log", [(REDIRECT, "build.log", CWD)]),
        ("make 2>errors.txt 1>&2", [(REDIRECT, "errors.txt", CWD)]),
        ("echo y >&2; echo z 2>&1", []),
        ("cat <<'EOF' > notes.md\nline > not-a-file\nEOF\n", [(REDIRECT, "notes.md", CWD)]),
        ("cat <<-EOF >>log\n\tbody\n\tEOF\n", [(APPEND, "log", CWD)]),
        ("ls | tee out.txt", [("overwrite with tee", "out.txt", CWD)]),
        ("ls | tee -a x y", [("append to with tee", "x", CWD), ("append to with tee", "y", CWD)]),
        ("sed -i 's/a/b/' f1 f2", [("edit in place with sed", f, CWD) for f in ("f1", "f2")]),
        ("sed -i.bak -e s/a/b/ -e s/c/d/ f", [("edit in place with sed", "f", CWD)]),
        ("sed -i '' 's/a/b/' f", [("edit in place with sed", "f", CWD)]),
        ("sed -n 's/a/b/p' f", []),
        ("perl -pi -e 's/a/b/' f", [("edit in place with perl", "f", CWD)]),
        ("perl -i.orig -pe 's/a/b/' f g", [("edit in place with perl", p, CWD) for p in "fg"]),
        ("perl -ne 'print' f", []),
        ("cp a b", [("copy over", "b", CWD)]),
        ("cp -r a b dir/", [("copy over", "dir/a", CWD), ("copy over", "dir/b", CWD)]),
        ("cp -t dest a", [("copy over", "dest/a", CWD)]),
        ("mv old new", [("move away", "old", CWD), ("move onto", "new", CWD)]),
        ("install -m 644 src dst", [("install over", "dst", CWD)]),
        (
            "install -d d1 d2",
            [("create the directory", "d1", CWD), ("create the directory", "d2", CWD)],
        ),
        ("ln -sf target link", [("link over", "link", CWD)]),
        ("rm -rf apps/web", [("delete", "apps/web", CWD)]),
        ("rm -- -odd", [("delete", "-odd", CWD)]),
        ("rmdir d; unlink f", [("delete", "d", CWD), ("delete", "f", CWD)]),
        ("touch a b", [("create or touch", "a", CWD), ("create or touch", "b", CWD)]),
        ("mkdir -p a/b", [("create the directory", "a/b", CWD)]),
        ("truncate -s 0 big.log", [("truncate", "big.log", CWD)]),
        ("dd if=/dev/zero of=disk.img bs=1", [("overwrite with dd", "disk.img", CWD)]),
        (
            "git checkout -- p1 p2",
            [("overwrite from git with `git checkout`", p, CWD) for p in ("p1", "p2")],
        ),
        ("git checkout main -- p", [("overwrite from git with `git checkout`", "p", CWD)]),
        ("git checkout -b feature", []),
        ("git restore p", [("overwrite from git with `git restore`", "p", CWD)]),
        ("git restore --staged p", []),
        (
            "git -C sub restore --source HEAD p",
            [("overwrite from git with `git restore`", "p", "/w/sub")],
        ),
        ("git rm -r d", [("delete", "d", CWD)]),
        ("git rm --cached d", []),
        ("git mv a b", [("move away", "a", CWD), ("move onto", "b", CWD)]),
        ("echo a > x && echo b > y", [(REDIRECT, "x", CWD), (REDIRECT, "y", CWD)]),
        ("false || echo b > y; echo c > z &", [(REDIRECT, "y", CWD), (REDIRECT, "z", CWD)]),
        ("(cd sub; echo > s) ; echo > t", [(REDIRECT, "s", "/w/sub"), (REDIRECT, "t", CWD)]),
        ("cd sub && touch t", [("create or touch", "t", "/w/sub")]),
        ("bash -c 'echo hi > inner.txt'", [(REDIRECT, "inner.txt", CWD)]),
        ("sh -lc \"rm -f 'a b'\"", [("delete", "a b", CWD)]),
        ("eval 'rm x'", [("delete", "x", CWD)]),
        ("bash <<'EOF'\nrm gone\nEOF\n", [("delete", "gone", CWD)]),
        ("FOO=1 env BAR=2 sudo -u bob truncate -s 0 f", [("truncate", "f", CWD)]),
        ("timeout -s 9 5 nice -n 5 rm z", [("delete", "z", CWD)]),
        ("if true; then rm a; fi", [("delete", "a", CWD)]),
        ("echo 'a > b' \"c > d\" e\\>f # > g", []),
        ("cat a.txt | grep x | wc -l", []),
        (
            "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: new.ts\n+x\n"
            "*** Update File: old.ts\n*** Move to: moved.ts\n@@\n-a\n+b\n"
            "*** Delete File: gone.ts\n*** End Patch\nEOF\n",
            [
                ("create", "new.ts", CWD),
                ("edit", "old.ts", CWD),
                ("move onto", "moved.ts", CWD),
                ("delete", "gone.ts", CWD),
            ],
        ),
        (
            "git apply <<'P'\ndiff --git a/x/y.ts b/x/y.ts\n--- a/x/y.ts\n+++ b/x/y.ts\n"
            "@@ -1 +1 @@\n-a\n+b\nP\n",
            [("patch", "x/y.ts", CWD)],
        ),
        (
            "patch -p1 <<'P'\n--- a/d/f.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\nP\n",
            [("delete", "d/f.ts", CWD)],
        ),
    ],
)
def test_the_writes_of_each_shell_form(command: str, expected: list[tuple[str, str, str]]) -> None:
    assert writes(command) == expected


def test_a_glob_is_expanded_where_the_command_runs(tmp_path: Path) -> None:
    for name in ("a.ts", "b.ts", "c.md"):
        (tmp_path / name).write_text("x")
    assert writes("rm *.ts", str(tmp_path)) == [
        ("delete", "a.ts", str(tmp_path)),
        ("delete", "b.ts", str(tmp_path)),
    ]
    assert writes("rm 'literal*.ts'", str(tmp_path)) == [("delete", "literal*.ts", str(tmp_path))]


def test_cp_into_an_existing_directory_and_patch_files_read_from_disk(tmp_path: Path) -> None:
    (tmp_path / "dest").mkdir()
    assert writes("cp a dest", str(tmp_path)) == [("copy over", "dest/a", str(tmp_path))]
    (tmp_path / "fix.diff").write_text("--- a/p/q.ts\n+++ b/p/q.ts\n@@ -1 +1 @@\n-a\n+b\n")
    assert writes("git apply fix.diff", str(tmp_path)) == [("patch", "p/q.ts", str(tmp_path))]
    assert writes("patch -p1 < fix.diff", str(tmp_path)) == [("patch", "p/q.ts", str(tmp_path))]
    assert writes("patch -p1 -i fix.diff", str(tmp_path)) == [("patch", "p/q.ts", str(tmp_path))]


def _nested(depth: int) -> str:
    command = "rm x"
    for _ in range(depth):
        command = "bash -c " + shlex.quote(command)
    return command


NESTED = _nested(12)


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("echo 'unterminated > x", "unterminated single quote"),
        ('echo "unterminated > x', "unterminated double quote"),
        ("cat <<EOF > x\nno end", "never ends"),
        ("(echo > x", "'(' without its ')'"),
        ("echo > x)", "')' without its '('"),
        ("echo >", "without a file after it"),
        ("bash -c", "without a script"),
        ("cd $HOME && rm x", "only known at run time"),
        ("git apply", "cannot read"),
        (NESTED, "nested too deeply"),
    ],
)
def test_a_command_that_cannot_be_read_gives_a_warning_and_no_writes(
    command: str, why: str
) -> None:
    reading = read_command(command, CWD)
    assert reading.writes == []
    assert len(reading.warnings) == 1 and why in reading.warnings[0], reading.warnings


def test_shells_nested_a_few_levels_are_read() -> None:
    assert writes(_nested(3)) == [("delete", "x", CWD)]


def test_a_target_known_only_at_run_time_is_a_warning_the_rest_is_read() -> None:
    reading = read_command('echo x > "$OUT"; rm $(ls); echo y > fixed', CWD)
    assert [(w.action, w.path) for w in reading.writes] == [(REDIRECT, "fixed")]
    assert len(reading.warnings) == 2
    assert "`$OUT`" in reading.warnings[0] and REDIRECT in reading.warnings[0]


def test_patch_targets_of_git_renames_and_plain_diffs() -> None:
    git_rename = (
        "diff --git a/old.ts b/new.ts\nsimilarity index 90%\nrename from old.ts\nrename to new.ts\n"
    )
    assert patch_targets(git_rename) == [("move away", "old.ts"), ("move onto", "new.ts")]
    added = "--- /dev/null\n+++ b/src/x.ts\n@@ -0,0 +1 @@\n+x\n"
    assert patch_targets(added) == [("create", "src/x.ts")]
    assert patch_targets(added, strip=0) == [("create", "b/src/x.ts")]
    assert patch_targets(added, strip=None) == [("create", "x.ts")]  # patch without -p


def test_adapters_read_each_agents_tool_call_without_a_repository() -> None:
    from charter.guard.agents import (
        claude_request,
        codex_request,
        cursor_request,
        gemini_request,
    )

    argv = {"tool_name": "Bash", "tool_input": {"command": ["bash", "-lc", "rm 'a b'"]}}
    assert codex_request(argv, CWD) == ([("delete", "a b", CWD)], [])
    shell = {"tool_name": "run_shell_command", "tool_input": {"command": "rm x", "dir_path": "d"}}
    assert gemini_request(shell, CWD) == ([("delete", "x", "/w/d")], [])
    read = {"hook_event_name": "preToolUse", "tool_name": "Read", "tool_input": {"path": "x"}}
    assert cursor_request(read, CWD) is None
    after = {"hook_event_name": "afterFileEdit", "file_path": "x", "workspace_roots": [CWD]}
    assert cursor_request(after, CWD) is None  # too late to stop anything
    grep = {"tool_name": "Grep", "tool_input": {"pattern": "x"}}
    assert claude_request(grep, CWD) is None
