#!/usr/bin/env python3
"""Collect a Posture snapshot bundle with the AWS CLI, read-only.

Run it where the AWS CLI v2 already has credentials (CloudShell is ideal):

    python3 posture-collect.py -o snapshot.json                   # the CLI's region
    python3 posture-collect.py --region eu-west-1 --region us-east-1 -o snapshots/
    python3 posture-collect.py --all-regions -o 'snapshot-{region}.json'
    python3 posture-collect.py --all-regions --one-file -o snapshot.json

It runs only `describe-*`, `get-*` and `list-*` commands (and `iam generate-credential-report`,
which asks IAM to build the report it then reads), with `--output json` and the CLI's own
pagination, and writes the bundle Posture reads: `{"bundle": 1, "account", "region",
"captured", "outputs"}`. An AWS error that states a fact (`NoSuchBucketPolicy`: the bucket has
no policy) is kept as an entry `{"command", "error": {"code", "message"}}`; a command that
failed for another reason (access denied, throttling) is listed under `not_collected` and on
standard error, never written as an empty output. Global services (IAM, S3, CloudFront) are
collected once, into the first region's bundle. Needs only python3 and the AWS CLI v2; it
reads no credentials itself and sends nothing anywhere but to AWS through the CLI.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time

# The AWS CLI to run (`AWS_CLI=aws2` for a differently named install).
AWS_CLI = os.environ.get("AWS_CLI", "aws")
# Options added to every call (the recorded command line leaves them out); see `cli_options`.
CLI_OPTIONS = ["--output", "json", "--no-cli-pager", "--no-cli-auto-prompt"]

# Run once per account, in the first region (RULES.md "Supported inputs", global services).
# `iam get-credential-report` is asked for after generating the report (see `credential_report`).
GLOBAL = [
    "iam get-account-authorization-details",
    "iam get-account-password-policy",
    "s3api list-buckets",
    "cloudfront list-distributions",
]

# Run once per region, in RULES.md's order.
REGIONAL = [
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
    "kms list-keys",
    "kms list-aliases",
    "elbv2 describe-load-balancers",
    "elb describe-load-balancers",
    "ssm describe-instance-information",
    "ssm describe-patch-baselines",
    "ssm describe-maintenance-windows",
    "ssm list-associations",
]

# AWS errors that answer the question rather than refuse it: kept in the bundle as facts.
FACTS = {
    "s3api get-bucket-policy": {"NoSuchBucketPolicy"},
    "s3api get-bucket-encryption": {"ServerSideEncryptionConfigurationNotFoundError"},
    "s3api get-public-access-block": {"NoSuchPublicAccessBlockConfiguration"},
    "s3control get-public-access-block": {"NoSuchPublicAccessBlockConfiguration"},
    "iam get-account-password-policy": {"NoSuchEntity"},
    # Asymmetric, HMAC, imported and custom-key-store keys cannot rotate automatically.
    "kms get-key-rotation-status": {"UnsupportedOperationException"},
}

# `DescribeInstancePatchStates` takes at most 50 instance ids.
PATCH_STATE_BATCH = 50
# How long to wait for IAM to build the credential report.
REPORT_POLLS, REPORT_POLL_SECONDS = 30, 2

ERROR = re.compile(r"An error occurred \(([^)]+)\) when calling the \w+ operation[^:]*: (.*)", re.S)


def items(output, *path):
    """The list at `path` in an output (empty when any step is absent)."""
    for key in path:
        output = output.get(key) if isinstance(output, dict) else None
    return output if isinstance(output, list) else []


def per_bucket(output):
    for bucket in items(output, "Buckets"):
        for operation in ("get-bucket-policy", "get-bucket-encryption", "get-public-access-block"):
            yield ["s3api", operation, "--bucket", bucket["Name"]]


def per_key(output):
    for key in items(output, "Keys"):
        yield ["kms", "describe-key", "--key-id", key["KeyId"]]
        yield ["kms", "get-key-rotation-status", "--key-id", key["KeyId"]]
        yield ["kms", "get-key-policy", "--key-id", key["KeyId"], "--policy-name", "default"]


def per_load_balancer(output):
    for lb in items(output, "LoadBalancers"):
        yield ["elbv2", "describe-listeners", "--load-balancer-arn", lb["LoadBalancerArn"]]


def per_parameter_group(output):
    """The parameter groups in use, except AWS's `default.*` ones (their values are documented)."""
    names = {
        group["DBParameterGroupName"]
        for db in items(output, "DBInstances")
        for group in db.get("DBParameterGroups") or []
        if not group["DBParameterGroupName"].startswith("default.")
    }
    for name in sorted(names):
        yield ["rds", "describe-db-parameters", "--db-parameter-group-name", name]


