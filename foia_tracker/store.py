"""Content-addressed files under the store folder, with private permissions.

Only this module writes under the store. Raw mail goes to ``raw/ab/<sha256>.eml`` and documents
to ``files/ab/<sha256>``; each write is made durable (file and folder) before the caller commits
the rows that point at it, so a crash never leaves a row without its bytes.

A poll writes a batch of messages at once (``Store.batch``): the files are written as they come
and made durable together, with one ``syncfs`` of the store's filesystem (Linux) or an fsync of
each file and folder elsewhere, before the batch's rows commit. A crash before that leaves files
whose rows never committed; since a name there no longer proves its bytes, a file found under
its name is re-hashed before it is trusted, and rewritten if it does not match.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from foia_tracker.errors import LockedError, StoreError

DIR_MODE = 0o700
FILE_MODE = 0o600


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


LOCK_WAIT = 5.0  # seconds a second writer waits for the first


class Store:
    def __init__(self, root: str | os.PathLike, *, lock_wait: float = LOCK_WAIT):
        self.root = Path(root)
        self.lock_wait = lock_wait
        self._batch: list[Path] | None = None  # files written since batch() began

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Write files as they come; make them all durable when the block ends without error
        (before the caller commits the rows naming them). Nested batches join the outer one."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        try:
            yield
            make_durable(self.root, self._batch)
        finally:
            self._batch = None

    def create(self) -> None:
        """Make the store's folders that are missing (0700); existing ones keep their mode."""
        if self.root.resolve().parent == self.root.resolve():
            raise StoreError(
                f"The store path {self.root} is the root of a file system; set [store] path to "
                "a folder of its own."
            )
        for sub in ("", "raw", "files", "tmp"):
            self._dir(self.root / sub)

    def _dir(self, path: Path) -> None:
        """Make ``path`` (under the store) if missing, refusing a symbolic link at any level
        below the store root: a link planted there would send records outside the store."""
        relative = path.relative_to(self.root)
        current = self.root
        for part in ("", *relative.parts):
            current = current / part if part else current
            try:
                mode = os.lstat(current).st_mode
            except FileNotFoundError:
                ensure_private_dir(current)
                continue
            if stat.S_ISDIR(mode):
                continue  # lstat: a folder, not a link to one (checked on every write)
            if part and stat.S_ISLNK(mode):
                raise StoreError(
                    f"{current} is a symbolic link; foia does not follow links inside the store. "
                    "Remove it and run again."
                )
            if not stat.S_ISDIR(os.stat(current).st_mode):
                raise StoreError(f"{current} is not a folder; the store needs it to be one.")

    def raw_path(self, sha256: str) -> Path:
        return self.root / "raw" / sha256[:2] / f"{sha256}.eml"

    def file_path(self, sha256: str) -> Path:
        return self.root / "files" / sha256[:2] / sha256

    def put_raw(self, data: bytes, *, durable: bool = True) -> str:
        """Store raw mail bytes exactly as received; return their SHA-256. ``durable=False``:
        the caller makes it durable (``make_durable``) before anything relies on the bytes."""
        digest = sha256_hex(data)
        if durable:
            self._put(self.raw_path(digest), data)
        else:
            self._put(self.raw_path(digest), data, durable=False)
        return digest

    def stage_raw(self, data: bytes) -> tuple[str, str | None]:
        """Raw bytes written ahead into tmp/, neither in raw/ nor durable yet: ``place_raw``
        moves them in with one rename, ``unstage`` drops them (a killed writer's are swept).
        Returns the SHA-256 and the temp file (None: the store holds these bytes already)."""
        digest = sha256_hex(data)
        path = self.raw_path(digest)
        self._dir(path.parent)
        self._dir(self.root / "tmp")
        if _is_file(path) and path.stat().st_size == len(data) and _hash_of(path) == digest:
            return digest, None
        with self._writing(path):
            return digest, _write_temp(path, data, self.root / "tmp", durable=False)

    def place_raw(self, digest: str, tmp: str | None) -> Path:
        """A staged file (``stage_raw``) under its name in raw/; durable once the caller says."""
        path = self.raw_path(digest)
        if tmp is not None:
            with self._writing(path):
                os.replace(tmp, path)
        return path

    def unstage(self, tmp: str | None) -> None:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

    def put_file(self, data: bytes) -> str:
        digest = sha256_hex(data)
        self._put(self.file_path(digest), data)
        return digest

    def read_raw(self, sha256: str) -> bytes:
        return self.raw_path(sha256).read_bytes()

    def read_file(self, sha256: str) -> bytes:
        return self.file_path(sha256).read_bytes()

    def _put(self, path: Path, data: bytes, *, durable: bool = True) -> None:
        self._dir(path.parent)
        tmp_dir = self.root / "tmp"  # partial files never sit beside finished ones
        self._dir(tmp_dir)
        if self._batch is not None:
            # Made durable with the batch even when it was already there: a file an earlier,
            # killed run wrote may still be only in the page cache.
            self._batch.append(path)
        if _is_file(path) and path.stat().st_size == len(data) and _hash_of(path) == path.name[:64]:
            return  # content-addressed: same name, same bytes (checked: see the module doc)
        with self._writing(path):
            write_private(path, data, tmp_dir=tmp_dir, durable=durable and self._batch is None)

    @contextmanager
    def _writing(self, path: Path) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise StoreError(
                    f"The disk holding {self.root} is full; free some space and run again "
                    "(nothing was recorded for this message)."
                ) from None
            raise StoreError(f"Could not write {path}: {exc.strerror}.") from None

    def sweep_tmp(self) -> list[Path]:
        """Remove the partial files of writers that died (a kill, a power cut) from tmp/.
        Each temp name carries its writer's process id; a live writer's files stay."""
        swept = []
        tmp_dir = self.root / "tmp"
        for path in tmp_dir.glob(".*.tmp") if tmp_dir.is_dir() else ():
            pid = _writer_pid(path.name)
            if pid is not None and not _alive(pid) and _is_file(path):
                path.unlink(missing_ok=True)
                swept.append(path)
        return swept

    @contextmanager
    def lock(
        self,
        name: str = "writer",
        wait: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Iterator[None]:
        """One writer at a time (send, poll, follow-up): an exclusive lock file in the store.
        A symbolic link planted as the lock file is refused (O_NOFOLLOW), never truncated
        through."""
        self._dir(self.root)
        path = self.root / f"{name}.lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise StoreError(
                f"{path} is a symbolic link; foia does not follow links inside the store. "
                "Remove it and run again."
            ) from None
        try:
            _acquire(fd, self.lock_wait if wait is None else wait, path, sleep)
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self.sweep_tmp()
            yield
        finally:
            os.close(fd)  # closing releases the flock


