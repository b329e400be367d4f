#!/usr/bin/env python3
"""Raw-socket hostile HTTP suite for cordon (RFC 9112 / RFC 9110).

Python 3 standard library only; every connection goes to 127.0.0.1. Each case sends raw bytes (one or
several writes) and checks the statuses of the responses, in order, and whether the server then closes
the connection. Each case names the RFC section and the requirement it checks.

Usage: hostile_http.py PORT [--verbose]
Last line printed: "N passed, N failed"; exit status 1 on any failure.

Targets are only /healthz, /readyz, unknown paths (404), wrong methods (405) and POST /v1/events, whose
status depends on how far the service is wired (404, 202, 400...): for it only framing is judged.
"""
import socket
import sys
import time

HOST = "127.0.0.1"
# A status the suite does not judge (POST /v1/events: routed or not, depending on integration).
ANY = "any"


class Case:
    """One request (or pipeline) with its RFC rule and expected outcome."""

    def __init__(self, name, section, must, writes, statuses, close, pause=0.0, check=None, heads=(), in_sync=False):
        self.name = name
        self.section = section
        self.must = must
        self.writes = [writes] if isinstance(writes, bytes) else writes
        self.statuses = statuses  # one entry per expected final response: an int, a set of ints, or ANY
        self.close = close  # True: closed after the last response; False: still open; None: not judged
        self.pause = pause  # seconds between writes
        self.check = check  # extra check on the list of responses; returns an error string or None
        self.heads = heads  # indexes of the responses that answer HEAD requests (no content follows)
        self.in_sync = in_sync  # a pipelined GET /healthz follows: if the connection stays open it gets 200


class Response:
    def __init__(self, status, headers, body, interim):
        self.status = status
        self.headers = headers
        self.body = body
        self.interim = interim  # statuses of 1xx responses that preceded it


