#!/usr/bin/env python3
"""The seed runbook, done the way a responder's script does it: sequential boto3 calls, one after another.

It is the peer Cordon's time-to-contain is compared with (docs/PERFORMANCE.md). It carries out the same steps as
Cordon's contain-instance and forensics playbooks, on the fixture from fixture.py, and prints the seconds spent in
the runbook alone (client creation and interpreter start-up excluded) as JSON.

usage: runbook_boto3.py ENDPOINT_URL FIXTURE_JSON_FILE REFERENCE
"""
import datetime
import json
import sys
import time

import boto3


def main() -> None:
    endpoint, fixture_path, reference = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(fixture_path) as f:
        fixture = json.load(f)
    session = boto3.session.Session(aws_access_key_id="AKIDRUNBOOK", aws_secret_access_key="runbook-secret",
                                    region_name=fixture["region"])
    ec2 = session.client("ec2", endpoint_url=endpoint)
    asg = session.client("autoscaling", endpoint_url=endpoint)
    elb = session.client("elb", endpoint_url=endpoint)
    elbv2 = session.client("elbv2", endpoint_url=endpoint)
    instance_id = fixture["instanceId"]

    started = time.monotonic()
    # 1. Capture the instance's metadata.
    instance = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    vpc = instance["VpcId"]
    # 2. Protect it from termination (and stop), shut down to stop.
    ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True})
    ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiStop={"Value": True})
    ec2.modify_instance_attribute(InstanceId=instance_id, InstanceInitiatedShutdownBehavior={"Value": "stop"})
    # 4. Detach it from its Auto Scaling group.
    for member in asg.describe_auto_scaling_instances(InstanceIds=[instance_id])["AutoScalingInstances"]:
        asg.detach_instances(InstanceIds=[instance_id], AutoScalingGroupName=member["AutoScalingGroupName"],
                             ShouldDecrementDesiredCapacity=False)
    # 5. Deregister it from its load balancers (classic and target groups).
    for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"]:
        if any(i["InstanceId"] == instance_id for i in lb["Instances"]):
            elb.deregister_instances_from_load_balancer(LoadBalancerName=lb["LoadBalancerName"],
                                                        Instances=[{"InstanceId": instance_id}])
    for group in elbv2.describe_target_groups()["TargetGroups"]:
        targets = elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]
        mine = [t["Target"] for t in targets if t["Target"]["Id"] == instance_id]
        if mine:
            elbv2.deregister_targets(TargetGroupArn=group["TargetGroupArn"], Targets=mine)
    # 3. Switch every interface to the quarantine group, through an untracked group to cut tracked connections.
    untracking = ec2.create_security_group(GroupName=f"untrack-{reference}", Description="untracking", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=untracking, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    quarantine = ec2.create_security_group(GroupName=f"quarantine-{reference}", Description="quarantine", VpcId=vpc)["GroupId"]
    ec2.revoke_security_group_egress(GroupId=quarantine, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    for eni in instance["NetworkInterfaces"]:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=[untracking])
    for eni in instance["NetworkInterfaces"]:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=[quarantine])
    # 6. Snapshot its EBS volumes.
    date = datetime.date.today().isoformat()
    snapshots = []
    for mapping in instance["BlockDeviceMappings"]:
        snapshots.append(ec2.create_snapshot(VolumeId=mapping["Ebs"]["VolumeId"],
                                             Description=f"runbook-{date}-{reference}")["SnapshotId"])
    # 11. Tag the instance with the reference.
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "Environment", "Value": f"Quarantine:{reference}"}])
    # Verify: re-describe.
    ec2.describe_instances(InstanceIds=[instance_id])
    contained = time.monotonic()
    # 7. Launch a forensic workstation.
    workstation = ec2.run_instances(ImageId=fixture["forensicAmiId"], InstanceType="t3.large", MinCount=1, MaxCount=1,
                                    SubnetId=fixture["forensicSubnetId"],
                                    SecurityGroupIds=[fixture["forensicSecurityGroupId"]])["Instances"][0]
    zone = workstation["Placement"]["AvailabilityZone"]
    # 8-9. Create volumes from the snapshots and attach them.
    for index, snapshot in enumerate(snapshots):
        volume = ec2.create_volume(SnapshotId=snapshot, AvailabilityZone=zone)["VolumeId"]
        ec2.attach_volume(VolumeId=volume, InstanceId=workstation["InstanceId"], Device=f"/dev/sd{chr(ord('f') + index)}")
    # 10. Allow the forensic workstation's group into the quarantine group.
    ec2.authorize_security_group_ingress(GroupId=quarantine, IpPermissions=[
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": fixture["forensicSecurityGroupId"]}]}])
    finished = time.monotonic()
    json.dump({"containSeconds": round(contained - started, 3), "totalSeconds": round(finished - started, 3)},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
