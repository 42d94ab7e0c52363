"""Scratchpad texts for tests: front matter, then every section the template has."""

from __future__ import annotations


def body(discovery: str = "read the spec") -> str:
    """A title, `## Discovery` holding `discovery`, then the other sections, empty."""
    return (
        f"# scratchpad\n\n## Discovery\n{discovery}\n\n"
        "## Plan\n\n## Progress\n\n## Integration points\n\n## Needs\n\n## Notes\n"
    )


BODY = body()


def frontmatter(front: str, text: str = BODY) -> str:
    """`front` (whole lines) between `---` fences, then `text`."""
    return f"---\n{front}---\n{text}"


def pad(status: str, front: str = "", discovery: str = "read the spec") -> str:
    """A scratchpad with `status`, more front matter `front` (whole lines) and `discovery`
    under `## Discovery`: `status` is on line 2, the title on line 4, `## Discovery` on 6."""
    return frontmatter(f"status: {status}\n{front}", body(discovery))


def sp(name: str) -> str:
    """Where `name`'s scratchpad lives, by default."""
    return f".charter/scratchpads/{name}.md"