def per_snapshot(output):
    for snapshot in items(output, "Snapshots"):
        yield [
            "ec2", "describe-snapshot-attribute", "--snapshot-id", snapshot["SnapshotId"],
            "--attribute", "createVolumePermission",
        ]


def per_baseline(output):
    """The account's own baselines and each operating system's default (AWS's are ARNs)."""
    for baseline in items(output, "BaselineIdentities"):
        if not baseline["BaselineId"].startswith("arn:") or baseline.get("DefaultBaseline"):
            yield ["ssm", "get-patch-baseline", "--baseline-id", baseline["BaselineId"]]


def per_window(output):
    for window in items(output, "WindowIdentities"):
        for operation in ("describe-maintenance-window-tasks", "describe-maintenance-window-targets"):
            yield ["ssm", operation, "--window-id", window["WindowId"]]


def per_managed_instances(output):
    ids = [i["InstanceId"] for i in items(output, "InstanceInformationList")]
    for start in range(0, len(ids), PATCH_STATE_BATCH):
        yield ["ssm", "describe-instance-patch-states", "--instance-ids", *ids[start:start + PATCH_STATE_BATCH]]


def per_distribution(output):
    for distribution in items(output, "DistributionList", "Items"):
        yield ["cloudfront", "get-distribution-config", "--id", distribution["Id"]]


def per_user(output):
    # Without `--user-name`, `list-access-keys` lists only the caller's own keys.
    for user in items(output, "UserDetailList"):
        yield ["iam", "list-access-keys", "--user-name", user["UserName"]]


# The per-resource commands each list output leads to, with the ids it holds.
EXPAND = {
    "s3api list-buckets": per_bucket,
    "kms list-keys": per_key,
    "elbv2 describe-load-balancers": per_load_balancer,
    "rds describe-db-instances": per_parameter_group,
    "ec2 describe-snapshots": per_snapshot,
    "ssm describe-patch-baselines": per_baseline,
    "ssm describe-maintenance-windows": per_window,
    "ssm describe-instance-information": per_managed_instances,
    "cloudfront list-distributions": per_distribution,
    "iam get-account-authorization-details": per_user,
}


