#!/usr/bin/env python3
"""Differential test of cordon's HTTP/1.1 request parser against h11 and llhttp.

Mutates a seed corpus of requests (byte mutations and structural ones: duplicated headers,
Content-Length and Transfer-Encoding variants, chunk sizes, whitespace, line ends, versions) and feeds
every mutant to three parsers, judging the first request of each:
  cordon  the engine's own parser, through Fuzz/ParserVerdict (one process, length-framed on stdin)
  h11     (PyPI h11) as a server connection
  llhttp  (PyPI llhttp, strict defaults) as a request parser, paused at the end of the first message
Verdicts: accept (method, target, body bytes, bytes consumed), reject, or incomplete (needs more bytes).

Rules (failures):
  R1  cordon never accepts a request that both h11 and llhttp reject;
  R2  when cordon and llhttp both accept, they agree on framing: body bytes and bytes consumed.
Everything else is a disagreement class, counted and printed with one example each (cordon stricter
than the others is fine when an RFC rule says so; see docs/RELIABILITY.md).

Usage: differential.py VERDICT_BINARY [COUNT] [--seed N]
Last line printed: "N passed, N failed"; exit status 1 on any failure.
"""
import random
import re
import struct
import subprocess
import sys
import threading
from collections import Counter

import h11
import llhttp

# ------------------------------------------------------------------------------------------------ corpus

SEEDS = [
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /healthz?x=1 HTTP/1.1\r\nHost: cordon\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n",
    b"GET / HTTP/1.0\r\n\r\n",
    b"GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    b"HEAD /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    b"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"Records\":1}",
    b"POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
    b"PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nTrailer-A: v\r\n\r\n",
    b"POST /x HTTP/1.0\r\nContent-Length: 4\r\n\r\nbody",
    b"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n",
    b"DELETE /v1/incidents/abc HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\n\r\n",
]

INTERESTING = b"\r\n \t\x0b\x0c\x00,;:=\"0123456789aAfF+-/\x7f\x80\xff"
CL_VALUES = [b"0", b"5", b"13", b"05", b"+5", b"-1", b" 5", b"5 ", b"5,5", b"5, 5", b"5,6", b"0x5", b"",
             b"99999999999999999999", b"1e3", b"5\x0b", b"00000000000000000005"]
TE_VALUES = [b"chunked", b"Chunked", b"CHUNKED", b" chunked", b"chunked ", b"\tchunked", b"chunked, identity",
             b"identity, chunked", b"xchunked", b"chunkedx", b"\x0bchunked", b"chunked\x0b", b"gzip, chunked",
             b"chunked, chunked", b"chunked,", b",chunked", b"\"chunked\"", b"", b"identity"]
CHUNK_SIZES = [b"0", b"1", b"5", b"05", b"0005", b"A", b"a", b"3;x", b"5 ", b"5\t;x=y", b"+5", b"-1", b"0x5",
               b"ffffffffffffffffff", b"5;\x00", b"5;x=\"a b\"", b" 5", b"g"]


def header_lines(message):
    head, sep, rest = message.partition(b"\r\n\r\n")
    return head.split(b"\r\n"), sep, rest


def join(lines, sep, rest):
    return b"\r\n".join(lines) + sep + rest


def mutate_bytes(data, rng):
    if not data:
        return bytes([rng.choice(INTERESTING)])
    kind = rng.randrange(6)
    at = rng.randrange(len(data))
    if kind == 0:  # replace one byte
        return data[:at] + bytes([rng.choice(INTERESTING)]) + data[at + 1:]
    if kind == 1:  # insert one byte
        return data[:at] + bytes([rng.choice(INTERESTING)]) + data[at:]
    if kind == 2:  # delete a short run
        return data[:at] + data[at + rng.randint(1, 3):]
    if kind == 3:  # flip a bit
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
    if kind == 4:  # duplicate a short range
        end = min(len(data), at + rng.randint(1, 16))
        return data[:end] + data[at:end] + data[end:]
    return data[:at] + rng.choice([b"\r\n", b"\n", b"\r", b" ", b"\t"]) + data[at:]


