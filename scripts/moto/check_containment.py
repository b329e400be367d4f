#!/usr/bin/env python3
"""Reports, with boto3 and independently of Cordon's code, what the fixture looks like after Cordon acted on it.

The end-to-end tests compare this JSON with what containment, forensics and access-key response must leave behind:
the suspect instance's protection attributes, tags, ENI groups, Auto Scaling and load balancer membership (target
group targets with their ports); the Auto Scaling group's instances now (replacements); each incident's snapshots,
forensic workstations and their volumes; the quarantine group's rules; the access key, the user's inline policies
and tags; and resource counts (to show a repeated step created nothing). The release and dry-run tests compare two
of these reports whole or attribute by attribute.

usage: check_containment.py ENDPOINT_URL FIXTURE_JSON_FILE [INCIDENT_ID ...]
"""
import json
import sys

import boto3


def tags(items):
    return {t["Key"]: t["Value"] for t in items or []}


def main() -> None:
    endpoint, fixture_path, incident_ids = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(fixture_path) as f:
        fixture = json.load(f)
    session = boto3.session.Session(aws_access_key_id="AKIDCHECKER", aws_secret_access_key="checker-secret",
                                    region_name=fixture["region"])
    ec2 = session.client("ec2", endpoint_url=endpoint)
    asg = session.client("autoscaling", endpoint_url=endpoint)
    elb = session.client("elb", endpoint_url=endpoint)
    elbv2 = session.client("elbv2", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)
    instance_id = fixture["instanceId"]

    def attribute(name, key):
        return ec2.describe_instance_attribute(InstanceId=instance_id, Attribute=name)[key]["Value"]

    instance = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=fixture["networkInterfaceIds"])["NetworkInterfaces"]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [fixture["vpcId"]]}])["SecurityGroups"]
    cordon_groups = {tags(g.get("Tags")).get("cordon:role"): g for g in groups if "cordon:role" in tags(g.get("Tags"))}

    def rules(permissions):
        return [{"protocol": p["IpProtocol"], "ipv4": sorted(r["CidrIp"] for r in p.get("IpRanges", [])),
                 "ipv6": sorted(r["CidrIpv6"] for r in p.get("Ipv6Ranges", [])),
                 "groups": sorted(g["GroupId"] for g in p.get("UserIdGroupPairs", []))} for p in permissions]

    incidents = {}
    for incident in incident_ids:
        by_tag = [{"Name": "tag:cordon:incident", "Values": [incident]}]
        snapshots = ec2.describe_snapshots(OwnerIds=["self"], Filters=by_tag)["Snapshots"]
        workstations = [i for r in ec2.describe_instances(Filters=by_tag)["Reservations"] for i in r["Instances"]
                        if i["InstanceId"] != instance_id and i["State"]["Name"] != "terminated"]
        volumes = ec2.describe_volumes(Filters=by_tag)["Volumes"]
        incidents[incident] = {
            "snapshots": [{"snapshotId": s["SnapshotId"], "volumeId": s["VolumeId"], "description": s["Description"],
                           "state": s["State"], "tags": tags(s.get("Tags"))} for s in snapshots],
            "workstations": [{"instanceId": w["InstanceId"], "imageId": w["ImageId"], "subnetId": w.get("SubnetId"),
                              "groups": sorted(g["GroupId"] for g in w["SecurityGroups"]),
                              "tags": tags(w.get("Tags"))} for w in workstations],
            "volumes": [{"volumeId": v["VolumeId"], "snapshotId": v.get("SnapshotId"),
                         "availabilityZone": v["AvailabilityZone"],
                         "attachedTo": [a["InstanceId"] for a in v.get("Attachments", [])]} for v in volumes],
        }

    user = fixture["userName"]
    policies = {name: iam.get_user_policy(UserName=user, PolicyName=name)["PolicyDocument"]
                for name in iam.list_user_policies(UserName=user)["PolicyNames"]}
    reservations = ec2.describe_instances()["Reservations"]
    json.dump({
        "instance": {
            "disableApiTermination": attribute("disableApiTermination", "DisableApiTermination"),
            "disableApiStop": attribute("disableApiStop", "DisableApiStop"),
            "shutdownBehavior": attribute("instanceInitiatedShutdownBehavior", "InstanceInitiatedShutdownBehavior"),
            "tags": tags(instance.get("Tags")),
            "interfaceGroups": {e["NetworkInterfaceId"]: [g["GroupId"] for g in e["Groups"]] for e in enis},
        },
        "autoScalingGroups": [m["AutoScalingGroupName"] for m in
                              asg.describe_auto_scaling_instances(InstanceIds=[instance_id])["AutoScalingInstances"]],
        # Detaching keeps the group's desired capacity, so Auto Scaling launches replacements; counted here so a
        # test can tell them from duplicates.
        "autoScalingGroupInstances": [i["InstanceId"] for g in asg.describe_auto_scaling_groups(
            AutoScalingGroupNames=[fixture["autoScalingGroupName"]])["AutoScalingGroups"] for i in g["Instances"]],
        "classicLoadBalancerInstances": [i["InstanceId"] for i in elb.describe_load_balancers(
            LoadBalancerNames=[fixture["classicLoadBalancerName"]])["LoadBalancerDescriptions"][0]["Instances"]],
        "targetGroupTargets": {t["Target"]["Id"]: t["Target"].get("Port") for t in elbv2.describe_target_health(
            TargetGroupArn=fixture["targetGroupArn"])["TargetHealthDescriptions"]},
        "isolationGroups": {role: {"groupId": g["GroupId"], "tags": tags(g.get("Tags")),
                                   "ingress": rules(g["IpPermissions"]), "egress": rules(g["IpPermissionsEgress"])}
                            for role, g in cordon_groups.items()},
        "incidents": incidents,
        "accessKeyStatus": {k["AccessKeyId"]: k["Status"] for k in
                            iam.list_access_keys(UserName=user)["AccessKeyMetadata"]},
        "userPolicies": policies,
        "userTags": tags(iam.list_user_tags(UserName=user)["Tags"]),
        "counts": {
            "snapshots": len(ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]),
            "instances": sum(1 for r in reservations for i in r["Instances"] if i["State"]["Name"] != "terminated"),
            "volumes": len(ec2.describe_volumes()["Volumes"]),
            "securityGroups": len(ec2.describe_security_groups()["SecurityGroups"]),
        },
    }, sys.stdout, indent=2, sort_keys=True, default=str)
    print()


if __name__ == "__main__":
    main()
