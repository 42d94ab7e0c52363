"""The git side: reads and writes in the bare repository, and the URLs the JSON names."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from .model import (
    PREFIX,
    Fault,
    GitError,
    Issue,
    Json,
    RequestRecord,
    Token,
    iso,
)
from .server import _Server


class GitStore:
    """The bare repository behind the emulated one, and the state every layer above shares
    (set by `Emulator.__init__`)."""

    bare: Path
    owner: str
    name: str
    default_branch: str
    repo_id: int
    requests: list[RequestRecord]
    errors: list[str]
    ref_races: int
    _tokens: dict[str, Token]
    _faults: list[Fault]
    _issues: dict[int, Issue]
    _comments: dict[int, dict[str, Json]]
    _user_ids: dict[str, int]
    _used: dict[str, int]
    _next_comment: int
    _reset: int
    _created: str
    _lock: threading.RLock
    _write_lock: threading.Lock
    _server: _Server | None
    _thread: threading.Thread | None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The API base URL for PyGithub's `base_url`."""
        return self.origin + PREFIX

    @property
    def repo_url(self) -> str:
        return f"{self.url}/repos/{self.owner}/{self.name}"

    @property
    def html_url(self) -> str:
        return f"{self.origin}/{self.owner}/{self.name}"

    # -- git -------------------------------------------------------------------------------

    def _git(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> bytes:
        full_env = {**os.environ, "GIT_DIR": str(self.bare), **(env or {})}
        proc = subprocess.run(
            ("git", *args),
            input=input,
            capture_output=True,
            env=full_env,
            cwd=self.bare,
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(f"git {args[0]}: {proc.stderr.decode(errors='replace').strip()}")
        return proc.stdout

    def _resolve(self, ref: str) -> str | None:
        """The commit `ref` names (branch, tag, full ref or sha), or None."""
        if not ref or ref.startswith("-"):
            return None
        for candidate in (f"refs/heads/{ref}", f"refs/tags/{ref}", ref):
            try:
                out = self._git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
            except GitError:
                continue
            return out.decode().strip()
        return None

    def _ls_tree(self, commit: str, path: str) -> list[tuple[str, str, str, int | None, str]]:
        """(mode, type, sha, size, path) of `path` (the entries inside, for `path/`)."""
        args = ("--", path) if path else ()
        out = self._git("ls-tree", "--full-tree", "-z", "-l", commit, *args)
        entries = []
        for record in out.decode("utf-8", "surrogateescape").split("\0"):
            if not record:
                continue
            meta, name = record.split("\t", 1)
            mode, kind, sha, size = meta.split()
            entries.append((mode, kind, sha, None if size == "-" else int(size), name))
        return entries

    def _commit_info(self, sha: str) -> dict[str, Json]:
        fmt = "%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B"
        fields = self._git("show", "-s", f"--format={fmt}", sha).decode().split("\0", 9)
        return {
            "sha": fields[0],
            "tree": fields[1],
            "parents": fields[2].split(),
            "author": {"name": fields[3], "email": fields[4], "date": iso(int(fields[5]))},
            "committer": {"name": fields[6], "email": fields[7], "date": iso(int(fields[8]))},
            "message": fields[9].rstrip("\n"),
        }

    def _diff(self, base: str, head: str) -> list[dict[str, Json]]:
        """GitHub's diff entries for `base...head` (from the merge base, renames found)."""
        try:
            start = self._git("merge-base", base, head).decode().strip()
        except GitError:
            start = base
        # Paths as GitHub shows them: bytes that are not UTF-8 become U+FFFD (a JSON body
        # cannot carry the surrogates surrogateescape would leave).
        raw = self._git("diff", "-z", "--raw", "-M", "--no-abbrev", start, head).decode(
            "utf-8", "replace"
        )
        numstat = self._git("diff", "-z", "--numstat", "-M", start, head).decode(
            "utf-8", "replace"
        )
        patch = self._git("diff", "-M", "--no-color", "--no-ext-diff", start, head).decode(
            "utf-8", "replace"
        )
        parts = raw.split("\0")
        counts = numstat.split("\0")
        chunks = re.split(r"^(?=diff --git )", patch, flags=re.M)[1:]
        entries: list[dict[str, Json]] = []
        i = j = 0
        statuses = {"A": "added", "D": "removed", "M": "modified", "R": "renamed", "T": "changed"}
        while i < len(parts) and parts[i]:
            _, _, old_sha, new_sha, letter = parts[i].lstrip(":").split()
            paths = [parts[i + 1]]
            i += 2
            if letter[0] in "RC":
                paths.append(parts[i])
                i += 1
            added, deleted, _ = (counts[j] + "\t").split("\t", 2)
            j += 3 if letter[0] in "RC" else 1
            filename = paths[-1]
            status = statuses.get(letter[0], "modified")
            additions = int(added) if added.isdigit() else 0
            deletions = int(deleted) if deleted.isdigit() else 0
            entry: dict[str, Json] = {
                "sha": old_sha if status == "removed" else new_sha,
                "filename": filename,
                "status": status,
                "additions": additions,
                "deletions": deletions,
                "changes": additions + deletions,
                "blob_url": f"{self.html_url}/blob/{head}/{quote(filename)}",
                "raw_url": f"{self.html_url}/raw/{head}/{quote(filename)}",
                "contents_url": f"{self.repo_url}/contents/{quote(filename)}?ref={head}",
            }
            chunk = chunks[len(entries)] if len(entries) < len(chunks) else ""
            if "\n@@" in chunk:
                entry["patch"] = chunk[chunk.index("\n@@") + 1 :].rstrip("\n")
            if status == "renamed":
                entry["previous_filename"] = paths[0]
            entries.append(entry)
        return entries

    def _commit_tree_with(
        self,
        tip: str | None,
        path: str,
        data: bytes,
        mode: str,
        message: str,
        author: dict[str, str],
        committer: dict[str, str],
    ) -> str:
        """A new commit: `tip`'s tree with `path` set to `data` (plumbing, no work tree)."""
        blob = self._git("hash-object", "-w", "--stdin", input=data).decode().strip()
        with tempfile.TemporaryDirectory(prefix="emu-index-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if tip is not None:
                self._git("read-tree", tip, env=env)
            self._git("update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=env)
            tree = self._git("write-tree", env=env).decode().strip()
        now = str(int(time.time()))
        env = {
            "GIT_AUTHOR_NAME": author["name"],
            "GIT_AUTHOR_EMAIL": author["email"],
            "GIT_AUTHOR_DATE": f"@{now} +0000",
            "GIT_COMMITTER_NAME": committer["name"],
            "GIT_COMMITTER_EMAIL": committer["email"],
            "GIT_COMMITTER_DATE": f"@{now} +0000",
        }
        parents = ("-p", tip) if tip is not None else ()
        return (
            self._git("commit-tree", tree, *parents, "-F", "-", input=message.encode(), env=env)
            .decode()
            .strip()
        )


def _empty_tree(emu: GitStore) -> str:
    return emu._git("hash-object", "-t", "tree", "--stdin", input=b"").decode().strip()
