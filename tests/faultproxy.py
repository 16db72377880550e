"""A TCP proxy between the app and its database that a test can cut and restore: the database
"goes away" for the app (open connections die, new ones are refused) while the real server
keeps running for the next test."""

from __future__ import annotations

import selectors
import socket
import threading
from contextlib import suppress


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.silent = False
        self.held: list[socket.socket] = []
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.silent:
                self.held.append(client)  # accepted, never answered: a black-holed database
                continue
            if not self.up:
                client.close()  # the database is "down": the connection is refused at once
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _ in selector.select(timeout=0.5):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for end in (client, server):
                with suppress(OSError):
                    end.close()

    def cut(self) -> None:
        """Kill every open connection and refuse new ones until restore()."""
        self.up = False
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                with suppress(OSError):
                    end.close()

    def black_hole(self) -> None:
        """Kill every open connection; new ones hang until the client's own timeout."""
        self.cut()
        self.silent = True

    def restore(self) -> None:
        self.up, self.silent = True, False
        held, self.held = self.held, []
        for client in held:
            with suppress(OSError):
                client.close()

    def close(self) -> None:
        self.stopped = True
        self.cut()
        self.listener.close()
