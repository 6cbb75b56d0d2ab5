"""The site's search index, built with Pagefind from the rendered pages.

Pages mark what is searchable (`data-pagefind-body`) and what can be filtered
(`data-pagefind-filter`). The indexer runs on the staging folder of the
build, before it replaces the published site, so that site never has a
stale index. (Pagefind's Python
API answers one page per 0.1 s, which is far too slow for large sites; its
program, run once, indexes thousands of pages a second.)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
from functools import partial
from pathlib import Path
from typing import Any

from ssg.errors import ContentError, Problem
from ssg.output import scratch_folder
from ssg.paths import SEARCH_FOLDER
from ssg.signals import die_with_parent

# Pagefind's ready-made interfaces; the search page has its own, accessible one.
_UNUSED = ("-ui.", "highlight", "playground")


def search_index(folder: Path) -> list[str]:
    """Index the HTML pages in `folder`; write Pagefind's files to its `pagefind/`.

    Returns the paths written, relative to `folder`. Pages without
    `data-pagefind-body` (the 404 page) are not indexed.
    """
    with scratch_folder("ssg-search-") as scratch:
        bundle = Path(scratch, "pagefind")
        try:
            from pagefind_bin import get_executable

            command = [str(get_executable()), "--site", str(folder), "--output-path", str(bundle)]
            subprocess.run(
                [*command, "--silent"],
                check=True,
                capture_output=True,
                text=True,
                # Safe here: a build runs no threads.
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
        except (ImportError, OSError, subprocess.CalledProcessError) as error:
            details = getattr(error, "stderr", "") or str(error)
            raise ContentError([_failure(details.strip())]) from None
        produced = {
            file.relative_to(bundle).as_posix(): file.read_bytes()
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not any(part in file.name for part in _UNUSED)
        }
    try:
        stable = _stable(produced)
    except (UnknownFormat, KeyError, IndexError, ValueError, EOFError, OSError) as error:
        raise ContentError([_unknown_format(error)]) from None
    written = []
    for path, data in sorted(stable.items()):
        target = folder / SEARCH_FOLDER / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(SEARCH_FOLDER + path)
    return written


def _stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same index with its filter files and their list in a fixed order.

    Pagefind writes filter values and the list of filter files in hash-map order,
    which changes from run to run (upstream issue #638), and names each file
    by a hash of its content. Sorting both and renaming the files by a hash of
    the sorted content makes two builds of the same site byte-identical.
    """
    entry = json.loads(files["pagefind-entry.json"])
    renamed: dict[str, str] = {}
    for path in [p for p in files if p.startswith("filter/")]:
        name, values = _decode(files.pop(path))
        data = _encode([name, sorted(values, key=lambda value: str(value[0]))])
        old, language = Path(path).stem, Path(path).stem.split("_")[0]
        renamed[old] = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        files[f"filter/{renamed[old]}.pf_filter"] = _pack(data)
    for language, details in entry["languages"].items():
        meta = _decode(files.pop(f"pagefind.{details['hash']}.pf_meta"))
        # [version, fragments, index chunks, filters, sorts, meta fields] in Pagefind 1.5
        if not str(meta[0]).startswith(KNOWN_VERSION):
            raise UnknownFormat(f"Index der Version {meta[0]}")
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        data = _encode(meta)
        details["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        files[f"pagefind.{details['hash']}.pf_meta"] = _pack(data)
    files["pagefind-entry.json"] = json.dumps(entry, separators=(",", ":")).encode()
    return files


_SIGNATURE = b"pagefind_dcd"
KNOWN_VERSION = "1.5."  # the index format _stable knows (pyproject pins pagefind to 1.5)


class UnknownFormat(Exception):
    """Pagefind wrote its index in a form this code does not know."""


def _decode(packed: bytes) -> Any:
    data = gzip.decompress(packed)
    if not data.startswith(_SIGNATURE):
        raise UnknownFormat("Datei ohne die Kennung pagefind_dcd")
    value, end = _read(data, len(_SIGNATURE))
    if end != len(data):
        raise UnknownFormat("Datei länger als ihr Inhalt")
    return value


def _pack(data: bytes) -> bytes:
    return gzip.compress(_SIGNATURE + data, compresslevel=9, mtime=0)


def _read(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item (the subset Pagefind writes) from `data` at `at`."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    else:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return argument, at
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
        return _head(0, value)
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


def _unknown_format(error: Exception) -> Problem:
    from importlib import metadata  # only here: importing it takes a sixth of starting ssg

    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "(Version unbekannt)"
    return Problem(
        "pagefind",
        1,
        1,
        f"Pagefind {version} schreibt den Suchindex in einer Form, die ssg nicht kennt "
        f"({type(error).__name__}: {error})",
        f"ssg ordnet den Index von Pagefind {KNOWN_VERSION}x (pyproject.toml: "
        "pagefind[bin]>=1.5,<1.6). Installieren Sie diese Version (make site), oder bauen "
        "Sie mit --no-search.",
    )


def _failure(details: str) -> Problem:
    return Problem(
        "pagefind",
        1,
        1,
        f"Der Suchindex kann nicht erstellt werden: {details}",
        "Ist das Paket pagefind[bin] installiert (make site)? `ssg build --no-search` baut die "
        "Website ohne Suche.",
    )
