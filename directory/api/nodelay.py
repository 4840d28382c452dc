"""The HTTP protocol the directory serves with: uvicorn's, with TCP_NODELAY on every
connection.

Without it every answer on a kept-alive connection waited about 40 ms: uvicorn writes a
response's headers and body separately (two TLS records), and Nagle's algorithm holds the
second small segment until the first is acknowledged, which the client's delayed ACK does
only after its 40 ms timer. asyncio sets TCP_NODELAY itself, but only on sockets whose
`proto` is IPPROTO_TCP, and with several workers uvicorn binds the listening socket as
socket(AF_INET, SOCK_STREAM), proto 0, which every accepted socket inherits: so no
connection of `serve` had it. Set here explicitly, whatever the socket says.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """TCP_NODELAY on the transport's socket, where it is a TCP one (not a Unix socket)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


# What `serve` gives uvicorn's `http` setting (an import string, for every worker process).
HTTP_PROTOCOL = "directory.api.nodelay:NoDelayH11Protocol"
