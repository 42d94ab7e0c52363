"""Hypothesis strategies shared by the pattern tests."""

from __future__ import annotations

from hypothesis import strategies as st

from charter.patterns import compile_pattern


def patterns(segments: list[str], max_size: int = 3) -> st.SearchStrategy[str]:
    """Patterns charter accepts made of `segments`, with or without a leading and a
    trailing slash."""

    @st.composite
    def draw_pattern(draw: st.DrawFn) -> str:
        while True:
            chosen = draw(st.lists(st.sampled_from(segments), min_size=1, max_size=max_size))
            text = ("/" if draw(st.booleans()) else "") + "/".join(chosen)
            text += "/" if draw(st.booleans()) else ""
            try:
                compile_pattern(text)
            except ValueError:
                continue  # '**/**', '**/': refused
            return text

    return draw_pattern()
