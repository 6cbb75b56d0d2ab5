"""Pagefind's search index in one order, whatever order Pagefind found the pages in.

Pagefind 1.5 numbers the pages in the order its walk of the site finds them,
which is the file system's listing order (creation order on tmpfs, a hash
order on ext4), and writes filter values, filter files and sorts in hash-map
order (upstream issue #638). `stable_index` renumbers every language's pages in
the order of their addresses (so a search by filters alone lists them in that
order), sorts every list, and renames the files whose content changed by a
hash of it: the same site gives a byte-identical index on any machine. The
files are gzipped CBOR (the subset Pagefind writes) behind a signature; see
`pagefind/src/index/` and `pagefind_web/src/` at v1.5.2.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
import struct
import zlib
from collections.abc import Callable
from typing import Any


def stable_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files (path: content) numbered as if it had seen the pages in the order
    of their addresses, every list sorted, changed files renamed by content."""
    entry = json.loads(files["pagefind-entry.json"])
    entry["languages"] = dict(sorted(entry["languages"].items()))
    for language, details in entry["languages"].items():
        meta = _decode(files.pop(f"pagefind.{details['hash']}.pf_meta"))
        # [version, pages, index chunks, filters, sorts, meta fields] in Pagefind 1.5
        if not str(meta[0]).startswith(KNOWN_VERSION) or len(meta) != 6:
            raise UnknownFormat(f"Index der Version {meta[0]}")
        meta[1], new = _canonical_pages(meta[1], language, files)
        chunks = [_unpack(files.pop(f"index/{hash}.pf_index")) for *_, hash in meta[2]]
        filters = sorted(_decode(files.pop(f"filter/{hash}.pf_filter")) for _, hash in meta[3])
        taken: set[str] = set()  # the new names, to give each file its own
        for chunk, data in zip(meta[2], chunks, strict=True):  # chunks are in word order
            chunk[2] = _store(files, taken, "index", language, _renumber_chunk(data, new))
        meta[3] = []
        for name, values in filters:
            values = sorted([value, sorted(new[page] for page in pages)] for value, pages in values)
            meta[3].append(
                [name, _store(files, taken, "filter", language, _encode([name, values]))]
            )
        # Pages with equal sort values stay in Pagefind's order: their values are not in its files.
        meta[4] = sorted([key, [new[page] for page in pages]] for key, pages in meta[4])
        data = _encode(meta)
        details["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        files[f"pagefind.{details['hash']}.pf_meta"] = _pack(data)
    files["pagefind-entry.json"] = json.dumps(entry, separators=(",", ":")).encode()
    return files


def _store(files: dict[str, bytes], taken: set[str], kind: str, language: str, data: bytes) -> str:
    """Add `data` to `files` named by a hash of it, longer if another file took that name."""
    digest, size = hashlib.sha256(data).hexdigest(), 7
    while f"{kind}/{language}_{digest[:size]}" in taken:
        size += 1
    name = f"{language}_{digest[:size]}"
    taken.add(f"{kind}/{name}")
    files[f"{kind}/{name}.pf_{kind}"] = _pack(data)
    return name


def _canonical_pages(
    pages: list[list[Any]], language: str, files: dict[str, bytes]
) -> tuple[list[list[Any]], list[int]]:
    """The pages in the order of their addresses, and each old page number's new one.

    Pagefind names a page's fragment by the first 7 characters of its hash; when
    two pages share them, the page it saw second gets a longer name. For just
    those pages the full hashes are computed, the names given again in the new
    order, and the fragment files renamed to match.
    """
    cut = len(language) + 8  # "de_" and 7 characters
    names = [name for name, _count in pages]
    keys = [(_address(files[f"fragment/{name}.pf_fragment"]), name) for name in names]
    groups: dict[str, list[int]] = {}
    for number, name in enumerate(names):
        groups.setdefault(name[:cut], []).append(number)
    renamed: dict[str, str] = {}
    for numbers in (group for group in groups.values() if len(group) > 1):
        for number in numbers:
            keys[number] = (keys[number][0], _full_hash(files, language, names[number]))
        given = _short_names(
            [keys[number][1] for number in sorted(numbers, key=keys.__getitem__)], cut
        )
        renamed.update({names[number]: given[keys[number][1]] for number in numbers})
    moved = {new: files.pop(f"fragment/{old}.pf_fragment") for old, new in renamed.items()}
    files.update({f"fragment/{name}.pf_fragment": data for name, data in moved.items()})
    order = sorted(range(len(pages)), key=keys.__getitem__)
    new = [0] * len(pages)
    for number, old in enumerate(order):
        new[old] = number
    return [[renamed.get(names[old], names[old]), pages[old][1]] for old in order], new


def _address(fragment: bytes) -> str:
    """A page's address, the first field of its fragment (read from its start if there)."""
    for size in (1024, 0):  # 0: all of it
        data = zlib.decompressobj(31).decompress(fragment, size)
        if not data.startswith(b'pagefind_dcd{"url":'):
            break
        try:  # the start may end within a character or the address
            address = _JSON.raw_decode(data[19:].decode(errors="ignore"))[0]
        except ValueError:
            continue
        if isinstance(address, str):
            return address
    raise UnknownFormat("Seite ohne Adresse")


_JSON = json.JSONDecoder()


def _full_hash(files: dict[str, bytes], language: str, name: str) -> str:
    """Pagefind's hash of a fragment: SHA-1 in hexadecimal, each byte without a leading 0."""
    fragment = _unpack(files[f"fragment/{name}.pf_fragment"])
    full = f"{language}_" + "".join(f"{byte:x}" for byte in hashlib.sha1(fragment).digest())
    if not full.startswith(name):
        raise UnknownFormat(f"Seite {name} mit anderem Hash {full}")
    return full


def _short_names(hashes: list[str], cut: int) -> dict[str, str]:
    """The names Pagefind gives pages with these full hashes when it sees them in this order."""
    names: dict[str, str] = {}
    for hash in dict.fromkeys(hashes):  # identical pages share a name
        size = cut
        while hash[:size] in names.values():
            if size >= len(hash):
                raise UnknownFormat(f"Hash {hash} ist Anfang eines anderen")
            size += 1
        names[hash] = hash[:size]
    return names


# A word index chunk is [[word, pages, [[variant, pages], …]], …] with pages as
# [[page number minus the previous one, [positions], [meta positions]], …]: only the
# page numbers are read. A page's usual form (fewer than 24 positions and meta
# positions) is matched by one regular expression; any other is decoded in full.
_PAGE_STARTS = [bytes([0x83, step]) for step in range(24)]  # for a page < 24 after the last


@functools.cache
def _page_matcher() -> Callable[[bytes, int], re.Match[bytes] | None]:
    """Matches a page in its usual form: (page number, the rest). Made when first
    needed, as it takes 30 ms, a sixth of starting ssg."""
    number = rb"[\x00-\x17]|\x18.|\x19..|\x1a...."
    integer = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39]..|[\x1a\x3a]....)"
    short = b"|".join(re.escape(bytes([0x80 + n])) + integer * n for n in range(24))
    return re.compile(rb"\x83(%s)((?:%s)(?:%s))" % (number, short, short), re.S).match