def mutate_structure(data, rng):
    lines, sep, rest = header_lines(data)
    kind = rng.randrange(9)
    if kind == 0 and len(lines) > 1:  # duplicate a header line
        line = rng.choice(lines[1:])
        lines.insert(rng.randint(1, len(lines)), line)
    elif kind == 1:  # add or replace Content-Length
        lines = [l for l in lines if not l.lower().startswith(b"content-length") or rng.random() < 0.3]
        lines.insert(rng.randint(1, len(lines)), b"Content-Length: " + rng.choice(CL_VALUES))
    elif kind == 2:  # add or replace Transfer-Encoding
        lines = [l for l in lines if not l.lower().startswith(b"transfer-encoding") or rng.random() < 0.3]
        name = rng.choice([b"Transfer-Encoding", b"transfer-encoding", b"Transfer-Encoding ", b"Transfer_Encoding", b" Transfer-Encoding"])
        lines.insert(rng.randint(1, len(lines)), name + b":" + rng.choice([b" ", b"", b"\t"]) + rng.choice(TE_VALUES))
    elif kind == 3:  # rewrite a chunk size line in the body
        parts = rest.split(b"\r\n")
        candidates = [i for i, p in enumerate(parts) if re.fullmatch(rb"[0-9a-fA-F]+(;.*)?", p or b"-")]
        if candidates:
            parts[rng.choice(candidates)] = rng.choice(CHUNK_SIZES)
            rest = b"\r\n".join(parts)
    elif kind == 4 and len(lines) > 1:  # whitespace around a colon or before a line
        i = rng.randrange(1, len(lines))
        ws = rng.choice([b" ", b"\t", b"\x0b", b"  "])
        line = lines[i]
        colon = line.find(b":")
        if colon >= 0 and rng.random() < 0.6:
            at = colon if rng.random() < 0.5 else colon + 1
            line = line[:at] + ws + line[at:]
        else:
            line = ws + line
        lines[i] = line
    elif kind == 5:  # request-line damage: spaces, method case, version
        method, _, tail = lines[0].partition(b" ")
        target, _, version = tail.rpartition(b" ")
        choice = rng.randrange(5)
        if choice == 0:
            method = method.lower()
        elif choice == 1:
            version = rng.choice([b"HTTP/1.0", b"HTTP/1.2", b"HTTP/2.0", b"HTTP/1", b"http/1.1", b"HTTP/1.10", b"HTTP/0.9"])
        elif choice == 2:
            lines[0] = method + rng.choice([b"  ", b"\t", b" "]) + target + rng.choice([b"  ", b" ", b"\t"]) + version
            return join(lines, sep, rest)
        elif choice == 3:
            target = rng.choice([b"*", b"http://a/b", b"a:80", b"/a b", b"/a#f", b"//x", b"/%zz", b"/" + b"a" * 200])
        else:
            method = rng.choice([b"GET", b"POST", b"HEAD", b"OPTIONS", b"CONNECT", b"BREW", b"G(T", b"PATCH"])
        lines[0] = method + b" " + target + b" " + version
    elif kind == 6:  # bare LF line ends somewhere
        i = rng.randrange(len(lines))
        return b"\r\n".join(lines[:i]) + (b"\r\n" if i else b"") + b"\n".join(lines[i:]) + sep + rest
    elif kind == 7:  # obs-fold a header
        if len(lines) > 1:
            i = rng.randrange(1, len(lines))
            lines.insert(i + 1, rng.choice([b" ", b"\t"]) + b"folded")
    else:  # drop or duplicate Host
        hosts = [i for i, l in enumerate(lines) if l.lower().startswith(b"host")]
        if hosts and rng.random() < 0.5:
            del lines[hosts[0]]
        else:
            lines.insert(1, b"Host: b")
    return join(lines, sep, rest)


def mutant(rng):
    data = rng.choice(SEEDS)
    for _ in range(rng.randint(1, 3)):
        data = mutate_structure(data, rng) if rng.random() < 0.55 else mutate_bytes(data, rng)
    return data


# ------------------------------------------------------------------------------------------------ oracles

class LLRequest(llhttp.Request):
    def __init__(self):
        self.url = b""
        self.body = 0
        self.done = False

    def on_url(self, chunk):
        self.url += bytes(chunk)

    def on_body(self, chunk):
        self.body += len(chunk)

    def on_message_complete(self):
        self.done = True
        self.pause()  # stop at the first message so `execute` returns the bytes it consumed


def llhttp_verdict(data):
    parser = LLRequest()
    try:
        consumed = parser.execute(data)
    except Exception as error:  # llhttp raises one exception class per error code
        return ("reject", type(error).__name__)
    if parser.done:
        return ("accept", parser.method, parser.url.decode("latin-1"), parser.body, consumed)
    return ("incomplete",)


