#!/usr/bin/env python3
"""Availability probe: GET /healthz on a fresh loopback connection every 100 ms until stopped (SIGTERM/SIGINT)
or --duration passes; then prints one JSON summary line: requests, failures, latency p50/p99/max in ms.

Usage: probe.py PORT [--duration SECONDS] [--timeout SECONDS]
A probe fails when it cannot connect, gets no complete answer within the timeout (2 s), or gets a status
other than 200. Python 3 standard library only.
"""
import json
import signal
import socket
import sys
import time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n"


def probe(port, timeout):
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(REQUEST)
            data = b""
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return None, "%s" % type(error).__name__
    elapsed = (time.monotonic() - started) * 1000
    if not data.startswith(b"HTTP/1.1 200 "):
        return elapsed, "status %r" % data[:12]
    return elapsed, None


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)


def main():
    port = int(sys.argv[1])
    duration = float(sys.argv[sys.argv.index("--duration") + 1]) if "--duration" in sys.argv else float("inf")
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 2.0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    latencies, failures = [], {}
    end = time.monotonic() + duration
    next_at = time.monotonic()
    while not stop and time.monotonic() < end:
        elapsed, failure = probe(port, timeout)
        if failure:
            failures[failure] = failures.get(failure, 0) + 1
        else:
            latencies.append(elapsed)
        next_at += 0.1
        time.sleep(max(0.0, next_at - time.monotonic()))
    print(json.dumps({
        "requests": len(latencies) + sum(failures.values()), "failures": sum(failures.values()),
        "failure_kinds": failures, "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 2) if latencies else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