def _renumber_chunk(data: bytes, new: list[int]) -> bytes:
    """A word index chunk with the pages' new numbers, each word's pages in their order."""
    if data[0] != 0x81:
        raise UnknownFormat("Wortindex ohne Liste")
    words, at = _argument(data, 1, 4)
    out = [data[:at]]
    for _ in range(words):
        if data[at] != 0x83:
            raise UnknownFormat("Wort im Index nicht [Wort, Seiten, Varianten]")
        size, end = _argument(data, at + 1, 3)
        out.append(data[at : end + size])
        pages, _first, at = _pages(data, end + size, new)
        out.append(pages)
        if data[at] == 0x80:  # no variants: the usual case
            out.append(b"\x80")
            at += 1
            continue
        count, at = _argument(data, at, 4)
        variants = []
        for _ in range(count):
            if data[at] != 0x82:
                raise UnknownFormat("Variante im Index nicht [Form, Seiten]")
            size, end = _argument(data, at + 1, 3)
            form = data[at : end + size]
            pages, first, at = _pages(data, end + size, new)
            variants.append((first, form + pages))
        variants.sort()  # by the page each first occurs on, as Pagefind lists them
        out += [_head(4, count), *(variant for _first, variant in variants)]
    if at != len(data):
        raise UnknownFormat("Wortindex länger als sein Inhalt")
    return b"".join(out)


