"""The edit-time guard: every agent's hook, one judgement.

`main` is the light entry point (`charter-guard`), `agents` one thin adapter per agent's
hook protocol, `shell` and `patches` read what a command or patch would write, and `core`
judges the writes against the instance's lane across every worktree of the repository.
"""
