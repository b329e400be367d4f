#!/usr/bin/env python3
"""A reverse proxy on loopback in front of moto that injects the faults AWS clients meet, and counts requests.

delay_proxy.py's approach (one thread per request, a persistent upstream connection per thread), plus, for a
seeded random share of requests (RATE), one of these faults:
  throttle   400 with the service's envelope: EC2's `<Response><Errors><Error><Code>RequestLimitExceeded` and the
             Query protocol's `<ErrorResponse><Error><Code>Throttling` (Auto Scaling, ELB, ELBv2, IAM, STS);
             moto never sees the call.
  error500   500 InternalError (EC2) / InternalFailure (Query); moto never sees the call.
  error503   503 Unavailable (EC2) / ServiceUnavailable (Query); moto never sees the call.
  drop       forwards the call to moto, then closes the connection without answering: the call happened but
             the client never heard (the case that duplicates resources when a client retries blindly).
  delay      waits 1-3 s, then forwards.
  skew       forwards, and answers with a `Date` header 20 minutes off.
Faulted responses carry a Date header too. GET /__faults on the proxy itself returns the counts as JSON: requests,
faults and the longest run of attempts at one identical request (service and body) each following a fault on the
previous attempt, per service and action; this is what "retries are bounded" is checked against.

usage: fault_proxy.py LISTEN_PORT UPSTREAM_URL [RATE=0.25] [SEED=1] [FAULTS=throttle,error500,error503,drop,delay,skew]
"""
import email.utils
import json
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from upstream import Upstream

UPSTREAM = Upstream(sys.argv[2])
RATE = float(sys.argv[3]) if len(sys.argv) > 3 else 0.25
RANDOM = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
FAULTS = (sys.argv[5] if len(sys.argv) > 5 else "throttle,error500,error503,drop,delay,skew").split(",")
SKEW_SECONDS = 20 * 60
lock = threading.Lock()
# (service, action) -> {"requests", "faults": {kind: n}, "longestFaultRun"}
stats: dict[tuple[str, str], dict] = {}
# (service, body) -> length of the current run of attempts, each after a fault on the one before
runs: dict[tuple[str, bytes], int] = {}


def service_of(headers) -> str:
    # SigV4 credential scope: Credential=AKID/date/region/service/aws4_request (SigV4, "Credential scope").
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", headers.get("Authorization", ""))
    return match.group(1) if match else "unknown"


def action_of(body: bytes, path: str) -> str:
    for source in (body.decode(errors="replace"), urllib.parse.urlsplit(path).query):
        action = urllib.parse.parse_qs(source).get("Action")
        if action:
            return action[0]
    return "unknown"


def error_body(service: str, status: int, code: str, message: str) -> bytes:
    request_id = str(uuid.uuid4())
    if service == "ec2":
        # EC2 API Reference, "Error codes": <Response><Errors><Error>..</Error></Errors><RequestID>
        return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>").encode()
    kind = "Sender" if status < 500 else "Receiver"
    return (f"<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>").encode()


ERRORS = {
    "throttle": (400, {"ec2": "RequestLimitExceeded"}, "Throttling", "Rate exceeded (injected)"),
    "error500": (500, {"ec2": "InternalError"}, "InternalFailure", "An internal error occurred (injected)"),
    "error503": (503, {"ec2": "Unavailable"}, "ServiceUnavailable", "Service unavailable (injected)"),
}


class FaultingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/__faults":
            with lock:
                payload = json.dumps([{"service": s, "action": a, **v} for (s, a), v in sorted(stats.items())]).encode()
            self.answer(200, [("Content-Type", "application/json")], payload)
            return
        self.relay()

    def answer(self, status: int, headers, payload: bytes, date: float | None = None) -> None:
        self.send_response_only(status)
        self.send_header("Date", email.utils.formatdate(date if date is not None else time.time(), usegmt=True))
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def forward(self, body: bytes | None):
        status, headers, payload = UPSTREAM.forward(self.command, self.path, self.headers, body)
        # The proxy writes its own Date (possibly skewed) and Server.
        return status, [(k, v) for k, v in headers if k.lower() not in ("date", "server")], payload

    def relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        service, action = service_of(self.headers), action_of(body, self.path)
        with lock:
            fault = RANDOM.choice(FAULTS) if RANDOM.random() < RATE else None
            entry = stats.setdefault((service, action), {"requests": 0, "faults": {}, "longestFaultRun": 0})
            entry["requests"] += 1
            key = (service, body if body else self.path.encode())
            run = runs.get(key, 0) + 1
            entry["longestFaultRun"] = max(entry["longestFaultRun"], run)
            # The next identical request continues this run only if this attempt is answered with a fault.
            if fault in ("throttle", "error500", "error503", "drop"):
                runs[key] = run
                entry["faults"][fault] = entry["faults"].get(fault, 0) + 1
            else:
                runs.pop(key, None)
                if fault:
                    entry["faults"][fault] = entry["faults"].get(fault, 0) + 1
        if fault in ERRORS:
            status, ec2_codes, query_code, message = ERRORS[fault]
            code = ec2_codes.get(service, query_code)
            self.answer(status, [("Content-Type", "text/xml")], error_body(service, status, code, message))
            return
        if fault == "delay":
            time.sleep(RANDOM.uniform(1.0, 3.0))
        status, headers, payload = self.forward(body)
        if fault == "drop":
            # The call happened; the client hears nothing (RST-free close after reading the request).
            self.close_connection = True
            return
        date = time.time() + (SKEW_SECONDS if fault == "skew" else 0)
        self.answer(status, headers, payload, date)

    do_POST = do_PUT = do_DELETE = do_HEAD = relay


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), FaultingHandler)
    server.daemon_threads = True
    server.serve_forever()
