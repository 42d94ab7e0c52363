"""`charter instance add|list|remove|rename`: the lanes in charter.yaml."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_lane_arguments(parser: argparse.ArgumentParser, *, spawning: bool = False) -> None:
    """The options shared by `instance add` and `spawn`. Each list option takes one value
    per use (`--owns A --owns B`), so none of them can swallow NAME."""
    if spawning:
        parser.add_argument(
            "name", metavar="NAME", nargs="?", help="the instance name ([a-z0-9][a-z0-9-]*)"
        )
    else:
        parser.add_argument("name", metavar="NAME", help="the instance name ([a-z0-9][a-z0-9-]*)")
    parser.add_argument(
        "--owns",
        action="append",
        default=[],
        required=not spawning,
        metavar="PATTERN",
        help="a CODEOWNERS pattern of paths it owns (once per pattern)"
        + ("; leave out for an instance charter.yaml already has" if spawning else ""),
    )
    parser.add_argument(
        "--role", choices=("foundation", "feature", "integration"), default="feature"
    )
    parser.add_argument(
        "--depends-on",
        action="append",
        default=[],
        metavar="NAME",
        help="an instance it depends on (once per instance)",
    )
    parser.add_argument("--description", default=None)
    parser.add_argument("--branch", default=None, help="default: instance/NAME")
    parser.add_argument("--github", default=None, help="handle to mention, e.g. @org/team")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an instance", description="add an instance")
    add_lane_arguments(add)
    listing = sub.add_parser(
        "list", help="every instance: lane, branch, worktree, status", description="list"
    )
    listing.add_argument("--format", choices=("text", "json"), default="text")
    remove = sub.add_parser("remove", help="remove an instance from charter.yaml")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--force",
        action="store_true",
        help="also drop others' dependencies on it and the contracts it owns",
    )
    rename = sub.add_parser("rename", help="rename an instance everywhere charter.yaml names it")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.add_argument(
        "--force", action="store_true", help="rename it although it owns consumed contracts"
    )


def run(args: argparse.Namespace) -> int:
    from charter.filelock import charter_yaml_lock
    from charter.git import toplevel

    root = toplevel()
    if args.action == "list":
        return _list(root, args.format)
    with charter_yaml_lock(root):  # read, edit, write: no concurrent run may interleave
        if args.action == "add":
            return _add(root, args)
        if args.action == "remove":
            return _remove(root, args.name, args.force)
        return _rename(root, args.old, args.new, args.force)


def _add(root: Path, args: argparse.Namespace) -> int:
    from charter.git import ls_files
    from charter.yamledit import add_instance

    add_instance(
        root,
        args.name,
        args.owns,
        role=args.role,
        depends_on=args.depends_on,
        description=args.description,
        branch=args.branch,
        github=args.github,
        tracked=ls_files(root),
    )
    print(f"added instance {args.name!r} owning {', '.join(args.owns)} to charter.yaml")
    return 0


def _remove(root: Path, name: str, force: bool) -> int:
    from charter.config import load
    from charter.git.worktrees import worktree_of_branch
    from charter.yamledit import remove_instance

    instance = load(root).instances.get(name)
    remove_instance(root, name, force=force)  # refuses an unknown name
    print(f"removed instance {name!r} from charter.yaml; commit it")
    holder = worktree_of_branch(root, instance.branch) if instance is not None else None
    if holder is not None:
        print(f"its worktree {holder.path} is still there: `charter despawn {name}` removes it")
    return 0


def _rename(root: Path, old: str, new: str, force: bool) -> int:
    from charter.config import load
    from charter.git import config_get, git
    from charter.git.worktrees import worktrees
    from charter.identity import GIT_KEY, set_worktree_identity
    from charter.yamledit import rename_instance

    before = load(root)
    rename_instance(root, old, new, force=force)
    old_pad, new_pad = before.scratchpad_path(old), before.scratchpad_path(new)
    moved = (root / old_pad).exists()
    if moved:
        git("mv", "--", old_pad, new_pad, cwd=root)
    for worktree in worktrees(root):
        if worktree.prunable:
            continue
        if config_get(GIT_KEY, worktree.path, scope=("--worktree",)) == old:
            set_worktree_identity(worktree.path, new)
            print(f"{worktree.path}: now works as {new!r}")
    pad = f" and its scratchpad to {new_pad}" if moved else ""
    print(
        f"renamed {old!r} to {new!r} in charter.yaml{pad} (its branch stays "
        f"{before.instances[old].branch!r}); commit it"
    )
    return 0


def _list(root: Path, form: str) -> int:
    import json

    from charter.config import load
    from charter.git import show_file
    from charter.git.worktrees import worktrees
    from charter.scratchpad import ScratchpadUnreadable, parse

    charter = load(root)
    live = {w.branch: w.path for w in worktrees(root) if not w.prunable}
    rows: list[dict[str, object]] = []
    lines: list[str] = []
    for name, instance in charter.instances.items():
        worktree = live.get(instance.branch)
        rel = charter.scratchpad_path(name)
        raw = (
            (worktree / rel).read_bytes()
            if worktree is not None and (worktree / rel).exists()
            else show_file(f"refs/heads/{instance.branch}", rel, root)
        )
        try:
            status = (parse(raw, rel).status or "unknown") if raw is not None else "no scratchpad"
        except ScratchpadUnreadable:
            status = "unreadable scratchpad"
        lane = [p.text for p in instance.owns]
        rows.append(
            {
                "name": name,
                "role": instance.role,
                "lane": lane,
                "branch": instance.branch,
                "worktree": str(worktree) if worktree is not None else None,
                "status": status,
            }
        )
        where = str(worktree) if worktree is not None else f"no worktree (`charter spawn {name}`)"
        lines.append(
            f"{name} ({instance.role}, {status}): {', '.join(lane)}\n"
            f"    branch {instance.branch}, {where}"
        )
    if form == "json":
        print(json.dumps(rows, indent=2))
        return 0
    from charter.escape import terminal

    for line in lines:
        print(terminal(line))
    return 0
