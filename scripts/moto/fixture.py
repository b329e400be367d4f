#!/usr/bin/env python3
"""Builds Cordon's realistic test environment in a moto server and prints its IDs as JSON.

A VPC with two subnets; an application instance with two network interfaces (the second in two groups) and three
EBS volumes, termination protection on, stop protection off and shutdown behaviour "terminate", in an Auto Scaling
group, registered with a classic ELB and an ALB target group; a forensic AMI, subnet and security group; an IAM
user with an access key. Used by the end-to-end tests, the demo and the runbook benchmark.

usage: fixture.py ENDPOINT_URL [REGION]
"""
import json
import secrets
import sys

import boto3


def main() -> None:
    endpoint = sys.argv[1]
    region = sys.argv[2] if len(sys.argv) > 2 else "us-east-1"
    # Names are unique per run, so several fixtures can live in one moto server.
    run = secrets.token_hex(3)
    session = boto3.session.Session(aws_access_key_id="AKIDFIXTURE", aws_secret_access_key="fixture-secret",
                                    region_name=region)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    asg = session.client("autoscaling", endpoint_url=endpoint)
    elb = session.client("elb", endpoint_url=endpoint)
    elbv2 = session.client("elbv2", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)

    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnet_a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.1.0/24", AvailabilityZone=f"{region}a")["Subnet"]["SubnetId"]
    subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.2.0/24", AvailabilityZone=f"{region}b")["Subnet"]["SubnetId"]
    app_sg = ec2.create_security_group(GroupName=f"app-{run}", Description="application", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    admin_sg = ec2.create_security_group(GroupName=f"admin-{run}", Description="administration", VpcId=vpc)["GroupId"]
    forensic_sg = ec2.create_security_group(GroupName=f"forensics-{run}", Description="forensic workstations",
                                            VpcId=vpc)["GroupId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]

    instance = ec2.run_instances(
        ImageId=image, InstanceType="t3.medium", MinCount=1, MaxCount=1,
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet_a, "Groups": [app_sg]}],
        BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "DeleteOnTermination": True}},
            {"DeviceName": "/dev/xvdb", "Ebs": {"VolumeSize": 16, "DeleteOnTermination": True}},
            {"DeviceName": "/dev/xvdc", "Ebs": {"VolumeSize": 32, "DeleteOnTermination": False}},
        ],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"}]}],
        # Containment sets all three to (true, true, "stop"); one already as containment wants it and two not, so
        # a release must put back what differed and leave alone what did not.
        DisableApiStop=False, InstanceInitiatedShutdownBehavior="terminate",
    )["Instances"][0]
    instance_id = instance["InstanceId"]
    # moto 5.2.1 ignores DisableApiTermination on RunInstances; ModifyInstanceAttribute sets it.
    ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True})
    second_eni = ec2.create_network_interface(SubnetId=subnet_a, Groups=[app_sg, admin_sg],
                                              Description="web-1 secondary")["NetworkInterface"]["NetworkInterfaceId"]
    ec2.attach_network_interface(NetworkInterfaceId=second_eni, InstanceId=instance_id, DeviceIndex=1)

    elb.create_load_balancer(LoadBalancerName=f"web-classic-{run}", Subnets=[subnet_a, subnet_b], SecurityGroups=[app_sg],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    elb.register_instances_with_load_balancer(LoadBalancerName=f"web-classic-{run}", Instances=[{"InstanceId": instance_id}])
    alb = elbv2.create_load_balancer(Name=f"web-alb-{run}", Subnets=[subnet_a, subnet_b],
                                     SecurityGroups=[app_sg])["LoadBalancers"][0]["LoadBalancerArn"]
    target_group = elbv2.create_target_group(Name=f"web-targets-{run}", Protocol="HTTP", Port=80, VpcId=vpc,
                                             TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": target_group}])
    elbv2.register_targets(TargetGroupArn=target_group, Targets=[{"Id": instance_id, "Port": 80}])

    asg.create_launch_configuration(LaunchConfigurationName=f"web-lc-{run}", ImageId=image, InstanceType="t3.medium")
    asg.create_auto_scaling_group(AutoScalingGroupName=f"web-asg-{run}", LaunchConfigurationName=f"web-lc-{run}",
                                  MinSize=0, MaxSize=3, DesiredCapacity=0, VPCZoneIdentifier=subnet_a)
    asg.attach_instances(AutoScalingGroupName=f"web-asg-{run}", InstanceIds=[instance_id])

    iam.create_user(UserName=f"ci-deployer-{run}")
    key = iam.create_access_key(UserName=f"ci-deployer-{run}")["AccessKey"]

    volumes = [m["Ebs"]["VolumeId"] for m in
               ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["BlockDeviceMappings"]]
    json.dump({
        "region": region, "vpcId": vpc, "subnetIds": [subnet_a, subnet_b], "appSecurityGroupId": app_sg,
        "instanceId": instance_id, "privateIpAddress": instance["PrivateIpAddress"],
        "networkInterfaceIds": [instance["NetworkInterfaces"][0]["NetworkInterfaceId"], second_eni],
        "volumeIds": volumes, "autoScalingGroupName": f"web-asg-{run}", "classicLoadBalancerName": f"web-classic-{run}",
        "targetGroupArn": target_group, "forensicAmiId": image, "forensicSubnetId": subnet_b,
        "forensicSecurityGroupId": forensic_sg, "userName": f"ci-deployer-{run}", "accessKeyId": key["AccessKeyId"],
    }, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
