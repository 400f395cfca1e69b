"""TLS is verified: a mirror serving a certificate no CA signed is refused, before a byte
of the body is stored (a real HTTPS server on 127.0.0.1 with a throwaway self-signed
certificate made by ``openssl``)."""

from __future__ import annotations

import dataclasses
import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.catalog.registry import CBP_DRUG_SEIZURES
from orchestration.ingest.download import DownloadConfig, DownloadError, fetch

BODY = b"a,b\n1,2\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[str]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_untrusted_certificate_is_refused(self_signed_server: str, tmp_path: Path) -> None:
    release = dataclasses.replace(CBP_DRUG_SEIZURES.releases[0], file_name="cbp/x.csv")
    config = DownloadConfig(mirror=self_signed_server, timeout_s=5.0, attempts=1)
    dest = tmp_path / "x.part"
    with pytest.raises(DownloadError) as raised:
        fetch(release, config, dest)
    assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)
    assert f"{self_signed_server}/cbp/x.csv" in str(raised.value)
    assert not dest.exists()
