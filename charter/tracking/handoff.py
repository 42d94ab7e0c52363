"""Handoffs: what an instance waits for, and what became ready for it.

The guide's handoff protocol has the coordinator tell instance A when instance B is
done. `inbox` computes it from the repository alone, so `charter inbox` and the GitHub
bot (which notifies) give the same answer:

* waiting: each `needs:` entry and `blocked_by:` instance whose provider is not done;
* ready: a provider the scratchpad still waits on whose status is now `done`, or one the
  instance depends on that became `done` after the instance last committed its
  scratchpad; with where to read the provider's scratchpad (its branch, where it writes);
* contract: a contract the instance needs or consumes whose lock file changed on the
  default branch after the instance's last scratchpad commit.

`Notice.key` is stable for the same event (the bot dedups on it): the recipient and the
provider for a done provider, plus the lock's blob id for a contract change, so a newer
lock is a new notice and an unchanged one never repeats.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from charter.config import Charter
from charter.errors import CharterError
from charter.git import git
from charter.git.refs import short_branch_name
from charter.scratchpad import Scratchpad
from charter.tracking.snapshot import Snapshot, read_snapshot

if TYPE_CHECKING:
    from charter.scratchpad import Scratchpad

WAITING = "waiting"
READY = "ready"
CONTRACT = "contract"


@dataclass(frozen=True)
class Notice:
    kind: str  # WAITING, READY or CONTRACT
    instance: str  # who the notice is for
    source: str  # the provider (for a contract: its owner)
    message: str  # one line, for a person or an agent
    key: str  # stable for the same event; the bot notifies once per key
    contract: str | None = None
    what: tuple[str, ...] = ()  # the needs it concerns, as written in the scratchpad
    # What the instance runs next, in its worktree: exact commands, then files to read.
    next_steps: tuple[str, ...] = ()

    @property
    def actionable(self) -> bool:
        """Something changed that the instance should act on (not merely still waiting)."""
        return self.kind != WAITING

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "instance": self.instance,
            "source": self.source,
            "contract": self.contract,
            "what": list(self.what),
            "message": self.message,
            "key": self.key,
            "next_steps": list(self.next_steps),
        }


def next_steps(
    charter: Charter, snap: Snapshot, name: str, contracts: list[str]
) -> tuple[str, ...]:
    """The commands a notified instance runs next: bring in the default branch, see its
    inbox, read the API summaries of the contracts it builds on."""
    base = (snap.default_ref or "").removeprefix("refs/heads/").removeprefix("refs/remotes/origin/")
    steps = [f"git merge {base or 'main'}", "charter inbox"]
    steps += [f"read {charter.contracts[c].api_path}" for c in contracts if c in charter.contracts]
    return tuple(steps)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _where(snap: Snapshot, provider: str) -> str:
    """Where to read `provider`'s scratchpad: its branch (the reader's own copy of it is
    the default branch's, often stale)."""
    path = snap.charter.scratchpad_path(provider)
    source = snap.scratchpads[provider].source
    if source is None or not source.startswith("refs/"):
        return path
    branch = short_branch_name(source)
    return f"{path} on {branch} (`git show {branch}:{path}`)"


def _last_change(snap: Snapshot, name: str) -> int:
    """Committer time of the last commit that changed `name`'s scratchpad where it was
    read (0 when none: a work-tree copy, or no scratchpad)."""
    source = snap.scratchpads[name].source or snap.branch_ref(name)
    if source is None or not source.startswith("refs/"):
        return 0
    path = snap.charter.scratchpad_path(name)
    out = git("log", "-1", "--format=%ct", source, "--", path, cwd=snap.root).decode().strip()
    return int(out or 0)


def _done_since(snap: Snapshot, provider: str, reader: str) -> bool:
    """The provider's scratchpad (now `done`) changed after the reader last wrote its own."""
    return _last_change(snap, provider) > _last_change(snap, reader)


