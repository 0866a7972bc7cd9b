"""The TLS context reads no SSLKEYLOGFILE or CA variables unless the user opts in.

Each test makes a real TLS handshake with a loopback server whose self-signed
certificate is made here, then checks what reached the key log file.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from booxi_desktop.core.remote import client as api_client
from booxi_desktop.core.remote.client import TLS_KEYLOG, TRUST_ENV_TLS, build_ssl_context


def make_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A loopback TLS server answering each connection with one byte; yields (port, cert)."""
    cert, key = make_certificate(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                conn.settimeout(10)
                with server_context.wrap_socket(conn, server_side=True) as tls:
                    tls.sendall(b"!")
            except (OSError, ssl.SSLError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], cert
    stop.set()
    listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() under way
    listener.close()
    thread.join(timeout=10)


def handshake(context: ssl.SSLContext, port: int) -> bytes:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        return tls.recv(1)


def test_sslkeylogfile_is_not_honoured_by_default(tls_server, tmp_path, monkeypatch) -> None:
    port, cert = tls_server
    keylog = tmp_path / "keys.log"
    monkeypatch.setenv("SSLKEYLOGFILE", str(keylog))
    api_client._shared_ssl_context.cache_clear()
    try:
        context = api_client._shared_ssl_context()
    finally:
        api_client._shared_ssl_context.cache_clear()
    assert context.keylog_filename is None
    context.load_verify_locations(cafile=cert)  # trust the test server, nothing else changed
    assert handshake(context, port) == b"!"
    assert not keylog.exists() or keylog.read_bytes() == b""


def test_the_key_log_is_written_only_when_opted_in(tls_server, tmp_path) -> None:
    # Also proves the handshake above would have written secrets, had the file been set.
    port, cert = tls_server
    keylog = tmp_path / "keys.log"
    context = build_ssl_context({"SSLKEYLOGFILE": str(keylog), TLS_KEYLOG: "1"})
    context.load_verify_locations(cafile=cert)
    assert handshake(context, port) == b"!"
    assert b"TRAFFIC_SECRET" in keylog.read_bytes()


def test_ca_variables_are_ignored_unless_opted_in(tls_server) -> None:
    port, cert = tls_server
    ignored = build_ssl_context({"SSL_CERT_FILE": str(cert), "SSL_CERT_DIR": str(cert.parent)})
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ignored, port)
    trusted = build_ssl_context({"SSL_CERT_FILE": str(cert), TRUST_ENV_TLS: "1"})
    assert handshake(trusted, port) == b"!"


def test_the_context_verifies_certificates_and_host_names() -> None:
    context = build_ssl_context({})
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert context.keylog_filename is None
    assert context.cert_store_stats()["x509_ca"] > 10  # the CA bundle is loaded
