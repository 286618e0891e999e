"""A small IMAP4rev1 server for the sandbox: asyncio, one thread, 127.0.0.1 only.

It implements what imapclient and a careful poller use (RFC 3501 plus IDLE RFC 2177, UIDPLUS
RFC 4315, SPECIAL-USE RFC 6154, LITERAL+ RFC 7888, ID RFC 2971, UNSELECT RFC 3691). It is
for `foia demo` and for trying the tool safely; real-server proof comes from Dovecot tests.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading

from .imap_commands import CAPABILITIES, Session
from .imap_parse import ProtocolError, join_command, tokenize
from .mailstore import MailStore

log = logging.getLogger(__name__)

MAX_LINE = 1 << 20
MAX_LITERAL = 64 << 20
_LITERAL_RE = re.compile(rb"\{(\d+)(\+?)\}\r?\n$")


class ImapServer:
    """Runs the IMAP server on its own event loop thread; start() returns once it listens."""

    def __init__(self, store: MailStore, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the sandbox IMAP server only listens on loopback")
        self.store = store
        self.host = host
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sandbox-imap", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the sandbox IMAP server did not start")

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._server = loop.run_until_complete(
            asyncio.start_server(self._handle, self.host, self.port, limit=MAX_LINE)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _shutdown(self) -> None:
        self._server.close()
        current = asyncio.current_task()
        sessions = [task for task in asyncio.all_tasks() if task is not current]
        for task in sessions:
            task.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)
        asyncio.get_running_loop().stop()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session(self.store, reader, writer)
        try:
            await session.send(f"* OK [CAPABILITY {CAPABILITIES}] foia-tracker sandbox ready")
            while not session.closed:
                command = await read_command(reader, writer)
                if command is None:
                    break
                await session.dispatch(*command)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # a client that hangs up mid-command only ends its own session
        except asyncio.CancelledError:
            pass  # the sandbox is shutting down
        except Exception:
            log.exception("sandbox IMAP session failed")
        finally:
            session.release()
            writer.close()


async def read_command(reader, writer) -> tuple[str, list] | None:
    """Read one tagged command, literals included; None at end of stream."""
    line = await reader.readuntil(b"\r\n") if not reader.at_eof() else b""
    if not line:
        return None
    pieces: list[bytes] = []
    literals: list[bytes] = []
    while match := _LITERAL_RE.search(line):
        size = int(match[1])
        pieces.append(line[: match.start()])
        if size > MAX_LITERAL:
            raise ConnectionError("literal too large")
        if not match[2]:
            # RFC 3501 section 7.5: a synchronising literal waits for our go-ahead;
            # LITERAL+ (RFC 7888) sends the data straight away.
            writer.write(b"+ Ready for literal data\r\n")
            await writer.drain()
        literals.append(await reader.readexactly(size))
        line = await reader.readuntil(b"\r\n")
    pieces.append(line.rstrip(b"\r\n"))
    text = join_command(pieces, literals)
    tag, _, rest = text.partition(b" ")
    try:
        return tag.decode("ascii", "replace"), tokenize(rest, literals)
    except (ProtocolError, UnicodeDecodeError) as err:
        return tag.decode("ascii", "replace"), [ProtocolError(str(err))]