def inbox(
    root: Path,
    charter: Charter,
    name: str,
    *,
    snap: Snapshot | None = None,
    own: Scratchpad | None = None,
) -> list[Notice]:
    """Notices for `name`: ready and contract notices first, then what it still waits on.
    `own`: the instance's scratchpad as the caller has it (the work tree's, uncommitted
    needs included); by default the one committed on its branch."""
    if name not in charter.instances:
        known = ", ".join(sorted(charter.instances)) or "none"
        raise CharterError(f"no instance {name!r} in charter.yaml (known: {known})")
    snap = snap or read_snapshot(root, charter)
    own = own or snap.scratchpads[name].scratchpad
    if own is None:
        return []
    scratchpad = charter.scratchpad_path(name)
    providers: dict[str, list[str]] = {}
    for need in own.needs:
        providers.setdefault(need.provider, []).append(need.what)
    for blocker in own.blocked_by:
        providers.setdefault(blocker, [])
    declared = [d for d in charter.instances[name].depends_on if d not in providers]
    for dependency in declared if own.status != "done" else []:
        providers[dependency] = []

    ready: list[Notice] = []
    waiting: list[Notice] = []
    for provider, whats in providers.items():
        if provider not in charter.instances or provider == name:
            continue  # `charter scratchpad check` reports these
        theirs = snap.scratchpads[provider].scratchpad
        status = theirs.status if theirs is not None else None
        asked = (
            "; ".join(whats)
            if whats
            else ("(depends_on)" if provider in declared else "(blocked_by)")
        )
        if provider in declared and (status != "done" or not _done_since(snap, provider, name)):
            continue  # a dependency is news only when it became done since the last update
        if status == "done":
            then = (
                f"update needs/blocked_by in {scratchpad}"
                if provider not in declared
                else "note what you took from it in your Discovery or Progress"
            )
            ready.append(
                Notice(
                    READY,
                    name,
                    provider,
                    f"{provider} is done; you still wait on it for: {asked}. Read the "
                    f"Integration points in {_where(snap, provider)}, build on it, then {then}",
                    f"ready:{name}:{provider}",
                    what=tuple(whats),
                    next_steps=next_steps(
                        charter, snap, name, _built_on(charter, own, name, provider)
                    ),
                )
            )
        else:
            for what in whats or [""]:
                waiting.append(
                    Notice(
                        WAITING,
                        name,
                        provider,
                        f"waiting on {provider} ({status or 'no scratchpad'}): "
                        + (what or "blocked_by"),
                        f"waiting:{name}:{provider}:{_digest(what)}",
                        what=(what,) if what else (),
                    )
                )
    return ready + _contract_notices(root, charter, name, snap) + waiting


def _contract_notices(root: Path, charter: Charter, name: str, snap: Snapshot) -> list[Notice]:
    base = snap.default_ref
    own = snap.scratchpads[name].scratchpad
    if base is None or own is None:
        return []
    needed = {n.contract for n in own.needs if n.contract and n.contract in charter.contracts}
    needed |= {c.name for c in charter.contracts_consumed_by(name)}
    if not needed:
        return []
    # The instance's last scratchpad commit, on its branch (else the default branch).
    tip = snap.branch_ref(name) or base
    path = charter.scratchpad_path(name)
    last = git("log", "-1", "--format=%H", tip, "--", path, cwd=root).decode().strip() or None
    notices = []
    for contract_name in sorted(needed):
        contract = charter.contracts[contract_name]
        lock = contract.lock_path
        since = [f"^{last}"] if last else []
        changed = git("rev-list", "-1", base, *since, "--", lock, cwd=root).decode().strip() or None
        if changed is None:
            continue
        blob = git("rev-parse", "-q", "--verify", f"{base}:{lock}", cwd=root, check=False)
        blob_id = blob.decode().strip() or "deleted"
        short_base = base.removeprefix("refs/heads/")
        state = "was removed" if blob_id == "deleted" else "changed"
        notices.append(
            Notice(
                CONTRACT,
                name,
                contract.owner,
                f"contract {contract_name} ({contract.owner}) {state} on {short_base} "
                f"in {changed[:12]}, after your last scratchpad update; merge {short_base}, "
                f"read {contract.api_path}, adapt, then note it in {path}",
                f"contract:{name}:{contract_name}:{blob_id}",
                contract=contract_name,
                next_steps=next_steps(charter, snap, name, [contract_name]),
            )
        )
    return notices


def _built_on(charter: Charter, own: Scratchpad, name: str, provider: str) -> list[str]:
    """The contracts of `provider` that `name` needs or consumes."""
    needed = {n.contract for n in own.needs if n.provider == provider and n.contract}
    consumed = {c.name for c in charter.contracts_consumed_by(name) if c.owner == provider}
    return sorted(needed | consumed)
