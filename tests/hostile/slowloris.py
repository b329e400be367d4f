#!/usr/bin/env python3
"""Slowloris check (issue #2): N connections each send a request head one header line every INTERVAL
seconds and never finish it; every one must be answered 408 and closed within the header timeout
(measured from its first byte) plus a grace for the event loop's timer granularity.

Usage: slowloris.py PORT [--connections 1000] [--header-timeout 10] [--interval 2] [--grace 1.5]
Prints one JSON summary line, then "N passed, N failed" (one check per connection); exit 1 on failure.
Python 3 standard library only; every connection goes to 127.0.0.1.
"""
import json
import selectors
import socket
import sys
import time


def option(name, default):
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main():
    port = int(sys.argv[1])
    count = int(option("--connections", 1000))
    header_timeout = option("--header-timeout", 10.0)
    interval = option("--interval", 2.0)
    grace = option("--grace", 1.5)
    selector = selectors.DefaultSelector()
    open_sockets = {}
    first_byte = {}
    for index in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: slowloris\r\n")
        first_byte[index] = time.monotonic()
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, index)
        open_sockets[index] = {"sock": sock, "data": b""}
    closed_after = {}
    answers = {}
    deadline = time.monotonic() + header_timeout + grace + 10
    next_trickle = time.monotonic() + interval
    while open_sockets and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.05):
            index = key.data
            entry = open_sockets[index]
            try:
                chunk = entry["sock"].recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except ConnectionResetError:
                chunk = b""
            if chunk:
                entry["data"] += chunk
                continue
            closed_after[index] = time.monotonic() - first_byte[index]
            answers[index] = entry["data"][:12]
            selector.unregister(entry["sock"])
            entry["sock"].close()
            del open_sockets[index]
        if time.monotonic() >= next_trickle:
            next_trickle += interval
            for index, entry in open_sockets.items():
                try:
                    entry["sock"].send(b"X-Slow-%d: still here\r\n" % index)
                except OSError:
                    pass  # the server closed it; the read side records when
    for entry in open_sockets.values():
        entry["sock"].close()
    limit = header_timeout + grace
    late = [i for i, seconds in closed_after.items() if seconds > limit]
    not_408 = [i for i, answer in answers.items() if not answer.startswith(b"HTTP/1.1 408")]
    never_closed = len(open_sockets)
    times = sorted(closed_after.values())
    failed = len(late) + len(set(not_408) - set(late)) + never_closed
    print(json.dumps({
        "connections": count, "closed": len(closed_after), "never_closed": never_closed, "late": len(late),
        "answered_not_408": len(not_408), "header_timeout_s": header_timeout, "limit_s": limit,
        "close_after_s": {"min": round(times[0], 2) if times else None,
                          "p50": round(times[len(times) // 2], 2) if times else None,
                          "max": round(times[-1], 2) if times else None},
    }))
    print("%d passed, %d failed" % (count - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
