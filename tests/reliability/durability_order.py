#!/usr/bin/env python3
"""Durability order and disk faults, read from strace.

Part 1 runs Cordon under `strace -f -tt -y -yy` on a fresh data directory and drives each write path one request
at a time, each on its own connection (its client port names its socket in the trace):
  events    POST /v1/events (CloudTrail file, GuardDuty finding)  -> journal segment
  incidents POST /v1/incidents, POST .../actions {"action":"close"} -> incidents/<id>.json and the audit log
Checks from the trace: before the `HTTP/1.1 2` bytes go out on that socket, the journal write of an event has
completed its fsync; an incident's temporary file was fsynced before its rename to incidents/<id>.json, and the
incidents directory was fsynced after the rename; every audit.log write was fsynced. And every create (openat
O_CREAT), rename and mkdir in the data directory is followed by an fsync of its directory.

Part 2 attaches strace to a running Cordon (so startup is untouched) with a fault scoped by `-P` to one data
path, and checks that the request that depended on it gets a 5xx, never a 2xx, and what the service does next.

usage: durability_order.py CORDON_BINARY
"""
import glob
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid

from harness import CLOUDTRAIL_CORPUS, TOKEN, Cordon, Tally, finding_about, free_port

TRACED = "write,writev,pwrite64,fsync,fdatasync,rename,renameat,renameat2,openat,sendto,sendmsg,send,mkdir"
LINE = re.compile(r"^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$")
CALL = re.compile(r"^(\w+)\((.*)$")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
FD_PATH = re.compile(r"^(\d+)<((?:TCP|TCPv6|UDP|UNIX):\[[^\]]*\]|[^>]*)>")
RESULT = re.compile(r"\)\s+=\s+(-?\d+)")


class Call:
    """One system call: name, arguments as text, result, and its entry and exit positions in the trace."""

    def __init__(self, pid: str, name: str, args: str, entry: int) -> None:
        self.pid, self.name, self.args, self.entry, self.exit, self.result = pid, name, args, entry, entry, None

    def finish(self, rest: str, position: int) -> None:
        self.exit = position
        self.args += rest
        match = RESULT.search(rest)
        self.result = int(match.group(1)) if match else None

    @property
    def fd_path(self) -> str | None:
        match = FD_PATH.match(self.args)
        return match.group(2) if match else None

    def strings(self) -> list[str]:
        return re.findall(r'"((?:[^"\\]|\\.)*)"', self.args)


def parse(trace_path: str) -> list[Call]:
    calls, open_calls = [], {}
    with open(trace_path) as f:
        for position, line in enumerate(f):
            match = LINE.match(line.rstrip("\n"))
            if not match:
                continue
            pid, body = match.group(1), match.group(3)
            resumed = RESUMED.match(body)
            if resumed:
                call = open_calls.pop(pid, None)
                if call:
                    call.finish(resumed.group(2), position)
                continue
            call_match = CALL.match(body)
            if not call_match:
                continue
            call = Call(pid, call_match.group(1), call_match.group(2), position)
            calls.append(call)
            if body.endswith("<unfinished ...>"):
                open_calls[pid] = call
            else:
                call.finish("", position)
                match = RESULT.search(body)
                call.result = int(match.group(1)) if match else None
    return calls


def synced_after(calls: list[Call], path: str, after: int, before: int) -> bool:
    """Whether an fsync/fdatasync of `path` started after position `after` and succeeded before `before`."""
    return any(c.name in ("fsync", "fdatasync") and c.fd_path == path and c.entry > after and c.exit < before
               and c.result == 0 for c in calls)


def response_send(calls: list[Call], client_port: int) -> Call | None:
    marker = f"->127.0.0.1:{client_port}]"
    for c in calls:
        if c.name in ("sendto", "sendmsg", "send", "write", "writev") and marker in (c.fd_path or "") \
                and '"HTTP/1.1 ' in c.args:
            return c
    return None


