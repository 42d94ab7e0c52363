"""`charter init`: write a commented charter.yaml to start from."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from-codeowners",
        metavar="FILE",
        help="one instance per set of owners of an existing CODEOWNERS file, giving "
        "every tracked file the owners GitHub gives it",
    )
    parser.add_argument(
        "--first-owner",
        action="store_true",
        help="with --from-codeowners: keep only the first owner of each line",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--github",
        action="store_true",
        help="write .github/workflows/charter.yml (the pull-request check and "
        "the tracking sync) instead of charter.yaml",
    )
    parser.add_argument(
        "--action-ref",
        default=None,
        metavar="REF",
        help="with --github: the `uses:` reference of the charter Action, pinned by commit "
        "(OWNER/REPO@<40-hex sha>; default: the commit this charter was released from)",
    )


def run(args: argparse.Namespace) -> int:
    from charter import resources
    from charter.atomic import write_text
    from charter.config import CONFIG_FILE, loads
    from charter.errors import CharterError
    from charter.git import toplevel

    root = toplevel()
    if args.github:
        return _write_workflow(root, args.action_ref, args.force)
    target = root / CONFIG_FILE
    if target.exists() and not args.force:
        raise CharterError(f"{target} exists; edit it, or pass --force to replace it")
    text = resources.read("charter.yaml")
    notes: list[str] = []
    if args.from_codeowners:
        from charter.codeowners_import import import_codeowners, render_instances
        from charter.git import ls_files

        source = Path(args.from_codeowners)
        try:
            codeowners = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
            raise CharterError(f"cannot read {source}: {reason}") from None
        imported = import_codeowners(
            codeowners, str(source), ls_files(root), first_owner=args.first_owner
        )
        start = text.index("instances:\n")
        end = text.index("\n# Interfaces between instances")
        text = text[:start] + render_instances(imported.owners) + text[end:]
        notes = [f"note: {c.describe(str(source))}" for c in imported.compiled]
        notes.append(
            f"imported {len(imported.owners)} instance(s) from {source}: "
            f"{imported.carve_outs} override(s) kept as nested lanes, "
            f"{len(imported.compiled)} line(s) compiled into {imported.exact_patterns} exact "
            "pattern(s), "
            f"{len(imported.unowned_lines)} line(s) without owners left unowned"
        )
    charter = loads(text)  # what we write must validate
    write_text(target, text)
    for note in notes:
        print(note)
    if args.from_codeowners:
        from charter.ownership import Ownership

        # Paths no tracked file has yet may still meet two lanes ('*.md' and '/docs/').
        overlaps = Ownership(charter).overlaps()
        for overlap in overlaps[:10]:
            print(f"warning: overlap: {overlap.describe()}")
        if len(overlaps) > 10:
            print(
                f"warning: ... {len(overlaps) - 10} more overlap(s); `charter validate` lists all"
            )
    print(f"wrote {target}; next: `charter validate`, then commit it on a coordinator branch")
    return 0


WORKFLOW = ".github/workflows/charter.yml"


def _write_workflow(root: Path, action_ref: str | None, force: bool) -> int:
    from charter.atomic import write_text
    from charter.config import CONFIG_FILE, DEFAULT_COORDINATOR_BRANCHES, load
    from charter.errors import CharterError
    from charter.workflow import DEFAULT_ACTION_REF, render_workflow

    target = root / WORKFLOW
    if target.exists() and not force:
        raise CharterError(f"{target} exists; pass --force to replace it")
    default_branch = DEFAULT_COORDINATOR_BRANCHES[0]
    if (root / CONFIG_FILE).exists():
        charter = load(root)
        default_branch = charter.default_branch or charter.coordinator_branches[0]
    text = render_workflow(root, default_branch, action_ref or DEFAULT_ACTION_REF)
    write_text(target, text)
    print(f"wrote {target}; commit it on {default_branch} to turn the check on")
    return 0
