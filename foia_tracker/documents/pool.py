"""Document text extraction in worker processes, off the fetch path.

The poll's own path (fetch -> raw store -> parse -> match -> file -> checkpoint) never waits for
a PDF's text: filing stores the document as ``pending`` and hands its store path to this pool.
Each worker reads one file at a time from the store (the bytes never cross a pipe, so memory
stays bounded by the largest document a worker holds), and a worker that overruns its time or
dies is killed and replaced: the document is recorded as ``none`` with the reason, and the poll
goes on. Results come back to the one process that writes the database.

Workers start from a ``forkserver``: forking the poll itself would copy its sockets, its
database connection and whatever locks its threads hold.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from foia_tracker.documents.extract import MAX_SECONDS, DocumentText, extract_text

# A document larger than this is kept but not read for text (a 40 MB scan is fine; a 2 GB file
# sent by mistake is not worth a worker's memory).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
# Extraction stops itself at MAX_SECONDS; a worker past this is stuck inside a library.
KILL_AFTER_SECONDS = MAX_SECONDS * 3


@dataclass(frozen=True)
class Job:
    sha256: str
    path: str
    content_type: str


@dataclass(frozen=True)
class Result:
    sha256: str
    text: DocumentText
    error: str | None = None  # why a worker gave no text (timeout, crash), for the log


@dataclass
class PoolLimits:
    workers: int = 0  # 0: one per core, at most 4
    max_seconds: float = MAX_SECONDS
    kill_after: float = KILL_AFTER_SECONDS
    max_bytes: int = MAX_DOCUMENT_BYTES


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _worker_main(conn: Connection, max_seconds: float, max_bytes: int) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        _worker_main_one(conn, job, max_seconds, max_bytes)


def _worker_main_one(conn: Connection, job: Job, max_seconds: float, max_bytes: int) -> None:
    conn.send(_extract_one(job, max_seconds, max_bytes))


def _extract_one(job: Job, max_seconds: float, max_bytes: int) -> Result:
    try:
        path = Path(job.path)
        if path.stat().st_size > max_bytes:
            return Result(job.sha256, DocumentText(None, "none"), "too large to read for text")
        data = path.read_bytes()
    except OSError as error:
        return Result(job.sha256, DocumentText(None, "none"), f"unreadable: {error.strerror}")
    return Result(job.sha256, extract_text(data, job.content_type, max_seconds=max_seconds))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0


@dataclass
class ExtractionPool:
    """Submit jobs, collect results; never raises for a bad document or a dead worker."""

    limits: PoolLimits = field(default_factory=PoolLimits)
    _queue: deque[Job] = field(default_factory=deque)
    _workers: list[_Worker] = field(default_factory=list)
    _context: multiprocessing.context.BaseContext | None = None
    # What a worker process runs: tests start workers that hang or die.
    worker_main: Callable[[Connection, float, int], None] = _worker_main

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        return len(self._queue) + sum(1 for w in self._workers if w.job is not None)

    def submit(self, job: Job) -> None:
        self._queue.append(job)
        self._dispatch()

    def collect(self, timeout: float = 0.0) -> Iterator[Result]:
        """Results ready within ``timeout`` seconds (0: only those already done)."""
        deadline = time.monotonic() + timeout
        while self.pending:
            busy = [w for w in self._workers if w.job is not None]
            wait_for = max(0.0, min(deadline - time.monotonic(), self._next_kill(busy)))
            ready = wait([w.conn for w in busy], timeout=wait_for)
            yield from self._receive(busy, ready)
            yield from self._kill_overdue(busy)
            self._dispatch()
            if time.monotonic() >= deadline and not ready:
                return

    def drain(self) -> Iterator[Result]:
        """Every remaining result, waiting as long as the limits allow."""
        while self.pending:
            yield from self.collect(timeout=self.limits.kill_after)

    def close(self) -> None:
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()

    def _next_kill(self, busy: list[_Worker]) -> float:
        if not busy:
            return 0.0
        now = time.monotonic()
        return max(0.0, min(w.started + self.limits.kill_after - now for w in busy))

    def _receive(self, busy: list[_Worker], ready: list) -> Iterator[Result]:
        for worker in busy:
            if worker.conn not in ready:
                continue
            job = worker.job
            worker.job = None
            try:
                yield worker.conn.recv()
            except (EOFError, OSError):  # the worker died mid-document
                self._replace(worker)
                yield Result(job.sha256, DocumentText(None, "none"), "extraction worker died")

    def _kill_overdue(self, busy: list[_Worker]) -> Iterator[Result]:
        now = time.monotonic()
        for worker in busy:
            if worker.job is None or now - worker.started < self.limits.kill_after:
                continue
            job = worker.job
            worker.job = None
            self._replace(worker)
            yield Result(job.sha256, DocumentText(None, "none"), "extraction timed out")

    def _dispatch(self) -> None:
        while self._queue:
            idle = next((w for w in self._workers if w.job is None), None)
            if idle is None:
                if len(self._workers) >= (self.limits.workers or default_workers()):
                    return
                idle = self._start()
            idle.job = self._queue.popleft()
            idle.started = time.monotonic()
            try:
                idle.conn.send(idle.job)
            except (OSError, ValueError):  # the worker died idle: put the job back, retry later
                job = idle.job
                self._replace(idle)
                self._queue.appendleft(job)
                return

    def _start(self) -> _Worker:
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload(
                ["foia_tracker.documents.extract", "foia_tracker.documents.pdf"]
            )
        parent, child = self._context.Pipe()
        args = (child, self.limits.max_seconds, self.limits.max_bytes)
        process = self._context.Process(target=self.worker_main, args=args, daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)
