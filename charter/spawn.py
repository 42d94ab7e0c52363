"""Spawning an instance: every step, or none.

Each step registers how to undo itself; a failure anywhere undoes the steps taken so
far in reverse order, so the repository is left as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from charter.config import CONFIG_FILE, load_bytes, loads
from charter.errors import CharterError
from charter.git import current_branch, git, ls_files, rev_parse, toplevel


@dataclass(frozen=True)
class SpawnRequest:
    name: str
    owns: tuple[str, ...] = ()  # empty: equip an instance charter.yaml already has
    role: str = "feature"
    depends_on: tuple[str, ...] = ()
    description: str | None = None
    branch: str | None = None
    github: str | None = None
    worktree: Path | None = None
    base: str | None = None
    agents: tuple[str, ...] = ("claude",)  # whose guard and brief to install


@dataclass
class SpawnResult:
    worktree: Path
    branch: str
    brief: str
    warnings: list[str] = field(default_factory=list)


def _bullets(items: list[str], empty: str) -> str:
    return "\n".join(f"- `{item}`" for item in items) if items else empty


def render_brief(root: Path, name: str, worktree: Path) -> str:
    from charter.config import load
    from charter.resources import render

    charter = load(worktree if (worktree / CONFIG_FILE).exists() else root)
    instance = charter.instances[name]
    contracts = [
        f"{c.name} (owner {c.owner}: {', '.join(p.text for p in c.paths)})"
        for c in charter.contracts_consumed_by(name)
    ]
    return render(
        "brief.md",
        name=name,
        role=instance.role,
        description=instance.description or "(no description in charter.yaml)",
        worktree=worktree,
        branch=instance.branch,
        owns=_bullets([p.text for p in instance.owns], "- (nothing yet)"),
        depends_on=", ".join(instance.depends_on) or "nobody",
        contracts=", ".join(contracts) or "none",
        scratchpad=charter.scratchpad_path(name),
    )


def spawn(request: SpawnRequest, root: Path | None = None) -> SpawnResult:
    from charter.filelock import charter_yaml_lock

    root = toplevel(root)
    with charter_yaml_lock(root):  # it reads charter.yaml, adds the lane and commits it
        return _spawn_locked(request, root)


def unequipped(root: Path | None = None) -> list[str]:
    """Instances in charter.yaml whose branch has no live worktree (what `--all` spawns)."""
    from charter.git.worktrees import worktrees

    root = toplevel(root)
    charter = load_bytes(_read_config(root))
    checked_out = {w.branch for w in worktrees(root) if not w.prunable}
    return [name for name, i in charter.instances.items() if i.branch not in checked_out]


def _read_config(root: Path) -> bytes:
    try:
        return (root / CONFIG_FILE).read_bytes()
    except FileNotFoundError:
        raise CharterError(f"no {CONFIG_FILE} in {root}; create one with `charter init`") from None


def _refuse_lane_options(request: SpawnRequest) -> None:
    """An existing instance keeps the lane charter.yaml gives it: spawn only equips it."""
    given = [
        option
        for option, value in (
            ("--owns", request.owns),
            ("--depends-on", request.depends_on),
            ("--description", request.description),
            ("--branch", request.branch),
            ("--github", request.github),
            ("--role", request.role != "feature"),
        )
        if value
    ]
    if given:
        raise CharterError(
            f"instance {request.name!r} already exists in {CONFIG_FILE}; spawn equips it as "
            f"written there: drop {', '.join(given)} (edit its lane in {CONFIG_FILE} instead)"
        )


def _spawn_locked(request: SpawnRequest, root: Path) -> SpawnResult:
    from charter.atomic import write_bytes
    from charter.git.worktrees import worktree_of_branch
    from charter.identity import set_worktree_identity
    from charter.install import (
        AGENT_FILES,
        agent_files,
        exclude_local_settings,
        install_agents,
        install_hooks,
    )
    from charter.scratchpad import create_scratchpad
    from charter.yamledit import add_instance

    config_path = root / CONFIG_FILE
    original = _read_config(root)
    unknown = [a for a in request.agents if a not in AGENT_FILES]
    if unknown:
        raise CharterError(f"unknown agent {unknown[0]!r}; --agent takes {', '.join(AGENT_FILES)}")
    charter = load_bytes(original)
    existing = charter.instances.get(request.name)
    if existing is not None:
        _refuse_lane_options(request)
    elif not request.owns:
        raise CharterError(
            f"{request.name!r} is not an instance in {CONFIG_FILE} yet; give its lane with "
            f"`--owns PATTERN` (once per pattern)"
        )
    here = current_branch(root)
    base = request.base or here
    if base is None or base not in charter.coordinator_branches:
        raise CharterError(
            "spawn from a coordinator branch "
            f"({', '.join(charter.coordinator_branches)}): it commits the new lane there first"
        )
    if here != base:
        raise CharterError(f"check out {base!r} in {root} first (spawn commits the lane on it)")
    branch = existing.branch if existing else request.branch or f"instance/{request.name}"
    branch_exists = rev_parse(f"refs/heads/{branch}", cwd=root) is not None
    if branch_exists and existing is None:
        raise CharterError(f"branch {branch!r} already exists; pass --branch or remove it")
    if branch_exists:
        holder = worktree_of_branch(root, branch)
        if holder is not None:
            raise CharterError(
                f"{request.name} already has a worktree at {holder.path} (branch {branch!r}); "
                f"work there, or `charter despawn {request.name}` first"
            )
        git("worktree", "prune", cwd=root)  # forget a worktree whose directory was removed
    worktree = (request.worktree or root.parent / f"{root.name}-{request.name}").absolute()
    if worktree.exists():
        raise CharterError(f"{worktree} already exists; pass --worktree DIR")
    scratchpad_rel = charter.scratchpad_path(request.name)
    staged = git("diff", "--cached", "--name-only", "-z", cwd=root).split(b"\0")
    if any(p.decode() in (CONFIG_FILE, scratchpad_rel) for p in staged if p):
        raise CharterError(
            f"{CONFIG_FILE} or {scratchpad_rel} has staged changes; commit or unstage them first"
        )

    undo: list[Callable[[], object]] = []
    try:
        head = rev_parse("HEAD", cwd=root)
        to_commit: list[str] = []
        if existing is None:
            new_text = add_instance(
                root,
                request.name,
                request.owns,
                role=request.role,
                depends_on=request.depends_on,
                description=request.description,
                branch=request.branch,
                github=request.github,
                tracked=ls_files(root),
                write=False,
            )
            write_bytes(config_path, new_text.encode("utf-8"))
            undo.append(lambda: write_bytes(config_path, original))
            charter = loads(new_text)
            to_commit.append(CONFIG_FILE)
        if not (root / scratchpad_rel).exists():
            scratchpad = create_scratchpad(root, charter, request.name)
            undo.append(lambda: scratchpad.unlink(missing_ok=True))
            to_commit.append(scratchpad_rel)
        if to_commit:
            git("add", "--", *to_commit, cwd=root)
            undo.append(
                lambda: git("reset", "-q", "--", *to_commit, cwd=root, check=False) and None
            )
            verb = "spawn" if existing is None else "scratchpad for"
            git(
                "commit", "-q", "--no-verify", "-m", f"charter: {verb} instance {request.name}",
                "--", *to_commit, cwd=root,
            )  # fmt: skip
            if head is not None:
                undo.append(lambda: git("reset", "-q", "--soft", head, cwd=root))
        if branch_exists:  # re-spawn: the branch keeps its work, the worktree is new
            git("worktree", "add", "-q", os.fspath(worktree), branch, cwd=root)
            undo.append(lambda: _remove_worktree(root, worktree, None))
        else:
            git("worktree", "add", "-q", "-b", branch, os.fspath(worktree), base, cwd=root)
            undo.append(lambda: _remove_worktree(root, worktree, branch))
        set_worktree_identity(worktree, request.name)
        warnings = install_hooks(root)
        agents = tuple(dict.fromkeys(request.agents))
        exclude_local_settings(root, agent_files(agents))
        brief = render_brief(root, request.name, worktree)
        warnings += install_agents(worktree, request.name, agents, brief)
    except BaseException as e:
        for step in reversed(undo):
            with contextlib.suppress(CharterError, OSError):  # keep undoing what we can
                step()
        if isinstance(e, OSError):
            raise CharterError(f"spawn failed ({e}); nothing was changed") from None
        raise
    return SpawnResult(worktree, branch, brief, warnings)


def _remove_worktree(root: Path, worktree: Path, branch: str | None) -> None:
    git("worktree", "remove", "--force", os.fspath(worktree), cwd=root, check=False)
    if branch is not None:  # only a branch spawn made itself
        git("branch", "-D", branch, cwd=root, check=False)
