"""Content-addressed files under the store folder, with private permissions.

Only this module writes under the store. Raw mail goes to ``raw/ab/<sha256>.eml`` and documents
to ``files/ab/<sha256>``; each write is fsynced (file and folder) before the caller commits the
rows that point at it, so a crash never leaves a row without its bytes.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from foia_tracker.errors import LockedError, StoreError

DIR_MODE = 0o700
FILE_MODE = 0o600


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def create(self) -> None:
        for sub in ("", "raw", "files", "tmp"):
            ensure_private_dir(self.root / sub)

    def raw_path(self, sha256: str) -> Path:
        return self.root / "raw" / sha256[:2] / f"{sha256}.eml"

    def file_path(self, sha256: str) -> Path:
        return self.root / "files" / sha256[:2] / sha256

    def put_raw(self, data: bytes) -> str:
        """Store raw mail bytes exactly as received; return their SHA-256."""
        digest = sha256_hex(data)
        self._put(self.raw_path(digest), data)
        return digest

    def put_file(self, data: bytes) -> str:
        digest = sha256_hex(data)
        self._put(self.file_path(digest), data)
        return digest

    def read_raw(self, sha256: str) -> bytes:
        return self.raw_path(sha256).read_bytes()

    def read_file(self, sha256: str) -> bytes:
        return self.file_path(sha256).read_bytes()

    def _put(self, path: Path, data: bytes) -> None:
        if path.exists() and path.stat().st_size == len(data):
            return  # content-addressed: same name, same bytes
        ensure_private_dir(path.parent)
        tmp_dir = self.root / "tmp"  # partial files never sit beside finished ones
        ensure_private_dir(tmp_dir)
        try:
            write_private(path, data, tmp_dir=tmp_dir)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise StoreError(
                    f"The disk holding {self.root} is full; free some space and run again "
                    "(nothing was recorded for this message)."
                ) from None
            raise StoreError(f"Could not write {path}: {exc.strerror}.") from None

    @contextmanager
    def lock(self, name: str = "writer", wait: float = 5.0) -> Iterator[None]:
        """One writer at a time (send, poll, follow-up): an exclusive lock file in the store."""
        ensure_private_dir(self.root)
        path = self.root / f"{name}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            _acquire(fd, wait, path)
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            os.close(fd)  # closing releases the flock


def _acquire(fd: int, wait: float, path: Path) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockedError(
                    f"Another foia command (send, poll or follow-up) is using the store "
                    f"({path}); wait for it to finish and run again."
                ) from None
            time.sleep(0.1)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents 0700 (``mkdir(parents=True)`` would make the
    parents 0755), and make ``path`` itself 0700."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)
    target = missing[0] if missing else path
    if target.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(target, DIR_MODE)


def write_private(path: Path, data: bytes, *, tmp_dir: Path | None = None) -> None:
    """Write a file readable only by the user, fsynced, atomically: the bytes go to a new
    0600 temp file (O_EXCL, so nothing planted there is followed) that then replaces ``path``
    (a symlink planted at ``path`` is replaced, not written through)."""
    fd, tmp = tempfile.mkstemp(dir=tmp_dir or path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_join(root: Path, *parts: str) -> Path:
    """Join untrusted path parts under ``root``; refuse anything that would land outside it."""
    target = root.joinpath(*parts).resolve()
    base = root.resolve()
    if target != base and base not in target.parents:
        raise StoreError(f"Refused a path outside {root}: {'/'.join(parts)!r}.")
    return target
