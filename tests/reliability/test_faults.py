"""Faults at the socket, disk and database level: each with a bounded retry and a clear message,
and no data lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from foia_tracker.store import Store


def test_a_killed_writers_partial_files_are_swept_by_the_next_writer(tmp_path: Path):
    """Kill trials found partial files (.tmp) of killed sends left in store/tmp for good."""
    store = Store(tmp_path / "store")
    store.create()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    orphan = store.root / "tmp" / f".abc.eml.p{int(dead.stdout)}.k3j_x9aa.tmp"
    orphan.write_bytes(b"half a message")
    mine = store.root / "tmp" / f".def.eml.p{os.getpid()}.q8z_y7bb.tmp"
    mine.write_bytes(b"being written")
    untagged = store.root / "tmp" / "notes.txt"
    untagged.write_bytes(b"not ours")
    with store.lock():
        pass
    assert not orphan.exists()
    assert mine.exists() and untagged.exists()  # a live writer's file, and a stranger's, stay
    store.put_raw(b"From: a\r\n\r\nbody\r\n")
    assert sorted(p.name for p in (store.root / "tmp").iterdir()) == sorted(
        [mine.name, "notes.txt"]
    )
