"""charter: lanes, scratchpads and contracts for teams of coding agents on one repository.

What lives where (nothing in the core imports `hooks/` or `bot/`; hooks and the guard
import only the standard library, ruamel.yaml and the core modules they need):

* `charter.git` -- the one way to reach git: the runner (environment, errors), `-z`
  parsing, batch blob reads, refs and the default branch, `merge-tree`.
* `charter.errors` -- the one error family (`CharterError` and its exit codes).
* `charter.config`, `charter.patterns`, `charter.ownership` -- charter.yaml, its path
  patterns, and who owns a path; `charter.context` loads them once per command;
  `charter.located` parses YAML with positions and reports problems at them (charter.yaml
  and scratchpad front matter alike).
* `charter.identity`, `charter.check`, `charter.review` -- who is working, the rule engine,
  and judging the index, merges and commit ranges; `charter.branch_judgement` judges a
  branch's whole history for push, `check --range` and the pull request (its net change,
  the commit behind each path, bypasses, identities); `charter.push` and `charter.bypass`
  are the values and constants the hooks share; `charter.scratchpad_rules` the
  scratchpad hook's rules.
* `charter.grants` (reading grant files, "is this path lent to X at time T"),
  `charter.granting` (`charter grant` / `revoke`), `charter.grants_view` (grants in the
  table, status and inbox); the rule engine amends its verdict in `check.with_grants`.
* `charter.scratchpad`, `charter.conflicts` -- scratchpads, the merge conflict forecast.
* `charter.tracking` -- the tracking table and handoffs: `snapshot`, `history`, `state`,
  `metrics`, `render` (Markdown and terminal), `region`, `handoff`; its `__init__` names
  what commands and the bot use, loaded on first use.
* `charter.contracts` -- contract surfaces (TypeScript, Python, JSON Schema, files),
  locks and drift.
* `charter.install`, `charter.spawn`, `charter.yamledit`, `charter.codeowners_*`,
  `charter.demo` -- setting repositories up and editing charter.yaml.
* `charter.cli` (the command table) and `charter.commands` (one module a command);
  `charter.hooks` (folder `hooks/`): the git hooks; `charter.bot` (folder `bot/`): the
  GitHub Action's bot (`bot.reviews`: consumer reviews on breaking contract changes);
  `charter.templates` (folder `templates/`).
"""

from __future__ import annotations

__version__ = "0.1.0"
