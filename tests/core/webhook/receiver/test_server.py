from __future__ import annotations

import gzip
import json
import socket
import threading
import time

import httpx

from booxi_desktop.core.webhook.receiver.ring import DeliveryRing
from booxi_desktop.core.webhook.receiver.server import Receiver
from tests.core.webhook.receiver.conftest import raw_request, wait_until

EVENT = {
    "eventId": "evt-1",
    "eventContent": {
        "clientLinks": [
            {"moduleId": "cegid_y2", "clientId": 7, "externalId": "C-7", "metadata": {}}
        ]
    },
}


def post(receiver: Receiver, body: bytes, **kwargs: object) -> httpx.Response:
    with httpx.Client(trust_env=False) as client:
        return client.post(receiver.url + "hooks/booxi?x=1", content=body, **kwargs)  # type: ignore[arg-type]


def test_a_delivery_is_kept_with_its_headers_in_order_and_findings(receiver: Receiver) -> None:
    body = json.dumps(EVENT).encode()
    answer = post(
        receiver, body, headers={"Content-Type": "application/json", "X-Zeta": "1", "X-Alpha": "2"}
    )
    assert answer.status_code == 200
    wait_until(lambda: receiver.ring.count == 1)
    (delivery,) = receiver.ring.since(0)
    assert delivery.method == "POST"
    assert delivery.target == "/hooks/booxi?x=1"
    names = [k.lower() for k, _ in delivery.headers]
    assert names.index("x-zeta") < names.index("x-alpha")
    assert delivery.body == body
    assert delivery.event_id == "evt-1"
    assert delivery.duplicate_of is None
    assert delivery.summary is not None
    assert delivery.summary.problems == 0
    assert delivery.match_text == "match"
    assert delivery.clients_text == "7"


def test_put_is_accepted_and_get_is_listed_as_refused(receiver: Receiver) -> None:
    with httpx.Client(trust_env=False) as client:
        assert client.put(receiver.url, content=b"{}").status_code == 200
        assert client.get(receiver.url).status_code == 405
    wait_until(lambda: receiver.ring.count == 2)
    put, get = receiver.ring.since(0)
    assert put.method == "PUT"
    assert put.event_id is None
    assert get.refused
    assert "only POST and PUT" in (get.error or "")


def test_the_same_event_id_twice_is_marked_duplicate_of_the_first(receiver: Receiver) -> None:
    body = json.dumps(EVENT).encode()
    for _ in range(3):
        post(receiver, body)
    post(receiver, json.dumps({**EVENT, "eventId": "evt-2"}).encode())
    wait_until(lambda: receiver.ring.count == 4)
    first, second, third, other = receiver.ring.since(0)
    assert first.duplicate_of is None
    assert second.duplicate_of == first.number
    assert third.duplicate_of == first.number
    assert other.duplicate_of is None


def test_bad_bodies_are_listed_with_what_was_wrong(receiver: Receiver) -> None:
    post(receiver, b'{"eventId": "x", ', headers={"Content-Type": "application/json"})
    post(receiver, b"hello", headers={"Content-Type": "text/plain"})
    post(receiver, b"")
    wait_until(lambda: receiver.ring.count == 3)
    malformed, text, empty = receiver.ring.since(0)
    assert all(d.status == 200 for d in (malformed, text, empty))
    assert malformed.error
    assert "line 1" in malformed.error
    assert text.error
    assert text.error.startswith("The body is not JSON (text/plain)")
    assert empty.error == "The body is empty."
    assert text.body == b"hello"


def test_a_gzip_body_is_read_for_findings_and_kept_compressed(receiver: Receiver) -> None:
    packed = gzip.compress(json.dumps(EVENT).encode())
    post(receiver, packed, headers={"Content-Encoding": "gzip"})
    wait_until(lambda: receiver.ring.count == 1)
    (delivery,) = receiver.ring.since(0)
    assert delivery.body == packed
    assert delivery.error is None
    assert delivery.event_id == "evt-1"


def test_a_gzip_bomb_is_listed_as_such_and_kept_compressed(receiver: Receiver) -> None:
    bomb = gzip.compress(b"0" * 60_000_000)
    post(receiver, bomb, headers={"Content-Encoding": "gzip"})
    wait_until(lambda: receiver.ring.count == 1)
    (delivery,) = receiver.ring.since(0)
    assert delivery.body == bomb
    assert "expands beyond 50 MB" in (delivery.error or "")


def test_a_chunked_body_is_reassembled(receiver: Receiver) -> None:
    body = json.dumps(EVENT).encode()
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 10]), body[i : i + 10]) for i in range(0, len(body), 10)
    )
    request = (
        b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + chunked
        + b"0\r\n\r\n"
    )
    answer = raw_request(receiver.port, request)
    assert answer.startswith(b"HTTP/1.1 200")
    wait_until(lambda: receiver.ring.count == 1)
    assert receiver.ring.since(0)[0].body == body


def test_a_megabyte_of_headers_is_refused_with_431_and_listed(receiver: Receiver) -> None:
    headers = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(1000))
    answer = raw_request(receiver.port, b"POST / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n{}")
    assert answer.startswith(b"HTTP/1.1 431")
    wait_until(lambda: receiver.ring.count == 1)
    (delivery,) = receiver.ring.since(0)
    assert delivery.status == 431
    assert "headers are over 64 KB" in (delivery.error or "")
    assert receiver.counts.refused == 1
    assert post(receiver, b"{}").status_code == 200


