#!/usr/bin/env python3
"""A reverse proxy on loopback that adds a fixed delay to every request before passing it to moto.

moto answers in a few milliseconds of Python CPU while real AWS APIs answer in tens to hundreds of milliseconds,
so a fair comparison of workflow speed puts this in front of moto (STYLE.md, moto notes). Each request is served
on its own thread, so concurrent requests are delayed independently.

usage: delay_proxy.py LISTEN_PORT UPSTREAM_URL DELAY_MS
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from upstream import Upstream

UPSTREAM = Upstream(sys.argv[2])
DELAY = int(sys.argv[3]) / 1000.0


class DelayingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        time.sleep(DELAY)
        status, headers, payload = UPSTREAM.forward(self.command, self.path, self.headers, body)
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = relay


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), DelayingHandler)
    server.daemon_threads = True
    server.serve_forever()
