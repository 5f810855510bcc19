#!/usr/bin/env python3
"""Collect a Posture snapshot bundle with the AWS CLI, read-only.

Run it where the AWS CLI already has credentials (CloudShell is ideal):

    python3 posture-collect.py > snapshot.json            # current region
    python3 posture-collect.py --region eu-west-1 -o snapshot.json

It only runs `describe-*`, `get-*` and `list-*` commands, writes one JSON file in the
bundle format Posture reads (`{"bundle": 1, "account", "region", "captured", "outputs"}`), and
sends nothing anywhere else. A command that fails (no permission, no such configuration) is
reported on standard error and left out; the rest is still collected. Needs only python3 and
the AWS CLI v2.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys

# The AWS CLI to run (`AWS_CLI=aws2` for a differently named install).
AWS_CLI = os.environ.get("AWS_CLI", "aws")

# Account- and region-wide commands, in RULES.md's "Supported inputs" order.
COMMANDS = [
    "iam get-account-authorization-details",
    "iam list-access-keys",
    "ec2 describe-security-groups",
    "ec2 describe-network-acls",
    "ec2 describe-vpcs",
    "ec2 describe-subnets",
    "ec2 describe-route-tables",
    "ec2 describe-internet-gateways",
    "ec2 describe-nat-gateways",
    "ec2 describe-vpc-endpoints",
    "ec2 describe-instances",
    "ec2 describe-network-interfaces",
    "ec2 describe-volumes",
    "ec2 describe-snapshots --owner-ids self",
    "ec2 get-ebs-encryption-by-default",
    "ec2 describe-flow-logs",
    "rds describe-db-instances",
    "rds describe-db-clusters",
    "rds describe-db-snapshots",
    "s3api list-buckets",
    "kms list-keys",
    "elbv2 describe-load-balancers",
    "elbv2 describe-listeners",  # needs --load-balancer-arn; expanded below
    "cloudfront list-distributions",
    "ssm describe-instance-information",
    "ssm describe-patch-baselines --filters Key=OWNER,Values=Self",
    "ssm describe-maintenance-windows",
    "ssm list-associations",
]


def aws(command, region):
    """Runs one read-only AWS CLI command and returns its parsed JSON output, or None."""
    verb = command.split()[1]
    if not verb.startswith(("describe-", "get-", "list-", "generate-")):
        raise SystemExit(f"refusing to run a command that is not read-only: {command}")
    args = [AWS_CLI, *command.split(), "--output", "json"]
    if region:
        args += ["--region", region]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"posture-collect: skipped `aws {command}`: {reason}", file=sys.stderr)
        return None
    return json.loads(result.stdout) if result.stdout.strip() else {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", help="AWS region (default: the CLI's)")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    options = parser.parse_args()

    identity = aws("sts get-caller-identity", None) or {}
    region = options.region or subprocess.run(
        [AWS_CLI, "configure", "get", "region"], capture_output=True, text=True, check=False
    ).stdout.strip()
    outputs = []

    def add(command):
        output = aws(command, options.region)
        if output is not None:
            outputs.append({"command": f"aws {command}", "output": output})
        return output

    aws("iam generate-credential-report", None)
    add("iam get-credential-report")
    for command in COMMANDS:
        if command == "elbv2 describe-listeners":
            continue
        output = add(command)
        if output is None:
            continue
        if command == "s3api list-buckets":
            for bucket in output.get("Buckets", []):
                name = bucket["Name"]
                for sub in ("get-bucket-policy", "get-bucket-encryption", "get-public-access-block"):
                    add(f"s3api {sub} --bucket {name}")
        elif command == "kms list-keys":
            for key in output.get("Keys", []):
                key_id = key["KeyId"]
                for sub in ("describe-key", "get-key-rotation-status"):
                    add(f"kms {sub} --key-id {key_id}")
                add(f"kms get-key-policy --key-id {key_id} --policy-name default")
        elif command == "elbv2 describe-load-balancers":
            for lb in output.get("LoadBalancers", []):
                add(f"elbv2 describe-listeners --load-balancer-arn {lb['LoadBalancerArn']}")
        elif command == "ssm describe-maintenance-windows":
            for window in output.get("WindowIdentities", []):
                for sub in ("describe-maintenance-window-tasks", "describe-maintenance-window-targets"):
                    add(f"ssm {sub} --window-id {window['WindowId']}")
        elif command == "ec2 describe-instances":
            ids = [i["InstanceId"] for r in output.get("Reservations", []) for i in r.get("Instances", [])]
            for start in range(0, len(ids), 50):
                add("ssm describe-instance-patch-states --instance-ids " + " ".join(ids[start:start + 50]))
    if identity.get("Account"):
        add(f"s3control get-public-access-block --account-id {identity['Account']}")

    bundle = {
        "bundle": 1,
        "account": identity.get("Account"),
        "region": region or None,
        "captured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "outputs": outputs,
    }
    text = json.dumps(bundle, indent=1)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        print(f"posture-collect: wrote {len(outputs)} outputs to {options.output}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()
