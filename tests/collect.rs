#![cfg(not(target_arch = "wasm32"))]
//! The collection script, run against a stand-in `aws` that answers from real outputs (the
//! corpus in `tests/corpus/describe`) and a few hand-written ones of the same shapes: it asks
//! for every input RULES.md supports, runs per-resource commands with the ids the list outputs
//! gave, keeps the errors that state facts, lists a denied command as not collected, and
//! Posture reads the bundles it writes with no input error.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Map, Value};

/// The stand-in `aws`: logs its arguments, then answers from `answers.json` by the command
/// without `--region` and the output options, else by service and operation; anything else is
/// denied, as AWS CLI v2 prints and exits (status 254) for an error the service returned.
const FAKE_AWS: &str = r#"
import base64, json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
with open(os.path.join(here, "calls.log"), "a") as log:
    log.write(" ".join(args) + "\n")
words, i = [], 0
while i < len(args):
    if args[i] == "--region":
        i += 2
        continue
    if args[i] not in ("--output", "json", "--no-cli-pager", "--no-cli-auto-prompt"):
        words.append(args[i])
    i += 1
if args == ["--version"]:
    print("aws-cli/2.22.0 Python/3.12.6 Linux/6.1.0 exe/x86_64.debian.12")
    sys.exit(0)
if words[:2] == ["configure", "get"]:
    print("eu-west-1")
    sys.exit(0)
if words[:2] == ["iam", "generate-credential-report"]:
    # IAM answers STARTED first, then COMPLETE once the report is built.
    marker = os.path.join(here, "report-started")
    state = "COMPLETE" if os.path.exists(marker) else "STARTED"
    open(marker, "w").close()
    print(json.dumps({"State": state, "Description": "No report exists. Starting a new report generation task"}))
    sys.exit(0)
answers = json.load(open(os.path.join(here, "answers.json")))
answer = answers.get(" ".join(words)) or answers.get(" ".join(words[:2]))
if words[:2] == ["iam", "get-credential-report"] and answer is not None:
    csv = open(os.path.join(here, "credential-report.csv"), "rb").read()
    answer = {"output": {"Content": base64.b64encode(csv).decode(), "ReportFormat": "text/csv",
                         "GeneratedTime": "2026-11-20T10:00:00+00:00"}}
operation = "".join(w.capitalize() for w in words[1].split("-"))
if answer is None:
    answer = {"error": {"code": "AccessDenied", "message": "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform this operation"}}
if "error" in answer:
    e = answer["error"]
    print(f"\nAn error occurred ({e['code']}) when calling the {operation} operation: {e['message']}", file=sys.stderr)
    sys.exit(254)
print(json.dumps(answer["output"], indent=4))
"#;

const CREDENTIAL_REPORT: &str = "\
user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
Alice,arn:aws:iam::123456789012:user/Alice,2020-03-01T00:00:00+00:00,true,2026-11-20T09:00:00+00:00,2026-01-01T00:00:00+00:00,N/A,false,true,2024-01-01T00:00:00+00:00,2026-11-19T00:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

/// Every command the collector must run at least once: RULES.md's "Supported inputs" (checked
/// against it below) less the per-policy IAM commands, whose answers
/// `get-account-authorization-details` already holds for every principal and policy.
const EXPECTED: &[&str] = &[
    "iam get-account-authorization-details",
    "iam get-credential-report",
    "iam list-access-keys",
    "iam get-account-password-policy",
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
    "ec2 describe-snapshots",
    "ec2 describe-snapshot-attribute",
    "ec2 get-ebs-encryption-by-default",
    "ec2 describe-flow-logs",
    "rds describe-db-instances",
    "rds describe-db-clusters",
    "rds describe-db-snapshots",
    "rds describe-db-parameters",
    "s3api get-bucket-policy",
    "s3api get-bucket-encryption",
    "s3api get-public-access-block",
    "s3api list-buckets",
    "s3control get-public-access-block",
    "kms describe-key",
    "kms get-key-rotation-status",
    "kms get-key-policy",
    "kms list-keys",
    "kms list-aliases",
    "elbv2 describe-listeners",
    "elbv2 describe-load-balancers",
    "elb describe-load-balancers",
    "cloudfront list-distributions",
    "cloudfront get-distribution-config",
    "ssm describe-instance-information",
    "ssm describe-instance-patch-states",
    "ssm describe-patch-baselines",
    "ssm get-patch-baseline",
    "ssm describe-maintenance-windows",
    "ssm describe-maintenance-window-tasks",
    "ssm describe-maintenance-window-targets",
    "ssm list-associations",
];