def _pages(data: bytes, at: int, new: list[int]) -> tuple[bytes, int, int]:
    """One word's pages renumbered: their bytes, the first new number, and where they end."""
    count, at = _argument(data, at, 4)
    entries = []
    page = 0
    usual = _page_matcher()
    for _ in range(count):
        found = usual(data, at)
        if found:
            number, rest = found.groups()
            page += int.from_bytes(number[1:] or number)  # after the head byte if it has one
            at = found.end()
        else:  # a rarer form, read in full
            item, end = _read(data, at)
            step, start = _argument(data, at + 1, 0)
            if data[at] != 0x83 or not all(isinstance(n, int) for part in item[1:] for n in part):
                raise UnknownFormat("Seite im Wortindex nicht [Nummer, Stellen, Meta-Stellen]")
            page += step
            rest, at = data[start:end], end
        entries.append((new[page], rest))
    entries.sort()
    out = bytearray(_head(4, count))
    last = 0
    for number, rest in entries:
        step = number - last
        out += _PAGE_STARTS[step] if step < 24 else b"\x83" + _head(0, step)
        out += rest
        last = number
    return bytes(out), entries[0][0] if entries else 0, at


_SIGNATURE = b"pagefind_dcd"
KNOWN_VERSION = "1.5."  # the index format stable_index knows (pyproject pins pagefind to 1.5)


class UnknownFormat(Exception):
    """Pagefind wrote its index in a form this code does not know."""


def _unpack(packed: bytes) -> bytes:
    data = gzip.decompress(packed)
    if not data.startswith(_SIGNATURE):
        raise UnknownFormat("Datei ohne die Kennung pagefind_dcd")
    return data[len(_SIGNATURE) :]


def _decode(packed: bytes) -> Any:
    data = _unpack(packed)
    value, end = _read(data, 0)
    if end != len(data):
        raise UnknownFormat("Datei länger als ihr Inhalt")
    return value


def _pack(data: bytes) -> bytes:
    """Gzip with the header Pagefind writes (no time, system unknown): Python 3.11 and
    3.12 write zlib's code of the system instead (3 on Linux), 3.13 writes 255."""
    body = _SIGNATURE + data
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, no header
    packed = deflate.compress(body) + deflate.flush()
    return _GZIP_HEADER + packed + struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)


_GZIP_HEADER = bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF])  # deflate, no flags, time 0


def _argument(data: bytes, at: int, major: int) -> tuple[int, int]:
    """The number in the head of a CBOR item of type `major` at `at`, and where it ends."""
    head = data[at]
    if head >> 5 != major:
        raise UnknownFormat(f"CBOR-Typ {head >> 5} statt {major}")
    info = head & 31
    if info < 24:
        return info, at + 1
    if info > 27:
        raise UnknownFormat(f"CBOR-Länge {info}")
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _read(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item (the subset Pagefind writes) from `data` at `at`."""
    major = data[at] >> 5
    argument, at = _argument(data, at, major)
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at : at + argument]
        return (chunk.decode() if major == 3 else chunk), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _read(data, at)
            items.append(item)
        return items, at
    raise UnknownFormat(f"CBOR-Typ {major}")


def _encode(value: Any) -> bytes:
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        encoded = value.encode()
        return _head(3, len(encoded)) + encoded
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    size = next(size for size in (1, 2, 4, 8) if argument < 1 << (8 * size))
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + argument.to_bytes(size, "big")
