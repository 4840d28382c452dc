"""`contactpoint training serve`: the home's directory over TLS on loopback, in the foreground."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from desktop.training import manifest
from desktop.training.errors import NotAHome
from desktop.training.layout import Layout
from directory.api.server import serve
from smartcard.ca import SERVER_CERT_FILE, SERVER_KEY_FILE

WORKERS = 2
HOST = "127.0.0.1"


def serve_home(home: Path) -> None:
    """Serve until interrupted. The origin is the manifest's directory_url exactly, since
    clients sign the origin they addressed into every login."""
    layout = Layout.at(home)
    data = manifest.load(layout)
    url = urlsplit(data["directory_url"])
    if url.scheme != "https" or url.hostname != HOST or url.port is None:
        raise NotAHome(f"{layout.manifest}: directory_url must be https://{HOST}:PORT.")
    serve(
        db=data["db_url"],
        host=HOST,
        port=url.port,
        tls_cert=str(layout.server / SERVER_CERT_FILE),
        tls_key=str(layout.server / SERVER_KEY_FILE),
        trusted_cas=[data["ca_file"]],
        workers=WORKERS,
        origin=data["directory_url"],
        password_required=False,
    )
