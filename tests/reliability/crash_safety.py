#!/usr/bin/env python3
"""Crash safety: rounds of concurrent ingestion and running workflows, `kill -9` at a random moment, restart.

Each round, on one data directory kept across rounds and one moto server behind delay_proxy.py:
  1. start Cordon; POST a GuardDuty finding about a fresh fixture instance (opens a contain-instance incident) and
     the forensics action on the previous round's contained incident, so both workflows are in flight;
  2. CLIENTS threads POST CloudTrail log files from the invictus corpus (every eventID made unique per POST) and
     more findings about the instance, recording every 202 and its body;
  3. after a random 0.2-3 s, SIGKILL; restart on the same data directory;
  4. check: every acknowledged POST, re-sent byte for byte, is all duplicates (nothing acknowledged was lost);
     every file in incidents/ parses; `cordon audit verify` passes; every incident's workflow finishes (no
     incident left `containing`; this round's is contained, the previous one's forensics all succeeded);
     check_containment.py shows no AWS resource made twice.

usage: crash_safety.py CORDON_BINARY [ROUNDS=100] [SEED]
"""
import glob
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from harness import (CLOUDTRAIL_CORPUS, Cordon, Moto, Tally, containment_report, cordon_environment,
                     duplicate_resources, finding_about)

CLIENTS = 4
DELAY_MS = "20"
WORKFLOW_TIMEOUT = 120.0


def cloudtrail_bodies(rng: random.Random):
    """Endless CloudTrail log objects from the corpus, each record with a fresh eventID so every POST is new."""
    files = sorted(glob.glob(os.path.join(CLOUDTRAIL_CORPUS, "*.json")))
    documents = []
    for path in files:
        with open(path) as f:
            documents.append(json.load(f))
    while True:
        document = rng.choice(documents)
        records = [dict(r, eventID=str(uuid.UUID(int=rng.getrandbits(128)))) for r in document["Records"]]
        yield json.dumps({"Records": records}).encode(), len(records)


class Load:
    """The clients of one round; each acknowledged POST is kept with its exact bytes and answer."""

    def __init__(self, cordon: Cordon, instance_id: str, rng: random.Random) -> None:
        self.cordon = cordon
        self.instance_id = instance_id
        self.rng = rng
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: list[tuple[bytes, int, dict]] = []  # (body, events in it, 202 body)
        self.refused: list[str] = []
        self.threads = [threading.Thread(target=self.cloudtrail_client, args=(i,)) for i in range(CLIENTS - 1)]
        self.threads.append(threading.Thread(target=self.finding_client))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def post(self, raw: bytes, events: int) -> None:
        try:
            status, answer = self.cordon.request("POST", "/v1/events", raw=raw, timeout=30)
        except OSError:
            return  # the kill cut it off: never acknowledged, so nothing is owed
        with self.lock:
            if status == 202:
                self.acknowledged.append((raw, events, answer))
            else:
                self.refused.append(f"{status} {answer}")

    def cloudtrail_client(self, index: int) -> None:
        bodies = cloudtrail_bodies(random.Random(self.rng.random() + index))
        while not self.stop.is_set():
            raw, events = next(bodies)
            self.post(raw, events)

    def finding_client(self) -> None:
        while not self.stop.is_set():
            finding = finding_about(self.instance_id, f"crash-{uuid.uuid4().hex}")
            self.post(json.dumps(finding).encode(), 1)
            time.sleep(0.05)


def wait_for_workflows(cordon: Cordon, contained: str, forensics: str | None) -> tuple[list[str], dict]:
    """Waits until no incident is `containing`, the round's incident is contained and the previous one's forensics
    finished; returns what is still wrong at the deadline (empty when all finished) and the incidents by ID."""
    deadline = time.monotonic() + WORKFLOW_TIMEOUT
    while True:
        incidents = {i["id"]: i for i in cordon.incidents()}
        problems = [f"{i['id']} still containing: " + ", ".join(f"{s['name']}={s['status']}" for s in i["steps"])
                    for i in incidents.values() if i["status"] == "containing"]
        mine = incidents.get(contained)
        if mine is None or mine["status"] != "contained":
            problems.append(f"{contained} is {mine and mine['status']}: {mine and mine['steps']}")
        if forensics:
            previous = incidents.get(forensics)
            if previous is None or previous["playbook"] != "forensics" or previous["status"] != "contained" \
                    or not all(s["status"] == "succeeded" for s in previous["steps"]):
                problems.append(f"{forensics} forensics: {previous and previous['status']}: "
                                + ", ".join(f"{s['name']}={s['status']}" for s in (previous or {}).get("steps", [])))
        failed = [p for p in problems if " is failed" in p]
        if not problems or failed or time.monotonic() > deadline:
            return problems, incidents
        time.sleep(0.2)


