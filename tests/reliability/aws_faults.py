#!/usr/bin/env python3
"""AWS faults: containment, forensics and access-key workflows through fault_proxy.py in front of moto.

For each seed, a fresh fixture and a fresh Cordon: a GuardDuty finding opens a contain-instance incident, then the
forensics action runs on it; an exposed-key incident (POST /v1/incidents with the fixture's access key) runs
contain-access-key. The proxy throttles (EC2 and Query envelopes), answers 500/503, drops responses after moto
acted, delays, and skews Date on a share of requests. Checks:
  - every workflow completes, or fails with a clear error (every failed step says why, with the AWS code);
  - no AWS resource made twice (check_containment.py: one snapshot per volume, one workstation, one volume per
    snapshot, one isolation group per role);
  - retries are bounded: at the proxy, no identical request is sent more than CLIENT_ATTEMPTS x STEP_ATTEMPTS
    times in a row after faults (AWSClient's standard mode makes 3 attempts; a workflow step 3).

usage: aws_faults.py CORDON_BINARY [SEEDS=4] [RATE=0.25]
"""
import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid

from harness import (Cordon, Moto, Tally, containment_report, cordon_environment, duplicate_resources,
                     finding_about)

CLIENT_ATTEMPTS = 3  # AWSClient RetryPolicy.maxAttempts (standard mode)
STEP_ATTEMPTS = 3  # Domain RetryPolicy.maxAttempts
TIMEOUT = 240.0


def settle(cordon: Cordon, incident_id: str, done) -> dict:
    """Polls until the incident is failed or `done` says it finished; gives up at TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        status, incident = cordon.request("GET", f"/v1/incidents/{incident_id}")
        if status == 200 and (incident["status"] == "failed" or done(incident)):
            return incident
        if time.monotonic() > deadline:
            return incident
        time.sleep(0.2)


def finished(playbook: str):
    return lambda i: i["playbook"] == playbook and i["status"] in ("contained", "failed") and \
        all(s["status"] in ("succeeded", "failed", "skipped") for s in i["steps"])


def explain(incident: dict) -> tuple[bool, str]:
    """Whether the incident completed or failed clearly, and a one-line account of it."""
    steps = incident.get("steps", [])
    summary = ", ".join(f"{s['name']}={s['status']}" for s in steps)
    if incident.get("status") == "contained" and all(s["status"] == "succeeded" for s in steps):
        return True, f"contained: {summary}"
    if incident.get("status") == "failed":
        unclear = [s["name"] for s in steps if s["status"] == "failed" and not s.get("error")]
        errors = "; ".join(f"{s['name']}: {s.get('error')}" for s in steps if s["status"] == "failed")
        return not unclear, f"failed ({errors}) unclear: {unclear}"
    return False, f"{incident.get('status')}: {summary}"


def main() -> int:
    binary = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    rate = sys.argv[3] if len(sys.argv) > 3 else "0.25"
    tally = Tally()
    outcomes = {"completed": 0, "failedClearly": 0}
    began = time.monotonic()
    for seed in range(1, seeds + 1):
        with tempfile.TemporaryDirectory(prefix="cordon-faults-") as scratch:
            moto = Moto("fault_proxy.py", [rate, str(seed)], scratch)
            cordon = None
            try:
                fixture = moto.fixture()
                cordon = Cordon(binary, os.path.join(scratch, "data"), cordon_environment(moto.proxy_url, fixture),
                                os.path.join(scratch, "cordon.log"))
                status, receipt = cordon.request("POST", "/v1/events",
                                                 finding_about(fixture["instanceId"], f"faults-{uuid.uuid4().hex}"))
                tally.check(status == 202 and receipt["incidents"], f"seed {seed}: finding opens an incident",
                            f"{status} {receipt}")
                instance_incident = receipt["incidents"][0]["id"]
                status, key_incident = cordon.request("POST", "/v1/incidents", {
                    "target": {"accessKeyId": fixture["accessKeyId"]}, "reference": f"FAULTS-{seed}",
                    "region": fixture["region"]})
                tally.check(status in (201, 202), f"seed {seed}: access-key incident opened", f"{status} {key_incident}")
                contained = settle(cordon, instance_incident, finished("contain-instance"))
                if contained["status"] == "contained":
                    status, answer = cordon.request("POST", f"/v1/incidents/{instance_incident}/actions",
                                                    {"action": "forensics"})
                    tally.check(status == 202, f"seed {seed}: forensics accepted", f"{status} {answer}")
                    contained = settle(cordon, instance_incident, finished("forensics"))
                results = [("instance", contained)]
                if key_incident and "id" in key_incident:
                    results.append(("access key", settle(cordon, key_incident["id"], finished(key_incident["playbook"]))))
                for label, incident in results:
                    clear, account = explain(incident)
                    outcomes["completed" if incident.get("status") == "contained" else "failedClearly"] += clear
                    tally.check(clear, f"seed {seed}: {label} workflow completes or fails clearly", account)
                    print(f"seed {seed}: {label} {account}", flush=True)

                report = containment_report(moto.url, fixture, [instance_incident], scratch)
                duplicates = duplicate_resources(report, fixture, moto.url)
                tally.check(not duplicates, f"seed {seed}: no duplicate AWS resources", "; ".join(duplicates))
                if contained["status"] == "contained":
                    found = report["incidents"][instance_incident]
                    tally.check(len(found["snapshots"]) == len(fixture["volumeIds"]) and len(found["workstations"]) == 1,
                                f"seed {seed}: one snapshot per volume and one workstation",
                                json.dumps(found)[:400])

                with urllib.request.urlopen(moto.proxy_url + "/__faults", timeout=10) as response:
                    counts = json.load(response)
                longest = max(c["longestFaultRun"] for c in counts)
                tally.check(longest <= CLIENT_ATTEMPTS * STEP_ATTEMPTS, f"seed {seed}: retries bounded",
                            json.dumps([c for c in counts if c["longestFaultRun"] > CLIENT_ATTEMPTS * STEP_ATTEMPTS]))
                faults = {}
                for c in counts:
                    for kind, n in c["faults"].items():
                        faults[kind] = faults.get(kind, 0) + n
                print(json.dumps({"seed": seed, "requests": sum(c["requests"] for c in counts), "faults": faults,
                                  "longestRunOfAttemptsAfterFaults": longest}), flush=True)
            finally:
                if cordon:
                    cordon.stop()
                log = os.path.join(scratch, "cordon.log")
                if tally.failed and os.path.exists(log):
                    print(open(log).read()[-2000:])
                moto.stop()
    print(json.dumps({"seeds": seeds, "rate": float(rate), "seconds": round(time.monotonic() - began), **outcomes}))
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
