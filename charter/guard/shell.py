"""Reading a shell command for the files it would write, without running anything.

The guard sees an agent's shell commands as text. This module tokenizes that text (quotes,
escapes, operators, here-documents, `$(...)`), splits it into simple commands (`;`, `&&`,
`||`, `|`, `&`, newlines, subshells) and knows how the usual file-writing commands name
their targets: redirections, tee, sed -i / perl -i, cp / mv / install / ln, rm / rmdir /
unlink, touch, mkdir, truncate, dd, git checkout | restore | rm | mv | apply, patch, Codex's
apply_patch, and `bash -c '...'` / `eval`, read recursively.

It reads, it does not judge: `read_command` returns each write as (action in words, path as
written, directory it is relative to). What it cannot read reliably (an unterminated quote,
a target computed at run time) comes back as a warning: the guard then allows and says the
commit hook will judge, and never blocks on a parse failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import NamedTuple

from charter.errors import UnreadableInput
from charter.guard.patches import patch_targets
from charter.guard.write import Write, printable


class Word(NamedTuple):
    text: str  # the value after quote removal
    dynamic: bool  # holds an expansion ($VAR, $(...), `...`) only run time knows
    glob: bool  # holds an unquoted *, ? or [


class Op(NamedTuple):
    text: str


Token = Word | Op




class Reading(NamedTuple):
    writes: list[Write]
    warnings: list[str]


CONTROL = (";;", "&&", "||", ";", "&", "|", "(", ")", "\n")
REDIRECTS = ("&>>", "&>", ">>", ">|", ">&", "<<<", "<<-", "<<", "<&", "<>", ">", "<")
RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}"}
# Programs that run the rest of their arguments as a command, with their options that
# take a value (so `sudo -u bob rm x` runs `rm x`).
WRAPPERS = {
    "sudo": {"-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t", "-D"},
    "doas": {"-u", "-C"},
    "env": {"-u", "-C", "-S", "--unset", "--chdir"},
    "nice": {"-n", "--adjustment"},
    "stdbuf": {"-i", "-o", "-e"},
    "timeout": {"-k", "-s", "--kill-after", "--signal"},
    "command": set(),
    "nohup": set(),
    "builtin": set(),
    "exec": {"-a"},
    "time": {"-f", "-o"},
}
SHELLS = {"sh", "bash", "zsh", "dash", "ksh"}
MAX_DEPTH = 8  # bash -c inside bash -c ...: deeper than this is not an agent's command

REDIRECT_WORDS = {
    ">": "overwrite through a shell redirection",
    ">|": "overwrite through a shell redirection",
    "&>": "overwrite through a shell redirection",
    ">&": "overwrite through a shell redirection",
    "<>": "open for writing through a shell redirection",
    ">>": "append to through a shell redirection",
    "&>>": "append to through a shell redirection",
}


def _tokens(text: str) -> tuple[list[Token], dict[int, str]]:
    """Tokens, and here-document bodies keyed by the index of their `<<` operator."""
    tokens: list[Token] = []
    heredocs: dict[int, str] = {}
    pending: list[tuple[int, str, bool]] = []  # (token index, delimiter, strip tabs)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n" and pending:
            i = _read_heredocs(text, i + 1, pending, heredocs)
            tokens.append(Op("\n"))
            pending = []
            continue
        if c in " \t":
            i += 1
            continue
        if c == "\\" and text.startswith("\\\n", i):
            i += 2
            continue
        if c == "#" and (not tokens or isinstance(tokens[-1], Op) or text[i - 1] in " \t"):
            while i < n and text[i] != "\n":
                i += 1
            continue
        op = _operator_at(text, i)
        if op is not None:
            tokens.append(Op(op))
            i += len(op)
            if op in ("<<", "<<-"):
                while i < n and text[i] in " \t":
                    i += 1
                word, i = _word(text, i)
                if not word.text:
                    raise UnreadableInput("a here-document without a delimiter")
                pending.append((len(tokens) - 1, word.text, op == "<<-"))
                tokens.append(word)
            continue
        # A file-descriptor number glued to a redirection: 2>file, 1>>log.
        j = i
        while j < n and text[j].isdigit():
            j += 1
        if j > i and j < n and text[j] in "<>":
            op = _operator_at(text, j)
            if op is not None:
                tokens.append(Op(op))
                i = j + len(op)
                continue
        word, i = _word(text, i)
        tokens.append(word)
    if pending:
        raise UnreadableInput(f"the here-document {pending[0][1]!r} has no body")
    return tokens, heredocs


def _operator_at(text: str, i: int) -> str | None:
    for op in REDIRECTS + CONTROL:
        if text.startswith(op, i):
            return op
    return None


def _read_heredocs(
    text: str, i: int, pending: list[tuple[int, str, bool]], bodies: dict[int, str]
) -> int:
    for index, delimiter, strip_tabs in pending:
        lines: list[str] = []
        while True:
            if i >= len(text):
                raise UnreadableInput(f"the here-document {delimiter!r} never ends")
            end = text.find("\n", i)
            line = text[i:] if end == -1 else text[i:end]
            i = len(text) if end == -1 else end + 1
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                break
            lines.append(line)
        bodies[index] = "".join(f"{line}\n" for line in lines)
    return i


def _word(text: str, i: int) -> tuple[Word, int]:
    out: list[str] = []
    dynamic = is_glob = False
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\n;&|()<>":
            break
        if c == "\\":
            if i + 1 < n:
                out.append(text[i + 1])
            i += 2
        elif c == "'":
            end = text.find("'", i + 1)
            if end == -1:
                raise UnreadableInput("an unterminated single quote")
            out.append(text[i + 1 : end])
            i = end + 1
        elif c == '"':
            i += 1
            while True:
                if i >= n:
                    raise UnreadableInput("an unterminated double quote")
                d = text[i]
                if d == '"':
                    i += 1
                    break
                if d == "\\" and i + 1 < n and text[i + 1] in '"\\$`\n':
                    out.append(text[i + 1])
                    i += 2
                    continue
                if d in "$`":
                    dynamic = True
                    i = _skip_expansion(text, i, out)
                    continue
                out.append(d)
                i += 1
        elif c in "$`":
            dynamic = True
            i = _skip_expansion(text, i, out)
        else:
            if c in "*?[":
                is_glob = True
            out.append(c)
            i += 1
    return Word("".join(out), dynamic, is_glob), i


def _skip_expansion(text: str, i: int, out: list[str]) -> int:
    """Copy an expansion through unchanged (its value is unknowable) and return its end."""
    start = i
    if text[i] == "`":
        end = text.find("`", i + 1)
        if end == -1:
            raise UnreadableInput("an unterminated backquote")
        i = end + 1
    elif text.startswith("$(", i) or text.startswith("${", i):
        close = ")" if text[i + 1] == "(" else "}"
        opening = text[i + 1]
        depth, i = 0, i + 1
        while i < len(text):
            if text[i] == opening:
                depth += 1
            elif text[i] == close:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        else:
            raise UnreadableInput(f"an unterminated {text[start : start + 2]}")
        i += 1
    else:
        i += 1
        while i < len(text) and (text[i].isalnum() or text[i] in "_?@#*!-$"):
            i += 1
    out.append(text[start:i])
    return i


class _Reader:
    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        self.writes: list[Write] = []
        self.warnings: list[str] = []

    def write(self, action: str, word: Word | str, cwd: str | None = None) -> None:
        where = self.cwd if cwd is None else cwd
        if isinstance(word, str):
            self.writes.append(Write(action, word, where))
        elif word.dynamic:
            self.warnings.append(
                f"cannot tell before the command runs which file `{printable(word.text)}` is "
                f"({action})"
            )
        elif word.glob:
            import glob  # only a command with a wildcard pays for it

            matches = sorted(glob.glob(word.text, root_dir=where))
            for match in matches or [word.text]:
                self.writes.append(Write(action, match, where))
        else:
            self.writes.append(Write(action, word.text, where))

    def script(self, text: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise UnreadableInput("shells nested too deeply")
        tokens, heredocs = _tokens(text)
        saved: list[str] = []
        command: list[tuple[int, Token]] = []
        for index, token in enumerate(tokens):
            if isinstance(token, Op) and token.text in CONTROL:
                self.command(command, heredocs, depth)
                command = []
                if token.text == "(":
                    saved.append(self.cwd)
                elif token.text == ")":
                    if not saved:
                        raise UnreadableInput("a ')' without its '('")
                    self.cwd = saved.pop()
            else:
                command.append((index, token))
        self.command(command, heredocs, depth)
        if saved:
            raise UnreadableInput("a '(' without its ')'")

    def command(self, items: list[tuple[int, Token]], heredocs: dict[int, str], depth: int) -> None:
        words: list[Word] = []
        stdin: str | None = None
        stdin_file: Word | None = None
        it = iter(items)
        for index, token in it:
            if isinstance(token, Word):
                words.append(token)
                continue
            target = next(it, (index, None))[1]
            if not isinstance(target, Word):
                raise UnreadableInput(f"`{token.text}` without a file after it")
            if token.text in ("<<", "<<-"):
                stdin = heredocs.get(index)
            elif token.text == "<<<":
                stdin = target.text + "\n"
            elif token.text == "<":
                stdin_file = target
            elif token.text in (">&", "<&") and (target.text.isdigit() or target.text == "-"):
                continue  # duplicating a descriptor, no file
            elif token.text in REDIRECT_WORDS:
                self.write(REDIRECT_WORDS[token.text], target)
        self.simple(words, stdin, stdin_file, depth)

    def simple(
        self, words: list[Word], stdin: str | None, stdin_file: Word | None, depth: int
    ) -> None:
        while words and (words[0].text in RESERVED or _is_assignment(words[0].text)):
            words = words[1:]
        while words and os.path.basename(words[0].text) in WRAPPERS:
            name = os.path.basename(words[0].text)
            with_value = WRAPPERS[name]
            words = words[1:]
            while words and (words[0].text.startswith("-") or _is_assignment(words[0].text)):
                words = words[2:] if words[0].text in with_value else words[1:]
            if name == "timeout" and words:
                words = words[1:]  # the duration
        if not words:
            return
        name = os.path.basename(words[0].text)
        args = words[1:]
        if name == "cd":
            if args and not args[0].dynamic:
                self.cwd = os.path.join(self.cwd, os.path.expanduser(args[0].text))
            elif args:
                raise UnreadableInput("a `cd` into a directory only known at run time")
            return
        if name in SHELLS or name == "eval":
            self.nested(name, args, stdin, depth)
            return
        reader = COMMANDS.get(name)
        if reader is not None:
            reader(self, args, _Input(stdin, stdin_file, self.cwd))

    def nested(self, name: str, args: list[Word], stdin: str | None, depth: int) -> None:
        if name == "eval":
            if any(a.dynamic for a in args):
                raise UnreadableInput("`eval` of text only known at run time")
            self.script(" ".join(a.text for a in args), depth + 1)
            return
        for k, arg in enumerate(args):
            if (
                arg.text.startswith("-")
                and "c" in arg.text.lstrip("-")
                and not arg.text.startswith("--")
            ):
                if k + 1 >= len(args):
                    raise UnreadableInput(f"`{name} -c` without a script")
                script = args[k + 1]
                if script.dynamic:
                    raise UnreadableInput(f"`{name} -c` with a script only known at run time")
                self.script(script.text, depth + 1)
                return
            if not arg.text.startswith("-"):
                return  # `bash script.sh`: a program the guard cannot read
        if stdin is not None:
            self.script(stdin, depth + 1)


class _Input(NamedTuple):
    text: str | None  # a here-document or here-string
    file: Word | None  # `< file`
    cwd: str

    def read(self) -> str | None:
        if self.text is not None:
            return self.text
        if self.file is None or self.file.dynamic:
            return None
        try:
            with open(os.path.join(self.cwd, self.file.text), encoding="utf-8") as f:
                return f.read(1 << 22)
        except (OSError, UnicodeDecodeError, ValueError):
            return None


_CommandReader = Callable[[_Reader, list[Word], _Input], None]


def _is_assignment(text: str) -> bool:
    name, eq, _ = text.partition("=")
    return bool(eq) and name.isidentifier()


def _operands(args: list[Word], with_value: frozenset[str] = frozenset()) -> Iterator[Word]:
    """Non-option arguments (`--` ends the options; options in `with_value` take one)."""
    it = iter(args)
    for arg in it:
        if arg.text == "--":
            yield from it
            return
        if arg.text.startswith("-") and arg.text != "-":
            if arg.text in with_value:
                next(it, None)
            continue
        yield arg


def _simple_targets(action: str, with_value: frozenset[str] = frozenset()) -> _CommandReader:
    def read(reader: _Reader, args: list[Word], stdin: _Input) -> None:
        for arg in _operands(args, with_value):
            reader.write(action, arg)

    return read


def _tee(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    append = any(a.text in ("-a", "--append") for a in args)
    for arg in _operands(args):
        reader.write("append to with tee" if append else "overwrite with tee", arg)


def _flag_cluster(text: str, in_place: str, with_value: str) -> tuple[bool, bool, bool]:
    """(in place?, script given?, takes the next argument?) for one `-xyz` option.

    `in_place` takes the rest of the cluster as its backup suffix (sed -i.bak, perl -pi.bak);
    an option in `with_value` takes the rest, or the next argument when nothing follows.
    """
    flags = text[1:]
    for k, ch in enumerate(flags):
        if ch == in_place:
            return True, False, False
        if ch in with_value:
            return False, True, k == len(flags) - 1
    return False, False, False


def _in_place(reader: _Reader, args: list[Word], tool: str, script_options: str) -> None:
    """sed -i / perl -i: the files after the script (or all, when -e gives the script)."""
    in_place = script_given = False
    operands: list[Word] = []
    it = iter(args)
    for arg in it:
        text = arg.text
        if text.startswith("--"):
            if text.startswith("--in-place"):
                in_place = True
            elif text in ("--expression", "--file"):
                script_given = True
                next(it, None)
            elif text.startswith(("--expression=", "--file=")):
                script_given = True
        elif text.startswith("-") and len(text) > 1:
            cluster_in_place, given, takes_next = _flag_cluster(text, "i", script_options)
            in_place |= cluster_in_place
            script_given |= given
            if takes_next:
                next(it, None)
        elif text == "" and in_place and not operands:
            continue  # BSD `sed -i '' ...`: the empty suffix
        else:
            operands.append(arg)
    if in_place:
        for arg in operands if script_given else operands[1:]:
            reader.write(f"edit in place with {tool}", arg)


def _sed(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    _in_place(reader, args, "sed", "ef")


def _perl(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    _in_place(reader, args, "perl", "eE")


COPY_OPTIONS = frozenset({"-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"})


def _copy_like(verb: str, *, moves: bool = False, creates_dirs: bool = False) -> _CommandReader:
    def read(reader: _Reader, args: list[Word], stdin: _Input) -> None:
        texts = [a.text for a in args]
        if creates_dirs and "-d" in texts:
            for arg in _operands(args, COPY_OPTIONS):
                reader.write("create the directory", arg)
            return
        target_dir: Word | None = None
        no_target_dir = False
        it = iter(args)
        plain: list[Word] = []
        for arg in it:
            if arg.text in ("-t", "--target-directory"):
                target_dir = next(it, None)
            elif arg.text.startswith("--target-directory="):
                target_dir = Word(arg.text.split("=", 1)[1], arg.dynamic, arg.glob)
            elif arg.text in ("-T", "--no-target-directory"):
                no_target_dir = True
            else:
                plain.append(arg)
        operands = list(_operands(plain, COPY_OPTIONS))
        if target_dir is None:
            if len(operands) < 2:
                return
            *sources, dest = operands
        else:
            sources, dest = operands, target_dir
        if moves:
            for source in sources:
                reader.write("move away", source)
        if dest.dynamic:
            reader.write(verb, dest)
            return
        into_dir = target_dir is not None or (
            not no_target_dir
            and (dest.text.endswith("/") or os.path.isdir(os.path.join(reader.cwd, dest.text)))
        )
        if not into_dir:
            reader.write(verb, dest)
            return
        for source in sources:
            if source.dynamic:
                reader.write(verb, source)
            else:
                name = os.path.basename(source.text.rstrip("/"))
                reader.write(verb, os.path.join(dest.text, name))

    return read


def _dd(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    for arg in args:
        if arg.text.startswith("of="):
            reader.write("overwrite with dd", Word(arg.text[3:], arg.dynamic, arg.glob))


def _patch(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    strip: int | None = None
    patch_file: Word | None = None
    directory = reader.cwd
    operands: list[Word] = []
    it = iter(args)
    for arg in it:
        text = arg.text
        if text.startswith("-p") and text[2:].isdigit():
            strip = int(text[2:])
        elif text in ("-p", "--strip"):
            value = next(it, None)
            strip = int(value.text) if value and value.text.isdigit() else None
        elif text.startswith("--strip="):
            strip = int(text[8:]) if text[8:].isdigit() else None
        elif text in ("-i", "--input"):
            patch_file = next(it, None)
        elif text.startswith("--input="):
            patch_file = Word(text[8:], arg.dynamic, arg.glob)
        elif text in ("-d", "--directory"):
            value = next(it, None)
            if value is not None:
                directory = os.path.join(reader.cwd, value.text)
        elif text in ("-o", "--output"):
            value = next(it, None)
            if value is not None:
                reader.write("write the patched result to", value)
        elif not text.startswith("-"):
            operands.append(arg)
    if len(operands) >= 2 and patch_file is None:
        patch_file = operands[1]
    source = _Input(None, patch_file, reader.cwd).read() if patch_file else stdin.read()
    if source is None:
        raise UnreadableInput("a patch whose text the guard cannot read")
    if operands:
        reader.write("patch", operands[0])
        return
    for action, path in patch_targets(source, strip=strip):
        reader.write(action, path, directory)


def _apply_patch(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    """Codex's `apply_patch` program: the envelope as argument or on stdin."""
    source = args[0].text if args and not args[0].dynamic else stdin.read()
    if source is None:
        raise UnreadableInput("an apply_patch whose text the guard cannot read")
    for action, path in patch_targets(source):
        reader.write(action, path)


