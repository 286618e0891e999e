"""Writing an export to its place: a folder or a ``.zip``, without touching anything else.

The rules (issue 14): files the user keeps in the target folder are never deleted or
overwritten; an earlier export of the same campaign is replaced only with ``force`` and then
only the files it listed go; nothing hidden is left next to the target by a failed or killed
run (a folder being written holds ``.foia-export-incomplete``, a zip is written as the visible
``NAME.zip.partial``, and the next run cleans up after either); a symbolic link as the target
is refused, never followed. Files are 0600 and folders the export makes are 0700.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from foia_tracker.cells import csv_cell
from foia_tracker.errors import UsageError
from foia_tracker.store import DIR_MODE, FILE_MODE, ensure_private_dir, safe_join

MARKER = ".foia-export-incomplete"
# The marker's next list, renamed over it when whole (a killed run may leave it behind).
NEXT_MARKER = MARKER + ".new"
ROOT_FILES = ("manifest.csv", "requests.csv", "README.txt", "timeline.csv")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1024 * 1024
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW


@dataclass(frozen=True)
class Entry:
    """One file of the export: streamed from ``source`` (a store file) or written from ``data``."""

    path: str
    source: Path | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class Earlier:
    """What an earlier export in the target left: the relative paths it wrote."""

    paths: tuple[str, ...]


def chunks(entry: Entry) -> Iterator[bytes]:
    if entry.data is not None:
        yield entry.data
        return
    with open(entry.source, "rb") as src:
        while chunk := src.read(_CHUNK):
            yield chunk


def _refuse_link(out: Path) -> None:
    if out.is_symlink():
        raise UsageError(
            f"{out} is a symbolic link; give the folder or file it points to (foia does not "
            "follow links when writing records)."
        )


def _exported_paths(manifest_text: str) -> tuple[str, ...]:
    paths = [r.get("path") or "" for r in csv.DictReader(io.StringIO(manifest_text))]
    return tuple(p for p in paths if p)


def is_export_of(
    requests_csv: str, manifest_csv: str, campaign: str, fields: Sequence[str]
) -> bool:
    """True when the two CSV texts are a foia export of ``campaign`` (older exports, whose
    manifest had fewer columns, count too)."""
    manifest_head = next(csv.reader(io.StringIO(manifest_csv)), [])
    head = next(csv.reader(io.StringIO(requests_csv)), [])
    found = list(csv.DictReader(io.StringIO(requests_csv)))
    return (
        len(manifest_head) >= 15
        and tuple(manifest_head) == tuple(fields[: len(manifest_head)])
        and "ref" in head
        and "campaign" in head
        and all(r["campaign"] == csv_cell(campaign) for r in found)
    )


# --- a folder ---------------------------------------------------------------------------------


def check_folder(out: Path, campaign: str, force: bool, fields: Sequence[str]) -> Earlier | None:
    """Read-only: may the export go to ``out``? Returns what an earlier export left there."""
    _refuse_link(out)
    if not os.path.lexists(out):
        return None
    if not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder; give a folder, or a name ending .zip.")
    marker = out / MARKER
    if marker.is_file() and not marker.is_symlink():  # our own run, killed half-way
        return Earlier(tuple(marker.read_text("utf-8").splitlines()))
    manifest, requests = out / "manifest.csv", out / "requests.csv"
    if manifest.is_file() and requests.is_file():
        text = manifest.read_text("utf-8", errors="replace")
        if is_export_of(requests.read_text("utf-8", errors="replace"), text, campaign, fields):
            if not force:
                raise UsageError(
                    f"{out} holds an earlier export of {campaign!r}; add --force to replace it "
                    "(only the files that export wrote are replaced; your own files stay)."
                )
            return Earlier(_exported_paths(text) + ROOT_FILES)
    if any(p.name != NEXT_MARKER for p in out.iterdir()):  # our half-written list is ours
        raise UsageError(
            f"{out} is not empty and not an earlier export of {campaign!r}; choose an empty or "
            "new folder."
        )
    return None


def write_folder(out: Path, entries: Sequence[Entry], earlier: Earlier | None) -> None:
    paths = sorted(e.path for e in entries)
    stale = out / NEXT_MARKER  # a run killed between writing the list and renaming it
    if stale.is_file() and not stale.is_symlink():
        stale.unlink()
    old = set(earlier.paths) if earlier else set()
    for path in paths:
        if path not in old and os.path.lexists(out / path):
            raise UsageError(
                f"{out / path} is in the way and is not from an earlier export; move it and run "
                "again."
            )
    made = ensure_private_dir(out)
    _write_marker(out, "\n".join(sorted(old | set(paths))).encode("utf-8"))
    _remove(out, old)
    try:
        for entry in sorted(entries, key=lambda e: e.path):
            _write_entry(out, entry)
    except BaseException:
        _remove(out, set(paths))
        (out / MARKER).unlink(missing_ok=True)
        for folder in reversed(made):
            _rmdir_if_empty(folder)
        raise
    (out / MARKER).unlink()


def _write_marker(out: Path, data: bytes) -> None:
    """Replace the marker whole: a run killed while writing it must not leave a half list, which
    would make the next run take the earlier export's files for the user's. The list is written
    under a second name of ours and renamed over the marker (rename is atomic, POSIX)."""
    temp = out / NEXT_MARKER
    _write_new(temp, data, replace=True)
    os.replace(temp, out / MARKER)


def _write_entry(root: Path, entry: Entry) -> None:
    parts = entry.path.split("/")
    for depth in range(1, len(parts)):
        # one level at a time, refusing links: mkdir(parents=True) would make them 0755
        ensure_private_dir(safe_join(root, *parts[:depth]))
    target = safe_join(root, *parts)
    fd = os.open(target, _NEW_FILE, FILE_MODE)
    with os.fdopen(fd, "wb") as dst:
        if entry.source is not None and entry.data is None:
            with open(entry.source, "rb") as src:
                # copy_file_range/sendfile where the OS has them: the bytes never pass through
                # Python (a 5 GB export copies at the speed of `cp`), and memory stays flat.
                if not _fast_copy(src, dst):
                    shutil.copyfileobj(src, dst, _CHUNK)  # continues from where it stopped
            return
        for chunk in chunks(entry):
            dst.write(chunk)


def _fast_copy(src, dst) -> bool:
    """Copy a whole file kernel-side; False where the OS cannot (both offsets then stand where
    the copy stopped, so an ordinary copy can finish it)."""
    size = os.fstat(src.fileno()).st_size
    if not hasattr(os, "copy_file_range"):
        return False
    try:
        copied = 0
        while copied < size:
            step = os.copy_file_range(src.fileno(), dst.fileno(), size - copied)
            if step == 0:
                break
            copied += step
    except OSError:
        if copied:
            raise
        return False
    return copied == size


def _write_new(path: Path, data: bytes, *, replace: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(path, flags, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _remove(root: Path, paths: set[str]) -> None:
    """Unlink the regular files at ``paths`` (nothing else: not a link, not a folder), then the
    folders that held them if that left them empty."""
    folders: set[Path] = set()
    for path in paths:
        target = root / path
        try:
            if not os.path.isfile(target) or os.path.islink(target):
                continue
            target.unlink()
        except FileNotFoundError:
            continue
        folders.update(p for p in target.parents if root in p.parents)
    for folder in sorted(folders, key=lambda p: -len(p.parts)):
        _rmdir_if_empty(folder)


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (the user's files), or gone


# --- a zip ------------------------------------------------------------------------------------


def check_zip(out: Path, campaign: str, force: bool, fields: Sequence[str]) -> None:
    _refuse_link(out)
    if not os.path.lexists(out):
        return
    try:
        with zipfile.ZipFile(out) as archive:
            manifest = archive.read("manifest.csv").decode("utf-8", "replace")
            requests = archive.read("requests.csv").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        manifest = requests = ""
    if not is_export_of(requests, manifest, campaign, fields):
        raise UsageError(
            f"{out} exists and is not an earlier export of {campaign!r}; choose another file name."
        )
    if not force:
        raise UsageError(
            f"{out} holds an earlier export of {campaign!r}; add --force to replace it."
        )


def write_zip(out: Path, entries: Sequence[Entry]) -> None:
    """Entries in sorted order with fixed timestamps (the same data gives the same bytes),
    written to the visible ``NAME.partial`` and renamed into place when complete."""
    partial = out.with_name(out.name + ".partial")
    _refuse_link(partial)
    partial.unlink(missing_ok=True)  # what a killed run left
    ensure_private_dir(out.parent)
    fd = os.open(partial, _NEW_FILE, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            _zip_entries(zf, entries)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _zip_entries(archive: zipfile.ZipFile, entries: Sequence[Entry]) -> None:
    for folder in sorted({p for e in entries for p in _parents(e.path)}):
        info = zipfile.ZipInfo(folder + "/", date_time=_ZIP_TIME)
        info.external_attr = (0o040000 | DIR_MODE) << 16
        archive.writestr(info, b"")
    for entry in sorted(entries, key=lambda e: e.path):
        info = zipfile.ZipInfo(entry.path, date_time=_ZIP_TIME)
        info.external_attr = (0o100000 | FILE_MODE) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as dst:
            for chunk in chunks(entry):
                dst.write(chunk)


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
