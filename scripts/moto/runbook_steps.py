#!/usr/bin/env python3
"""Where Cordon's runbook time goes: one incident through the delay proxy, each step's start and end.

Runs the same incident as bench_runbook.py (a GuardDuty finding -> contained, then the forensics action) and prints
every step's start and end in seconds from the first step's start, with its request count (docs/PERFORMANCE.md).

usage: runbook_steps.py CORDON_BINARY [DELAY_MS]
"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime

import bench_runbook as bench


def seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def main() -> None:
    binary = sys.argv[1]
    delay = sys.argv[2] if len(sys.argv) > 2 else "50"
    moto_port, proxy_port, port = bench.free_port(), bench.free_port(), bench.free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([sys.executable, os.path.join(bench.HERE, "delay_proxy.py"), str(proxy_port),
                              f"http://127.0.0.1:{moto_port}", delay])
    server = None
    try:
        bench.wait_for_port(moto_port)
        bench.wait_for_port(proxy_port)
        fixture = json.loads(subprocess.run([sys.executable, os.path.join(bench.HERE, "fixture.py"),
                                             f"http://127.0.0.1:{moto_port}"], check=True, capture_output=True,
                                            text=True).stdout)
        env = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{proxy_port}", AWS_REGION=fixture["region"],
                   AWS_ACCESS_KEY_ID="AKIDCORDON", AWS_SECRET_ACCESS_KEY="cordon-secret",
                   CORDON_BOOTSTRAP_TOKEN=bench.TOKEN, CORDON_FORENSIC_AMI=fixture["forensicAmiId"],
                   CORDON_FORENSIC_SUBNET=fixture["forensicSubnetId"],
                   CORDON_FORENSIC_SECURITY_GROUP=fixture["forensicSecurityGroupId"])
        data = tempfile.mkdtemp()
        server = subprocess.Popen([binary, "--port", str(port), "--data-dir", os.path.join(data, "d")], env=env,
                                  stderr=open(os.path.join(data, "cordon.log"), "w"))
        bench.wait_for_port(port)
        _, receipt = bench.request(port, "POST", "/v1/events", bench.finding_about(fixture["instanceId"], 0))
        incident_id = receipt["incidents"][0]["id"]
        bench.wait_until(port, incident_id, lambda i: i["status"] == "contained")
        bench.request(port, "POST", f"/v1/incidents/{incident_id}/actions", {"action": "forensics"})
        incident = bench.wait_until(port, incident_id, lambda i: i["status"] == "contained"
                                    and i["playbook"] == "forensics" and all(s["status"] == "succeeded" for s in i["steps"]))
        first = min(seconds(s["startedAt"]) for s in incident["steps"])
        for step in sorted(incident["steps"], key=lambda s: seconds(s["startedAt"])):
            start, end = seconds(step["startedAt"]) - first, seconds(step["endedAt"]) - first
            print(f'{step["name"]:32} {start:6.3f} -> {end:6.3f}  ({end - start:.3f} s, {len(step["awsRequestIds"])} requests)')
    finally:
        if server:
            server.terminate()
        proxy.terminate()
        moto.terminate()


if __name__ == "__main__":
    main()