class Failed(Exception):
    """An AWS CLI call that did not answer: its error code and message."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


def is_read_only(words):
    operation = words[1] if len(words) > 1 else ""
    return operation.startswith(("describe-", "get-", "list-")) or words[:2] == ["iam", "generate-credential-report"]


def aws(words, region):
    """Runs one read-only AWS CLI command; returns its parsed output or raises `Failed`."""
    if not is_read_only(words):
        raise SystemExit(f"posture-collect: refusing a command that is not read-only: aws {' '.join(words)}")
    args = [AWS_CLI, *words, *(["--region", region] if region else []), *CLI_OPTIONS]
    try:
        result = subprocess.run(args, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SystemExit(f"posture-collect: the AWS CLI (`{AWS_CLI}`) is not on PATH") from None
    if result.returncode != 0:
        found = ERROR.search(result.stderr)
        if found:
            raise Failed(found.group(1), found.group(2).strip())
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise Failed("CliError", lines[-1].strip())
    try:
        return json.loads(result.stdout) if result.stdout.strip() else {}
    except json.JSONDecodeError as e:
        raise Failed("CliError", f"the output is not JSON: {e}") from None


def cli_options():
    """The options for this CLI: version 1, which has neither a pager nor auto-prompt, rejects
    the options that turn them off."""
    found = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True, check=False)
    return CLI_OPTIONS[:2] if (found.stdout + found.stderr).startswith("aws-cli/1.") else CLI_OPTIONS


def command_line(words, region):
    return "aws " + shlex.join([*words, *(["--region", region] if region else [])])


class Collector:
    """Runs the commands of every region on a few threads and keeps what each one answered."""

    def __init__(self, regions, account, jobs):
        self.regions, self.account = regions, account
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.lock = threading.Lock()
        self.planned = self.started = 0
        # (order key, bundle index, entry); not collected: (order key, bundle index, record).
        self.entries, self.not_collected = [], []

    def progress(self, words, region):
        with self.lock:
            self.started += 1
            print(f"[{self.started}/{self.planned}] {' '.join(words)} ({region})", file=sys.stderr, flush=True)

    def run(self, key, bundle, words, region):
        """Runs one command and records its output, its fact, or that it was not collected."""
        self.progress(words, region)
        command = command_line(words, region)
        try:
            output = aws(words, region)
        except Failed as failure:
            with self.lock:
                if failure.code in FACTS.get(" ".join(words[:2]), ()):
                    error = {"code": failure.code, "message": failure.message}
                    self.entries.append((key, bundle, {"command": command, "error": error}))
                else:
                    record = {"command": command, "code": failure.code, "message": failure.message}
                    self.not_collected.append((key, bundle, record))
                    print(f"posture-collect: not collected: {command}: {failure}", file=sys.stderr, flush=True)
            return None
        with self.lock:
            self.entries.append((key, bundle, {"command": command, "output": output}))
        return output

    def credential_report(self, key, bundle, words, region):
        """Asks IAM to build the credential report, waits (bounded) until it is ready, reads it."""
        generate = ["iam", "generate-credential-report"]
        for _ in range(REPORT_POLLS):
            with self.lock:
                self.planned += 1
            self.progress(generate, region)
            try:
                state = aws(generate, region).get("State")
            except Failed as failure:
                # A report generated earlier may still be there to read.
                print(f"posture-collect: {command_line(generate, region)}: {failure}", file=sys.stderr, flush=True)
                break
            if state == "COMPLETE":
                break
            time.sleep(REPORT_POLL_SECONDS)
        return self.run(key, bundle, words, region)

    def collect(self):
        pending = {}

        def submit(key, bundle, words, region, call=None):
            with self.lock:
                self.planned += 1
            future = self.pool.submit(call or self.run, key, bundle, words, region)
            pending[future] = (key, bundle, words, region)

        first = self.regions[0]
        for i, command in enumerate(GLOBAL):
            submit((0, 0, i), 0, command.split(), first)
        submit((0, 0, len(GLOBAL)), 0, ["iam", "get-credential-report"], first, self.credential_report)
        if self.account:
            words = ["s3control", "get-public-access-block", "--account-id", self.account]
            submit((0, 0, len(GLOBAL) + 1), 0, words, first)
        for r, region in enumerate(self.regions):
            for i, command in enumerate(REGIONAL):
                submit((r, 1, i), r, command.split(), region)
        while pending:
            done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                key, bundle, words, region = pending.pop(future)
                output = future.result()
                expand = EXPAND.get(" ".join(words[:2]))
                if output is None or not expand:
                    continue
                try:
                    children = list(expand(output))
                except (KeyError, TypeError, AttributeError) as e:
                    print(f"posture-collect: {' '.join(words)}: unexpected output shape ({e!r}); "
                          "its per-resource commands are not collected", file=sys.stderr, flush=True)
                    continue
                for j, child in enumerate(children):
                    submit((*key, j), bundle, child, region)
        self.pool.shutdown()

    def bundles(self, captured, one_file):
        """The bundles to write: one per region, or one holding every region."""
        def of(index):
            pick = (lambda b: True) if index is None else (lambda b: b == index)
            outputs = [e for _, b, e in sorted(self.entries, key=lambda t: t[0]) if pick(b)]
            missing = [e for _, b, e in sorted(self.not_collected, key=lambda t: t[0]) if pick(b)]
            bundle = {"bundle": 1, "account": self.account}
            if index is None:
                bundle["regions"] = self.regions
            else:
                bundle["region"] = self.regions[index]
            bundle.update({"captured": captured, "outputs": outputs})
            if missing:
                bundle["not_collected"] = missing
            return bundle

        if one_file:
            return [(None, of(None))]
        return [(region, of(r)) for r, region in enumerate(self.regions)]


def default_region():
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return os.environ[name]
    found = subprocess.run([AWS_CLI, "configure", "get", "region"], capture_output=True, text=True, check=False)
    return found.stdout.strip() or None


def output_paths(target, regions, one_file):
    """Where each bundle goes (keyed by region, `None` for the one file): standard output, a
    file, a directory (`DIR/snapshot-{region}.json`) or a name holding `{region}`."""
    names = [None] if one_file else regions
    if target and "{region}" in target and not one_file:
        return {r: target.replace("{region}", r) for r in regions}
    if target and (target.endswith("/") or os.path.isdir(target)):
        return {n: os.path.join(target, f"snapshot-{n}.json" if n else "snapshot.json") for n in names}
    if len(names) > 1:
        raise SystemExit(
            "posture-collect: several regions need -o DIR/ or -o 'NAME-{region}.json' (one bundle per "
            "region), or --one-file (one bundle holding them all)"
        )
    return {names[0]: target}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--region", action="append", default=[], help="a region to collect (repeatable; default: the CLI's)"
    )
    parser.add_argument("--all-regions", action="store_true", help="every region enabled for the account")
    parser.add_argument("--one-file", action="store_true", help="one bundle holding every region")
    parser.add_argument(
        "-o", "--output", help="a file, a directory (DIR/), or a name with {region}; default: standard output"
    )
    parser.add_argument("--jobs", type=int, default=4, help="commands run at once (default 4)")
    options = parser.parse_args()
    try:
        CLI_OPTIONS[:] = cli_options()
    except FileNotFoundError:
        raise SystemExit(f"posture-collect: the AWS CLI (`{AWS_CLI}`) is not on PATH") from None

    try:
        identity = aws(["sts", "get-caller-identity"], options.region[0] if options.region else None)
    except Failed as failure:
        raise SystemExit(
            f"posture-collect: the AWS CLI cannot call AWS ({failure}); check its credentials"
        ) from None
    account = identity.get("Account")
    regions = list(dict.fromkeys(options.region))
    if options.all_regions:
        home = regions[0] if regions else default_region() or "us-east-1"
        try:
            found = aws(["ec2", "describe-regions"], home)
        except Failed as failure:
            raise SystemExit(
                f"posture-collect: cannot list the regions ({failure}); name them with --region"
            ) from None
        regions = sorted(r["RegionName"] for r in items(found, "Regions"))
    if not regions:
        region = default_region()
        if not region:
            raise SystemExit("posture-collect: no region configured; give --region")
        regions = [region]
    paths = output_paths(options.output, regions, options.one_file)
    print(f"posture-collect: account {account}, {len(regions)} region(s): {', '.join(regions)}", file=sys.stderr)

    captured = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    collector = Collector(regions, account, max(1, options.jobs))
    collector.collect()
    for region, bundle in collector.bundles(captured, options.one_file):
        text = json.dumps(bundle, indent=1) + "\n"
        path = paths.get(region)
        if path:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            sys.stdout.write(text)
        facts = sum(1 for e in bundle["outputs"] if "error" in e)
        print(
            f"posture-collect: {len(bundle['outputs'])} outputs ({facts} stated facts), "
            f"{len(bundle.get('not_collected', []))} not collected -> {path or 'standard output'}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