class Reader:
    """Reads HTTP/1.1 responses from a socket; every cordon response carries Content-Length."""

    def __init__(self, sock, head_request_indexes=()):
        self.sock = sock
        self.buffer = b""
        self.closed = False
        self.head_requests = set(head_request_indexes)
        self.count = 0

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError
        except ConnectionResetError:
            data = b""
        if not data:
            self.closed = True
            raise EOFError
        self.buffer += data

    def response(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        interim = []
        while True:
            while b"\r\n\r\n" not in self.buffer:
                self._fill(deadline)
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            parts = lines[0].split(b" ", 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
                raise ValueError("bad status line %r" % lines[0])
            status = int(parts[1])
            headers = []
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers.append((name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")))
            if 100 <= status < 200:
                interim.append(status)
                continue
            length = 0
            for name, value in headers:
                if name == "content-length":
                    length = int(value)
            if self.count in self.head_requests:
                length = 0
            self.count += 1
            while len(self.buffer) < length:
                self._fill(deadline)
            body, self.buffer = self.buffer[:length], self.buffer[length:]
            return Response(status, headers, body, interim)

    def is_closed(self, wait=1.0):
        """True if the peer closes (EOF or reset) within `wait` seconds with no further bytes."""
        if self.closed:
            return True
        try:
            self._fill(time.monotonic() + wait)
        except EOFError:
            return True
        except TimeoutError:
            return False
        return False  # extra bytes arrived: not closed (and a stray response, caught by `leftover`)


def run_case(port, case):
    sock = socket.create_connection((HOST, port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = Reader(sock, case.heads)
    try:
        for index, chunk in enumerate(case.writes):
            if index and case.pause:
                time.sleep(case.pause)
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server already answered and closed; the responses tell the rest
        responses = []
        for _ in case.statuses:
            try:
                responses.append(reader.response())
            except (EOFError, TimeoutError) as error:
                got = [r.status for r in responses]
                return "expected %d responses %s, got %s then %s" % (
                    len(case.statuses), describe(case.statuses), got, type(error).__name__)
        for expected, response in zip(case.statuses, responses):
            if not matches(expected, response.status):
                return "statuses %s, expected %s" % ([r.status for r in responses], describe(case.statuses))
        if case.check:
            problem = case.check(responses)
            if problem:
                return problem
        if case.in_sync and not reader.is_closed(0.5):
            try:
                follow = reader.response()
            except (EOFError, TimeoutError) as error:
                return "connection kept open but the pipelined request got no answer (%s)" % type(error).__name__
            if follow.status != 200:
                return "connection kept open but the pipelined GET /healthz got %d: framing out of sync" % follow.status
        if case.close is not None:
            closed = reader.is_closed(1.0 if case.close else 0.4)
            if reader.buffer:
                return "unexpected bytes after the last response: %r" % reader.buffer[:80]
            if closed != case.close:
                return "connection %s, expected %s" % (
                    "closed" if closed else "open", "closed" if case.close else "open")
        return None
    finally:
        sock.close()


def matches(expected, status):
    if expected == ANY:
        return True
    if isinstance(expected, (set, frozenset)):
        return status in expected
    return status == expected


def describe(statuses):
    return [s if s == ANY or isinstance(s, int) else sorted(s) for s in statuses]


# ---------------------------------------------------------------------------------------------- builders

def req(method="GET", target="/healthz", version="HTTP/1.1", headers=(("Host", "cordon"),), body=b""):
    head = "%s %s %s\r\n" % (method, target, version)
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    return head.encode("latin-1") + b"\r\n" + body


def raw(text):
    """A request written with \\n line ends, turned into CRLF (use bytes directly for odd endings)."""
    return text.replace("\n", "\r\n").encode("latin-1")


HEALTH = req()
HEALTH_CLOSE = req(headers=(("Host", "cordon"), ("Connection", "close")))


def body_get(headers, body):
    """GET /healthz with a body: the route accepts and ignores it, so framing is observable live."""
    return req(headers=(("Host", "cordon"),) + tuple(headers), body=body)


def events(headers, body):
    return req("POST", "/v1/events", headers=(("Host", "cordon"), ("Content-Type", "application/json")) + tuple(headers), body=body)


def no_body_in_head(responses):
    first = responses[0]
    if first.body:
        return "HEAD response carried a body"
    if not any(name == "content-length" for name, _ in first.headers):
        return "HEAD response lacks the Content-Length a GET would have"
    return None


def has_header(name, value=None):
    def check(responses):
        for response in responses:
            found = [v for n, v in response.headers if n == name.lower()]
            if not found or (value is not None and value.lower() not in (v.lower() for v in found)):
                return "response %d lacks %s%s" % (response.status, name, "" if value is None else ": " + value)
        return None
    return check


def interim_before(status):
    def check(responses):
        if status not in responses[0].interim:
            return "no %d interim response before the final one" % status
        return None
    return check


def no_interim(responses):
    if responses[0].interim:
        return "unexpected interim responses %s" % responses[0].interim
    return None


def allow_lists_get(responses):
    allow = [v for n, v in responses[0].headers if n == "allow"]
    if not allow or "GET" not in allow[0]:
        return "405 without an Allow field naming GET"
    return None


CASES = []


def case(*args, **kwargs):
    CASES.append(Case(*args, **kwargs))


# --------------------------------------------------------------------------------------- baseline

case("baseline-get", "RFC 9112 §3", "a well-formed request is answered", HEALTH, [200], False)
case("baseline-connection-close", "RFC 9112 §9.6", "server MUST close after responding to Connection: close",
     HEALTH_CLOSE, [200], True, check=has_header("connection", "close"))
case("head-healthz", "RFC 9110 §9.3.2", "server MUST NOT send content in a response to HEAD",
     req("HEAD"), [200], False, check=no_body_in_head, heads=(0,))
case("head-then-get-pipelined", "RFC 9110 §9.3.2", "a HEAD response has no content, so the next response frames correctly",
     req("HEAD") + HEALTH, [200, 200], False, heads=(0,))
case("unknown-path-404", "RFC 9110 §15.5.5", "an unknown resource gets 404", req(target="/nope"), [404], False)
case("wrong-method-405", "RFC 9110 §15.5.6", "origin server MUST generate Allow in a 405",
     req("DELETE"), [405], False, check=allow_lists_get)
case("readyz-answers", "RFC 9110 §15", "readiness answers 200 or 503, never hangs", req(target="/readyz"), [{200, 503}], False)
case("http10-default-close", "RFC 9112 §9.3", "HTTP/1.0 without keep-alive: the server closes after the response",
     req(version="HTTP/1.0", headers=()), [200], True)
case("http10-keep-alive", "RFC 9112 §9.3 / Appendix C.2.2", "HTTP/1.0 keep-alive is honoured and announced",
     req(version="HTTP/1.0", headers=(("Connection", "keep-alive"),)) + req(version="HTTP/1.0", headers=()),
     [200, 200], True, check=lambda rs: None if ("connection", "keep-alive") in rs[0].headers else "first response lacks Connection: keep-alive")
case("http10-host-optional", "RFC 9112 §3.2", "Host is required only of HTTP/1.1 requests", req(version="HTTP/1.0", headers=()), [200], True)
case("connection-close-mixed-case", "RFC 9110 §7.6.1", "connection options are case-insensitive",
     req(headers=(("Host", "cordon"), ("Connection", "CLOSE"))), [200], True)
case("leading-empty-line", "RFC 9112 §2.2", "server SHOULD ignore at least one empty line before the request-line",
     b"\r\n" + HEALTH, [200], False)
case("absolute-form", "RFC 9112 §3.2.2", "a server MUST accept the absolute-form in requests",
     req(target="http://cordon/healthz"), [200], False)
case("absolute-form-https-upper", "RFC 9112 §3.2.2", "absolute-form scheme is case-insensitive (RFC 3986 §3.1)",
     req(target="HTTP://cordon/healthz"), [200], False)
case("absolute-form-query-only", "RFC 9112 §3.2.2", "absolute-form with empty path means /",
     req(target="http://cordon?x=1"), [404], False)
case("origin-form-query", "RFC 9112 §3.2.1", "origin-form carries a query", req(target="/healthz?probe=1"), [200], False)

# --------------------------------------------------------------------------------------- request line

case("asterisk-form-get", "RFC 9112 §3.2.4", "asterisk-form is only used for OPTIONS; reject otherwise",
     req(target="*"), [400], True)
case("asterisk-form-options", "RFC 9112 §3.2.4", "OPTIONS * is a valid request (answered, not a framing error)",
     req("OPTIONS", target="*"), [{200, 204, 404, 405, 501}], False)
case("authority-form-get", "RFC 9112 §3.2.3", "authority-form is only for CONNECT",
     req(target="cordon:80"), [400], True)
case("connect-method", "RFC 9110 §9.3.6 / §9.1", "CONNECT is not implemented by an origin server: 501, and its bytes are never a tunnel",
     req("CONNECT", target="cordon:443") + HEALTH, [501], True)
case("lowercase-method", "RFC 9110 §9.1", "the method token is case-sensitive: 'get' is not GET (501)",
     req("get"), [501], True)
case("unknown-method", "RFC 9110 §9.1", "an origin server SHOULD answer 501 to an unrecognized method",
     req("BREW"), [501], True)
case("trace-method", "RFC 9110 §9.3.8", "TRACE is allowed on no route (nothing is echoed): 405 with Allow", req("TRACE"), [405], False)
case("method-with-slash", "RFC 9110 §9.1", "method = token; '/' is not a tchar", req("GE/T"), [400], True)
case("version-http12", "RFC 9112 §2.3", "a server responds 505 to a major version it does not support; 1.2 is unknown",
     req(version="HTTP/1.2"), [{505, 400}], True)
case("version-http2", "RFC 9112 §2.3", "HTTP/2.0 in an HTTP/1 request line gets 505", req(version="HTTP/2.0"), [505], True)
case("version-http09-like", "RFC 9112 §2.3", "HTTP-version = HTTP/DIGIT.DIGIT", req(version="HTTP/1"), [400], True)
case("version-lowercase", "RFC 9112 §2.3", "HTTP-name is case-sensitive", req(version="http/1.1"), [400], True)
case("version-two-digits", "RFC 9112 §2.3", "one digit each side of the dot", req(version="HTTP/1.10"), [400], True)
case("version-missing", "RFC 9112 §3", "request-line = method SP target SP version", b"GET /healthz\r\nHost: a\r\n\r\n", [400], True)
case("double-space-request-line", "RFC 9112 §3", "single SP separators; a recipient MUST NOT be lenient in a way that splits differently",
     b"GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n", [400], True)
case("tab-in-request-line", "RFC 9112 §3", "request-line separators are SP", b"GET\t/healthz HTTP/1.1\r\nHost: a\r\n\r\n", [400], True)
case("trailing-space-version", "RFC 9112 §3", "nothing after HTTP-version", b"GET /healthz HTTP/1.1 \r\nHost: a\r\n\r\n", [400], True)
case("space-in-target", "RFC 9112 §3.2", "whitespace in the target: respond 400", b"GET /hea lthz HTTP/1.1\r\nHost: a\r\n\r\n", [400], True)
case("control-in-target", "RFC 9112 §3.2 / RFC 3986", "a target is visible ASCII", b"GET /he\x01althz HTTP/1.1\r\nHost: a\r\n\r\n", [400], True)
case("utf8-in-target", "RFC 3986 §2", "non-ASCII in a target must be percent-encoded", "GET /hé HTTP/1.1\r\nHost: a\r\n\r\n".encode(), [400], True)
case("fragment-in-target", "RFC 9112 §3.2 / RFC 9110 §4.2.5", "a request target has no fragment", req(target="/healthz#x"), [400], True)
case("overlong-target", "RFC 9112 §3", "a target longer than the server parses gets 414",
     req(target="/" + "a" * 9000), [414], True)
case("overlong-request-line-no-lf", "RFC 9112 §3", "a request line without end beyond the limit gets 414, not a hang",
     b"GET /" + b"a" * 10000, [414], True)
case("bare-lf-request-line", "RFC 9112 §2.2", "bare LF line ends are refused (smuggling-safe choice)", b"GET /healthz HTTP/1.1\nHost: a\r\n\r\n", [400], True)
case("bare-cr-request-line", "RFC 9112 §2.2", "a bare CR MUST be treated as invalid or replaced by SP",
     b"GET /healthz\rX HTTP/1.1\r\nHost: a\r\n\r\n", [400], True)
case("too-many-empty-lines", "RFC 9112 §2.2", "only a few empty lines are skipped before a request", b"\r\n" * 10 + HEALTH, [400], True)
case("binary-garbage", "RFC 9112 §2.2", "a message that is not HTTP is refused", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", [400], True)

# --------------------------------------------------------------------------------------- Host

case("host-missing-11", "RFC 9112 §3.2", "server MUST respond 400 to an HTTP/1.1 request without Host", req(headers=()), [400], True)
case("host-duplicate", "RFC 9112 §3.2", "server MUST respond 400 to more than one Host field line",
     req(headers=(("Host", "a"), ("Host", "b"))), [400], True)
case("host-duplicate-same", "RFC 9112 §3.2", "two Host lines are refused even when equal",
     req(headers=(("Host", "a"), ("Host", "a"))), [400], True)
case("host-empty", "RFC 9110 §7.2", "an empty Host is allowed when the target has no authority", req(headers=(("Host", ""),)), [200], False)
case("host-duplicate-http10", "RFC 9112 §3.2", "more than one Host is refused in HTTP/1.0 too",
     req(version="HTTP/1.0", headers=(("Host", "a"), ("Host", "b"))), [400], True)

# --------------------------------------------------------------------------------------- header syntax

case("space-before-colon", "RFC 9112 §5.1", "whitespace between field name and colon: server MUST reject with 400",
     req(headers=(("Host ", "a"),)), [400], True)
case("tab-before-colon", "RFC 9112 §5.1", "whitespace between field name and colon: server MUST reject with 400",
     req(headers=(("Host", "a"), ("Content-Length\t", "0"))), [400], True)
case("obs-fold", "RFC 9112 §5.2", "server MUST reject obs-fold with 400 (or replace it) outside message/http",
     raw("GET /healthz HTTP/1.1\nHost: a\nX-A: b\n c\n\n"), [400], True)
case("obs-fold-tab", "RFC 9112 §5.2", "obs-fold with HTAB is obs-fold too", raw("GET /healthz HTTP/1.1\nHost: a\nX-A: b\n\tc\n\n"), [400], True)
case("whitespace-before-first-header", "RFC 9112 §2.2", "whitespace between start-line and first field: reject or ignore, never process",
     raw("GET /healthz HTTP/1.1\n Host: a\n\n"), [400], True)
case("header-no-colon", "RFC 9112 §5", "field-line needs a colon", raw("GET /healthz HTTP/1.1\nHost: a\nNoColon\n\n"), [400], True)
case("header-empty-name", "RFC 9110 §5.1", "field-name = token (not empty)", raw("GET /healthz HTTP/1.1\nHost: a\n: v\n\n"), [400], True)
case("header-name-non-token", "RFC 9110 §5.1", "field-name = token", raw("GET /healthz HTTP/1.1\nHost: a\nX(A): v\n\n"), [400], True)
case("header-value-nul", "RFC 9110 §5.5", "a recipient of NUL in a field value MUST reject or replace it",
     b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\x00c\r\n\r\n", [400], True)
case("header-value-bare-cr", "RFC 9110 §5.5", "CR in a field value MUST be rejected or replaced",
     b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", [400], True)
case("header-bare-lf", "RFC 9112 §2.2", "bare LF in the header section is refused", b"GET /healthz HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", [400], True)
case("header-value-obs-text", "RFC 9110 §5.5", "obs-text in a field value is allowed", b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: caf\xe9\r\n\r\n", [200], False)
case("header-value-vertical-tab", "RFC 9110 §5.5", "VT is not field-vchar", b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\x0bc\r\n\r\n", [400], True)
case("header-section-too-large", "RFC 6585 §5", "an oversized header section gets 431",
     req(headers=(("Host", "a"),) + tuple(("X-Pad-%d" % i, "v" * 200) for i in range(90))), [431], True)
case("header-line-too-long", "RFC 6585 §5", "one oversized field gets 431", req(headers=(("Host", "a"), ("X-Big", "v" * 20000))), [431], True)
case("header-too-many-fields", "RFC 6585 §5", "too many field lines get 431",
     req(headers=(("Host", "a"),) + tuple(("X-%d" % i, "v") for i in range(120))), [431], True)
case("header-endless-no-lf", "RFC 6585 §5", "a header line that never ends is cut off at the limit, not buffered forever",
     b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: " + b"v" * 20000, [431], True)

# --------------------------------------------------------------------------------------- Content-Length

case("cl-body-then-pipelined", "RFC 9112 §6.2", "Content-Length delimits the body; the next request starts after it",
     body_get([("Content-Length", "5")], b"hello") + HEALTH, [200, 200], False)
case("cl-zero", "RFC 9112 §6.2", "Content-Length: 0 means no body", body_get([("Content-Length", "0")], b"") + HEALTH, [200, 200], False)
case("cl-leading-zeros", "RFC 9110 §8.6", "Content-Length = 1*DIGIT; leading zeros are digits",
     body_get([("Content-Length", "005")], b"hello") + HEALTH, [200, 200], False)
case("cl-plus-sign", "RFC 9110 §8.6 / RFC 9112 §6.3", "a sign is not a DIGIT: invalid Content-Length MUST be treated as unrecoverable (400, close)",
     body_get([("Content-Length", "+5")], b"hello"), [400], True)
case("cl-minus-sign", "RFC 9112 §6.3", "invalid Content-Length: 400 and close", body_get([("Content-Length", "-1")], b""), [400], True)
case("cl-hex", "RFC 9112 §6.3", "Content-Length is decimal", body_get([("Content-Length", "0x5")], b"hello"), [400], True)
case("cl-space-inside", "RFC 9112 §6.3", "'1 0' is not 1*DIGIT", body_get([("Content-Length", "1 0")], b"x" * 10), [400], True)
case("cl-empty", "RFC 9112 §6.3", "an empty Content-Length is invalid", body_get([("Content-Length", "")], b""), [400], True)
case("cl-decimal-point", "RFC 9112 §6.3", "'5.0' is not 1*DIGIT", body_get([("Content-Length", "5.0")], b"hello"), [400], True)
case("cl-huge", "RFC 9112 §6.3 / RFC 9110 §8.6", "recipients MUST anticipate large numbers and prevent overflow",
     body_get([("Content-Length", "99999999999999999999999999")], b""), [{400, 413}], True)
case("cl-over-limit", "RFC 9110 §15.5.14", "a body larger than the server accepts gets 413 before it is read",
     body_get([("Content-Length", "999999999")], b""), [413], True)
case("cl-duplicate-differing", "RFC 9112 §6.3", "differing Content-Length values: 400 and close",
     body_get([("Content-Length", "5"), ("Content-Length", "6")], b"hello!"), [400], True)
case("cl-duplicate-equal", "RFC 9110 §8.6", "a repeated Content-Length MAY be rejected; cordon does (as llhttp), and closes",
     body_get([("Content-Length", "5"), ("Content-Length", "5")], b"hello") + HEALTH, [400], True)
case("cl-list-equal", "RFC 9110 §8.6", "a Content-Length list MAY be rejected; cordon does, and closes",
     body_get([("Content-Length", "5, 5")], b"hello") + HEALTH, [400], True)
case("cl-trailing-ows", "RFC 9110 §5.5", "OWS around a field value is not part of it: 'Content-Length: 5<TAB>' is 5",
     body_get([("Content-Length", "5\t")], b"hello") + HEALTH, [200, 200], False)
case("cl-list-differing", "RFC 9112 §6.3", "a list of differing values is unrecoverable", body_get([("Content-Length", "5, 6")], b"hello!"), [400], True)
case("cl-list-empty-element", "RFC 9110 §8.6", "'5,' is not a valid Content-Length", body_get([("Content-Length", "5,")], b"hello"), [400], True)
case("cl-short-body-timeout-free", "RFC 9112 §8", "a body shorter than announced is incomplete: no response until it arrives",
     [body_get([("Content-Length", "10")], b"hel"), b"lo worl" + HEALTH], [200, 200], False, pause=0.2)
case("cl-split-across-writes", "RFC 9112 §6.2", "framing does not depend on TCP segmentation",
     [b"GET /healthz HTTP/1.1\r\nHo", b"st: a\r\nContent-Len", b"gth: 3\r\n\r\nab", b"cGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"],
     [200, 200], False, pause=0.05)

# --------------------------------------------------------------------------------------- chunked

CHUNKED = ("Transfer-Encoding", "chunked")
case("chunked-basic", "RFC 9112 §7.1", "a chunked body ends at the zero chunk; the next request follows",
     body_get([CHUNKED], b"5\r\nhello\r\n0\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-upper-hex", "RFC 9112 §7.1", "chunk-size = 1*HEXDIG (either case)",
     body_get([CHUNKED], b"A\r\n0123456789\r\n0\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-leading-zeros", "RFC 9112 §7.1", "leading zeros in chunk-size are HEXDIGs",
     body_get([CHUNKED], b"0005\r\nhello\r\n0000\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-extension", "RFC 9112 §7.1.1", "a recipient MUST ignore unrecognized chunk extensions",
     body_get([CHUNKED], b"5;name=value;flag\r\nhello\r\n0;last\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-extension-quoted", "RFC 9112 §7.1.1", "a quoted chunk-ext-val is ignored too",
     body_get([CHUNKED], b"5;n=\"v\"\r\nhello\r\n0\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-trailer", "RFC 9112 §7.1.2", "trailer fields are read and the message ends after them",
     body_get([CHUNKED], b"5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n") + HEALTH, [200, 200], False)
case("chunked-trailer-bad", "RFC 9112 §7.1.2 / §5.1", "a malformed trailer field is a malformed message",
     body_get([CHUNKED], b"5\r\nhello\r\n0\r\nX-Bad : abc\r\n\r\n"), [400], True)
case("chunked-size-no-digits", "RFC 9112 §7.1", "chunk-size needs at least one HEXDIG", body_get([CHUNKED], b";x\r\n\r\n0\r\n\r\n"), [400], True)
case("chunked-size-sign", "RFC 9112 §7.1", "a sign is not a HEXDIG", body_get([CHUNKED], b"+5\r\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-size-0x", "RFC 9112 §7.1", "'0x5' is not a chunk-size", body_get([CHUNKED], b"0x5\r\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-size-overflow", "RFC 9112 §7.1", "recipients MUST anticipate large hex numbers and prevent overflow",
     body_get([CHUNKED], b"FFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-size-over-limit", "RFC 9110 §15.5.14", "a chunk announcing more than the body limit gets 413 at once, not after the bytes",
     body_get([CHUNKED], b"7FFFFFFF\r\n" + b"x" * 100), [413], True)
case("chunked-missing-crlf-after-data", "RFC 9112 §7.1", "chunk-data is followed by CRLF",
     body_get([CHUNKED], b"5\r\nhelloXX0\r\n\r\n"), [400], True)
case("chunked-data-longer-than-size", "RFC 9112 §7.1", "the size governs: extra bytes break the framing",
     body_get([CHUNKED], b"3\r\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-bare-lf-size", "RFC 9112 §7.1 / §2.2", "bare LF after chunk-size is refused", body_get([CHUNKED], b"5\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-space-after-size", "RFC 9112 §7.1 / §11.2", "whitespace after a chunk size is refused (h11 and llhttp do; a smuggling vector)",
     body_get([CHUNKED], b"5 ;a=b\r\nhello\r\n0\r\n\r\n") + HEALTH, [400], True)
case("te-trailing-comma", "RFC 9112 §6.1 / §11.2", "'chunked,' is refused: the framing field gets no empty-element leniency",
     body_get([("Transfer-Encoding", "chunked,")], b"0\r\n\r\n"), [400], True)
case("chunked-ext-control", "RFC 9112 §7.1.1", "a control character in a chunk extension is refused", body_get([CHUNKED], b"5;a\x00\r\nhello\r\n0\r\n\r\n"), [400], True)
case("chunked-split-writes", "RFC 9112 §7.1", "chunked framing does not depend on segmentation",
     [body_get([CHUNKED], b"5\r"), b"\nhel", b"lo\r\n0\r", b"\n\r\n" + HEALTH], [200, 200], False, pause=0.05)
case("chunked-http10", "RFC 9112 §6.1", "Transfer-Encoding in HTTP/1.0 means faulty framing: treat as error, close",
     req(version="HTTP/1.0", headers=(CHUNKED,), body=b"5\r\nhello\r\n0\r\n\r\n"), [400], True)

# --------------------------------------------------------------------------------------- smuggling

case("cl-te-both", "RFC 9112 §6.1 / §6.3", "CL and TE together: server MAY reject, MUST close after (we reject)",
     body_get([("Content-Length", "4"), CHUNKED], b"5\r\nhello\r\n0\r\n\r\n"), [400], True)
case("te-cl-both", "RFC 9112 §6.1", "TE then CL order makes no difference", body_get([CHUNKED, ("Content-Length", "30")], b"0\r\n\r\n" + HEALTH), [400], True)
case("cl-te-smuggle-classic", "RFC 9112 §6.1", "CL.TE: a smuggled prefix never reaches the router",
     body_get([("Content-Length", "6"), CHUNKED], b"0\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n"), [400], True)
case("te-xchunked", "RFC 9112 §6.1", "an unknown transfer coding gets 501 and is never read as chunked",
     body_get([("Transfer-Encoding", "xchunked")], b"0\r\n\r\n"), [{501, 400}], True)
case("te-chunked-identity", "RFC 9112 §6.3", "chunked not final in a request: 400 and close",
     body_get([("Transfer-Encoding", "chunked, identity")], b"0\r\n\r\n"), [400], True)
case("te-identity-chunked", "RFC 9112 §6.1 / RFC 7230 removed identity", "identity is no longer a transfer coding: unknown → 501",
     body_get([("Transfer-Encoding", "identity, chunked")], b"0\r\n\r\n"), [{501, 400}], True)
case("te-chunked-twice", "RFC 9112 §7", "a sender MUST NOT apply chunked more than once",
     body_get([("Transfer-Encoding", "chunked, chunked")], b"0\r\n\r\n"), [400], True)
case("te-two-lines", "RFC 9112 §7 / RFC 9110 §5.3", "two TE lines combine into one list",
     body_get([CHUNKED, CHUNKED], b"0\r\n\r\n"), [400], True)
case("te-tab-value", "RFC 9110 §5.5", "OWS (HTAB) around a value is not part of it: still chunked",
     body_get([("Transfer-Encoding", "\tchunked")], b"5\r\nhello\r\n0\r\n\r\n") + HEALTH, [200, 200], False)
case("te-vertical-tab", "RFC 9110 §5.5 / §6.1", "VT is not OWS: the value is not 'chunked' and is never treated as such",
     body_get([("Transfer-Encoding", "\x0bchunked")], b"0\r\n\r\n"), [{400, 501}], True)
case("te-space-before-colon", "RFC 9112 §5.1", "'Transfer-Encoding :' MUST be rejected with 400",
     body_get([("Transfer-Encoding ", "chunked"), ("Content-Length", "5")], b"0\r\n\r\n"), [400], True)
case("te-obs-fold", "RFC 9112 §5.2", "TE continued by obs-fold is rejected",
     raw("GET /healthz HTTP/1.1\nHost: a\nTransfer-Encoding:\n chunked\nContent-Length: 5\n\n") + b"0\r\n\r\n", [400], True)
case("te-uppercase", "RFC 9112 §7", "transfer-coding names are case-insensitive: CHUNKED is chunked",
     body_get([("Transfer-Encoding", "CHUNKED")], b"5\r\nhello\r\n0\r\n\r\n") + HEALTH, [200, 200], False)
case("te-chunked-suffix", "RFC 9112 §6.1", "'chunkedx' is an unknown coding", body_get([("Transfer-Encoding", "chunkedx")], b"0\r\n\r\n"), [{501, 400}], True)
case("te-quoted", "RFC 9112 §6.1", "a quoted \"chunked\" is not the chunked coding", body_get([("Transfer-Encoding", '"chunked"')], b"0\r\n\r\n"), [{501, 400}], True)
case("te-empty", "RFC 9112 §6.1", "an empty Transfer-Encoding leaves no final chunked", body_get([("Transfer-Encoding", "")], b""), [400], True)
case("te-gzip-chunked", "RFC 9112 §6.1", "a transfer coding the server does not implement gets 501",
     body_get([("Transfer-Encoding", "gzip, chunked")], b"0\r\n\r\n"), [501], True)
case("te-header-name-variant", "RFC 9110 §5.1", "field names are case-insensitive: transfer-ENCODING is TE",
     body_get([("transfer-ENCODING", "chunked"), ("Content-Length", "3")], b"0\r\n\r\n"), [400], True)
case("smuggle-cl-on-pipelined-get", "RFC 9112 §6.3", "a body on a GET is framed by its Content-Length, not skipped",
     body_get([("Content-Length", "31")], b"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n") + HEALTH, [200, 200], False)
case("events-cl-framing", "RFC 9112 §6.2", "POST /v1/events: whatever the status, the connection stays in sync or closes",
     events([("Content-Length", "2")], b"{}") + HEALTH, [ANY], None, in_sync=True)
case("events-chunked-framing", "RFC 9112 §7.1", "POST /v1/events chunked: status opaque, never a framing error",
     events([CHUNKED], b"2\r\n{}\r\n0\r\n\r\n") + HEALTH, [ANY], None, in_sync=True)

# --------------------------------------------------------------------------------------- Expect

case("expect-100-continue", "RFC 9110 §10.1.1", "server sends 100 Continue before reading an expected body",
     [body_get([("Content-Length", "5"), ("Expect", "100-continue")], b""), b"hello" + HEALTH], [200, 200], False, pause=0.3,
     check=interim_before(100))
case("expect-100-no-body", "RFC 9110 §10.1.1", "no 100 Continue when there is no body to read",
     req(headers=(("Host", "a"), ("Expect", "100-continue"))), [200], False, check=no_interim)
case("expect-100-http10", "RFC 9110 §10.1.1", "server MUST NOT send 100 Continue to an HTTP/1.0 client",
     req(version="HTTP/1.0", headers=(("Expect", "100-continue"), ("Content-Length", "5")), body=b"hello"), [200], True, check=no_interim)
case("expect-unknown", "RFC 9110 §10.1.1", "an unsupported expectation MAY get 417", req(headers=(("Host", "a"), ("Expect", "bananas"))), [417], False)
case("expect-unknown-with-body", "RFC 9110 §10.1.1", "417 before the body; the unread body forces a close",
     body_get([("Content-Length", "5"), ("Expect", "bananas")], b"hello"), [417], True)
case("expect-case-insensitive", "RFC 9110 §10.1.1", "100-continue is compared case-insensitively",
     [body_get([("Content-Length", "2"), ("Expect", "100-Continue")], b""), b"ok"], [200], False, pause=0.3, check=interim_before(100))
case("expect-refused-route", "RFC 9110 §10.1.1", "a refused request gets its final status instead of 100, then close",
     [req("POST", "/nope", headers=(("Host", "a"), ("Content-Length", "5"), ("Expect", "100-continue")))], [404], True, check=no_interim)

# --------------------------------------------------------------------------------------- pipelining and connection

case("pipeline-three", "RFC 9112 §9.3.2", "a server MUST send responses in the order the requests were received",
     HEALTH + req(target="/nope") + req(target="/readyz"), [200, 404, {200, 503}], False)
case("pipeline-ten", "RFC 9112 §9.3.2", "ten pipelined requests in one write are all answered in order",
     b"".join(req(target="/healthz" if i % 2 == 0 else "/x%d" % i) for i in range(10)), [200 if i % 2 == 0 else 404 for i in range(10)], False)
case("pipeline-bad-in-middle", "RFC 9112 §9.3.2 / §11.2", "earlier answers are sent, then 400 for the bad one and close",
     HEALTH + HEALTH + b"GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n" + HEALTH, [200, 200, 400], True)
case("pipeline-close-in-middle", "RFC 9112 §9.6", "after a Connection: close request, the server MUST NOT process further requests",
     HEALTH + HEALTH_CLOSE + HEALTH, [200, 200], True)
case("pipeline-split", "RFC 9112 §9.3.2", "pipelined requests split mid-line are reassembled",
     [HEALTH + HEALTH[:10], HEALTH[10:] + HEALTH], [200, 200, 200], False, pause=0.05)
case("keepalive-sequential", "RFC 9112 §9.3", "HTTP/1.1 connections persist by default", [HEALTH, HEALTH, HEALTH], [200, 200, 200], False, pause=0.05)
case("head-pipelined-with-body-route", "RFC 9110 §9.3.2", "HEAD of a 404 carries no content either",
     req("HEAD", target="/nope") + HEALTH, [404, 200], False, heads=(0,))
case("error-response-is-problem-json", "RFC 9457 §3", "errors are application/problem+json",
     req(headers=()), [400], True, check=has_header("content-type", "application/problem+json"))
case("keepalive-after-404", "RFC 9112 §9.3", "a 404 without a body keeps the connection", req(target="/nope") + HEALTH, [404, 200], False)
case("close-after-refused-body", "RFC 9112 §9.6 / §6.3", "a refused request whose body was not read closes the connection",
     req("POST", "/nope", headers=(("Host", "a"), ("Content-Length", "30"))) + b"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n", [404], True)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    port = int(sys.argv[1])
    verbose = "--verbose" in sys.argv
    names = set()
    passed = failed = 0
    for item in CASES:
        assert item.name not in names, "duplicate case name %s" % item.name
        names.add(item.name)
        try:
            problem = run_case(port, item)
        except Exception as error:  # a crash of the harness is a failed case, never a silent pass
            problem = "harness error: %r" % (error,)
        if problem:
            failed += 1
            print("FAIL %-34s %s — %s\n     %s" % (item.name, item.section, item.must, problem))
        else:
            passed += 1
            if verbose:
                print("ok   %-34s %s — %s" % (item.name, item.section, item.must))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
