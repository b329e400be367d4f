"""Forwarding to moto for the loopback proxies (delay_proxy.py, fault_proxy.py): one persistent connection per
thread, reopened once if moto closed it, hop-by-hop fields dropped both ways (RFC 9110 section 7.6.1)."""
import http.client
import threading
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class Upstream:
    def __init__(self, url: str) -> None:
        self.target = urllib.parse.urlsplit(url)
        self.local = threading.local()

    def connection(self) -> http.client.HTTPConnection:
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=60)
        return self.local.conn

    def forward(self, command: str, path: str, headers, body: bytes | None):
        """Sends the request on; returns status, the end-to-end response fields but Content-Length, and the body."""
        sent = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            conn = self.connection()
            conn.request(command, path, body=body, headers=sent)
            response = conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            self.local.conn = None
            conn = self.connection()
            conn.request(command, path, body=body, headers=sent)
            response = conn.getresponse()
        payload = response.read()
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"]
        return response.status, kept, payload
