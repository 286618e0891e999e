import errno

import pytest

from foia_tracker.errors import LockedError, StoreError
from foia_tracker.store import Store, safe_join, sha256_hex

from .conftest import file_mode


def test_raw_mail_is_content_addressed_and_private(tmp_path):
    store = Store(tmp_path / "store")
    store.create()
    digest = store.put_raw(b"From: a\r\n\r\nbody\r\n")
    path = store.raw_path(digest)
    assert path == tmp_path / "store" / "raw" / digest[:2] / f"{digest}.eml"
    assert path.read_bytes() == b"From: a\r\n\r\nbody\r\n"
    assert file_mode(path) == 0o600 and file_mode(path.parent) == 0o700
    assert store.put_raw(b"From: a\r\n\r\nbody\r\n") == digest == sha256_hex(path.read_bytes())


def test_disk_full_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    store.create()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("foia_tracker.store.os.fsync", full)
    with pytest.raises(StoreError, match="disk holding .* is full"):
        store.put_file(b"x" * 10)
    assert [p for p in (tmp_path / "store" / "files").rglob("*") if p.is_file()] == []
    assert list((tmp_path / "store" / "tmp").iterdir()) == []


def test_safe_join_refuses_traversal(tmp_path):
    assert safe_join(tmp_path, "a", "b.pdf") == (tmp_path / "a" / "b.pdf").resolve()
    with pytest.raises(StoreError):
        safe_join(tmp_path, "..", "..", "etc", "passwd")


def test_second_writer_is_refused(tmp_path):
    store = Store(tmp_path / "store")
    with (
        store.lock(),
        pytest.raises(LockedError, match="Another foia command"),
        Store(tmp_path / "store").lock(wait=0.2),
    ):
        pass


def test_the_lock_wait_is_counted_in_injected_sleeps(tmp_path):
    slept: list[float] = []
    store = Store(tmp_path / "store", lock_wait=5.0)
    with (
        store.lock(),
        pytest.raises(LockedError),
        Store(tmp_path / "store").lock(sleep=slept.append),
    ):
        pass
    assert len(slept) == 51 and set(slept) == {0.1}  # 5 s of polls, none really slept
