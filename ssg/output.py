"""Write the rendered site so that readers never see a half-written one.

The site is built in a hidden sibling folder, which then takes the place of
the output folder in one atomic exchange (Linux `renameat2`), or with two
renames where that is not available. A lock on the output's parent folder
keeps two builds from swapping at the same time; leftovers of killed builds
are removed next time.
Ctrl-C or SIGTERM during a build removes its staging folder; one during the
swap waits until the swap is done.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ssg.errors import system_reason
from ssg.signals import libc, stops_dropped, stops_ignored

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def staged_site(output: Path) -> Iterator[Path]:
    """A new, empty folder to build the site in, which replaces `output` when the
    `with` block ends without an exception (and is deleted if it raises).

    The lock is held throughout, so a second build waits for the first.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output):
        _remove_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
        try:
            staging.chmod(0o755)
            yield staging
            with stops_dropped():
                _swap(staging, output)
                stops_ignored()  # the build is complete
        finally:
            with contextlib.suppress(KeyboardInterrupt):  # what is left, the next build removes
                shutil.rmtree(staging, ignore_errors=True)


def scratch_root() -> str | None:
    """Memory-backed /dev/shm for scratch folders where the system has it with room
    to spare (containers often give it only 64 MB). The preview's too: a disk costs
    each of its rebuilds a fifth more CPU for writing a dozen pages."""
    memory = Path("/dev/shm")
    if not memory.is_dir() or not os.access(memory, os.W_OK):
        return None
    status = os.statvfs(memory)
    return str(memory) if status.f_bavail * status.f_frsize >= _ROOMY else None


_ROOMY = 4 * 2**30


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[str]:
    """A temporary folder named after this process, in memory where possible.

    Folders of the same kind left by processes that no longer run (a build
    killed with SIGKILL cannot clean up) are removed first.
    """
    root = Path(scratch_root() or tempfile.gettempdir())
    for leftover in root.glob(f"{prefix}*"):
        owner = leftover.name.removeprefix(prefix).split("-")[0]
        if owner.isdigit() and not is_running(int(owner)) and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=root) as folder:
        yield folder


def is_running(pid: int) -> bool:
    """Whether a process of that id runs (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextlib.contextmanager
def _locked(output: Path) -> Iterator[None]:
    """The output's parent folder is the lock: a lock file would be left behind for
    every output ever built (one per `ssg check`, whose output is a new scratch
    folder each time), and beside the output it would show up in the handbook.
    Builds into other folders of the same parent wait for each other too.

    Network file systems (NFS, SMB) lock byte ranges of files open for writing
    only; there, a lock file in the temporary folder serves, as before."""
    folder = os.open(output.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _locks(folder):
            yield
        else:
            with _lock_file(output):
                yield
    finally:
        os.close(folder)  # which releases the lock


def _locks(folder: int) -> bool:
    """Lock the open folder; False where its file system cannot."""
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
    except OSError as error:
        if error.errno in (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP):
            return False
        raise
    return True


@contextlib.contextmanager
def _lock_file(output: Path) -> Iterator[None]:
    digest = hashlib.sha256(str(output).encode()).hexdigest()[:16]
    with (Path(tempfile.gettempdir()) / f"ssg-{digest}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _remove_leftovers(output: Path) -> None:
    """Staging folders of builds that were killed before they could clean up."""
    if not output.exists():
        # A build killed between the two fallback renames: bring the last site back.
        previous = sorted(
            output.parent.glob(f".{output.name}.old-*"), key=lambda path: path.stat().st_mtime
        )
        if previous:
            previous[-1].rename(output)
    for pattern in (f".{output.name}.tmp-*", f".{output.name}.old-*"):
        for leftover in output.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` at `output`; the old output ends up at `staging` to be deleted."""
    if not output.exists():
        staging.rename(output)
        return
    if not output.is_dir() or output.is_symlink():
        raise NotADirectoryError(f"{output} ist kein Ordner")
    if _exchange(staging, output):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    staging.rename(output)
    old.rename(staging)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders, if the platform can."""
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def unsafe_output_reason(source: Path, output: Path) -> str | None:
    """Why replacing `output` would destroy sources or more than a site; None if it is safe."""
    try:
        return _unsafe_output_reason(source, output)
    except OSError as error:  # a name too long for the system, say
        return f"'{output}' kann nicht verwendet werden: {system_reason(error)}"


def _unsafe_output_reason(source: Path, output: Path) -> str | None:
    target = output.resolve()
    source = source.resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        return f"'{output}' ist das Wurzel- oder Home-Verzeichnis"
    if target == source or target in source.parents:
        return f"'{output}' enthält das Handbuch selbst; es würde beim Bauen gelöscht"
    for folder in ("content", "data", "templates", ".git"):
        protected = source / folder
        if target == protected or protected in target.parents:
            return f"'{output}' liegt in {folder}/ und würde Quelldateien ersetzen"
    if output.is_symlink():
        return f"'{output}' ist ein symbolischer Link; geben Sie den Zielordner direkt an"
    if output.exists() and not output.is_dir():
        return f"'{output}' ist eine Datei, kein Ordner"
    if any(parent.exists() and not parent.is_dir() for parent in target.parents):
        return f"'{output}' liegt unterhalb einer Datei"
    if output.is_dir() and any(output.iterdir()) and not (output / "index.html").is_file():
        return (
            f"'{output}' ist nicht leer und enthält keine Website (keine index.html); "
            "ssg würde seinen Inhalt ersetzen"
        )
    return None