def request(port: int, method: str, path: str, body=None) -> tuple[int, dict | None, int]:
    """One request on a fresh connection; returns status, JSON body and the client's port."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.connect()
    client_port = conn.sock.getsockname()[1]
    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else None)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    conn.request(method, path, body=raw, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = None
    return response.status, parsed, client_port


def environment() -> dict:
    # No AWS endpoint: workflows fail fast with the credential error, so the trace is about the API's writes.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return dict(env, CORDON_BOOTSTRAP_TOKEN=TOKEN, AWS_EC2_METADATA_DISABLED="true")


def order(binary: str, scratch: str, tally: Tally) -> None:
    data = os.path.join(scratch, "order-data")
    trace = os.path.join(scratch, "order.trace")
    port = free_port()
    cordon = Cordon(binary, data, environment(), os.path.join(scratch, "order.log"), port=port,
                    prefix=["strace", "-f", "-tt", "-y", "-yy", "-s", "48", "-qq", "-o", trace, "-e",
                            f"trace={TRACED}"])
    corpus = sorted(glob.glob(os.path.join(CLOUDTRAIL_CORPUS, "*.json")))
    exchanges = []  # (kind, status, body, client port)
    try:
        for path in corpus[:3]:
            with open(path, "rb") as f:
                exchanges.append(("events", *request(port, "POST", "/v1/events", f.read())))
        exchanges.append(("events", *request(port, "POST", "/v1/events",
                                             finding_about("i-0abc1234def567890", f"order-{uuid.uuid4().hex}"))))
        for n in range(3):
            status, body, client = request(port, "POST", "/v1/incidents",
                                           {"target": {"instanceId": f"i-00000000000000{n:03d}"},
                                            "reference": f"ORDER-{n}", "region": "us-east-1"})
            exchanges.append(("incident", status, body, client))
            if body and "id" in body:
                exchanges.append(("incident", *request(port, "POST", f"/v1/incidents/{body['id']}/actions",
                                                       {"action": "close"})))
                exchanges[-1] = ("incident", exchanges[-1][1], body, exchanges[-1][3])
        time.sleep(1)
    finally:
        cordon.stop()
    calls = parse(trace)
    data = os.path.realpath(data)
    journal_files = {c.fd_path for c in calls if c.fd_path and c.fd_path.startswith(data + "/journal/")}
    audit_log = os.path.join(data, "audit", "audit.log")
    previous_send = -1
    for kind, status, body, client in exchanges:
        name = f"{kind} {status} {(body or {}).get('id', '')} (client port {client})"
        send = response_send(calls, client)
        if not tally.check(send is not None and 200 <= status < 300, f"order: {name}: a 2xx was sent",
                           f"status {status}, send found: {send is not None}"):
            continue
        window = [c for c in calls if previous_send < c.entry < send.entry]
        if kind == "events" and (body or {}).get("accepted", 0) > 0:
            writes = [c for c in window if c.name in ("write", "writev", "pwrite64") and c.fd_path in journal_files]
            tally.check(bool(writes) and synced_after(calls, writes[-1].fd_path, writes[-1].exit, send.entry),
                        f"order: {name}: journal write fsynced before the 2xx",
                        f"{len(writes)} journal writes in the window")
        if kind == "incident":
            target = os.path.join(data, "incidents", f"{body['id']}.json")
            renames = [c for c in window if c.name.startswith("rename") and target in c.strings()]
            ok = bool(renames)
            for rename in renames:
                temporary = next(s for s in rename.strings() if s != target)
                ok &= synced_after(calls, temporary, -1, rename.entry)
                ok &= synced_after(calls, os.path.join(data, "incidents"), rename.exit, send.entry)
            tally.check(ok, f"order: {name}: temp fsynced, renamed, directory fsynced, then the 2xx",
                        f"{len(renames)} renames onto {target}")
        if kind == "incident":
            # The command's audit record; workflow steps running in the background write theirs in the same window.
            audited = [c for c in window if c.fd_path == audit_log and c.name in ("write", "writev", "pwrite64")
                       and synced_after(calls, audit_log, c.exit, send.entry)]
            tally.check(bool(audited), f"order: {name}: an audit record written and fsynced before the 2xx")
        previous_send = send.entry

    # Every create, rename and mkdir in the data directory is followed by an fsync of its directory.
    changes = []
    for c in calls:
        strings = [s for s in c.strings() if s.startswith(data)]
        if c.name == "openat" and "O_CREAT" in c.args and c.result is not None and c.result >= 0 and strings:
            changes.append((c, strings[0]))
        elif c.name.startswith("rename") and c.result == 0 and len(strings) == 2:
            changes.append((c, strings[1]))
        elif c.name == "mkdir" and c.result == 0 and strings:
            changes.append((c, strings[0]))
    unsynced = [f"line {c.entry}: {c.name} {path}" for c, path in changes
                if not synced_after(calls, os.path.dirname(path), c.exit, len(calls) * 10)]
    audit_writes = [c for c in calls if c.fd_path == audit_log and c.name in ("write", "writev", "pwrite64")]
    unsynced_audit = [c.entry for c in audit_writes if not synced_after(calls, audit_log, c.exit, len(calls) * 10)]
    tally.check(bool(audit_writes) and not unsynced_audit, f"order: all {len(audit_writes)} audit writes fsynced",
                f"unsynced at lines {unsynced_audit[:5]}")
    tally.check(bool(changes) and not unsynced, f"order: {len(changes)} creates/renames/mkdirs followed by a directory "
                "fsync", "; ".join(unsynced[:5]))
    print(json.dumps({"traceLines": sum(1 for _ in open(trace)), "calls": len(calls), "exchanges": len(exchanges),
                      "directoryChanges": len(changes)}), flush=True)


def attach(pid: int, path: str, fault: str, log: str) -> subprocess.Popen:
    """strace attached to every thread of `pid`, injecting `fault` (e.g. fsync:error=EIO) only on `path`."""
    syscall = fault.split(":")[0]
    tracer = subprocess.Popen(["strace", "-f", "-qq", "-p", str(pid), "-o", log, "-e", f"trace={syscall}",
                               "-e", f"inject={fault}", "-P", path])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/status") as f:
            if re.search(r"^TracerPid:\s+[1-9]", f.read(), re.M):
                time.sleep(0.3)  # threads are attached one by one
                return tracer
        time.sleep(0.05)
    raise RuntimeError("strace did not attach")


def faults(binary: str, scratch: str, tally: Tally) -> None:
    cases = [
        ("journal fsync EIO", "journal/00000001.seg", "fsync:error=EIO", "events"),
        ("journal write ENOSPC", "journal/00000001.seg", "write:error=ENOSPC", "events"),
        ("incidents directory fsync EIO", "incidents", "fsync:error=EIO", "incident"),
        ("audit write ENOSPC", "audit/audit.log", "write:error=ENOSPC", "incident"),
    ]
    for number, (label, relative, fault, kind) in enumerate(cases):
        data = os.path.join(scratch, f"fault-data-{number}")
        log = os.path.join(scratch, f"fault-{number}.log")
        cordon = Cordon(binary, data, environment(), log)
        try:
            segment = glob.glob(os.path.join(data, "journal", "*"))
            path = os.path.join(os.path.realpath(data), relative if not relative.startswith("journal/")
                                else os.path.relpath(segment[0], data))
            finding = finding_about("i-0abc1234def567890", f"fault-{uuid.uuid4().hex}")
            opening = {"target": {"instanceId": "i-0fa0170000000000a"}, "reference": f"FAULT-{number}",
                       "region": "us-east-1"}
            tracer = attach(cordon.process.pid, path, fault, os.path.join(scratch, f"fault-{number}.trace"))
            try:
                if kind == "events":
                    status, body = cordon.request("POST", "/v1/events", finding)
                else:
                    status, body = cordon.request("POST", "/v1/incidents", opening)
            finally:
                tracer.terminate()
                tracer.wait(timeout=30)
            tally.check(status >= 500, f"fault: {label}: the dependent request is not acknowledged",
                        f"{status} {body}")
            # What the service does next, with the disk healthy again: recorded in docs/RELIABILITY.md.
            if kind == "events":
                after, after_body = cordon.request("POST", "/v1/events", finding)
            else:
                after, after_body = cordon.request("POST", "/v1/incidents", dict(opening, target={"instanceId": "i-0fa0170000000000b"}, reference=f"FAULT-{number}b"))
            ready, _ = cordon.request("GET", "/readyz")
            print(json.dumps({"case": label, "status": status, "detail": (body or {}).get("detail", "")[:200],
                              "nextRequest": after, "nextDetail": (after_body or {}).get("detail", "")[:160],
                              "readyz": ready}), flush=True)
            if fault.startswith("fsync") and kind == "events":
                tally.check(after >= 500 and ready == 503,
                            f"fault: {label}: the journal stays stopped and /readyz says so until a restart",
                            f"next {after}, readyz {ready}")
            else:
                tally.check(200 <= after < 300, f"fault: {label}: the next request succeeds once the disk is back",
                            f"{after} {after_body}")
            alive = cordon.process.poll() is None
            tally.check(alive, f"fault: {label}: the process keeps serving", f"exit {cordon.process.returncode}")
        finally:
            cordon.stop()
        # A restart recovers: the store opens and the audit chain verifies.
        cordon = Cordon(binary, data, environment(), log)
        try:
            status, body = cordon.request("POST", "/v1/events", finding_about("i-0abc1234def567890",
                                                                              f"after-{uuid.uuid4().hex}"))
            tally.check(status == 202, f"fault: {label}: after a restart events are acknowledged", f"{status} {body}")
            code, message = cordon.audit_verify()
            tally.check(code == 0, f"fault: {label}: audit verify after restart", message)
        finally:
            cordon.stop()


def main() -> int:
    binary = sys.argv[1]
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="cordon-durability-") as scratch:
        order(binary, scratch, tally)
        faults(binary, scratch, tally)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
