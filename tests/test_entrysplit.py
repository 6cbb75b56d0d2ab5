"""The catalogue's entries after an edit, split again only where it changed, are those of
a split of the whole text.

The random edits run from a seed printed with every failure; replay one with
SSG_TEST_SEED=<seed>.
"""

from __future__ import annotations

import random
import re

from conftest import TEST_SEED

from ssg.entrysplit import Split, plain_bytes, split_entries
from ssg.textfiles import control_problem

# Lines a catalogue may have, the odd ones included: entries and what only looks like one.
LINES = [
    "- title: Stadtteilbüro Nordstadt\n",
    "  summary: Beratung für Familien.\n",
    "  description: |\n    Ein Text mit - Strich\n    - und einer Liste\n",
    "-\n  title: Leer begonnen\n",
    "-\ttitle: Mit Tabulator\n",
    "-x: kein Eintrag\n",
    "- \n",
    "--- \n",
    "...\n",
    "---x\n",
    "# Kommentar\n",
    "  # eingerückter Kommentar\n",
    "\n",
    "  - verschachtelt\n",
    "  city: Köln\n",
    "  district: Ölberg 🌳\n",
    "\x07\n",
    "-",
]
# Pieces an edit inserts: parts of lines too, and bytes that are no UTF-8.
PIECES = [*LINES, "-", "\n", "\n-", " ", "ä", "\r\n", "\r", "\ufeff"]


def reference(text: str) -> list[tuple[int, str]] | None:
    """The split of the whole text, as ssg made it before it split bytes."""
    padded = "\n" + text
    starts = [match.start() for match in re.finditer(r"\n-(?=[ \t\n]|$)", padded)]
    if not starts:
        return None
    head = text[: starts[0]]
    if "\t" in head:
        return None
    for line in head.split("\n"):
        if line.strip() and not line.lstrip().startswith("#") and line.rstrip() != "---":
            return None
    marker = re.compile(r"\n---(?:[ \t\n]|$)|\n\.\.\.(?:[ \t\n]|$)")
    if marker.search(padded, starts[0]) or control_problem(head, "data/projects.yaml"):
        return None
    entries, first_line = [], head.count("\n") + 1
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        entry = text[start:end]
        entries.append((first_line, entry if entry.endswith("\n") else entry + "\n"))
        first_line += entry.count("\n")
    return entries


def random_catalogue(rng: random.Random) -> bytes:
    head = rng.choice(["", "# Projekte\n", "---\n", "\ufeff# BOM\n", "", "title: kein Katalog\n"])
    lines = [rng.choice(LINES[:3] if rng.random() < 0.97 else LINES) for _ in range(40)]
    return (head + LINES[0] + "".join(lines)).encode()


def edited(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) + 1)
    end = min(len(data), start + rng.choice([0, 0, 1, 2, 5, 40, 400]))
    piece = rng.choice(PIECES).encode() * rng.choice([0, 1, 1, 2])
    if rng.random() < 0.03:
        piece = b"\xff"  # not UTF-8
    return data[:start] + piece + data[end:]


def whole(data: bytes) -> Split | None:
    return split_entries(plain_bytes(data))


def test_a_split_of_what_changed_equals_a_split_of_the_whole_text() -> None:
    seed = TEST_SEED
    rng = random.Random(seed)
    compared = 0
    for catalogue in range(30):
        first = data = random_catalogue(rng)
        last = whole(data)
        for step in range(25):
            # Edits pile up, but now and then start again from the first text: one odd
            # piece (a "---" line, say) would leave no catalogue that splits.
            data = edited(data if rng.random() < 0.7 else first, rng)
            where = f"seed {seed} (SSG_TEST_SEED={seed}), catalogue {catalogue}, step {step}"
            expected = whole(data)
            try:
                text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError:
                assert expected is None, where
            else:
                assert (expected and expected.entries) == reference(text), where
            if last is not None:
                again = split_entries(plain_bytes(data), last)
                assert (again and again.entries) == (expected and expected.entries), where
                assert (again and again.offsets) == (expected and expected.offsets), where
                compared += again is not None
            last = expected
    # Many edits leave a catalogue that splits: at least 253 of 750 in 300 seeds.
    assert compared > 100, compared


def test_an_edit_in_the_middle_decodes_only_that_entry() -> None:
    """The entries before and after the change are the very texts of the last split (the
    preview then finds them by a hash already computed), the later ones moved down."""
    entries = [f"- title: Projekt {number}\n  summary: Text.\n" for number in range(100)]
    last = whole("".join(entries).encode())
    assert last is not None
    entries[50] = "- title: Projekt 50\n  summary: Text,\n  mit einer zweiten Zeile.\n"
    again = split_entries(plain_bytes("".join(entries).encode()), last)
    assert again is not None
    assert [text for _line, text in again.entries] == entries
    assert all(again.entries[n][1] is last.entries[n][1] for n in [*range(49), *range(52, 100)])
    assert again.entries[49][0] == last.entries[49][0] == 99
    assert again.entries[51][0] == last.entries[51][0] + 1
