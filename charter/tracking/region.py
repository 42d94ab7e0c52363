"""The tracking file's marked region: found, compared and replaced byte for byte, every
byte outside the markers kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charter.config import Charter
from charter.errors import CharterError
from charter.tracking.metrics import M_TABLE
from charter.tracking.render import render_region

if TYPE_CHECKING:
    from charter.tracking.state import TrackingState

START = "<!-- charter:tracking:start -->"
END = "<!-- charter:tracking:end -->"


class _NoRegion(NamedTuple):
    detail: str


def _markers(data: bytes, filename: str) -> tuple[int, int]:
    """Offsets just after the start marker and at the end marker; raise on anything else."""
    start, end = START.encode(), END.encode()
    starts = [m.start() for m in re.finditer(re.escape(start), data)]
    ends = [m.start() for m in re.finditer(re.escape(end), data)]

    def lines(offsets: list[int]) -> str:
        return ", ".join(str(data.count(b"\n", 0, o) + 1) for o in offsets)

    if len(starts) != 1 or len(ends) != 1:
        found = []
        for marker, offsets in ((START, starts), (END, ends)):
            if not offsets:
                found.append(f"no {marker}")
            elif len(offsets) > 1:
                found.append(f"{marker} {len(offsets)} times (lines {lines(offsets)})")
        raise CharterError(
            f"{filename}: {'; '.join(found)}. charter writes only between exactly one "
            f"{START} and one {END} after it: put that pair where the table goes (and "
            "remove any extra copy); nothing was written"
        )
    if starts[0] > ends[0]:
        raise CharterError(
            f"{filename}: {END} (line {lines(ends)}) comes before {START} (line "
            f"{lines(starts)}); swap them; nothing was written"
        )
    return starts[0] + len(start), ends[0]


def current_region(root: Path, charter: Charter) -> str | _NoRegion:
    path = root / charter.tracking.file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _NoRegion(
            f"no {charter.tracking.file} yet: run charter table --write (on a coordinator branch)"
        )
    except OSError as e:
        return _NoRegion(f"cannot read {charter.tracking.file}: {e.strerror}")
    try:
        begin, end = _markers(data, charter.tracking.file)
    except CharterError:
        return _NoRegion(f"{charter.tracking.file} lacks one pair of charter:tracking markers")
    return data[begin:end].decode("utf-8", "replace")


def _splice(data: bytes, region: str, filename: str) -> bytes:
    """`data` with the bytes between the markers replaced; every other byte kept."""
    begin, end = _markers(data, filename)
    return data[:begin] + region.encode("utf-8") + data[end:]


def updated_file(existing: bytes | None, state: TrackingState, filename: str) -> bytes:
    """The tracking file `filename` (`existing`, or the template when there is none yet)
    with `state`'s table between its markers. Once written the table is current, so it
    says so: otherwise it never would."""
    from charter.resources import read

    region = render_region(state.with_metric(M_TABLE, True))
    data = existing if existing is not None else read("tracking.md").encode("utf-8")
    return _splice(data, region, filename)


def write_tracking(
    root: Path,
    charter: Charter,
    default_ref: str | None = None,
    *,
    state: TrackingState | None = None,
) -> bool:
    """Update the tracking file's region; False (and nothing written, not even the
    mtime) when it already says this. A missing file is created from the template."""
    from charter.atomic import write_bytes

    if state is None:
        # Not at the top: the state module reads the region (is the table current?).
        from charter.tracking.state import collect_state

        state = collect_state(root, charter, default_ref=default_ref)
    path = root / charter.tracking.file
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as e:
        raise CharterError(f"cannot read {charter.tracking.file}: {e.strerror}") from None
    updated = updated_file(existing, state, charter.tracking.file)
    if updated == existing:
        return False
    write_bytes(path, updated)
    return True