def h11_verdict(data):
    connection = h11.Connection(h11.SERVER)
    connection.receive_data(data)
    method = target = None
    body = 0
    try:
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return ("incomplete",)
            if isinstance(event, h11.Request):
                method, target = event.method.decode("latin-1"), event.target.decode("latin-1")
            elif isinstance(event, h11.Data):
                body += len(event.data)
            elif isinstance(event, h11.EndOfMessage):
                return ("accept", method, target, body, len(data) - len(connection.trailing_data[0]))
    except h11.RemoteProtocolError as error:
        return ("reject", re.sub(r"[:(].*", "", str(error)).strip() or "error")


class CordonParser:
    """Streams length-framed requests through Fuzz/ParserVerdict and reads one verdict line each."""

    def __init__(self, binary):
        self.binary = binary

    def verdicts(self, requests):
        process = subprocess.Popen([self.binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

        def feed():
            for data in requests:
                process.stdin.write(struct.pack(">I", len(data)) + data)
            process.stdin.close()

        writer = threading.Thread(target=feed)
        writer.start()
        lines = process.stdout.read().decode("latin-1").splitlines()
        writer.join()
        process.wait()
        if process.returncode != 0 or len(lines) != len(requests):
            raise SystemExit("ParserVerdict exited %d after %d of %d verdicts" % (process.returncode, len(lines), len(requests)))
        result = []
        for line in lines:
            parts = line.split(" ", 2)
            if parts[0] == "accept":
                method, target, body, consumed = line.split(" ")[1:]
                result.append(("accept", method, target, int(body), int(consumed)))
            elif parts[0] == "reject":
                result.append(("reject", parts[1], re.sub(r"'[^']*'", "'x'", re.sub(r"\d+", "N", parts[2])) if len(parts) > 2 else ""))
            else:
                result.append(("incomplete",))
        return result


# ------------------------------------------------------------------------------------------------ judging

def classify(cordon, h11v, llv):
    """Returns (failure or None, disagreement class or None)."""
    c, h, l = cordon[0], h11v[0], llv[0]
    if c == "accept" and h == "reject" and l == "reject":
        return "R1 cordon accepts what h11 and llhttp reject (llhttp %s; h11 %s)" % (llv[1], h11v[1]), None
    if c == "accept" and l == "accept":
        if cordon[3:5] != llv[3:5]:
            return "R2 framing differs from llhttp (body, consumed) cordon %s llhttp %s" % (cordon[3:5], llv[3:5]), None
        if cordon[1:3] != llv[1:3]:
            return None, "method/target read differently from llhttp"
        return None, None if h == "accept" else "cordon and llhttp accept, h11 %s" % (h11v[1] if h == "reject" else h)
    if c == "reject":
        if l == "reject" and h == "reject":
            return None, None
        others = "+".join(name for name, v in (("llhttp", l), ("h11", h)) if v == "accept") or "others incomplete"
        return None, "cordon rejects %s [%s] where %s accept" % (cordon[1], cordon[2], others)
    if c == "accept":  # llhttp incomplete or rejecting (h11 accepting or incomplete)
        return None, "cordon accepts, llhttp %s%s, h11 %s" % (l, " " + llv[1] if l == "reject" else "", h)
    # cordon incomplete
    if l == "accept" or h == "accept":
        return None, "cordon needs more bytes where %s accept" % "+".join(n for n, v in (("llhttp", l), ("h11", h)) if v == "accept")
    if l == "reject" and h == "reject":
        return None, "cordon needs more bytes where both reject"
    return None, None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    binary = args[0]
    count = int(args[1]) if len(args) > 1 else 100_000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    requests = list(SEEDS) + [mutant(rng) for _ in range(count - len(SEEDS))]
    cordon = CordonParser(binary).verdicts(requests)
    failures = Counter()
    classes = Counter()
    examples = {}
    verdicts = Counter()
    for data, c in zip(requests, cordon):
        h, l = h11_verdict(data), llhttp_verdict(data)
        verdicts[(c[0], h[0], l[0])] += 1
        failure, disagreement = classify(c, h, l)
        key = failure or disagreement
        if failure:
            failures[key] += 1
        elif disagreement:
            classes[key] += 1
        if key and key not in examples:
            examples[key] = data
    print("differential: %d requests (seed %d), verdict triples (cordon, h11, llhttp):" % (len(requests), seed))
    for (c, h, l), n in verdicts.most_common():
        print("  %7d  %-10s %-10s %-10s" % (n, c, h, l))
    print("disagreement classes (not failures):")
    for key, n in classes.most_common():
        print("  %7d  %s\n           e.g. %r" % (n, key, examples[key][:160]))
    if failures:
        print("FAILURES:")
        for key, n in failures.most_common():
            print("  %7d  %s\n           e.g. %r" % (n, key, examples[key][:200]))
    failed = sum(failures.values())
    print("%d passed, %d failed" % (len(requests) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
