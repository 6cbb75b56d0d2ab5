"""The search index is the same whatever order Pagefind finds the pages in.

Pagefind numbers the pages in the order its walk finds their files, which is the
file system's listing order (creation order on tmpfs, a hash order on ext4);
`ssg/searchorder.py` renumbers them. The random renumbering below runs from the
suite's seed, printed with every failure; replay one with SSG_TEST_SEED=<seed>.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SITES, TEST_SEED, read_tree, run_build

import ssg.search
from ssg.search import search_index
from ssg.searchorder import UnknownFormat, stable_index

# Pages beyond the catalogue's: more than 23 pages between two that share a word, and
# words more than 23 times on a page, so that every form of a page's entry occurs.
EXTRA_PAGES = {
    f"content/materialien/seite-{number:02}.md": (
        f"---\ntitle: Arbeitshilfe {number}\n---\n\n"
        + "Nachbarschaft im Quartier. " * (30 if number % 7 == 0 else 1)
        + ("Café und Cafe, Straße und Strasse. " if number % 5 == 0 else "")
        + f"Wort{number} Seite {number}.\n"
    )
    for number in range(40)
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue fixture with 40 more pages, built once without a search index."""
    source = tmp_path_factory.mktemp("catalogue") / "handbuch"
    shutil.copytree(SITES / "catalogue", source)
    for relative, text in EXTRA_PAGES.items():
        (source / relative).write_text(text, encoding="utf-8")
    result = run_build(CliRunner(), source, "--no-search")
    assert result.exit_code == 0, result.output
    return source / "site"


@pytest.fixture
def tmpfs() -> Iterator[Path]:
    """A folder on tmpfs, which lists a folder's files in the order they were made."""
    if not Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="ssg-test-", dir="/dev/shm"))
    yield folder
    shutil.rmtree(folder)


def copy_in_order(source: Path, target: Path, backwards: bool) -> None:
    files = sorted(path for path in source.rglob("*") if path.is_file())
    for path in reversed(files) if backwards else files:
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)


