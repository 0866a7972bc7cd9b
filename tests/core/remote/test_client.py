"""The API client against the real sandbox over loopback sockets."""

from __future__ import annotations

import json
import logging
import re
import ssl

import pytest

from booxi_desktop.core import errors
from booxi_desktop.core.regions import NORTH_AMERICA, sandbox_region
from booxi_desktop.core.remote.client import BooxiClient, link_path
from booxi_desktop.sandbox import seed


def client_for(sandbox, key: str | None = None, **kw) -> BooxiClient:
    return BooxiClient(sandbox_region(sandbox.base_url), key or sandbox.demo_key, **kw)


def call(run, sandbox, method: str, *args, key: str | None = None, **kw):
    async def go():
        async with client_for(sandbox, key, **kw) as client:
            return await getattr(client, method)(*args)

    return run(go())


def test_get_returns_the_stored_link_and_client(run, sandbox) -> None:
    answer = call(run, sandbox, "get_link", sandbox.demo_client_id, sandbox.demo_module_id)
    stored = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert answer.link.to_json() == stored
    assert answer.client is not None
    assert answer.client.email


def test_request_carries_key_user_agent_and_accept(run, sandbox) -> None:
    call(run, sandbox, "get_link", sandbox.demo_client_id, sandbox.demo_module_id)
    method, _path, headers = sandbox.request_log[-1]
    lowered = {k.lower(): v for k, v in headers.items()}
    assert method == "GET"
    assert lowered["booxi-partnerkey"] == sandbox.demo_key
    assert lowered["user-agent"].startswith("booxi-desktop/")
    assert lowered["accept"] == "application/json"


def test_put_sends_exactly_external_id_and_metadata_and_overwrites(run, sandbox) -> None:
    cid, mid = sandbox.demo_client_id, sandbox.demo_module_id
    answer = call(run, sandbox, "put_link", cid, mid, "NEW-1", {"only": "this"})
    assert answer.link.external_id == "NEW-1"
    assert sandbox.get_link(cid, mid)["metadata"] == {"only": "this"}
    assert sandbox.request_log[-1][0] == "PUT"


def test_find_clients_by_external_id(run, sandbox) -> None:
    stored = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    found = call(run, sandbox, "find_clients", sandbox.demo_module_id, stored["externalId"])
    assert [c.id for c in found.clients] == [sandbox.demo_client_id]
    assert found.links[0].external_id == stored["externalId"]


@pytest.mark.parametrize(
    ("key", "client_id", "module_id", "error"),
    [
        ("not-a-key", None, None, errors.AuthenticationError),
        (seed.ACME_ONLY_KEY, None, seed.CEGID_Y2, errors.ForbiddenError),
        (None, 999_999, None, errors.NotFoundError),
        (None, None, "no_such_module_anywhere", errors.ForbiddenError),
    ],
)
def test_status_codes_become_typed_errors(run, sandbox, key, client_id, module_id, error) -> None:
    cid = client_id or sandbox.demo_client_id
    mid = module_id or sandbox.demo_module_id
    with pytest.raises(error) as caught:
        call(run, sandbox, "get_link", cid, mid, key=key)
    assert caught.value.server_message
    assert caught.value.advice


def test_a_refused_put_body_is_a_bad_request(run, sandbox) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        call(
            run, sandbox, "put_link", sandbox.demo_client_id, sandbox.demo_module_id, "x", {"n": 1}
        )
    assert caught.value.status == 400


def test_429_carries_retry_after(run, sandbox) -> None:
    sandbox.faults.fail_429 = 1
    with pytest.raises(errors.RateLimitedError) as caught:
        call(run, sandbox, "get_link", sandbox.demo_client_id, sandbox.demo_module_id)
    assert caught.value.retry_after == 2
    assert "wait 2 seconds" in str(caught.value)


def test_real_rate_limit_of_the_sandbox_is_reported(run) -> None:
    from booxi_desktop.sandbox.server import SandboxServer

    with SandboxServer(rate_limit=True) as limited:

        async def burst():
            async with client_for(limited) as client:
                for _ in range(10):
                    await client.get_link(limited.demo_client_id, limited.demo_module_id)

        with pytest.raises(errors.RateLimitedError) as caught:
            run(burst())
    assert caught.value.retry_after is not None


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("fail_500", errors.ServerError),
        ("drop_connection", errors.NetworkError),
        ("malformed_json", errors.BadResponseError),
        ("non_json", errors.BadResponseError),
    ],
)
def test_faults_become_typed_errors(run, sandbox, fault, error) -> None:
    setattr(sandbox.faults, fault, 1)
    with pytest.raises(error):
        call(run, sandbox, "get_link", sandbox.demo_client_id, sandbox.demo_module_id)
    # The next request is served normally: one fault per request.
    assert call(run, sandbox, "get_link", sandbox.demo_client_id, sandbox.demo_module_id)


