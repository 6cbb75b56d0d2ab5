"""Pack files: the bytes of many rendered pages in one file each, for the build cache.

Writing thousands of small files into a cache would cost as much as writing
the site; appending to one file per process costs one write per page. A page
is found by its pack, offset and length, and checked by its CRC-32 when read.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import zlib
from pathlib import Path
from typing import NamedTuple


class Packed(NamedTuple):
    """Where a page's bytes are kept: pack file, offset, length, and their CRC-32
    (a tuple: thousands of them are read back from the cache's state)."""

    pack: str
    offset: int
    length: int
    checksum: int


class Packs:
    """The pack files of a cache: reading packed pages, and appending new ones (each
    process, forked helpers included, to a file of its own)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.token = secrets.token_hex(4)
        self.readers: dict[str, int] = {}
        self._writer: tuple[int, int, str] | None = None  # (pid, descriptor, name)
        self._offset = 0

    def open(self, names: set[str]) -> None:
        """Open the packs a state names; one that is gone is read as empty (and its
        pages rendered anew)."""
        for name in sorted(names):
            with contextlib.suppress(OSError):
                self.readers[name] = os.open(self.folder / name, os.O_RDONLY)

    def read(self, packed: Packed) -> bytes | None:
        """A packed page, or None if its bytes are not what was packed."""
        descriptor = self.readers.get(packed.pack)
        if descriptor is None:
            return None
        data = os.pread(descriptor, packed.length, packed.offset)
        if len(data) != packed.length or zlib.crc32(data) != packed.checksum:
            return None
        return data

    def add(self, data: bytes) -> Packed:
        pid = os.getpid()
        if self._writer is None or self._writer[0] != pid:
            name = f"{self.token}-{pid}.pack"
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
            self._writer, self._offset = (pid, os.open(self.folder / name, flags, 0o644), name), 0
        _pid, descriptor, name = self._writer
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        packed = Packed(name, self._offset, len(data), zlib.crc32(data))
        self._offset += len(data)
        return packed

    def close(self) -> None:
        for descriptor in self.readers.values():
            os.close(descriptor)
        self.readers = {}
        if self._writer is not None and self._writer[0] == os.getpid():
            os.close(self._writer[1])
        self._writer = None
