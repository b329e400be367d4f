#!/usr/bin/env bash
# Try Cordon with no AWS account: starts moto on loopback, builds a sample environment in it (an instance with two
# network interfaces and three volumes, behind a classic ELB and an ALB target group, in an Auto Scaling group;
# an IAM user with an access key), builds and starts Cordon against it, shows the instance before, sends a
# Trusted Advisor exposed-key event for the user's key and a GuardDuty finding about the instance, prints each
# incident's steps as they complete, runs forensics, shows the instance after, and stops everything it started.
#
#   scripts/demo.sh              # every AWS call goes straight to moto
#   DELAY_MS=100 scripts/demo.sh # every AWS call waits 100 ms first (scripts/moto/delay_proxy.py), as AWS would
#
# Only 127.0.0.1 is contacted (moto's first install needs PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
DELAY_MS="${DELAY_MS:-0}"
DEADLINE_SECONDS="${DEADLINE_SECONDS:-120}"

python_has() { python3 -c "import $1" >/dev/null 2>&1; }
if ! command -v moto_server >/dev/null 2>&1 || ! python_has flask_cors || ! python_has boto3; then
    echo "== installing moto[server] and boto3"
    python3 -m pip install --quiet 'moto[server]' boto3
fi

echo "== building cordon"
swift build --product cordon >/dev/null
bin="$(swift build --show-bin-path)/cordon"

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # URL: until it answers, for up to 60 s
    for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "nothing answers at $1" >&2; exit 1
}

moto_port="$(free_port)"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
moto="http://127.0.0.1:$moto_port"
wait_for "$moto/moto-api/"
aws="$moto"
if [ "$DELAY_MS" -gt 0 ]; then
    proxy_port="$(free_port)"
    python3 scripts/moto/delay_proxy.py "$proxy_port" "$moto" "$DELAY_MS" &
    pids+=($!)
    aws="http://127.0.0.1:$proxy_port"
    wait_for "$aws/moto-api/"
fi
echo "== moto on $moto (AWS calls through $aws)"

echo "== building the sample environment (scripts/moto/fixture.py)"
python3 scripts/moto/fixture.py "$moto" >"$work/fixture.json"
field() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/fixture.json" "$1"; }
instance="$(field instanceId)"; key="$(field accessKeyId)"; user="$(field userName)"; region="$(field region)"
echo "instance $instance, IAM user $user with access key $key, in $region"

# What check_containment.py reports, in a few lines.
cat >"$work/show.py" <<'PY'
import json, sys
r = json.load(sys.stdin)
i = r["instance"]
print(f"  termination protection {i['disableApiTermination']}, stop protection {i['disableApiStop']}, "
      f"shutdown behaviour {i['shutdownBehavior']}")
print(f"  tags {i['tags']}")
for eni, groups in sorted(i["interfaceGroups"].items()):
    print(f"  {eni} in {groups}")
print(f"  Auto Scaling groups {r['autoScalingGroups']}; in the classic ELB {r['classicLoadBalancerInstances']}; "
      f"target group targets {r['targetGroupTargets']}")
print(f"  access keys {r['accessKeyStatus']}; user policies {sorted(r['userPolicies'])}")
for incident, res in sorted(r["incidents"].items()):
    snapshots = {s["snapshotId"] for s in res["snapshots"]}
    print(f"  {incident}: {len(snapshots)} snapshots {[s['description'] for s in res['snapshots']][:1]}, "
          f"{len(res['workstations'])} forensic workstation(s) with "
          f"{sum(1 for v in res['volumes'] if v['snapshotId'] in snapshots and v['attachedTo'])} volume(s) made from them")
PY
show_state() { python3 scripts/moto/check_containment.py "$moto" "$work/fixture.json" "$@" | python3 "$work/show.py"; }
echo "== before"
show_state

token="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
AWS_ENDPOINT_URL="$aws" AWS_REGION="$region" AWS_ACCESS_KEY_ID=AKIDDEMO AWS_SECRET_ACCESS_KEY=demo-secret \
CORDON_BOOTSTRAP_TOKEN="$token" CORDON_RESPONDER=demo CORDON_FORENSIC_AMI="$(field forensicAmiId)" \
CORDON_FORENSIC_SUBNET="$(field forensicSubnetId)" CORDON_FORENSIC_SECURITY_GROUP="$(field forensicSecurityGroupId)" \
    "$bin" --host 127.0.0.1 --port 0 --data-dir "$work/data" 2>"$work/cordon.log" &
