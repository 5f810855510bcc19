#!/usr/bin/env python3
"""Writes a synthetic whole-account snapshot bundle of realistic shape, for benchmarks.

    python3 scripts/gen-account.py OUT.json [--instances 20000] [--groups 5000] [--subnets 2000] [--seed 7]

The outputs have the fields and nesting `aws ec2 describe-*` prints (instances with their
interfaces, block devices, tags and metadata options; security groups with several rules;
subnets, route tables with explicit associations, network ACLs, VPCs, gateways, flow logs),
with ids that join: every instance's subnet, groups and interfaces exist. About 5 KB per
instance: the defaults make ~100 MB. Deterministic for a seed. Not real data.
"""

import argparse
import json
import random

ACCOUNT = "123456789012"
REGION = "eu-west-1"


def hexid(prefix, n, width=17):
    return f"{prefix}-{n:0{width}x}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--instances", type=int, default=20000)
    ap.add_argument("--groups", type=int, default=5000)
    ap.add_argument("--subnets", type=int, default=2000)
    ap.add_argument("--vpcs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    vpcs = [hexid("vpc", i + 1) for i in range(a.vpcs)]
    subnets = [(hexid("subnet", i + 1), vpcs[i % a.vpcs]) for i in range(a.subnets)]
    groups = [(hexid("sg", i + 1), vpcs[i % a.vpcs]) for i in range(a.groups)]
    by_vpc_groups = {}
    for gid, vpc in groups:
        by_vpc_groups.setdefault(vpc, []).append(gid)

    def tags(name):
        return [{"Key": "Name", "Value": name}, {"Key": "team", "Value": rnd.choice(["payments", "search", "data", "platform"])},
                {"Key": "env", "Value": rnd.choice(["prod", "staging", "dev"])}]

    def perm(proto, port, cidrs=(), v6=(), groups=()):
        p = {"IpProtocol": proto, "IpRanges": [{"CidrIp": c, "Description": "managed"} for c in cidrs],
             "Ipv6Ranges": [{"CidrIpv6": c} for c in v6], "PrefixListIds": [],
             "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCOUNT} for g in groups]}
        if port is not None:
            p["FromPort"], p["ToPort"] = port
        return p

    sg_out = []
    for n, (gid, vpc) in enumerate(groups):
        ingress = [perm("tcp", (443, 443), ["0.0.0.0/0"], ["::/0"]), perm("tcp", (8080, 8080), ["10.0.0.0/16"])]
        peers = by_vpc_groups[vpc]
        ingress.append(perm("tcp", (5432, 5432), groups=[peers[rnd.randrange(len(peers))]]))
        if n % 97 == 0:
            ingress.append(perm("tcp", (22, 22), ["0.0.0.0/0"]))
        if n % 211 == 0:
            ingress.append(perm("-1", None, ["0.0.0.0/0"]))
        sg_out.append({"Description": f"group {n}", "GroupName": "default" if n < a.vpcs else f"app-{n}",
                       "IpPermissions": ingress, "OwnerId": ACCOUNT, "GroupId": gid,
                       "IpPermissionsEgress": [perm("-1", None, ["0.0.0.0/0"])], "Tags": tags(f"sg-{n}"), "VpcId": vpc})

    subnet_out, table_out, acl_out = [], [], []
    for n, (sid, vpc) in enumerate(subnets):
        public = n % 4 == 0
        subnet_out.append({"AvailabilityZone": f"{REGION}{'abc'[n % 3]}", "AvailabilityZoneId": f"euw1-az{n % 3 + 1}",
                           "AvailableIpAddressCount": 200 + n % 50, "CidrBlock": f"10.{n % 256}.{n // 256}.0/24",
                           "DefaultForAz": False, "MapPublicIpOnLaunch": public, "MapCustomerOwnedIpOnLaunch": False,
                           "State": "available", "SubnetId": sid, "VpcId": vpc, "OwnerId": ACCOUNT,
                           "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [], "Tags": tags(f"subnet-{n}"),
                           "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{sid}",
                           "EnableDns64": False, "Ipv6Native": False,
                           "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                                             "EnableResourceNameDnsAAAARecord": False}})
        target = ({"GatewayId": hexid("igw", vpcs.index(vpc) + 1)} if public
                  else {"NatGatewayId": hexid("nat", vpcs.index(vpc) + 1)})
        table_out.append({"Associations": [{"Main": False, "RouteTableAssociationId": hexid("rtbassoc", n + 1),
                                            "RouteTableId": hexid("rtb", n + 1), "SubnetId": sid,
                                            "AssociationState": {"State": "associated"}}],
                          "PropagatingVgws": [], "RouteTableId": hexid("rtb", n + 1),
                          "Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                                     {"DestinationCidrBlock": "0.0.0.0/0", **target, "Origin": "CreateRoute", "State": "active"}],
                          "Tags": tags(f"rtb-{n}"), "VpcId": vpc, "OwnerId": ACCOUNT})
        entries = [{"CidrBlock": "0.0.0.0/0", "Egress": e, "Protocol": "-1", "RuleAction": act, "RuleNumber": num}
                   for e in (False, True) for num, act in ((100, "allow"), (32767, "deny"))]
        if n % 3 == 0:
            entries.insert(0, {"CidrBlock": "0.0.0.0/0", "Egress": False, "Protocol": "6", "PortRange": {"From": 22, "To": 22},
                               "RuleAction": "deny", "RuleNumber": 50})
        acl_out.append({"Associations": [{"NetworkAclAssociationId": hexid("aclassoc", n + 1), "NetworkAclId": hexid("acl", n + 1),
                                          "SubnetId": sid}], "Entries": entries, "IsDefault": False,
                        "NetworkAclId": hexid("acl", n + 1), "Tags": tags(f"acl-{n}"), "VpcId": vpc, "OwnerId": ACCOUNT})
    for i, vpc in enumerate(vpcs):
        table_out.append({"Associations": [{"Main": True, "RouteTableAssociationId": hexid("rtbassoc", 900000 + i),
                                            "RouteTableId": hexid("rtb", 900000 + i), "AssociationState": {"State": "associated"}}],
                          "PropagatingVgws": [], "RouteTableId": hexid("rtb", 900000 + i),
                          "Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}],
                          "Tags": [], "VpcId": vpc, "OwnerId": ACCOUNT})

    reservations = []
    for n in range(a.instances):
        sid, vpc = subnets[n % a.subnets]
        vgroups = by_vpc_groups[vpc]
        gids = [vgroups[rnd.randrange(len(vgroups))] for _ in range(2)]
        iid = hexid("i", n + 1)
        public = (n % a.subnets) % 4 == 0 and n % 3 == 0
        private_ip = f"10.{n % 256}.{(n // 256) % 256}.{n % 250 + 4}"
        eni = {"Attachment": {"AttachTime": "2026-01-01T00:00:00+00:00", "AttachmentId": hexid("eni-attach", n + 1),
                              "DeleteOnTermination": True, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
               "Description": "", "Groups": [{"GroupName": f"app-{g[-4:]}", "GroupId": g} for g in gids],
               "Ipv6Addresses": [], "MacAddress": "0a:1b:2c:3d:4e:5f", "NetworkInterfaceId": hexid("eni", n + 1),
               "OwnerId": ACCOUNT, "PrivateDnsName": f"ip-{private_ip.replace('.', '-')}.{REGION}.compute.internal",
               "PrivateIpAddress": private_ip,
               "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": f"ip-{private_ip.replace('.', '-')}.{REGION}.compute.internal",
                                       "PrivateIpAddress": private_ip}],
               "SourceDestCheck": True, "Status": "in-use", "SubnetId": sid, "VpcId": vpc, "InterfaceType": "interface"}
        instance = {"AmiLaunchIndex": 0, "ImageId": "ami-0abcdef1234567890", "InstanceId": iid,
                    "InstanceType": rnd.choice(["t3.micro", "m6i.large", "c7g.xlarge"]), "KeyName": "ops",
                    "LaunchTime": "2026-01-01T00:00:00+00:00", "Monitoring": {"State": "disabled"},
                    "Placement": {"AvailabilityZone": f"{REGION}a", "GroupName": "", "Tenancy": "default"},
                    "PrivateDnsName": eni["PrivateDnsName"], "PrivateIpAddress": private_ip, "ProductCodes": [],
                    "PublicDnsName": "", "State": {"Code": 16, "Name": "stopped" if n % 10 == 7 else "running"},
                    "StateTransitionReason": "", "SubnetId": sid, "VpcId": vpc, "Architecture": "x86_64",
                    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"AttachTime": "2026-01-01T00:00:00+00:00",
                                                                                "DeleteOnTermination": True, "Status": "attached",
                                                                                "VolumeId": hexid("vol", n + 1)}}],
                    "ClientToken": "", "EbsOptimized": True, "EnaSupport": True, "Hypervisor": "xen",
                    "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/app-{n % 40}", "Id": f"AIPA{n:016d}"},
                    "NetworkInterfaces": [eni], "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs",
                    "SecurityGroups": [{"GroupName": f"app-{g[-4:]}", "GroupId": g} for g in gids],
                    "SourceDestCheck": True, "Tags": tags(f"instance-{n}"), "VirtualizationType": "hvm",
                    "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 2}, "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
                    "HibernationOptions": {"Configured": False},
                    "MetadataOptions": {"State": "applied", "HttpTokens": "optional" if n % 7 == 0 else "required",
                                        "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled",
                                        "InstanceMetadataTags": "disabled"},
                    "EnclaveOptions": {"Enabled": False}, "PlatformDetails": "Linux/UNIX", "UsageOperation": "RunInstances",
                    "PrivateDnsNameOptions": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                              "EnableResourceNameDnsAAAARecord": False},
                    "MaintenanceOptions": {"AutoRecovery": "default"}, "CurrentInstanceBootMode": "legacy-bios"}
        if public:
            ip = f"198.51.{(n // 250) % 256}.{n % 250 + 1}"
            instance["PublicIpAddress"] = ip
            eni["Association"] = {"IpOwnerId": "amazon", "PublicDnsName": "", "PublicIp": ip}
            eni["PrivateIpAddresses"][0]["Association"] = eni["Association"]
        reservations.append({"Groups": [], "Instances": [instance], "OwnerId": ACCOUNT, "ReservationId": hexid("r", n + 1)})

    igws = [{"Attachments": [{"State": "available", "VpcId": v}], "InternetGatewayId": hexid("igw", i + 1), "OwnerId": ACCOUNT, "Tags": []}
            for i, v in enumerate(vpcs)]
    vpc_out = [{"CidrBlock": "10.0.0.0/8", "DhcpOptionsId": "dopt-0a1b2c3d", "State": "available", "VpcId": v, "OwnerId": ACCOUNT,
                "InstanceTenancy": "default", "IsDefault": i == 0, "Tags": tags(f"vpc-{i}")} for i, v in enumerate(vpcs)]
    flow = [{"FlowLogId": hexid("fl", i + 1), "ResourceId": v, "FlowLogStatus": "ACTIVE", "TrafficType": "ALL",
             "DeliverLogsStatus": "SUCCESS", "LogDestinationType": "s3", "CreationTime": "2026-01-01T00:00:00Z"}
            for i, v in enumerate(vpcs) if i % 2]
    bundle = {"bundle": 1, "account": ACCOUNT, "region": REGION, "captured": "2026-11-20T10:00:00Z", "outputs": [
        {"command": "aws ec2 describe-vpcs", "output": {"Vpcs": vpc_out}},
        {"command": "aws ec2 describe-subnets", "output": {"Subnets": subnet_out}},
        {"command": "aws ec2 describe-route-tables", "output": {"RouteTables": table_out}},
        {"command": "aws ec2 describe-network-acls", "output": {"NetworkAcls": acl_out}},
        {"command": "aws ec2 describe-internet-gateways", "output": {"InternetGateways": igws}},
        {"command": "aws ec2 describe-flow-logs", "output": {"FlowLogs": flow}},
        {"command": "aws ec2 describe-security-groups", "output": {"SecurityGroups": sg_out}},
        {"command": "aws ec2 describe-instances", "output": {"Reservations": reservations}},
    ]}
    with open(a.out, "w") as f:
        json.dump(bundle, f, indent=1)


if __name__ == "__main__":
    main()