GIT_GLOBAL_WITH_VALUE = frozenset({"-c", "--git-dir", "--work-tree", "--namespace"})


def _git(reader: _Reader, args: list[Word], stdin: _Input) -> None:
    cwd = reader.cwd
    it = iter(args)
    sub: Word | None = None
    for arg in it:
        if arg.text == "-C":
            value = next(it, None)
            if value is None or value.dynamic:
                raise UnreadableInput("`git -C` into a directory only known at run time")
            cwd = os.path.join(cwd, value.text)
        elif arg.text in GIT_GLOBAL_WITH_VALUE:
            next(it, None)
        elif not arg.text.startswith("-"):
            sub = arg
            break
    if sub is None:
        return
    rest = list(it)
    texts = [a.text for a in rest]
    saved, reader.cwd = reader.cwd, cwd
    try:
        if sub.text in ("checkout", "restore"):
            if (
                sub.text == "restore"
                and ("--staged" in texts or "-S" in texts)
                and not ("--worktree" in texts or "-W" in texts)
            ):
                return  # only the index changes
            if "--" in texts:
                paths = rest[texts.index("--") + 1 :]
            elif sub.text == "restore":
                paths = list(_operands(rest, frozenset({"-s", "--source"})))
            else:
                # `git checkout BRANCH` switches branches; only existing paths are files.
                paths = [
                    a
                    for a in _operands(rest, frozenset({"-b", "-B", "--orphan"}))
                    if not a.dynamic and os.path.exists(os.path.join(cwd, a.text))
                ]
            for arg in paths:
                reader.write("overwrite from git with " + f"`git {sub.text}`", arg)
        elif sub.text == "rm":
            if "--cached" not in texts:
                for arg in _operands(rest):
                    reader.write("delete", arg)
        elif sub.text == "mv":
            _copy_like("move onto", moves=True)(reader, rest, stdin)
        elif sub.text == "apply":
            if "--cached" in texts:
                return
            strip = next((int(t[2:]) for t in texts if t.startswith("-p") and t[2:].isdigit()), 1)
            files = [a for a in rest if not a.text.startswith("-")]
            sources = [_Input(None, f, cwd).read() for f in files] if files else [stdin.read()]
            for source in sources:
                if source is None:
                    raise UnreadableInput("a `git apply` whose patch the guard cannot read")
                for action, path in patch_targets(source, strip=strip):
                    reader.write(action, path)
    finally:
        reader.cwd = saved


