#!/usr/bin/env python3
"""Time to contain and to finish forensics: Cordon against the sequential boto3 runbook, side by side.

Starts moto and a delay proxy in front of it (every AWS call costs DELAY_MS, as real AWS APIs answer in tens to
hundreds of milliseconds), builds two identical fixtures, runs runbook_boto3.py on one and Cordon on the other
(a GuardDuty finding POSTed to /v1/events, then the forensics action), and prints both timings as JSON.

usage: bench_runbook.py CORDON_BINARY [DELAY_MS] [ROUNDS]
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The admin token this script gives Cordon through CORDON_BOOTSTRAP_TOKEN.
TOKEN = "bench-" + os.urandom(16).hex()
SAMPLE = os.path.join(HERE, "..", "..", "..", "shared", "testdata", "events", "guardduty", "eventbridge_cloud_custodian",
                      "ec2-duty-event.json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def request(port: int, method: str, path: str, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if data:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, json.loads(payload) if payload else None


def finding_about(instance_id: str, round_number: int) -> dict:
    with open(SAMPLE) as f:
        event = json.load(f)
    detail = event["detail"]
    detail["resource"]["instanceDetails"]["instanceId"] = instance_id
    detail["severity"] = 8
    detail["id"] = f"bench-{instance_id}-{round_number}"
    detail["updatedAt"] = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return event


def wait_until(port: int, incident_id: str, done) -> dict:
    while True:
        _, incident = request(port, "GET", f"/v1/incidents/{incident_id}")
        if done(incident):
            return incident
        if incident["status"] == "failed":
            raise SystemExit(f"incident failed: {json.dumps(incident['steps'], indent=1)}")
        time.sleep(0.01)


def cordon_round(binary: str, proxy_url: str, fixture: dict, round_number: int) -> dict:
    port = free_port()
    env = dict(os.environ, AWS_ENDPOINT_URL=proxy_url, AWS_REGION=fixture["region"], AWS_ACCESS_KEY_ID="AKIDCORDON",
               AWS_SECRET_ACCESS_KEY="cordon-secret", CORDON_BOOTSTRAP_TOKEN=TOKEN, CORDON_FORENSIC_AMI=fixture["forensicAmiId"],
               CORDON_FORENSIC_SUBNET=fixture["forensicSubnetId"],
               CORDON_FORENSIC_SECURITY_GROUP=fixture["forensicSecurityGroupId"])
    with tempfile.TemporaryDirectory() as data, open(os.path.join(data, "cordon.log"), "w") as log:
        server = subprocess.Popen([binary, "--port", str(port), "--data-dir", os.path.join(data, "d")], env=env,
                                  stderr=log)
        try:
            wait_for_port(port)
            started = time.monotonic()
            status, receipt = request(port, "POST", "/v1/events", finding_about(fixture["instanceId"], round_number))
            if status != 202 or not receipt["incidents"]:
                raise SystemExit(f"the finding opened no incident: {status} {receipt}")
            incident_id = receipt["incidents"][0]["id"]
            wait_until(port, incident_id, lambda i: i["status"] == "contained")
            contained = time.monotonic()
            status, _ = request(port, "POST", f"/v1/incidents/{incident_id}/actions", {"action": "forensics"})
            if status != 202:
                raise SystemExit(f"forensics action answered {status}")
            forensic_started = time.monotonic()
            wait_until(port, incident_id, lambda i: i["status"] == "contained" and i["playbook"] == "forensics"
                       and all(s["status"] == "succeeded" for s in i["steps"]))
            finished = time.monotonic()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"containSeconds": round(contained - started, 3),
            "totalSeconds": round((contained - started) + (finished - forensic_started), 3)}


def main() -> None:
    binary = sys.argv[1]
    delay = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    moto_port, proxy_port = free_port(), free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([sys.executable, os.path.join(HERE, "delay_proxy.py"), str(proxy_port),
                              f"http://127.0.0.1:{moto_port}", str(delay)])
    try:
        wait_for_port(moto_port)
        wait_for_port(proxy_port)
        moto_url, proxy_url = f"http://127.0.0.1:{moto_port}", f"http://127.0.0.1:{proxy_port}"
        results = []
        for round_number in range(rounds):
            fixtures = []
            for _ in range(2):
                out = subprocess.run([sys.executable, os.path.join(HERE, "fixture.py"), moto_url],
                                     check=True, capture_output=True, text=True).stdout
                fixtures.append(json.loads(out))
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(fixtures[0], f)
            peer = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "runbook_boto3.py"), proxy_url, f.name,
                                              f"BENCH-{round_number}"], check=True, capture_output=True,
                                             text=True).stdout)
            os.unlink(f.name)
            cordon = cordon_round(binary, proxy_url, fixtures[1], round_number)
            results.append({"round": round_number + 1, "boto3": peer, "cordon": cordon,
                            "containRatio": round(cordon["containSeconds"] / peer["containSeconds"], 3),
                            "totalRatio": round(cordon["totalSeconds"] / peer["totalSeconds"], 3)})
            print(json.dumps(results[-1]), flush=True)
        ratios = sorted(r["totalRatio"] for r in results)
        print(json.dumps({"delayMs": delay, "rounds": rounds, "medianTotalRatio": ratios[len(ratios) // 2],
                          "medianContainRatio": sorted(r["containRatio"] for r in results)[len(results) // 2]}))
    finally:
        proxy.terminate()
        moto.terminate()


if __name__ == "__main__":
    main()