/// Supported inputs the collector leaves to `get-account-authorization-details`.
const COVERED_BY_AUTHORIZATION_DETAILS: &[&str] =
    &["iam get-policy-version", "iam get-role", "iam get-role-policy", "iam get-user-policy"];

fn corpus(path: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(path);
    serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap()
}

/// 60 managed instances: more than one `describe-instance-patch-states` batch of 50.
fn managed_instance_ids() -> Vec<String> {
    (0..60).map(|i| format!("i-0{i:016x}")).collect()
}

fn out(v: Value) -> Value {
    let mut answer = Map::new();
    answer.insert("output".into(), v);
    Value::Object(answer)
}

/// An AWS error that states a fact.
fn fact(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

/// What the stand-in answers, by command (or by service and operation): real outputs where the
/// corpus has them.
#[derive(Default)]
struct Answers(Map<String, Value>);

impl Answers {
    fn put(&mut self, command: &str, answer: Value) {
        self.0.insert(command.to_string(), answer);
    }
}

fn answers() -> Map<String, Value> {
    let mut a = Answers::default();
    a.put(
        "sts get-caller-identity",
        out(
            json!({"UserId": "AIDASAMPLEUSERID", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/auditor"}),
        ),
    );
    a.put(
        "ec2 describe-regions",
        out(json!({"Regions": [
            {"Endpoint": "ec2.us-east-1.amazonaws.com", "RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
            {"Endpoint": "ec2.eu-west-1.amazonaws.com", "RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"}
        ]})),
    );

    identity_and_network(&mut a);
    storage_keys_and_edges(&mut a);
    systems_manager(&mut a);
    a.0
}

fn identity_and_network(a: &mut Answers) {
    // IAM (Alice, Bob and Charlie are the corpus's users).
    a.put(
        "iam get-account-authorization-details",
        out(corpus("authz/awscli__iam__get-account-authorization-details__ex1.json")),
    );
    a.put("iam get-credential-report", out(json!({})));
    a.put("iam list-access-keys", out(corpus("describe/botocore-examples/botocore__iam__ListAccessKeys__ex1.json")));
    a.put(
        "iam get-account-password-policy",
        fact("NoSuchEntity", "The Password Policy with domain name 123456789012 cannot be found."),
    );

    // EC2 and VPC.
    let d = "describe/";
    a.put(
        "ec2 describe-security-groups",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-security-groups__ex1.json"))),
    );
    a.put(
        "ec2 describe-network-acls",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-network-acls__ex1.json"))),
    );
    a.put("ec2 describe-vpcs", out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-vpcs__ex1.json"))));
    a.put("ec2 describe-subnets", out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-subnets__ex1.json"))));
    a.put(
        "ec2 describe-route-tables",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-route-tables__ex1.json"))),
    );
    a.put(
        "ec2 describe-internet-gateways",
        out(corpus(&format!("{d}botocore-examples/botocore__ec2__DescribeInternetGateways__ex1.json"))),
    );
    a.put(
        "ec2 describe-nat-gateways",
        out(corpus(&format!("{d}botocore-examples/botocore__ec2__DescribeNatGateways__ex1.json"))),
    );
    a.put(
        "ec2 describe-vpc-endpoints",
        out(corpus(&format!("{d}cloudmapper-demo/cloudmapper__us-east-1__ec2-describe-vpc-endpoints.json"))),
    );
    a.put(
        "ec2 describe-instances",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-instances__ex1.json"))),
    );
    a.put(
        "ec2 describe-network-interfaces",
        out(corpus(&format!("{d}botocore-examples/botocore__ec2__DescribeNetworkInterfaces__ex1.json"))),
    );
    a.put(
        "ec2 describe-volumes",
        out(corpus(&format!("{d}botocore-examples/botocore__ec2__DescribeVolumes__ex2.json"))),
    );
    a.put(
        "ec2 describe-snapshots",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-snapshots__ex1.json"))),
    );
    let mut attribute = corpus(&format!("{d}awscli-examples/awscli__ec2__describe-snapshot-attribute__ex1.json"));
    attribute["SnapshotId"] = json!("snap-01234567890abcdef");
    a.put("ec2 describe-snapshot-attribute", out(attribute));
    a.put("ec2 get-ebs-encryption-by-default", out(json!({"EbsEncryptionByDefault": false, "SseType": "sse-ebs"})));
    a.put(
        "ec2 describe-flow-logs",
        out(corpus(&format!("{d}awscli-examples/awscli__ec2__describe-flow-logs__ex1.json"))),
    );

    // RDS: the corpus's instance is on a `default.*` group; a second one uses a custom group.
    let mut databases = corpus(&format!("{d}cloudmapper-demo/cloudmapper__us-east-1__rds-describe-db-instances.json"));
    let mut custom = databases["DBInstances"][0].clone();
    custom["DBInstanceIdentifier"] = json!("orders");
    custom["DBParameterGroups"] =
        json!([{"DBParameterGroupName": "orders-postgres", "ParameterApplyStatus": "in-sync"}]);
    databases["DBInstances"].as_array_mut().unwrap().push(custom);
    a.put("rds describe-db-instances", out(databases));
    a.put(
        "rds describe-db-clusters",
        out(corpus(&format!("{d}awscli-examples/awscli__rds__describe-db-clusters__ex1.json"))),
    );
    a.put(
        "rds describe-db-snapshots",
        out(corpus(&format!("{d}awscli-examples/awscli__rds__describe-db-snapshots__ex1.json"))),
    );
    a.put(
        "rds describe-db-parameters",
        out(json!({"Parameters": [{
            "ParameterName": "rds.force_ssl", "ParameterValue": "0", "Description": "Force SSL connections.",
            "Source": "user", "ApplyType": "dynamic", "DataType": "boolean", "AllowedValues": "0,1",
            "IsModifiable": true, "ApplyMethod": "pending-reboot"
        }]})),
    );
}

fn storage_keys_and_edges(a: &mut Answers) {
    let d = "describe/";
    // S3: `logs-archive` has no policy, no default encryption rule and no public access block.
    a.put(
        "s3api list-buckets",
        out(json!({
            "Buckets": [
                {"Name": "shared-data", "CreationDate": "2024-01-01T00:00:00+00:00"},
                {"Name": "logs-archive", "CreationDate": "2024-01-02T00:00:00+00:00"}
            ],
            "Owner": {"DisplayName": "auditor", "ID": "7009a8971cd538e11f6b6606438875e7c86c5b672f46db45460ddcd087d36c32"}
        })),
    );
    a.put(
        "s3api get-bucket-policy --bucket shared-data",
        out(
            json!({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::shared-data/*\"}]}"}),
        ),
    );
    a.put(
        "s3api get-bucket-policy --bucket logs-archive",
        fact("NoSuchBucketPolicy", "The bucket policy does not exist"),
    );
    a.put(
        "s3api get-bucket-encryption --bucket shared-data",
        out(json!({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}
        ]}})),
    );
    a.put(
        "s3api get-bucket-encryption --bucket logs-archive",
        fact(
            "ServerSideEncryptionConfigurationNotFoundError",
            "The server side encryption configuration was not found",
        ),
    );
    let block = json!({"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true
    }});
    a.put("s3api get-public-access-block --bucket shared-data", out(block.clone()));
    a.put(
        "s3api get-public-access-block --bucket logs-archive",
        fact("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"),
    );
    a.put("s3control get-public-access-block --account-id 123456789012", out(block));

    // KMS: `list-aliases` is denied.
    a.put("kms list-keys", out(corpus(&format!("{d}awscli-examples/awscli__kms__list-keys__ex1.json"))));
    a.put("kms describe-key", out(corpus(&format!("{d}awscli-examples/awscli__kms__describe-key__ex1.json"))));
    a.put(
        "kms get-key-rotation-status",
        out(corpus(&format!("{d}awscli-examples/awscli__kms__get-key-rotation-status__ex1.json"))),
    );
    a.put("kms get-key-policy", out(corpus(&format!("{d}botocore-examples/botocore__kms__GetKeyPolicy__ex1.json"))));

    // Load balancers.
    a.put(
        "elbv2 describe-load-balancers",
        out(corpus(&format!("{d}cloudmapper-demo/cloudmapper__us-east-1__elbv2-describe-load-balancers.json"))),
    );
    a.put(
        "elbv2 describe-listeners",
        out(json!({"Listeners": [{
            "ListenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo/qwerty/0467ef3c8400ae65",
            "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/qwerty",
            "Port": 80, "Protocol": "HTTP",
            "DefaultActions": [{"Type": "redirect", "Order": 1,
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}",
                                   "Query": "#{query}", "StatusCode": "HTTP_301"}}]
        }]})),
    );
    a.put(
        "elb describe-load-balancers",
        out(corpus(&format!("{d}cloudmapper-demo/cloudmapper__us-east-1__elb-describe-load-balancers.json"))),
    );

    // CloudFront.
    a.put(
        "cloudfront list-distributions",
        out(json!({"DistributionList": {"Items": [{
            "Id": "EDFDVBD6EXAMPLE", "ARN": "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE",
            "Status": "Deployed", "DomainName": "d111111abcdef8.cloudfront.net", "Enabled": true,
            "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"},
            "ViewerCertificate": {"CloudFrontDefaultCertificate": true, "MinimumProtocolVersion": "TLSv1"}
        }]}})),
    );
    a.put(
        "cloudfront get-distribution-config --id EDFDVBD6EXAMPLE",
        out(json!({"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": {
            "CallerReference": "cli-example", "Comment": "", "Enabled": true,
            "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "www.example.com",
                "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"},
            "ViewerCertificate": {"CloudFrontDefaultCertificate": true, "MinimumProtocolVersion": "TLSv1"}
        }})),
    );
}

fn systems_manager(a: &mut Answers) {
    let d = "describe/";
    // Systems Manager.
    let information = corpus(&format!("{d}awscli-examples/awscli__ssm__describe-instance-information__ex1.json"));
    let template = information["InstanceInformationList"][0].clone();
    let managed: Vec<Value> = managed_instance_ids()
        .into_iter()
        .map(|id| {
            let mut instance = template.clone();
            instance["InstanceId"] = json!(id);
            instance
        })
        .collect();
    a.put("ssm describe-instance-information", out(json!({ "InstanceInformationList": managed })));
    a.put(
        "ssm describe-instance-patch-states",
        out(corpus(&format!("{d}awscli-examples/awscli__ssm__describe-instance-patch-states__ex1.json"))),
    );
    a.put(
        "ssm describe-patch-baselines",
        out(json!({"BaselineIdentities": [
            {"BaselineId": "pb-0c10e65780EXAMPLE", "BaselineName": "web-servers", "OperatingSystem": "AMAZON_LINUX_2",
             "BaselineDescription": "Security updates after 3 days", "DefaultBaseline": false},
            {"BaselineId": "arn:aws:ssm:eu-west-1:733109147000:patchbaseline/pb-0a2e5e1bd8EXAMPLE",
             "BaselineName": "AWS-AmazonLinux2DefaultPatchBaseline", "OperatingSystem": "AMAZON_LINUX_2",
             "BaselineDescription": "Default Patch Baseline for Amazon Linux 2 Provided by AWS.", "DefaultBaseline": true},
            {"BaselineId": "arn:aws:ssm:eu-west-1:733109147000:patchbaseline/pb-0b4c2a7e1fEXAMPLE",
             "BaselineName": "AWS-UbuntuDefaultPatchBaseline", "OperatingSystem": "UBUNTU",
             "BaselineDescription": "Default Patch Baseline for Ubuntu Provided by AWS.", "DefaultBaseline": false}
        ]})),
    );
    a.put(
        "ssm get-patch-baseline",
        out(json!({
            "BaselineId": "pb-0c10e65780EXAMPLE", "Name": "web-servers", "OperatingSystem": "AMAZON_LINUX_2",
            "GlobalFilters": {"PatchFilters": []},
            "ApprovalRules": {"PatchRules": [{
                "PatchFilterGroup": {"PatchFilters": [
                    {"Key": "CLASSIFICATION", "Values": ["Security"]}, {"Key": "SEVERITY", "Values": ["Critical", "Important"]}
                ]},
                "ComplianceLevel": "CRITICAL", "ApproveAfterDays": 3, "EnableNonSecurity": false
            }]},
            "ApprovedPatches": [], "ApprovedPatchesComplianceLevel": "UNSPECIFIED", "ApprovedPatchesEnableNonSecurity": false,
            "RejectedPatches": [], "RejectedPatchesAction": "ALLOW_AS_DEPENDENCY", "PatchGroups": ["web"],
            "CreatedDate": 1_700_000_000.0, "ModifiedDate": 1_700_000_000.0, "Description": "Security updates after 3 days",
            "Sources": []
        })),
    );
    a.put(
        "ssm describe-maintenance-windows",
        out(json!({"WindowIdentities": [{
            "WindowId": "mw-0c50858d01EXAMPLE", "Name": "weekly-patching", "Enabled": true, "Duration": 2, "Cutoff": 1,
            "Schedule": "cron(0 2 ? * SUN *)", "NextExecutionTime": "2026-11-22T02:00Z"
        }]})),
    );
    a.put(
        "ssm describe-maintenance-window-tasks",
        out(json!({"Tasks": [{
            "WindowId": "mw-0c50858d01EXAMPLE", "WindowTaskId": "0d36e6b4-3a4f-411e-adcb-3558eEXAMPLE",
            "TaskArn": "AWS-RunPatchBaseline", "Type": "RUN_COMMAND",
            "Targets": [{"Key": "WindowTargetIds", "Values": ["da89dcc3-7f9c-481d-ba2b-edcb7EXAMPLE"]}],
            "TaskParameters": {}, "Priority": 1, "MaxConcurrency": "1", "MaxErrors": "1", "Name": "install-patches"
        }]})),
    );
    a.put(
        "ssm describe-maintenance-window-targets",
        out(json!({"Targets": [{
            "WindowId": "mw-0c50858d01EXAMPLE", "WindowTargetId": "da89dcc3-7f9c-481d-ba2b-edcb7EXAMPLE",
            "ResourceType": "INSTANCE", "Targets": [{"Key": "tag:Patch Group", "Values": ["web"]}], "Name": "web-servers"
        }]})),
    );
    a.put(
        "ssm list-associations",
        out(json!({"Associations": [{
            "Name": "AWS-RunPatchBaseline", "AssociationId": "8dfe3659-4309-493a-8755-0123456789ab",
            "AssociationVersion": "1", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}],
            "ScheduleExpression": "rate(1 day)", "AssociationName": "patch-scan",
            "Overview": {"Status": "Success", "AssociationStatusAggregatedCount": {"Success": 60}}
        }]})),
    );
}

/// The path of the Python interpreter `python3` runs.
fn python() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let found = Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().unwrap();
        PathBuf::from(String::from_utf8(found.stdout).unwrap().trim())
    })
    .clone()
}

/// A temporary directory holding the stand-in `aws`, its answers and its call log.
struct Fake {
    dir: PathBuf,
}

impl Fake {
    fn new(name: &str) -> Fake {
        let dir = std::env::temp_dir().join(format!("posture-collect-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let aws = dir.join("aws");
        // The interpreter itself, not a version manager's shim: the stand-in runs once per call.
        fs::write(&aws, format!("#!{} -S{FAKE_AWS}", python().display())).unwrap();
        Command::new("chmod").arg("+x").arg(&aws).status().unwrap();
        fs::write(dir.join("answers.json"), serde_json::to_string(&Value::Object(answers())).unwrap()).unwrap();
        fs::write(dir.join("credential-report.csv"), CREDENTIAL_REPORT).unwrap();
        Fake { dir }
    }

    fn collect(&self, args: &[&str]) -> Output {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/posture-collect.py");
        Command::new(python())
            .arg(&script)
            .args(args)
            .current_dir(&self.dir)
            .env("AWS_CLI", self.dir.join("aws"))
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .output()
            .unwrap()
    }

    /// Every call the stand-in received, as its arguments.
    fn calls(&self) -> Vec<String> {
        fs::read_to_string(self.dir.join("calls.log")).unwrap_or_default().lines().map(String::from).collect()
    }

    /// The calls of one service and operation.
    fn calls_of(&self, service_operation: &str) -> Vec<String> {
        self.calls().into_iter().filter(|c| c.starts_with(&format!("{service_operation} "))).collect()
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.dir.join(name)).unwrap()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Posture's report on some files read as one snapshot, after checking that none of them, nor
/// any output they hold, is an input error.
fn analyze_cleanly(files: &[(&str, String)]) -> posture::Report {
    let sources: Vec<_> = files.iter().map(|(name, text)| posture::Source::new(*name, text.clone())).collect();
    let report = posture::analyze(&sources, &posture::Options::default());
    let errors: Vec<_> = report.inputs.iter().filter(|i| i.error.is_some()).collect();
    assert!(errors.is_empty(), "input errors: {errors:#?}");
    report
}

/// The values after `flag` in a logged call (up to the next option).
fn flag_values<'a>(call: &'a str, flag: &str) -> Vec<&'a str> {
    let mut words = call.split_whitespace().skip_while(|w| *w != flag).skip(1);
    let mut values = Vec::new();
    while let Some(w) = words.next().filter(|w| !w.starts_with("--")) {
        values.push(w);
    }
    values
}

#[test]
fn the_collector_asks_for_every_supported_input_and_posture_reads_the_bundle() {
    let fake = Fake::new("one");
    let run = fake.collect(&["--region", "eu-west-1", "-o", "snapshot.json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");

    // Read-only, JSON, no pager, and every supported input asked for.
    let calls = fake.calls();
    for call in &calls {
        let operation = call.split_whitespace().nth(1).unwrap_or("");
        assert!(
            ["describe-", "get-", "list-"].iter().any(|p| operation.starts_with(p))
                || call.starts_with("iam generate-credential-report ")
                || call.starts_with("configure get")
                || call == "--version",
            "not read-only: aws {call}"
        );
        if !call.starts_with("configure get") && call != "--version" {
            assert!(call.contains("--output json") && call.contains("--no-cli-pager"), "aws {call}");
        }
    }
    let asked: BTreeSet<String> =
        calls.iter().map(|c| c.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).collect();
    let missing: Vec<_> = EXPECTED.iter().filter(|c| !asked.contains(**c)).collect();
    assert!(missing.is_empty(), "never asked for: {missing:?}");

    // Progress on standard error, with the region.
    assert!(stderr.contains("] ec2 describe-instances (eu-west-1)"), "{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with('[') && l.contains('/')), "{stderr}");

    per_resource_commands_use_the_listed_ids(&fake);
    let text = fake.read("snapshot.json");
    facts_are_kept_and_the_denied_command_is_listed(&text, &stderr);
    // Commands asked for after the denied one were still run.
    assert!(asked.contains("ssm list-associations"));
    let outputs = serde_json::from_str::<Value>(&text).unwrap()["outputs"].as_array().unwrap().len();

    // Posture reads it as one snapshot, every output as its kind, with no input error.
    let report = analyze_cleanly(&[("snapshot.json", text)]);
    assert_eq!(report.inputs[0].kind, Some("bundle"));
    assert_eq!(report.inputs.len(), 1 + outputs);
    let kinds: BTreeSet<_> = report.inputs[1..].iter().filter_map(|i| i.kind).collect();
    for kind in [
        "s3api.get-bucket-policy",
        "iam.get-account-password-policy",
        "elb.describe-load-balancers",
        "iam.get-credential-report",
    ] {
        assert!(kinds.contains(kind), "{kind} not read: {kinds:?}");
    }
    // (The authorization details' documents are checked too: look for the bucket's finding.)
    let bucket = |f: &&posture::report::Finding| f.rule == "service-wildcard" && f.resource == "shared-data";
    assert!(report.findings.iter().any(|f| bucket(&f)), "the bucket policy is checked");
}

/// Per-resource commands use the ids the list outputs gave, and only those.
fn per_resource_commands_use_the_listed_ids(fake: &Fake) {
    let calls = fake.calls();
    for bucket in ["shared-data", "logs-archive"] {
        for operation in ["get-bucket-policy", "get-bucket-encryption", "get-public-access-block"] {
            assert!(
                calls.iter().any(|c| c.starts_with(&format!("s3api {operation} --bucket {bucket} "))),
                "{operation} {bucket}"
            );
        }
    }
    assert_eq!(fake.calls_of("s3api get-bucket-policy").len(), 2);
    for key in [
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "0987dcba-09fe-87dc-65ba-ab0987654321",
        "1a2b3c4d-5e6f-1a2b-3c4d-5e6f1a2b3c4d",
    ] {
        for operation in ["describe-key", "get-key-rotation-status", "get-key-policy"] {
            assert!(
                calls.iter().any(|c| c.starts_with(&format!("kms {operation} --key-id {key}"))),
                "{operation} {key}"
            );
        }
    }
    assert!(fake.calls_of("kms get-key-policy").iter().all(|c| c.contains("--policy-name default")));
    let listeners = fake.calls_of("elbv2 describe-listeners");
    assert_eq!(listeners.len(), 1);
    let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/qwerty";
    assert!(listeners[0].contains(&format!("--load-balancer-arn {arn} ")), "{listeners:?}");
    let parameters = fake.calls_of("rds describe-db-parameters");
    assert_eq!(parameters.len(), 1, "only the custom group, not default.postgres9.6: {parameters:?}");
    assert!(parameters[0].starts_with("rds describe-db-parameters --db-parameter-group-name orders-postgres "));
    let attributes = fake.calls_of("ec2 describe-snapshot-attribute");
    assert_eq!(attributes.len(), 1);
    assert!(attributes[0].contains("--snapshot-id snap-01234567890abcdef --attribute createVolumePermission"));
    assert!(fake.calls_of("ec2 describe-snapshots").iter().all(|c| c.contains("--owner-ids self")));
    let baselines: Vec<_> = fake
        .calls_of("ssm get-patch-baseline")
        .iter()
        .map(|c| flag_values(c, "--baseline-id")[0].to_string())
        .collect();
    assert_eq!(
        baselines.iter().collect::<BTreeSet<_>>(),
        ["arn:aws:ssm:eu-west-1:733109147000:patchbaseline/pb-0a2e5e1bd8EXAMPLE", "pb-0c10e65780EXAMPLE"]
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .iter()
            .collect::<BTreeSet<_>>(),
        "the account's own baseline and the default one, not every AWS baseline"
    );
    for operation in ["describe-maintenance-window-tasks", "describe-maintenance-window-targets"] {
        let calls = fake.calls_of(&format!("ssm {operation}"));
        assert_eq!(calls.len(), 1);
        assert!(calls[0].contains("--window-id mw-0c50858d01EXAMPLE"));
    }
    let batches: Vec<Vec<String>> = fake
        .calls_of("ssm describe-instance-patch-states")
        .iter()
        .map(|c| flag_values(c, "--instance-ids").into_iter().map(String::from).collect())
        .collect();
    assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 50), "{batches:?}");
    let mut asked_ids: Vec<String> = batches.concat();
    asked_ids.sort();
    assert_eq!(asked_ids, managed_instance_ids(), "every managed instance, once");
    let users: BTreeSet<_> =
        fake.calls_of("iam list-access-keys").iter().map(|c| flag_values(c, "--user-name")[0].to_string()).collect();
    assert_eq!(users, ["Alice", "Bob", "Charlie"].iter().map(ToString::to_string).collect());
    assert_eq!(fake.calls_of("cloudfront get-distribution-config").len(), 1);
    assert!(fake.calls_of("cloudfront get-distribution-config")[0].contains("--id EDFDVBD6EXAMPLE"));
    assert!(calls.iter().any(|c| c.starts_with("s3control get-public-access-block --account-id 123456789012 ")));
    // The credential report is generated, polled until COMPLETE, then read.
    assert_eq!(fake.calls_of("iam generate-credential-report").len(), 2);
}

/// The bundle keeps the errors that state facts and lists the denied command as not collected.
fn facts_are_kept_and_the_denied_command_is_listed(text: &str, stderr: &str) {
    let bundle: Value = serde_json::from_str(text).unwrap();
    assert_eq!((bundle["bundle"].clone(), bundle["account"].clone()), (json!(1), json!("123456789012")));
    assert_eq!(bundle["region"], "eu-west-1");
    assert!(bundle["captured"].as_str().is_some_and(|c| c.ends_with('Z')));
    let outputs = bundle["outputs"].as_array().unwrap();
    let entry = |command: &str| {
        outputs.iter().find(|e| e["command"] == command).unwrap_or_else(|| panic!("no entry `{command}`"))
    };
    assert_eq!(
        entry("aws s3api get-bucket-policy --bucket logs-archive --region eu-west-1")["error"],
        json!({"code": "NoSuchBucketPolicy", "message": "The bucket policy does not exist"})
    );
    assert_eq!(entry("aws iam get-account-password-policy --region eu-west-1")["error"]["code"], "NoSuchEntity");
    assert_eq!(
        entry("aws s3api get-bucket-encryption --bucket logs-archive --region eu-west-1")["error"]["code"],
        "ServerSideEncryptionConfigurationNotFoundError"
    );
    assert!(entry("aws ec2 describe-security-groups --region eu-west-1")["output"]["SecurityGroups"].is_array());
    assert!(outputs.iter().all(|e| e.get("output").is_some() != e.get("error").is_some()));
    assert!(
        !outputs.iter().any(|e| e["command"].as_str().unwrap().contains("list-aliases")),
        "a denied command has no entry"
    );
    assert_eq!(
        bundle["not_collected"],
        json!([{
            "command": "aws kms list-aliases --region eu-west-1",
            "code": "AccessDenied",
            "message": "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform this operation"
        }])
    );
    assert!(stderr.contains("not collected: aws kms list-aliases --region eu-west-1: AccessDenied"), "{stderr}");
}

#[test]
fn global_services_are_collected_once_and_each_region_gets_its_bundle() {
    let fake = Fake::new("regions");
    let run = fake.collect(&["--region", "eu-west-1", "--region", "us-east-1", "-o", "out/snapshot-{region}.json"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for global in [
        "iam get-account-authorization-details",
        "s3api list-buckets",
        "cloudfront list-distributions",
        "iam get-credential-report",
    ] {
        assert_eq!(fake.calls_of(global).len(), 1, "{global}");
    }
    let instances = fake.calls_of("ec2 describe-instances");
    assert_eq!(instances.len(), 2);
    assert!(["eu-west-1", "us-east-1"].iter().all(|r| instances.iter().any(|c| c.contains(&format!("--region {r}")))));

    let first = fake.read("out/snapshot-eu-west-1.json");
    let second = fake.read("out/snapshot-us-east-1.json");
    let (a, b): (Value, Value) = (serde_json::from_str(&first).unwrap(), serde_json::from_str(&second).unwrap());
    assert_eq!((a["region"].as_str(), b["region"].as_str()), (Some("eu-west-1"), Some("us-east-1")));
    let commands = |v: &Value| {
        v["outputs"].as_array().unwrap().iter().map(|e| e["command"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(
        commands(&a).iter().any(|c| c.starts_with("aws iam get-account-authorization-details")),
        "globals go to the first bundle"
    );
    assert!(!commands(&b).iter().any(|c| c.starts_with("aws iam ") || c.starts_with("aws s3api ")), "and only there");
    assert!(commands(&b).iter().all(|c| c.ends_with("--region us-east-1")));
    analyze_cleanly(&[("snapshot-eu-west-1.json", first), ("snapshot-us-east-1.json", second)]);
}

#[test]
fn all_regions_in_one_file() {
    let fake = Fake::new("all");
    let run = fake.collect(&["--all-regions", "--one-file", "-o", "all.json"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(fake.calls_of("ec2 describe-regions").len(), 1);
    let text = fake.read("all.json");
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["regions"], json!(["eu-west-1", "us-east-1"]));
    assert!(bundle.get("region").is_none(), "no single region");
    let outputs = bundle["outputs"].as_array().unwrap();
    for region in ["eu-west-1", "us-east-1"] {
        let command = format!("aws ec2 describe-security-groups --region {region}");
        assert!(outputs.iter().any(|e| e["command"] == command.as_str()), "{command}");
    }
    assert_eq!(
        outputs
            .iter()
            .filter(|e| e["command"].as_str().unwrap().starts_with("aws iam get-account-authorization-details"))
            .count(),
        1
    );
    assert_eq!(bundle["not_collected"].as_array().unwrap().len(), 2, "list-aliases in each region");
    analyze_cleanly(&[("all.json", text)]);
}

#[test]
fn several_regions_need_somewhere_to_go() {
    let fake = Fake::new("usage");
    let run = fake.collect(&["--region", "eu-west-1", "--region", "us-east-1"]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("--one-file") && stderr.contains("{region}"), "{stderr}");
    assert!(fake.calls_of("ec2 describe-instances").is_empty(), "nothing collected before the usage error");
}

/// The list above is RULES.md's "Supported inputs", less what authorization details cover. The
/// catalogue lives beside the repository, so a clone on its own skips this and says so.
#[test]
fn the_expected_commands_are_rules_md_supported_inputs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/RULES.md");
    let Ok(rules) = fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent; the collector's command list was not compared with it", path.display());
        return;
    };
    let section = &rules[rules.find("## Supported inputs").expect("a Supported inputs section")..];
    let paragraph = section.split("\n\n").nth(1).expect("the paragraph listing the inputs");
    let mut service = "";
    let mut supported = BTreeSet::new();
    for (i, quoted) in paragraph.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let words: Vec<&str> = quoted.split_whitespace().collect();
        let operation = match words.as_slice() {
            ["aws", s, op, ..] => {
                service = s;
                *op
            }
            [op] if ["describe-", "get-", "list-"].iter().any(|p| op.starts_with(p)) => *op,
            _ => continue,
        };
        supported.insert(format!("{service} {operation}"));
    }
    let expected: BTreeSet<String> =
        EXPECTED.iter().chain(COVERED_BY_AUTHORIZATION_DETAILS).map(ToString::to_string).collect();
    assert_eq!(supported, expected, "RULES.md's supported inputs and the collector's list differ");
}