COMMANDS: dict[str, _CommandReader] = {
    "tee": _tee,
    "sed": _sed,
    "gsed": _sed,
    "perl": _perl,
    "cp": _copy_like("copy over"),
    "mv": _copy_like("move onto", moves=True),
    "install": _copy_like("install over", creates_dirs=True),
    "ln": _copy_like("link over"),
    "rm": _simple_targets("delete"),
    "rmdir": _simple_targets("delete"),
    "unlink": _simple_targets("delete"),
    "shred": _simple_targets("delete", frozenset({"-n", "-s"})),
    "touch": _simple_targets("create or touch", frozenset({"-r", "-d", "-t"})),
    "mkdir": _simple_targets("create the directory", frozenset({"-m"})),
    "truncate": _simple_targets("truncate", frozenset({"-s", "-r"})),
    "dd": _dd,
    "patch": _patch,
    "apply_patch": _apply_patch,
    "git": _git,
}


def read_command(command: str, cwd: str) -> Reading:
    """The files `command` would write, run in `cwd`; warnings for what cannot be read.

    A command that cannot be read at all gives no writes and one warning.
    """
    reader = _Reader(cwd)
    try:
        reader.script(command, 0)
    except UnreadableInput as e:
        return Reading([], [f"cannot read this shell command reliably ({e})"])
    except RecursionError:
        return Reading([], ["cannot read this shell command reliably (nested too deeply)"])
    return Reading(reader.writes, reader.warnings)