def test_timeout(run, sandbox) -> None:
    sandbox.faults.latency_s = 1.0
    with pytest.raises(errors.RequestTimeoutError):
        call(run, sandbox, "get_link", sandbox.demo_client_id, "cegid_y2", timeout=0.2)


def test_connection_refused_is_a_network_error(run) -> None:
    region = sandbox_region("http://127.0.0.1:9/booking/v1")

    async def go():
        async with BooxiClient(region, "k", connect_timeout=1) as client:
            await client.get_link(1, "m")

    with pytest.raises(errors.NetworkError):
        run(go())


def test_absurdly_large_answer_is_refused(run, sandbox) -> None:
    sandbox.faults.huge_body_bytes = 3_000_000
    with pytest.raises(errors.BadResponseError, match="MB"):
        call(
            run,
            sandbox,
            "get_link",
            sandbox.demo_client_id,
            sandbox.demo_module_id,
            max_response_bytes=1_000_000,
        )


@pytest.mark.parametrize("module_id", ["../x", "..", ".", "a?b", "a#b", "a/b", "%2e%2e", "x y"])
def test_hostile_module_ids_stay_in_their_path_segment(run, sandbox, module_id) -> None:
    with pytest.raises(errors.BooxiError) as caught:
        call(run, sandbox, "get_link", sandbox.demo_client_id, module_id)
    assert isinstance(caught.value, errors.ForbiddenError | errors.NotFoundError)
    _, path, _ = sandbox.request_log[-1]
    assert path.startswith(f"/booking/v1/client/{sandbox.demo_client_id}/moduleLink/")
    segment = path.rsplit("/moduleLink/", 1)[1]
    assert "/" not in segment
    assert "?" not in segment
    assert "#" not in segment
    assert link_path(1, module_id).count("/") == 4


@pytest.mark.parametrize("bad", [0, -3, True, "12", 1.5])
def test_client_id_must_be_a_positive_integer(bad) -> None:
    with pytest.raises(errors.InvalidInputError):
        link_path(bad, "cegid_y2")


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "x" * 201])
def test_module_id_must_be_sane(bad) -> None:
    with pytest.raises(errors.InvalidInputError):
        link_path(1, bad)


def test_the_key_never_appears_in_errors_reprs_or_logs(run, sandbox, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "sk_live_TOP_SECRET_1234567890"
    texts = []
    for fault in ("fail_500", "drop_connection", "malformed_json", None):
        if fault:
            setattr(sandbox.faults, fault, 1)
        try:
            call(run, sandbox, "get_link", sandbox.demo_client_id, "cegid_y2", key=secret)
        except errors.BooxiError as exc:
            texts += [str(exc), repr(exc), exc.server_message, repr(exc.__cause__)]
    client = client_for(sandbox, secret)
    texts.append(repr(client))
    run(client.aclose())
    texts.append(caplog.text)
    assert len(texts) > 10
    assert not any(secret in t for t in texts)


def test_a_server_echoing_the_key_is_redacted(run, sandbox) -> None:
    from booxi_desktop.core.secret import Secret

    assert Secret("abcd1234").redact("Invalid key abcd1234.") == "Invalid key ***."
    assert "abcd1234" not in repr(Secret("abcd1234"))


def test_redirects_are_never_followed(run) -> None:
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "https://evil.example.com/steal")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        region = sandbox_region(f"http://127.0.0.1:{server.server_address[1]}/booking/v1")

        async def go():
            async with BooxiClient(region, "k") as client:
                await client.get_link(1, "m")

        with pytest.raises(errors.BadResponseError, match="redirect"):
            run(go())
    finally:
        server.shutdown()
        server.server_close()