def index_as_pagefind_wrote_it(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Index `folder` as a build does; returns Pagefind's files before ssg reorders them."""
    written: dict[str, bytes] = {}

    def keep(files: dict[str, bytes]) -> dict[str, bytes]:
        written.update(files)
        return stable_index(files)

    monkeypatch.setattr(ssg.search, "stable_index", keep)
    search_index(folder)
    monkeypatch.undo()
    return written


def test_the_index_is_the_same_whatever_order_the_pages_were_written_in(
    pages: Path, tmpfs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbered, indexes = [], []
    for name, backwards in (("vorwaerts", False), ("rueckwaerts", True)):
        copy_in_order(pages, tmpfs / name, backwards)
        numbered.append(page_order(index_as_pagefind_wrote_it(tmpfs / name, monkeypatch)))
        indexes.append(read_tree(tmpfs / name / "pagefind"))
    assert numbered[0] != numbered[1], "Pagefind saw both copies in the same order"
    assert indexes[0] == indexes[1]
    assert len(indexes[0]) > 50


def test_renumbered_pages_give_the_same_index(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(pages, tmp_path / "site")
    written = index_as_pagefind_wrote_it(tmp_path / "site", monkeypatch)
    replay = f"SSG_TEST_SEED={TEST_SEED}"
    shuffled = renumbered(written, random.Random(TEST_SEED))
    assert page_order(shuffled) != page_order(written), replay
    stable = stable_index(dict(written))
    assert stable_index(shuffled) == stable, replay
    assert meaning(stable) == meaning(written), replay
    assert stable_index(dict(stable)) == stable


# Two pages whose hashes begin alike: Pagefind names the one it sees first by 7
# characters of its hash, the other by 8 ("5f79637c").
TWINS = [b'{"url":"/seite-7927/"}', b'{"url":"/seite-11408/"}']


def test_pages_whose_hashes_begin_alike_get_the_same_names_in_any_order() -> None:
    assert full_hash(TWINS[0])[:7] == full_hash(TWINS[1])[:7]
    indexes = [stable_index(two_page_index(order)) for order in (TWINS, TWINS[::-1])]
    assert indexes[0] == indexes[1]
    fragments = {p: unpack(data) for p, data in indexes[0].items() if p.startswith("fragment/")}
    assert sorted(fragments) == [
        "fragment/de_5f79637.pf_fragment",
        "fragment/de_5f79637c.pf_fragment",
    ]
    for path, fragment in fragments.items():
        assert ("de_" + full_hash(fragment)).startswith(path.split("/")[1].split(".")[0])
    assert meaning(indexes[0]) == meaning(two_page_index(TWINS))


def test_pages_are_numbered_in_the_order_of_their_addresses() -> None:
    long = "/" + "straße-" * 400  # longer than the start of a fragment that ssg reads
    pages = [json.dumps({"url": f"{long}{name}/"}, ensure_ascii=False) for name in "ba"]
    fragments = [page.replace('": "', '":"').encode() for page in pages]  # as Pagefind writes
    indexes = [stable_index(two_page_index(order)) for order in (fragments, fragments[::-1])]
    assert indexes[0] == indexes[1]
    first = page_order(indexes[0])[0]
    assert unpack(indexes[0][f"fragment/{first}.pf_fragment"]) == fragments[1]


def test_the_files_say_the_same_whatever_python_writes_them() -> None:
    """gzip's header names the system that wrote it unless told otherwise; Python 3.11
    and 3.12 put in zlib's code for it (3 on Linux), 3.13 the 255 Pagefind writes."""
    indexed = stable_index(two_page_index(TWINS))
    headers = {
        data[:10] for path, data in indexed.items() if path.endswith((".pf_meta", ".pf_index"))
    }
    assert headers == {bytes.fromhex("1f8b08000000000000ff")}


META, CHUNK = "pagefind.de_meta.pf_meta", "index/de_wort.pf_index"
OTHER_FORMS: dict[str, tuple[str, Any, bytes]] = {
    "another version": (META, ["1.6.0", [], [], [], [], []], b""),
    "more in the meta": (META, ["1.5.2", [], [], [], [], [], []], b""),
    "text for a position": (CHUNK, [[["seite", [[0, ["x"], []]], []]]], b""),
    "more for a page": (CHUNK, [[["seite", [[0, [1], [], 5]], []]]], b""),
    "more after the words": (CHUNK, [[["seite", [[0, [1], []]], []]]], b"\0"),
}


@pytest.mark.parametrize("form", OTHER_FORMS)
def test_an_index_in_another_form_is_refused(form: str) -> None:
    files = two_page_index(TWINS)
    path, value, more = OTHER_FORMS[form]
    files[path] = pack(encode(value) + more)
    with pytest.raises(UnknownFormat):
        stable_index(files)


def two_page_index(order: list[bytes]) -> dict[str, bytes]:
    """An index of two pages as Pagefind writes it when it sees them in this `order`."""
    names: list[str] = []
    for fragment in order:  # as Pagefind names them
        full = "de_" + full_hash(fragment)
        names.append(next(full[:size] for size in range(10, 99) if full[:size] not in names))
    first, second = sorted(order)
    locations = {first: [[-25, 1, 30], []], second: [[-25, 2], [-1, 0]]}
    meta = ["1.5.2", [[name, 3] for name in names], [["seite", "seite", "de_wort"]], [], [], []]
    chunk = [[["seite", [[0, *locations[order[0]]], [1, *locations[order[1]]]], []]]]
    entry = {"version": "1.5.2", "languages": {"de": {"hash": "de_meta", "page_count": 2}}}
    return {
        "pagefind-entry.json": json.dumps(entry).encode(),
        META: pack(encode(meta)),
        CHUNK: pack(encode(chunk)),
        **{
            f"fragment/{name}.pf_fragment": pack(page)
            for name, page in zip(names, order, strict=True)
        },
    }


def full_hash(data: bytes) -> str:
    """Pagefind's hash: SHA-1 in hexadecimal, each byte without a leading 0."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


# What the index says, and the same index renumbered, read with a CBOR codec of their own.


def meaning(files: dict[str, bytes]) -> Any:
    """Words, filters and sorts with each page named by its fragment instead of a number."""
    entry = json.loads(files["pagefind-entry.json"])
    said = {}
    for language, details in entry["languages"].items():
        meta = decode(files[f"pagefind.{details['hash']}.pf_meta"])
        fragments = [(unpack(files[f"fragment/{hash}.pf_fragment"]), n) for hash, n in meta[1]]
        words = {}
        for *_, chunk in meta[2]:
            for word, found, variants in decode(files[f"index/{chunk}.pf_index"])[0]:
                words[word] = (
                    sorted((fragments[page], *rest) for page, *rest in absolute(found)),
                    {
                        form: sorted((fragments[p], *r) for p, *r in absolute(at))
                        for form, at in variants
                    },
                )
        filters = {}
        for name, hash in meta[3]:
            _name, values = decode(files[f"filter/{hash}.pf_filter"])
            filters[name] = {value: sorted(fragments[p] for p in at) for value, at in values}
            assert all(at == sorted(at) for _value, at in values)
        sorts = {key: [fragments[page] for page in at] for key, at in meta[4]}
        chunks = [(start, end) for start, end, _hash in meta[2]]
        said[language] = (words, filters, sorts, chunks, meta[5], sorted(fragments))
    return said


def absolute(found: list[list[Any]]) -> list[list[Any]]:
    """A word's pages with their page numbers, which Pagefind writes as differences."""
    assert all(delta > 0 for delta, *_ in found[1:]), "pages not in order"
    number = 0
    pages = []
    for delta, *rest in found:
        number += delta
        pages.append([number, *rest])
    return pages


def page_order(files: dict[str, bytes]) -> list[str]:
    entry = json.loads(files["pagefind-entry.json"])
    (details,) = entry["languages"].values()
    return [hash for hash, _count in decode(files[f"pagefind.{details['hash']}.pf_meta"])[1]]


def renumbered(files: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """The index as Pagefind writes it when its walk finds the pages in a random order."""
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    for details in entry["languages"].values():
        meta_path = f"pagefind.{details['hash']}.pf_meta"
        meta = decode(files[meta_path])
        order = rng.sample(range(len(meta[1])), len(meta[1]))
        new = {old: number for number, old in enumerate(order)}
        meta[1] = [meta[1][old] for old in order]
        for *_, chunk in meta[2]:
            words = decode(files[f"index/{chunk}.pf_index"])
            for word in words[0]:
                word[1] = relative(word[1], new)
                for variant in word[2]:
                    variant[1] = relative(variant[1], new)
                rng.shuffle(word[2])
            files[f"index/{chunk}.pf_index"] = pack(encode(words))
        for _name, hash in meta[3]:
            name, values = decode(files[f"filter/{hash}.pf_filter"])
            rng.shuffle(values)
            renamed = [[value, sorted(new[page] for page in at)] for value, at in values]
            files[f"filter/{hash}.pf_filter"] = pack(encode([name, renamed]))
        rng.shuffle(meta[3])
        meta[4] = [[key, [new[page] for page in at]] for key, at in meta[4]]
        files[meta_path] = pack(encode(meta))
    return files


def relative(found: list[list[Any]], new: dict[int, int]) -> list[list[Any]]:
    """A word's pages with new numbers, in their order, written as differences."""
    pages = sorted([new[page], *rest] for page, *rest in absolute(found))
    before = [0] + [number for number, *_ in pages]
    return [[number - last, *rest] for (number, *rest), last in zip(pages, before, strict=False)]


def unpack(packed: bytes) -> bytes:
    data = gzip.decompress(packed)
    assert data.startswith(b"pagefind_dcd")
    return data[12:]


def pack(data: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + data, mtime=0)


def decode(packed: bytes) -> Any:
    data = unpack(packed)
    value, end = read(data, 0)
    assert end == len(data)
    return value


def read(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    size = 0 if info < 24 else 1 << (info - 24)
    number = info if info < 24 else int.from_bytes(data[at + 1 : at + 1 + size])
    at += 1 + size
    if major in (0, 1):
        return (number if major == 0 else -1 - number), at
    if major == 3:
        return data[at : at + number].decode(), at + number
    assert major == 4, major
    items = []
    for _ in range(number):
        item, at = read(data, at)
        items.append(item)
    return items, at


def encode(value: Any) -> bytes:
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, str):
        return head(3, len(value.encode())) + value.encode()
    return head(4, len(value)) + b"".join(encode(item) for item in value)


def head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    size = next(size for size in (1, 2, 4, 8) if number < 1 << (8 * size))
    return bytes([major << 5 | (23 + size.bit_length())]) + number.to_bytes(size)