def test_headers_over_the_limit_in_one_piece_are_refused_too(receiver: Receiver) -> None:
    answer = post(receiver, b"{}", headers={"X-Pad": "a" * 70_000})
    assert answer.status_code == 431
    wait_until(lambda: receiver.ring.count == 1)
    assert receiver.ring.since(0)[0].status == 431


def test_a_60_mb_body_is_refused_with_413_counted_and_the_receiver_stays_up(
    receiver: Receiver,
) -> None:
    head = (
        b"POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 60000000\r\n\r\n"
    )
    answer = raw_request(receiver.port, head + b"[" * 1000)
    assert answer.startswith(b"HTTP/1.1 413")
    wait_until(lambda: receiver.ring.count == 1)
    (delivery,) = receiver.ring.since(0)
    assert delivery.status == 413
    assert delivery.body == b""
    assert "60.0 MB" in (delivery.error or "")
    assert receiver.counts.too_large == 1
    assert post(receiver, b"{}").status_code == 200


def test_a_chunked_body_over_the_limit_is_cut_off_with_413() -> None:
    with Receiver(max_body_bytes=100_000) as receiver:
        chunk = b"a" * 50_000
        request = (
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + (b"%x\r\n%s\r\n" % (len(chunk), chunk)) * 3
        )
        answer = raw_request(receiver.port, request)
        assert answer.startswith(b"HTTP/1.1 413")
        wait_until(lambda: receiver.counts.too_large == 1)


def test_bodies_arriving_at_once_are_bounded_together_with_503() -> None:
    with Receiver(max_body_bytes=100_000, max_in_flight_bytes=150_000) as receiver:
        chunk = b"a" * 90_000
        head = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        part = head + b"%x\r\n%s\r\n" % (len(chunk), chunk)
        with socket.create_connection(("127.0.0.1", receiver.port)) as first:
            first.sendall(part)
            wait_until(lambda: receiver._in_flight == 90_000)
            answer = raw_request(receiver.port, part)
            assert answer.startswith(b"HTTP/1.1 503")
        wait_until(lambda: receiver.counts.by_status.get(503) == 1)
        wait_until(lambda: receiver._in_flight == 0)


def test_idle_connections_time_out_and_others_are_still_answered() -> None:
    with Receiver(read_timeout=1.0) as receiver:
        idle = [socket.create_connection(("127.0.0.1", receiver.port)) for _ in range(200)]
        try:
            wait_until(lambda: receiver.counts.open_connections == 200)
            assert post(receiver, b"{}").status_code == 200
            wait_until(lambda: receiver.counts.timed_out == 200)
            assert receiver.counts.open_connections == 0
        finally:
            for sock in idle:
                sock.close()


def test_connections_beyond_the_limit_are_closed_at_once_and_counted() -> None:
    with Receiver(max_connections=5, read_timeout=5.0) as receiver:
        idle = [socket.create_connection(("127.0.0.1", receiver.port)) for _ in range(8)]
        try:
            wait_until(lambda: receiver.counts.rejected_connections == 3)
            assert receiver.counts.open_connections == 5
        finally:
            for sock in idle:
                sock.close()


def test_a_flood_is_held_within_the_ring_and_evictions_are_counted() -> None:
    ring = DeliveryRing(max_count=300)
    with Receiver(ring=ring) as receiver, httpx.Client(trust_env=False) as client:
        for n in range(1000):
            assert client.post(receiver.url, content=b'{"eventId": "e%d"}' % n).status_code == 200
        wait_until(lambda: ring.last_number == 1000)
    assert ring.count == 300
    assert ring.evicted == 700
    assert [d.event_id for d in ring.since(0)][:2] == ["e700", "e701"]


def test_keep_alive_carries_several_deliveries_on_one_connection(receiver: Receiver) -> None:
    request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
    with socket.create_connection(("127.0.0.1", receiver.port), timeout=5) as sock:
        sock.sendall(request * 3)
        wait_until(lambda: receiver.ring.count == 3)


def test_stop_frees_the_port_and_start_can_reuse_it() -> None:
    receiver = Receiver()
    receiver.start()
    port = receiver.port
    receiver.stop()
    again = Receiver()
    assert again.start(port) == f"http://127.0.0.1:{port}/"
    again.stop()


def _paced_sender(port: int, rate: float, seconds: float, answered: list[int], n: int) -> None:
    request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\n\r\n" + b'{"eventId": "%03d"}'
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        start = time.perf_counter()
        sent = 0
        buffer = b""
        while (elapsed := time.perf_counter() - start) < seconds:
            while sent < int(elapsed * rate) + 1:
                sock.sendall(request % (sent % 1000))
                sent += 1
                while buffer.count(b"HTTP/1.1 200") < sent:
                    buffer += sock.recv(65536)
            time.sleep(0.001)
        answered[n] = buffer.count(b"HTTP/1.1 200")


def test_a_paced_flood_of_a_thousand_a_second_is_all_answered_and_bounded() -> None:
    # 4 connections at 250/s each for 2 s; every delivery is counted, held or evicted.
    answered = [0] * 4
    with Receiver() as receiver:
        senders = [
            threading.Thread(target=_paced_sender, args=(receiver.port, 250, 2.0, answered, n))
            for n in range(4)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        total = sum(answered)
        wait_until(lambda: receiver.ring.last_number == total)
        assert total > 500  # enough to overflow the ring
        assert receiver.ring.count == 500
        assert receiver.ring.evicted == total - 500
        assert post(receiver, b"{}").status_code == 200