pids+=($!)
port=""
for _ in $(seq 1 300); do
    port="$(grep -o '"msg":"started"[^}]*"port":[0-9]*' "$work/cordon.log" 2>/dev/null | grep -o '[0-9]*$' || true)"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/cordon.log" >&2; echo "cordon did not start" >&2; exit 1; }
cordon="http://127.0.0.1:$port"
echo "== cordon on $cordon (data in $work/data); the admin token is \$T below"

api() { curl -sS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

# Polls an incident, printing each step (but those named in SKIP) once it reaches a final status, until `contained`
# with every step done (or failed, or the deadline); prints the names it showed last, for the next call's SKIP.
follow() {  # INCIDENT_ID PLAYBOOK [SKIP, comma-separated]
    python3 - "$cordon" "$token" "$1" "$2" "$DEADLINE_SECONDS" "${3:-}" <<'PY'
import json, sys, time, urllib.request
base, token, incident, playbook, deadline = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], time.monotonic() + float(sys.argv[5])
shown = set(filter(None, sys.argv[6].split(",")))
def parse(t):
    return time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) + (float("0" + t[19:].rstrip("Z")) if "." in t else 0)
while True:
    request = urllib.request.Request(f"{base}/v1/incidents/{incident}", headers={"Authorization": f"Bearer {token}"})
    i = json.load(urllib.request.urlopen(request, timeout=10))
    for s in i["steps"]:
        if s["status"] in ("succeeded", "failed", "skipped") and s["name"] not in shown:
            shown.add(s["name"])
            seconds = parse(s["endedAt"]) - parse(s["startedAt"]) if s.get("startedAt") and s.get("endedAt") else 0
            extra = f" created {s['createdResourceIds']}" if s["createdResourceIds"] else ""
            extra += f" error: {s['error']}" if s.get("error") else ""
            print(f"  {s['name']:<32} {s['status']:<10} {seconds:6.2f} s{extra}", flush=True)
    done = i["playbook"] == playbook and i["steps"] and all(s["status"] == "succeeded" for s in i["steps"])
    if i["status"] in ("contained", "failed") and (done or i["status"] == "failed"):
        print(f"  -> {incident} is {i['status']}")
        sys.exit(0 if i["status"] == "contained" else 1)
    if time.monotonic() > deadline:
        sys.exit(f"  -> gave up after {sys.argv[5]} s: {i['status']}")
    time.sleep(0.1)
PY
}
incident_of() { python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["incidents"][0]["id"] if r["incidents"] else "")'; }

echo "== POST /v1/events: Trusted Advisor \"Exposed Access Keys\" for $key"
sed -e "s/ACCESS_KEY_ID_HERE/$key/" -e "s/\"test-user\"/\"$user\"/" \
    ../shared/testdata/events/health/trusted_advisor_tools/Exposed_Access_Keys__from_README.json >"$work/exposed-key.json"
receipt="$(api "$cordon/v1/events" --data-binary @"$work/exposed-key.json")"
echo "  $receipt"
key_incident="$(echo "$receipt" | incident_of)"
follow "$key_incident" contain-access-key

echo "== POST /v1/events: GuardDuty finding (severity 8) about $instance"
python3 - "$instance" "$region" >"$work/finding.json" <<'PY'
import json, sys, time
with open("../shared/testdata/events/guardduty/eventbridge_cloud_custodian/ec2-duty-event.json") as f:
    event = json.load(f)
event["region"] = event["detail"]["region"] = sys.argv[2]
event["detail"]["resource"]["instanceDetails"]["instanceId"] = sys.argv[1]
event["detail"]["severity"] = 8
event["detail"]["updatedAt"] = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
json.dump(event, sys.stdout)
PY
receipt="$(api "$cordon/v1/events" --data-binary @"$work/finding.json")"
echo "  $receipt"
instance_incident="$(echo "$receipt" | incident_of)"
echo "  the same finding again: $(api "$cordon/v1/events" --data-binary @"$work/finding.json")"
follow "$instance_incident" contain-instance
contained_steps="$(api "$cordon/v1/incidents/$instance_incident" | python3 -c 'import json, sys; print(",".join(s["name"] for s in json.load(sys.stdin)["steps"]))')"

echo "== POST /v1/incidents/$instance_incident/actions {\"action\": \"forensics\"}"
api "$cordon/v1/incidents/$instance_incident/actions" -d '{"action": "forensics"}' -o /dev/null -w "  %{http_code}\n"
echo "  (the containment steps already done are kept, not repeated)"
follow "$instance_incident" forensics "$contained_steps"

echo "== after"
show_state "$instance_incident"
echo "== done: every process this demo started is stopped on exit"
