"""The catalogue split into its top-level entries; after an edit, only where it changed.

The usual catalogue is a list whose entries start with `- ` in the first
column; each is read on its own (catalogue.py). The preview reads the file
after every edit, and an editor changes one entry: decoding and splitting all
of a large catalogue took a fifth of an edit. The bytes before and after the
change are those of the last read, and so are the entries they hold (those
after it with their lines moved by the lines the edit added); only the bytes
between are decoded and split. The split works on the file's bytes, where
each entry's place is plain to see; tests/test_entrysplit.py compares it with
a split of the whole text after random edits.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

from ssg.sources import CATALOGUE
from ssg.textfiles import control_problem

# Both match a line start by its preceding "\n": a literal prefix, which makes them fast.
_ENTRY_START = re.compile(rb"\n-(?=[ \t\n]|$)")
_DOCUMENT_MARKER = re.compile(rb"\n---(?:[ \t\n]|$)|\n\.\.\.(?:[ \t\n]|$)")
_CHUNK = 1 << 16


@dataclass
class Split:
    """A catalogue's bytes (without BOM, lines ended by "\\n") and its entries as (first
    line, text), each text ending in "\\n"; `offsets` are where each entry starts in
    `data`, and then the end of `data`."""

    data: bytes = b""
    entries: list[tuple[int, str]] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)


def plain_bytes(data: bytes) -> bytes:
    """The bytes as `textfiles.decoded` reads them: no BOM, every line ended by "\\n"."""
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def split_entries(data: bytes, last: Split | None = None) -> Split | None:
    """The entries of the catalogue `data` (`plain_bytes`), taking from `last` (the last
    split) the entries before and after what changed. None if the file is not a plain
    block list, or has bytes that are no UTF-8: then it must be read as a whole."""
    if last is not None and last.data == data:
        return last
    if last is None or not last.entries:
        return _split_all(data)
    same_start = _common_start(last.data, data)
    if same_start < last.offsets[0] + 2:  # the text before the first entry changed
        return _split_all(data)
    shorter = min(len(data), len(last.data))
    same_end = _common_end(last.data, data, shorter - same_start)
    # Entries that end, with the "\n-" and the character that make the next one start,
    # in the same start; entries that start, with their "\n", in the same end.
    front = bisect.bisect_right(last.offsets, same_start - 2, 1) - 1
    back = bisect.bisect_left(last.offsets, len(last.data) - same_end + 1, front, len(last.entries))
    moved = len(data) - len(last.data)
    start, end = last.offsets[front], last.offsets[back] + moved
    middle = _split_between(data, start, end, last.entries[front][0])
    if middle is None:
        return None
    texts, offsets, after = middle
    lines = after - last.entries[back][0] if back < len(last.entries) else 0
    entries = [
        *last.entries[:front],
        *texts,
        *[(line + lines, text) for line, text in last.entries[back:]],
    ]
    if not entries:
        return None
    offsets = [*last.offsets[:front], *offsets, *[o + moved for o in last.offsets[back:]]]
    return Split(data, entries, offsets)


def _split_all(data: bytes) -> Split | None:
    padded = b"\n" + data  # match.start() in `padded` is the line's start in `data`
    first = _ENTRY_START.search(padded)
    if first is None:
        return None
    try:
        head = data[: first.start()].decode()
    except UnicodeDecodeError:
        return None
    if "\t" in head:  # whether YAML takes it for a space or refuses it, the whole file says
        return None
    for line in head.split("\n"):
        if line.strip() and not line.lstrip().startswith("#") and line.rstrip() != "---":
            return None
    if control_problem(head, CATALOGUE):
        return None
    middle = _split_between(data, first.start(), len(data), head.count("\n") + 1)
    if middle is None or not middle[0]:
        return None
    texts, starts, _after = middle
    return Split(data, texts, [*starts, len(data)])


def _split_between(
    data: bytes, start: int, end: int, first_line: int
) -> tuple[list[tuple[int, str]], list[int], int] | None:
    """The entries from `start` (where one starts) to `end` (where one starts, or the end
    of `data`), their starts and the line after them; None as for `split_entries`.
    Before `end` is a line break (or nothing): no "\n-" or "\n---" that `end` cuts
    off can look like a whole one."""
    if start == end:
        return [], [], first_line
    # Markers are looked for from `start`'s own "\n" on (none before the first entry).
    if _DOCUMENT_MARKER.search(data, max(start - 1, 0), end):
        return None  # a marker inside an entry is found here; one outside ends an entry
    found = _ENTRY_START.finditer(data, start, end)
    starts = [start, *(match.start() + 1 for match in found)]
    texts, line = [], first_line
    for begin, stop in zip(starts, [*starts[1:], end], strict=True):
        piece = data[begin:stop]
        try:
            text = piece.decode()
        except UnicodeDecodeError:
            return None
        texts.append((line, text if text.endswith("\n") else text + "\n"))
        line += piece.count(b"\n")
    return texts, starts, line


def _common_start(old: bytes, new: bytes) -> int:
    """How many bytes at the start `old` and `new` share: compared in large steps, then
    halved (a byte at a time would take longer than the split)."""
    size, same = min(len(old), len(new)), 0
    while same < size and old[same : same + _CHUNK] == new[same : same + _CHUNK]:
        same += _CHUNK
    low, high = same, min(same + _CHUNK, size)  # the first difference is in low..high
    while low < high:
        half = (low + high + 1) // 2
        if old[low:half] == new[low:half]:
            low = half
        else:
            high = half - 1
    return min(low, size)


def _common_end(old: bytes, new: bytes, limit: int) -> int:
    """How many bytes at the end `old` and `new` share, at most `limit`."""
    same = 0
    while same < limit and _tail(old, same, _CHUNK) == _tail(new, same, _CHUNK):
        same += _CHUNK
    low, high = same, min(same + _CHUNK, limit)
    while low < high:
        half = (low + high + 1) // 2
        if _tail(old, low, half - low) == _tail(new, low, half - low):
            low = half
        else:
            high = half - 1
    return min(low, limit)


def _tail(data: bytes, skip: int, size: int) -> bytes:
    """`size` bytes before the last `skip` ones (fewer at the start of `data`)."""
    return data[max(len(data) - skip - size, 0) : len(data) - skip]