def run_round(number: int, binary: str, moto: Moto, fixture: dict, data_dir: str, scratch: str,
              previous: tuple[dict, str] | None, rng: random.Random, tally: Tally, figures: dict) -> str | None:
    env = cordon_environment(moto.proxy_url, fixture)
    log = os.path.join(scratch, "cordon.log")
    cordon = Cordon(binary, data_dir, env, log)
    first = finding_about(fixture["instanceId"], f"crash-open-{number}-{uuid.uuid4().hex}")
    status, receipt = cordon.request("POST", "/v1/events", first)
    if not tally.check(status == 202 and receipt["incidents"], f"round {number}: finding opens an incident",
                       f"{status} {receipt}"):
        cordon.stop()
        return None
    incident_id = receipt["incidents"][0]["id"]
    if previous:
        status, answer = cordon.request("POST", f"/v1/incidents/{previous[1]}/actions", {"action": "forensics"})
        tally.check(status == 202, f"round {number}: forensics on {previous[1]}", f"{status} {answer}")
    load = Load(cordon, fixture["instanceId"], rng)
    load.start()
    time.sleep(rng.uniform(0.2, 3.0))
    cordon.kill9()
    load.join()
    figures["acknowledged_posts"] += len(load.acknowledged)
    figures["acknowledged_events"] += sum(events for _, events, _ in load.acknowledged)
    tally.check(not load.refused, f"round {number}: no POST refused before the kill", "; ".join(load.refused[:3]))

    started = time.monotonic()
    cordon = Cordon(binary, data_dir, env, log)
    figures["restart_seconds"].append(time.monotonic() - started)
    try:
        # Nothing acknowledged is lost: every acknowledged body, sent again, is all duplicates.
        lost = []
        for raw, events, answer in load.acknowledged:
            status, again = cordon.request("POST", "/v1/events", raw=raw)
            if status != 202 or again.get("accepted") != 0 or again.get("duplicates") != events:
                lost.append(f"first {answer}, again {status} {again}")
        tally.check(not lost, f"round {number}: acknowledged events known after restart",
                    f"{len(lost)} of {len(load.acknowledged)}: {lost[:2]}")

        incident_dir = os.path.join(data_dir, "incidents")
        unreadable = []
        for name in os.listdir(incident_dir):
            if name.startswith("."):
                continue
            try:
                with open(os.path.join(incident_dir, name)) as f:
                    json.load(f)
            except ValueError as error:
                unreadable.append(f"{name}: {error}")
        tally.check(not unreadable, f"round {number}: every incident file parses", "; ".join(unreadable[:3]))
        code, message = cordon.audit_verify()
        tally.check(code == 0, f"round {number}: cordon audit verify", message)

        problems, incidents = wait_for_workflows(cordon, incident_id, previous[1] if previous else None)
        tally.check(not problems, f"round {number}: every workflow resumes and finishes", "; ".join(problems[:3]))
        figures["incidents"] = len(incidents)

        checked = [(fixture, incident_id)] + ([previous] if previous else [])
        for checked_fixture, checked_incident in checked:
            report = containment_report(moto.url, checked_fixture, [checked_incident], scratch)
            duplicates = duplicate_resources(report, checked_fixture, moto.url)
            tally.check(not duplicates, f"round {number}: no duplicate AWS resources for {checked_incident}",
                        "; ".join(duplicates))
    finally:
        cordon.stop()
    return incident_id


def main() -> int:
    binary = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"crash safety: {rounds} rounds, seed {seed}", flush=True)
    tally = Tally()
    figures = {"acknowledged_posts": 0, "acknowledged_events": 0, "restart_seconds": [], "incidents": 0}
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cordon-crash-") as scratch:
        moto = Moto("delay_proxy.py", [DELAY_MS], scratch)
        data_dir = os.path.join(scratch, "data")
        previous = None
        try:
            with ThreadPoolExecutor(max_workers=1) as builder:
                upcoming = builder.submit(moto.fixture)
                for number in range(1, rounds + 1):
                    fixture = upcoming.result()
                    upcoming = builder.submit(moto.fixture)  # built while this round runs
                    incident = run_round(number, binary, moto, fixture, data_dir, scratch, previous, rng, tally,
                                         figures)
                    previous = (fixture, incident) if incident else None
                    print(f"round {number}: {tally.passed} passed, {tally.failed} failed so far "
                          f"({time.monotonic() - began:.0f} s)", flush=True)
        finally:
            moto.stop()
            if tally.failed:
                print(f"cordon log tail:\n{open(os.path.join(scratch, 'cordon.log')).read()[-3000:]}")
    restarts = sorted(figures["restart_seconds"])
    print(json.dumps({"rounds": rounds, "seed": seed, "seconds": round(time.monotonic() - began),
                      "acknowledgedPosts": figures["acknowledged_posts"],
                      "acknowledgedEvents": figures["acknowledged_events"], "incidents": figures["incidents"],
                      "medianRestartSeconds": round(restarts[len(restarts) // 2], 3) if restarts else None,
                      "maxRestartSeconds": round(restarts[-1], 3) if restarts else None}), flush=True)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
