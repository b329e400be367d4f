"""What the reliability suites share: free ports, moto behind a proxy, a Cordon process, HTTP calls, a tally.

Each suite (crash_safety.py, durability_order.py, aws_faults.py) imports this module; scripts/<suite>.sh runs it.
Everything listens on 127.0.0.1 only.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MOTO_SCRIPTS = os.path.join(ROOT, "scripts", "moto")
TESTDATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "testdata"))
GUARDDUTY_SAMPLE = os.path.join(TESTDATA, "events", "guardduty", "eventbridge_cloud_custodian", "ec2-duty-event.json")
CLOUDTRAIL_CORPUS = os.path.join(TESTDATA, "events", "cloudtrail", "invictus_aws_dataset")
# The admin token every suite gives Cordon through CORDON_BOOTSTRAP_TOKEN.
TOKEN = "reliability-" + os.urandom(12).hex()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


class Tally:
    """Counts checks and prints each failure; `finish` prints `N passed, N failed` last and gives the exit status."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, condition: bool, name: str, detail: str = "") -> bool:
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}", flush=True)
        return condition

    def finish(self) -> int:
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


class Moto:
    """moto_server and a proxy in front of it (delay_proxy.py or fault_proxy.py), both on loopback."""

    def __init__(self, proxy_script: str, proxy_args: list[str], log_dir: str) -> None:
        self.moto_port, self.proxy_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.moto_port}"
        self.proxy_url = f"http://127.0.0.1:{self.proxy_port}"
        self.moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(self.moto_port)],
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(log_dir, "moto.log"), "w"))
        self.proxy = subprocess.Popen([sys.executable, os.path.join(MOTO_SCRIPTS, proxy_script), str(self.proxy_port),
                                       self.url, *proxy_args],
                                      stdout=subprocess.DEVNULL, stderr=open(os.path.join(log_dir, "proxy.log"), "w"))
        wait_for_port(self.moto_port, process=self.moto)
        wait_for_port(self.proxy_port, process=self.proxy)

    def fixture(self) -> dict:
        """A fresh environment from fixture.py (instance with two ENIs and three volumes, ASG, ELBs, IAM user)."""
        out = subprocess.run([sys.executable, os.path.join(MOTO_SCRIPTS, "fixture.py"), self.url], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)

    def stop(self) -> None:
        for process in (self.proxy, self.moto):
            process.terminate()
            process.wait(timeout=30)


def cordon_environment(proxy_url: str, fixture: dict) -> dict:
    """The environment bench_runbook.py gives Cordon against moto, with the automatic-containment limit raised so a
    long suite's incidents all run (the default is 10 an hour, then approval)."""
    return dict(os.environ, AWS_ENDPOINT_URL=proxy_url, AWS_REGION=fixture["region"], AWS_ACCESS_KEY_ID="AKIDCORDON",
                AWS_SECRET_ACCESS_KEY="cordon-secret", CORDON_BOOTSTRAP_TOKEN=TOKEN,
                CORDON_FORENSIC_AMI=fixture["forensicAmiId"], CORDON_FORENSIC_SUBNET=fixture["forensicSubnetId"],
                CORDON_FORENSIC_SECURITY_GROUP=fixture["forensicSecurityGroupId"],
                CORDON_CONTAINMENTS_PER_HOUR="10000")


class Cordon:
    """One `cordon` process on a data directory; `prefix` runs it under another command (strace)."""

    def __init__(self, binary: str, data_dir: str, env: dict, log_path: str, prefix: list[str] | None = None,
                 port: int | None = None) -> None:
        self.port = port or free_port()
        self.binary = binary
        self.data_dir = data_dir
        self.log = open(log_path, "a")
        self.process = subprocess.Popen([*(prefix or []), binary, "--port", str(self.port), "--data-dir", data_dir],
                                        env=env, stdout=self.log, stderr=self.log)
        wait_for_port(self.port, process=self.process)

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()
                return
        self.log.close()

    def request(self, method: str, path: str, body=None, raw: bytes | None = None, timeout: float = 60):
        """One request on its own connection; returns (status, parsed JSON body or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
            headers = {"Authorization": f"Bearer {TOKEN}"}
            if data is not None:
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = {"raw": payload.decode(errors="replace")}
        return response.status, parsed

    def incidents(self) -> list[dict]:
        """Every incident, following the list's pages."""
        found, cursor = [], None
        while True:
            path = "/v1/incidents?limit=500" + (f"&cursor={cursor}" if cursor else "")
            status, page = self.request("GET", path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}: {page}")
            found += page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return found

    def audit_verify(self) -> tuple[int, str]:
        result = subprocess.run([self.binary, "audit", "verify", os.path.join(self.data_dir, "audit", "audit.log")],
                                capture_output=True, text=True)
        return result.returncode, (result.stdout + result.stderr).strip()


def finding_about(instance_id: str, finding_id: str, updated_at: str | None = None) -> dict:
    """The sample GuardDuty EventBridge event about `instance_id`, severity 8 (the shipped rules contain it)."""
    with open(GUARDDUTY_SAMPLE) as f:
        event = json.load(f)
    detail = event["detail"]
    detail["resource"]["instanceDetails"]["instanceId"] = instance_id
    detail["severity"] = 8
    detail["id"] = finding_id
    detail["updatedAt"] = updated_at or time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return event


def containment_report(endpoint: str, fixture: dict, incident_ids: list[str], scratch: str) -> dict:
    """check_containment.py's JSON for the fixture and incidents (independent of Cordon's code)."""
    path = os.path.join(scratch, f"fixture-{fixture['instanceId']}.json")
    with open(path, "w") as f:
        json.dump(fixture, f)
    out = subprocess.run([sys.executable, os.path.join(MOTO_SCRIPTS, "check_containment.py"), endpoint, path,
                          *incident_ids], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def duplicate_resources(report: dict, fixture: dict, endpoint: str) -> list[str]:
    """What check_containment.py's report shows was made twice: more than one snapshot of a volume, workstation or
    volume per snapshot for one incident, or more than one Cordon isolation group per role in the VPC (the report
    keys those by role, so they are counted here separately)."""
    import boto3
    problems = []
    for incident, found in report["incidents"].items():
        sources = [s["volumeId"] for s in found["snapshots"]]
        if len(sources) != len(set(sources)):
            problems.append(f"{incident}: snapshots {sources}")
        if len(found["workstations"]) > 1:
            problems.append(f"{incident}: {len(found['workstations'])} forensic workstations")
        from_snapshots = [v["snapshotId"] for v in found["volumes"] if v["snapshotId"]]
        if len(from_snapshots) != len(set(from_snapshots)):
            problems.append(f"{incident}: volumes from snapshots {from_snapshots}")
    ec2 = boto3.session.Session(aws_access_key_id="AKIDCHECKER", aws_secret_access_key="checker-secret",
                                region_name=fixture["region"]).client("ec2", endpoint_url=endpoint)
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [fixture["vpcId"]]},
                                                   {"Name": "tag-key", "Values": ["cordon:role"]}])["SecurityGroups"]
    roles = [next(t["Value"] for t in g["Tags"] if t["Key"] == "cordon:role") for g in groups]
    for role in set(roles):
        if roles.count(role) > 1:
            problems.append(f"{fixture['vpcId']}: {roles.count(role)} isolation groups with cordon:role={role}")
    return problems
