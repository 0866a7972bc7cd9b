"""The receiver in a child process, over real loopback sockets and real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path

import httpx
import pytest

from booxi_desktop.core.webhook.payload import AnalysisContext
from booxi_desktop.core.webhook.receiver.delivery import Delivery
from booxi_desktop.core.webhook.receiver.process import ReceiverProcess, serve_in_child
from booxi_desktop.core.webhook.receiver.ring import DeliveryRing
from tests.core.webhook.receiver.conftest import wait_until

ROOT = Path(__file__).resolve().parents[4]


def event(event_id: str, module: str = "cegid_y2") -> bytes:
    link = {"moduleId": module, "clientId": 7, "externalId": "CRM-7", "metadata": {}}
    return json.dumps({"eventId": event_id, "eventContent": {"clientLinks": [link]}}).encode()


def post(url: str, body: bytes, **headers: str) -> int:
    with httpx.Client(trust_env=False, timeout=10) as client:
        return client.post(url, content=body, headers=headers).status_code


@pytest.fixture
def receiver() -> Iterator[ReceiverProcess]:
    with ReceiverProcess(AnalysisContext(module_id="cegid_y2")) as server:
        yield server


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that ended but was not reaped yet is gone all the same.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_deliveries_come_back_numbered_with_duplicates_and_their_summary(
    receiver: ReceiverProcess,
) -> None:
    seen: list[Delivery] = []
    receiver.on_delivery = seen.append
    assert post(receiver.url + "hook?x=1", event("e-1"), **{"X-Zeta": "1", "X-Alpha": "2"}) == 200
    assert receiver.pid is not None  # answered by a process of its own
    assert receiver.pid != os.getpid()
    assert post(receiver.url, event("e-1")) == 200
    assert post(receiver.url, b"not json") == 200
    wait_until(lambda: receiver.ring.count == 3)
    first, again, bad = receiver.ring.since(0)
    assert (first.number, again.number, bad.number) == (1, 2, 3)
    assert first.target == "/hook?x=1"
    names = [k.lower() for k, _ in first.headers]
    assert names.index("x-zeta") < names.index("x-alpha")
    assert first.body == event("e-1")
    assert first.summary is not None
    assert (first.match_text, first.clients_text, first.problem_count) == ("match", "7", 0)
    assert again.duplicate_of == 1
    assert bad.summary is None
    assert bad.error is not None
    assert [d.number for d in seen] == [1, 2, 3]


def test_the_url_is_known_at_once_and_a_taken_port_is_refused_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            ReceiverProcess().start(port)
    receiver = ReceiverProcess()
    url = receiver.start(port)  # free again
    try:
        assert url == f"http://127.0.0.1:{port}/"
        # Sent before the child is surely ready: it waits in the socket's backlog.
        assert post(url, event("early")) == 200
    finally:
        receiver.stop(wait=True)


def test_a_new_context_reaches_the_child(receiver: ReceiverProcess) -> None:
    assert post(receiver.url, event("a", module="other")) == 200
    wait_until(lambda: receiver.ring.count == 1)
    receiver.context = AnalysisContext(module_id="other")
    wait_until(lambda: post(receiver.url, event("b", module="other")) == 200)
    wait_until(lambda: receiver.ring.count == 2)
    before, after = receiver.ring.since(0)
    assert (before.match_text, after.match_text) == ("no match", "match")


def test_refusals_are_counted_on_this_side() -> None:
    with ReceiverProcess(max_body_bytes=1000) as receiver:
        assert post(receiver.url, b"x" * 5000) == 413
        wait_until(lambda: receiver.counts.too_large == 1)
        wait_until(lambda: receiver.ring.count == 1)
        assert receiver.ring.since(0)[0].status == 413


def test_stop_ends_the_child_and_frees_the_port() -> None:
    receiver = ReceiverProcess()
    receiver.start()
    assert post(receiver.url, event("x")) == 200
    port, pid = receiver.port, receiver.pid
    assert pid is not None
    receiver.stop(wait=True)
    assert not receiver.running
    wait_until(lambda: not alive(pid))
    with socket.create_server(("127.0.0.1", port)):
        pass


def test_a_child_that_dies_is_reported_and_the_deliveries_stay() -> None:
    ended: list[int | None] = []
    receiver = ReceiverProcess(on_exit=ended.append)
    receiver.start()
    assert post(receiver.url, event("x")) == 200
    wait_until(lambda: receiver.ring.count == 1)
    assert receiver.pid is not None
    os.kill(receiver.pid, signal.SIGKILL)
    wait_until(lambda: ended == [-signal.SIGKILL])
    assert not receiver.running
    assert receiver.ring.count == 1


def test_the_child_does_not_outlive_its_parent(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from booxi_desktop.core.webhook.receiver.process import ReceiverProcess\n"
        "if __name__ == '__main__':\n"
        "    r = ReceiverProcess(); r.start()\n"
        "    while r.pid is None:\n"
        "        time.sleep(0.01)\n"
        "    print(r.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, env=env) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert alive(child)
        parent.kill()  # no chance to stop anything
    wait_until(lambda: not alive(child), timeout=15)


def test_what_waits_in_the_child_is_held_to_the_ring_bound() -> None:
    """A window too busy to read: the child drops the oldest unsent and says how many."""
    spawn = get_context("spawn")
    deliveries_in, deliveries_out = spawn.Pipe(duplex=False)
    control_in, control_out = spawn.Pipe(duplex=False)
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    child = threading.Thread(
        target=serve_in_child,
        args=(sock, deliveries_out, control_in, AnalysisContext(), (5, 10**9), {}),
    )
    child.start()
    body = b'{"eventId": "%d", "pad": "' + b"x" * 30_000 + b'"}'
    try:
        # Nothing is read meanwhile: the first batch fills the pipe and the rest waits.
        for n in range(40):
            assert post(f"http://127.0.0.1:{port}/", body % n) == 200
    finally:
        control_out.send(None)
    ring = DeliveryRing(max_count=1000)
    while True:
        try:
            received, dropped, _counts = deliveries_in.recv()
        except EOFError:
            break
        ring.count_evicted(dropped)
        for delivery in received:
            ring.add(delivery)
    child.join()
    assert ring.evicted > 0
    assert ring.count + ring.evicted == 40
    # The newest are the ones kept.
    assert ring.since(0)[-1].event_id == "39"


def test_a_child_that_cannot_be_started_is_reported(capfd: pytest.CaptureFixture[str]) -> None:
    ended: list[int | None] = []
    # Nothing a user can give is unpicklable; a lambda stands for whatever could fail.
    unsendable = AnalysisContext(module_id=lambda: None)  # type: ignore[arg-type]
    receiver = ReceiverProcess(unsendable, on_exit=ended.append)
    receiver.start()
    wait_until(lambda: ended == [None])
    assert not receiver.running
    assert "Cannot start the webhook receiver's process" in capfd.readouterr().err