def _serve(handler_cls):
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_gzipped_answer_is_read(run) -> None:
    import gzip
    import http.server
    import json as jsonlib

    body = jsonlib.dumps({"link": {"clientId": 7, "moduleId": "m", "metadata": {"a": "b"}}})

    class Gzipping(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            data = gzip.compress(body.encode())
            assert "gzip" in self.headers.get("Accept-Encoding", "")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = _serve(Gzipping)
    try:
        region = sandbox_region(f"http://127.0.0.1:{server.server_address[1]}/booking/v1")

        async def go():
            async with BooxiClient(region, "k") as client:
                return await client.get_link(7, "m")

        assert run(go()).link.metadata == {"a": "b"}
    finally:
        server.shutdown()
        server.server_close()


def test_a_gzip_bomb_is_refused_by_its_decoded_size(run) -> None:
    import gzip
    import http.server

    bomb = gzip.compress(b'{"a": "' + b"x" * 5_000_000 + b'"}')

    class Bomb(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

        def log_message(self, *args):
            pass

    server = _serve(Bomb)
    try:
        region = sandbox_region(f"http://127.0.0.1:{server.server_address[1]}/booking/v1")

        async def go():
            async with BooxiClient(region, "k", max_response_bytes=1_000_000) as client:
                await client.get_link(1, "m")

        assert len(bomb) < 1_000_000
        with pytest.raises(errors.BadResponseError, match="MB"):
            run(go())
    finally:
        server.shutdown()
        server.server_close()


def test_a_key_with_a_curly_quote_is_refused_without_showing_it(run, sandbox) -> None:
    key = "pk_live_TOP\u2019SECRET"
    with pytest.raises(errors.AuthenticationError) as caught:
        call(run, sandbox, "get_link", sandbox.demo_client_id, "cegid_y2", key=key)
    assert "cannot have" in str(caught.value)
    assert "TOP" not in str(caught.value) + repr(caught.value)
    assert sandbox.request_log == []


def test_a_malformed_search_answer_is_a_bad_response(run) -> None:
    import http.server

    class Odd(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            data = b'{"clients": 7, "clientLinks": 5}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = _serve(Odd)
    try:
        region = sandbox_region(f"http://127.0.0.1:{server.server_address[1]}/booking/v1")

        async def go():
            async with BooxiClient(region, "k") as client:
                await client.find_clients("m", "e")

        with pytest.raises(errors.BadResponseError):
            run(go())
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("module_id", "external_id", "says"),
    [
        ("cegid_y2", "", "empty"),
        ("cegid_y2", "   ", "empty"),
        ("cegid_y2", "x" * 500, "500 characters"),
        ("cegid_y2", "a\nb", "control"),
        ("cegid/y2", "Y2-000517", "/"),
        ("cegid_y2?x=1", "Y2-000517", "?"),
        ("cegid_y2#x", "Y2-000517", "#"),
        ("", "Y2-000517", "module id is empty"),
    ],
)
def test_a_find_that_cannot_be_meant_is_refused_before_sending(
    run, sandbox, module_id, external_id, says
) -> None:
    with pytest.raises(errors.InvalidInputError, match=re.escape(says)):
        call(run, sandbox, "find_clients", module_id, external_id)
    assert sandbox.request_log == []


def test_find_query_encodes_what_it_sends(run, sandbox) -> None:
    found = call(run, sandbox, "find_clients", "cegid_y2", "Y2 +&=x é")
    assert found.clients == []
    _method, path, _headers = sandbox.request_log[-1]
    assert path.endswith("?moduleId=cegid_y2&externalId=Y2+%2B%26%3Dx+%C3%A9")


@pytest.mark.parametrize(
    ("fault", "value", "says"),
    [
        ("huge_body_bytes", 3_000_000, "search answer"),
        ("huge_body_bytes", 100, "no clients list"),
        ("malformed_json", 1, "not valid JSON"),
        ("non_json", 1, "not valid JSON"),
    ],
)
def test_a_bad_search_answer_is_refused_clearly(run, sandbox, fault, value, says) -> None:
    setattr(sandbox.faults, fault, value)
    with pytest.raises(errors.BadResponseError, match=says):
        call(run, sandbox, "find_clients", "cegid_y2", "Y2-000517")


def test_a_search_answer_listing_too_many_is_refused(run) -> None:
    import http.server

    class Many(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            entry = {"id": 1, "firstName": "a"}
            data = json.dumps({"clients": [entry] * 5000, "clientLinks": []}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = _serve(Many)
    try:
        region = sandbox_region(f"http://127.0.0.1:{server.server_address[1]}/booking/v1")

        async def go():
            async with BooxiClient(region, "k") as client:
                await client.find_clients("m", "e")

        with pytest.raises(errors.BadResponseError, match="more than 1000"):
            run(go())
    finally:
        server.shutdown()
        server.server_close()


def test_a_plain_http_client_reads_no_ca_bundle_and_would_still_verify() -> None:
    from booxi_desktop.core.remote.client import _tls_context

    plain = _tls_context(sandbox_region("http://127.0.0.1:8000"))
    assert plain.cert_store_stats()["x509_ca"] == 0
    assert plain.verify_mode == ssl.CERT_REQUIRED
    assert plain.check_hostname
    assert _tls_context(NORTH_AMERICA).cert_store_stats()["x509_ca"] > 0
