"""The next letter built ahead: its message (and, with a worker thread, its store file) made
while the server takes the current letter's data, when we would only wait (outbox_run)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from foia_tracker.letters.dates import fill_send_date
from foia_tracker.mail.headers import build_message
from foia_tracker.store import sha256_hex

if TYPE_CHECKING:
    from foia_tracker.outbox_run import Run
    from foia_tracker.store import Store


@dataclass(frozen=True)
class Prepared:
    """A letter's body and bytes as they will go; in the store (not yet fsynced) without a
    worker thread, else staged in tmp/ or left for the claim to store (outbox_run._claim)."""

    body: str
    raw: bytes = b""
    sha: str = ""
    error: str = ""  # why the message could not be built
    staged: Future | None = None  # its file written ahead into the store's tmp/ (Store.stage_raw)

    def drop_staged(self, store: Store) -> None:
        """On the worker thread, after the staging job: a letter not sent loses its staged file
        (a staging that failed left none)."""
        if self.staged is not None and self.staged.exception() is None:
            store.unstage(self.staged.result()[1])


def prepare(run: Run, letter: dict) -> Prepared:
    now = run.now()
    body = fill_send_date(letter["body"], now.astimezone().date())
    try:
        raw = build_message(run.config, letter, body, now)
    except ValueError as exc:  # a header of this letter the policy refuses (e.g. CR/LF)
        return Prepared(body, error=str(exc))
    if run.wal is None:  # no worker thread: the bytes are stored (and fsynced) here
        return Prepared(body, raw, run.store.put_raw(raw))
    # Stored by the worker thread, never beside it: creating a file while that thread's syncfs
    # runs waits on the filesystem's journal. Built ahead, the worker stages the file once the
    # current letter's sync is done (Ahead); the claim's sync then only moves it in.
    return Prepared(body, raw, sha256_hex(raw))


class Ahead:
    """The next letter, built while the server takes this one's data (it is then busy and we
    would only wait), or when its turn comes."""

    def __init__(self, run: Run, letter: dict):
        self.run, self.letter = run, letter
        self._prepared: Prepared | None = None
        self._error: Exception | None = None

    def __call__(self) -> None:
        if self._prepared is None and self._error is None:
            try:
                self._prepared = prepare(self.run, self.letter)
            except Exception as exc:  # e.g. a full disk: raised when its turn comes
                self._error = exc
            else:  # its file written by the idle worker now, off the next claim's path
                if self.run.wal is not None and self._prepared.raw:
                    staged = self.run.disk.submit(self.run.store.stage_raw, self._prepared.raw)
                    self._prepared = replace(self._prepared, staged=staged)

    def drop(self) -> None:
        """Not sent in this run: its staged file goes (a killed run's is swept from tmp/)."""
        if self._prepared is not None and self._prepared.staged is not None:
            self.run.disk.submit(self._prepared.drop_staged, self.run.store)

    def result(self) -> Prepared:
        self()
        if self._error is not None:
            raise self._error
        return self._prepared
