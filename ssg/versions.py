"""The versions of the code a build ran: what the build cache's contents depend on.

They are read from the names of the installed `.dist-info` folders
(`jinja2-3.1.6.dist-info`, as the wheel format names them), in the order
Python finds packages. importlib.metadata says the same, but importing it
alone takes 40 ms, a sixth of starting ssg; it still decides where no such
folder names a package, two records of it are in one place, or one is an older
`.egg-info` record.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import re
import sys
from pathlib import Path

LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "nh3", "jsonschema", "fastjsonschema")


@functools.cache
def current_versions() -> dict[str, str]:
    """Everything the cached results depend on besides the handbook's files: of the
    code this process runs, so worked out once."""
    found = _from_folder_names(("ssg", *LIBRARIES))
    versions = {"ssg": f"{found['ssg']} ({_code_digest()})", "python": platform.python_version()}
    for name in LIBRARIES:
        versions[name] = found[name]
    return versions


def _from_folder_names(names: tuple[str, ...]) -> dict[str, str]:
    """Each package's version, '-' for one that is not installed."""
    wanted = {_normalized(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        here: dict[str, list[str | None]] = {}
        for folder in listed:
            name, _, rest = folder.removesuffix(".egg-info").partition("-")
            if folder.endswith(".egg-info"):  # setuptools' older record: its name may
                version = None  # leave out the version, so importlib.metadata decides
            elif rest.endswith(".dist-info"):
                version = rest.removesuffix(".dist-info")
            else:
                continue
            key = _normalized(name)
            if key in wanted and key not in found:
                here.setdefault(key, []).append(version)
        for key, versions in here.items():
            single = versions[0] if len(versions) == 1 else None
            found[key] = single or _asked(wanted[key])
    return {name: found.get(_normalized(name)) or _asked(name) for name in names}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _asked(name: str) -> str:
    """importlib.metadata's answer, where the folder names leave it open."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _code_digest() -> str:
    """ssg's own files: a changed ssg without a new version number is another ssg."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()
