"""A tiny HTTPS server on 127.0.0.1 that answers GET /healthz, for the self-test's tests.

It stands in for the directory (whose /healthz answers {"status": "ok"}) without starting
the directory: the self-test only needs a TLS handshake and that one answer.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from smartcard import ServerCertificate


def handler(status: int, body: bytes) -> type[BaseHTTPRequestHandler]:
    class Healthz(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            code, payload = (status, body) if self.path == "/healthz" else (404, b"{}")
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Healthz


@contextmanager
def healthz_server(
    certificate: ServerCertificate,
    *,
    status: int = 200,
    body: bytes = b'{"status": "ok"}',
    host: str = "127.0.0.1",
) -> Iterator[str]:
    """Serve over TLS with `certificate` while the block runs; yields https://HOST:PORT."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.certificate_path, certificate.key_path)
    server = ThreadingHTTPServer((host, 0), handler(status, body))
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name="healthz", daemon=True)
    thread.start()
    try:
        yield f"https://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def silent_listener() -> Iterator[str]:
    """A port that accepts TCP connections and never says a word: a hung directory."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        yield f"https://127.0.0.1:{listener.getsockname()[1]}"


def closed_port() -> str:
    """The URL of a port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"https://127.0.0.1:{port}"
