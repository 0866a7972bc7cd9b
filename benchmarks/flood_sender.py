"""Sends webhook deliveries to a URL at a steady rate, from its own process (bench_receiver.py).

    python benchmarks/flood_sender.py PORT RATE SECONDS BODY_FILE

Keep-alive connections, each paced; starts when a line arrives on stdin (so that starting
this process is not measured), prints how many were answered 200.
"""

from __future__ import annotations

import socket
import sys
import threading
import time

CONNECTIONS = 8


def send(port: int, rate: float, seconds: float, body: bytes, answered: list[int], n: int) -> None:
    head = b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        start = time.perf_counter()
        sent = 0
        buffer = b""
        while (elapsed := time.perf_counter() - start) < seconds:
            due = int(elapsed * rate) + 1
            while sent < due:
                # Every tenth event is sent twice with the same id, as Booxi may.
                event = f"flood-{n}-{sent - sent % 10 if sent % 10 == 1 else sent}".encode()
                data = body.replace(b"__EVENT_ID__", event)
                sock.sendall(head + b"Content-Length: %d\r\n\r\n" % len(data) + data)
                sent += 1
                while buffer.count(b"HTTP/1.1 200") < sent:
                    buffer += sock.recv(65536)
            time.sleep(0.001)
        answered[n] = buffer.count(b"HTTP/1.1 200")


def main() -> int:
    port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    with open(sys.argv[4], "rb") as f:
        body = f.read()
    sys.stdin.readline()
    answered = [0] * CONNECTIONS
    threads = [
        threading.Thread(target=send, args=(port, rate / CONNECTIONS, seconds, body, answered, n))
        for n in range(CONNECTIONS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(answered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
