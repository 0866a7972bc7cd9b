"""A server echoing the partner key, in any usual encoding, never gets it into an error.

A real client talks over loopback to a server that reads the key from the request's
header and echoes it back encoded, in the error's message and error fields.
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from urllib.parse import quote, quote_plus, unquote

import pytest

from booxi_desktop.core import errors
from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.secret import Secret

KEY = "pk_live_4f9a2c7e/Q+z=K&x9"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


FORMS: dict[str, Callable[[str], str]] = {
    "exact": lambda k: k,
    "lower": str.lower,
    "upper": str.upper,
    "quote": lambda k: quote(k, safe=""),
    "quote_lower_escapes": lambda k: quote(k, safe="").lower(),
    "quote_plus": quote_plus,
    "base64": b64,
    "base64_unpadded": lambda k: b64(k).rstrip("="),
    "base64_url_safe": b64url,
    "base64_url_safe_unpadded": lambda k: b64url(k).rstrip("="),
    "base64_basic_auth": lambda k: b64("partner:" + k),
    "base64_inside_offset_1": lambda k: b64("x" + k + "!"),
    "base64_inside_offset_2": lambda k: b64url("xy" + k + "!?"),
    "hex": lambda k: k.encode().hex(),
    "hex_upper": lambda k: k.encode().hex().upper(),
    "json_escaped": lambda k: json.dumps(k).replace("/", "\\/")[1:-1],
}


class Echo(http.server.BaseHTTPRequestHandler):
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        form = unquote(self.path.rsplit("/", 1)[-1])
        encoded = FORMS[form](self.headers["Booxi-PartnerKey"])
        body = json.dumps(
            {"message": f"Invalid partner key: {encoded}.", "code": 7, "error": encoded}
        ).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/booking/v1"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_echoed_key_is_redacted_in_every_form(run, echo_url, form) -> None:
    async def go() -> None:
        async with BooxiClient(sandbox_region(echo_url), KEY) as client:
            await client.get_link(1, form)

    with pytest.raises(errors.AuthenticationError) as caught:
        run(go())
    exc = caught.value
    assert exc.server_message.startswith("Invalid partner key: ")
    assert "***" in exc.server_message
    assert "***" in exc.server_error
    echoed = FORMS[form](KEY)
    # What survives next to the mark is at most a character that mixes in the text
    # around the key (base64 of a longer text): never a run that decodes to the key.
    for text in (str(exc), repr(exc), exc.server_message, exc.server_error):
        assert KEY.lower() not in text.lower()
        assert echoed not in text


def test_redaction_leaves_ordinary_text_alone() -> None:
    secret = Secret(KEY)
    text = "The partner key was refused: check the region and the module id."
    assert secret.redact(text) == text
    assert Secret("abcd").redact("abcd and YWJjZA==") == "*** and ***"
    # Keys too short to redact safely are left to the exact match rule (none below 4).
    assert Secret("abc").redact("abc") == "abc"
