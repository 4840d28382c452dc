"""Every connection the directory serves has TCP_NODELAY (directory.api.nodelay): uvicorn's
several-worker mode binds its socket with proto 0, on which asyncio sets nothing, and each
answer then waited about 40 ms for the client's delayed ACK (issue 14)."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from directory.api.nodelay import NoDelayH11Protocol


async def _answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


@contextmanager
def _served(protocol: type[H11Protocol]) -> Iterator[tuple[uvicorn.Server, int]]:
    # As uvicorn binds it for several workers (uvicorn.config.Config.bind_socket): proto 0.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    assert listener.proto == 0
    server = uvicorn.Server(
        uvicorn.Config(_answer, http=protocol, lifespan="off", log_level="warning")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        pause = threading.Event()
        while not server.started:  # uvicorn sets it once it listens
            assert thread.is_alive(), "uvicorn stopped before it listened"
            pause.wait(0.01)
        yield server, listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join()
        listener.close()


def _nodelay_of_served_connections(protocol: type[H11Protocol]) -> set[int]:
    with _served(protocol) as (server, port):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            assert connection.getresponse().read() == b"{}"
            return {
                served.transport.get_extra_info("socket").getsockopt(
                    socket.IPPROTO_TCP, socket.TCP_NODELAY
                )
                for served in server.server_state.connections
            }
        finally:
            connection.close()


def test_the_directorys_connections_have_tcp_nodelay() -> None:
    assert _nodelay_of_served_connections(NoDelayH11Protocol) == {1}


def test_uvicorns_own_protocol_leaves_it_off_on_such_a_socket() -> None:
    # The control: what every answer of `serve` waited on before.
    nodelay = _nodelay_of_served_connections(H11Protocol)
    assert nodelay and not any(nodelay)
