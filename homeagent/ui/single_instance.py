"""One HomeAgent per user: a second launch hands its argument (a URI to dial) to the first.

Frame on the wire: 4-byte big-endian length, then that many bytes of UTF-8. The listener
reads asynchronously, drops a frame that is longer than MAX_MESSAGE_BYTES or not UTF-8 (and
the connection with an oversized frame), and never blocks the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 4096
_HEADER = 4
_MAX_CONNECTIONS = 8


def encode(message: str) -> bytes:
    payload = message.encode("utf-8")
    return len(payload).to_bytes(_HEADER, "big") + payload


class SingleInstance(QObject):
    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._on_message: Callable[[str], None] | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def forward(self, message: str, timeout_ms: int = 500) -> bool:
        """Send `message` to a running instance; False when there is none to talk to.

        Called once at start-up before the window exists, so the short bounded wait is fine.
        """
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(encode(message))
        sent = socket.waitForBytesWritten(timeout_ms) or socket.bytesToWrite() == 0
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        if not sent:
            log.warning("could not hand the message to the running instance")
        return True  # an instance answered: this process must not start a second one

    def listen(self, on_message: Callable[[str], None]) -> bool:
        """Accept messages from later launches; `on_message` runs on the GUI thread."""
        self._on_message = on_message
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.setMaxPendingConnections(_MAX_CONNECTIONS)
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        if not server.listen(self.name):
            log.warning("single-instance server %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        for socket in list(self._buffers):
            self._drop(socket)
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @Slot()
    def _on_server_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            if len(self._buffers) >= _MAX_CONNECTIONS:
                socket.abort()
                socket.deleteLater()
                continue
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(self._on_socket_disconnected)
            self._read(socket)  # bytes may have arrived before readyRead was connected

    @Slot()
    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._buffers:
            self._read(socket)
            if socket in self._buffers:  # _read drops a socket that sent an oversized frame
                self._drop(socket)

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += socket.readAll().data()
        while len(buffer) >= _HEADER:
            size = int.from_bytes(buffer[:_HEADER], "big")
            if size > MAX_MESSAGE_BYTES:
                log.warning("dropped an oversized message (%d bytes)", size)
                self._drop(socket)
                return
            if len(buffer) < _HEADER + size:
                return
            payload = bytes(buffer[_HEADER : _HEADER + size])
            del buffer[: _HEADER + size]
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError:
                log.warning("dropped a message that is not UTF-8")
                continue
            self._deliver(text)

    def _deliver(self, text: str) -> None:
        if self._on_message is None:
            return
        try:
            self._on_message(text)
        except Exception:
            log.exception("forwarded message handler failed")

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.readyRead.disconnect(self._on_socket_ready_read)
        socket.disconnected.disconnect(self._on_socket_disconnected)
        socket.abort()
        socket.deleteLater()
