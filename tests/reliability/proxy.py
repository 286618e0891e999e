"""A TCP proxy on 127.0.0.1 between `foia` and a real server, to cut connections on purpose.

`cut_after(n)`: the connection carrying the server's n-th byte from now on is closed right
there (say, in the middle of a FETCH literal), whether it is open already or not. `outage()`: every open connection drops and new ones are refused
until `restore()` — what a server restart looks like to the client.
"""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.cuts = 0
        self._cut_budget: int | None = None
        self._down = threading.Event()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, server_bytes: int) -> None:
        with self._lock:
            self._cut_budget = server_bytes

    def _take(self, size: int) -> int | None:
        """How many of `size` bytes may pass before the cut (None: all, no cut armed)."""
        with self._lock:
            if self._cut_budget is None:
                return None
            if size < self._cut_budget:
                self._cut_budget -= size
                return None
            allowed, self._cut_budget = self._cut_budget, None
            return allowed

    def outage(self) -> None:
        self._down.set()
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def restore(self) -> None:
        self._down.clear()

    def close(self) -> None:
        self.outage()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._down.is_set():
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            self.connections += 1
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_server: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                allowed = self._take(len(data)) if from_server else None
                if allowed is not None:
                    sink.sendall(data[:allowed])
                    self.cuts += 1
                    break
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