_LOCK_POLL = 0.1


def _acquire(fd: int, wait: float, path: Path, sleep: Callable[[float], None]) -> None:
    # Counted in polls rather than read off the clock, so a test can inject ``sleep``.
    for _ in range(max(1, round(wait / _LOCK_POLL) + 1)):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            sleep(_LOCK_POLL)
    raise LockedError(
        f"Another foia command (send, poll or follow-up) is using the store ({path}); wait for "
        "it to finish and run again."
    )


def _writer_pid(name: str) -> int | None:
    """The pid in ``.<name>.p<pid>.<random>.tmp`` (see write_private), else None."""
    parts = name.split(".")
    tag = parts[-3] if len(parts) >= 4 else ""
    return int(tag[1:]) if tag.startswith("p") and tag[1:].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return pid != 0


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def ensure_private_dir(path: Path) -> list[Path]:
    """Create ``path`` and any missing parents 0700 (``mkdir(parents=True)`` would make the
    parents 0755); return the folders made, outermost first. A folder that exists is left as
    it is: its mode belongs to whoever made it (the user, the system), never to us."""
    missing = []
    while not os.path.lexists(path):
        missing.append(path)
        path = path.parent
    made = []
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it first: not ours to chmod
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
        made.append(folder)
    return made


def write_private(
    path: Path, data: bytes, *, tmp_dir: Path | None = None, durable: bool = True
) -> None:
    """Write a file readable only by the user, atomically: the bytes go to a new 0600 temp file
    (O_EXCL, so nothing planted there is followed) that then replaces ``path`` (a symlink
    planted at ``path`` is replaced, not written through). ``durable``: fsynced, file and
    folder, before it returns; otherwise the caller makes it durable (``make_durable``)."""
    tmp = _write_temp(path, data, tmp_dir or path.parent, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def _write_temp(path: Path, data: bytes, tmp_dir: Path, *, durable: bool) -> str:
    """``data`` in a new 0600 file of ``tmp_dir`` (O_EXCL), named for ``path``; its name."""
    prefix = f".{path.name}.p{os.getpid()}."  # the pid lets Store.sweep_tmp tell a dead writer's
    fd, tmp = tempfile.mkstemp(dir=tmp_dir, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _hash_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


_LIBC = ctypes.CDLL(None, use_errno=True) if hasattr(ctypes, "CDLL") else None


def make_durable(root: Path, paths: list[Path]) -> None:
    """Flush written files and their folder entries to disk: one syncfs(2) of the filesystem
    holding ``root`` (Linux 5.8+ reports write-back errors through it), else fsync each file and
    each folder; files on another filesystem (a database kept elsewhere) are fsynced too. An
    error is a StoreError: the caller must not rely on these files."""
    if not paths:
        return
    try:
        if _syncfs(root):
            device = os.stat(root).st_dev
            paths = [path for path in paths if os.stat(path).st_dev != device]
        for path in paths:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        for folder in {path.parent for path in paths}:
            fsync_dir(folder)
    except OSError as exc:
        raise StoreError(f"Could not save files under {root}: {exc.strerror}.") from None


def _syncfs(root: Path) -> bool:
    """True when syncfs(2) flushed the filesystem; False where it does not exist."""
    syncfs = getattr(_LIBC, "syncfs", None)
    if syncfs is None:
        return False
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
        return True
    finally:
        os.close(fd)


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


# Sync clients rewrite files under SQLite's feet: a WAL database in such a folder can be
# corrupted (https://sqlite.org/howtocorrupt.html, section 1.1 and 2.1).
SYNCED_FOLDER_NAMES = ("Dropbox", "OneDrive", "iCloud Drive", "Mobile Documents", "Google Drive",
                       "GoogleDrive", "My Drive", "Box Sync", "pCloudDrive", "MEGA", "Nextcloud",
                       "ownCloud", "Seafile", "SynologyDrive")  # fmt: skip


def synced_folder(path: Path) -> str | None:
    """The sync service whose folder holds ``path``, if its name says so."""
    for part in Path(path).resolve().parts:
        for name in SYNCED_FOLDER_NAMES:
            if part == name or part.startswith(name + " ") or part.startswith(name + "-"):
                return name
    return None
