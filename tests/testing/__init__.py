"""Shared test helpers, all on real processes, repositories and HTTP (no mocks):

- `gitrepo`: run git in a test repository, write files, commit, add worktrees.
- `run`: run charter (or one of its modules) as a user does, in a new process.
- `scratchpad`: build an instance's scratchpad text and name its path.
- `scenarios`: repositories several test files start from (lanes with worktrees,
  contracts with a lock).
- `github_emulator`: a loopback GitHub REST API that real PyGithub talks to.
"""
