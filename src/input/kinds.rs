//! "What was pasted?": every supported kind of input, recognised from its content alone.

use crate::json::Value;

/// A kind of input: a policy document, or the output of one AWS CLI command.
#[derive(Debug, PartialEq, Eq)]
pub struct InputKind {
    /// Stable id used in reports, e.g. `ec2.describe-security-groups`.
    pub id: &'static str,
    /// What the page shows, e.g. `aws ec2 describe-security-groups`.
    pub label: &'static str,
    /// How it is told apart.
    sig: Sig,
    /// Whether this version has checks for it (the rest are recognised but not yet reviewed;
    /// for VPC endpoints, their policies are reviewed).
    pub reviewed: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Sig {
    /// An object with every one of these top-level keys.
    Keys(&'static [&'static str]),
    /// An object with these keys, or an array whose first element has the element keys
    /// (the output of `--query 'SecurityGroups'` and of tools that store the list alone).
    List(&'static str, &'static [&'static str]),
    /// An object with at least this many of these keys (hand-trimmed exports drop some).
    AtLeast(usize, &'static [&'static str]),
    /// Recognised by the code in `input::read_value` (policies and their wrappers).
    Custom(&'static [&'static str]),
}

macro_rules! kinds {
    ($($name:ident: $id:literal, $label:literal, $sig:expr, $reviewed:literal;)*) => {
        $(pub static $name: InputKind = InputKind { id: $id, label: $label, sig: $sig, reviewed: $reviewed };)*
        /// Every supported kind, in the order they are tried.
        pub static ALL: &[&InputKind] = &[$(&$name),*];
    };
}

use Sig::{AtLeast, Custom, Keys, List};

kinds! {
    BUNDLE: "bundle", "Posture snapshot bundle", Custom(&["bundle", "outputs"]), true;
    POLICY_IDENTITY: "iam.policy.identity", "IAM policy (identity)", Custom(&["Version", "Statement"]), true;
    POLICY_RESOURCE: "iam.policy.resource", "IAM policy (resource)", Custom(&["Version", "Statement"]), true;
    POLICY_TRUST: "iam.policy.trust", "IAM policy (trust)", Custom(&["Version", "Statement"]), true;
    GET_POLICY_VERSION: "iam.get-policy-version", "aws iam get-policy-version", Custom(&["PolicyVersion"]), true;
    GET_ROLE: "iam.get-role", "aws iam get-role", Custom(&["Role"]), true;
    GET_ROLE_POLICY: "iam.get-role-policy", "aws iam get-role-policy", Custom(&["RoleName", "PolicyName", "PolicyDocument"]), true;
    GET_USER_POLICY: "iam.get-user-policy", "aws iam get-user-policy", Custom(&["UserName", "PolicyName", "PolicyDocument"]), true;
    GET_GROUP_POLICY: "iam.get-group-policy", "aws iam get-group-policy", Custom(&["GroupName", "PolicyName", "PolicyDocument"]), true;
    GET_BUCKET_POLICY: "s3api.get-bucket-policy", "aws s3api get-bucket-policy", Custom(&["Policy"]), true;
    GET_KEY_POLICY: "kms.get-key-policy", "aws kms get-key-policy", Custom(&["Policy", "PolicyName"]), true;
    GET_LAMBDA_POLICY: "lambda.get-policy", "aws lambda get-policy", Custom(&["Policy", "RevisionId"]), true;
    GET_QUEUE_ATTRIBUTES: "sqs.get-queue-attributes", "aws sqs get-queue-attributes", Custom(&["Attributes"]), true;
    GET_TOPIC_ATTRIBUTES: "sns.get-topic-attributes", "aws sns get-topic-attributes", Custom(&["Attributes"]), true;
    GET_SECRET_POLICY: "secretsmanager.get-resource-policy", "aws secretsmanager get-resource-policy",
        Custom(&["ARN", "Name", "ResourcePolicy"]), true;
    GET_REPOSITORY_POLICY: "ecr.get-repository-policy", "aws ecr get-repository-policy",
        Custom(&["registryId", "repositoryName", "policyText"]), true;
    AUTHZ_DETAILS: "iam.get-account-authorization-details", "aws iam get-account-authorization-details",
        AtLeast(2, &["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]), true;
    CREDENTIAL_REPORT: "iam.get-credential-report", "aws iam get-credential-report", Keys(&["Content", "ReportFormat"]), true;
    CREDENTIAL_REPORT_CSV: "iam.credential-report-csv", "IAM credential report (CSV)", Custom(&[]), true;
    LIST_ACCESS_KEYS: "iam.list-access-keys", "aws iam list-access-keys", Keys(&["AccessKeyMetadata"]), true;
    PASSWORD_POLICY: "iam.get-account-password-policy", "aws iam get-account-password-policy",
        Keys(&["PasswordPolicy"]), true;
    SECURITY_GROUPS: "ec2.describe-security-groups", "aws ec2 describe-security-groups",
        List("SecurityGroups", &["GroupId", "IpPermissions"]), true;
    NETWORK_ACLS: "ec2.describe-network-acls", "aws ec2 describe-network-acls", List("NetworkAcls", &["NetworkAclId", "Entries"]), true;
    VPCS: "ec2.describe-vpcs", "aws ec2 describe-vpcs", List("Vpcs", &["VpcId", "InstanceTenancy"]), true;
    SUBNETS: "ec2.describe-subnets", "aws ec2 describe-subnets", List("Subnets", &["SubnetId", "AvailableIpAddressCount"]), true;
    ROUTE_TABLES: "ec2.describe-route-tables", "aws ec2 describe-route-tables", List("RouteTables", &["RouteTableId", "Routes"]), true;
    INTERNET_GATEWAYS: "ec2.describe-internet-gateways", "aws ec2 describe-internet-gateways",
        List("InternetGateways", &["InternetGatewayId", "Attachments"]), true;
    NAT_GATEWAYS: "ec2.describe-nat-gateways", "aws ec2 describe-nat-gateways", List("NatGateways", &["NatGatewayId", "SubnetId"]), true;
    VPC_ENDPOINTS: "ec2.describe-vpc-endpoints", "aws ec2 describe-vpc-endpoints",
        List("VpcEndpoints", &["VpcEndpointId", "ServiceName"]), true;
    INSTANCES: "ec2.describe-instances", "aws ec2 describe-instances", List("Reservations", &["ReservationId", "Instances"]), true;
    NETWORK_INTERFACES: "ec2.describe-network-interfaces", "aws ec2 describe-network-interfaces",
        List("NetworkInterfaces", &["NetworkInterfaceId", "InterfaceType"]), true;
    VOLUMES: "ec2.describe-volumes", "aws ec2 describe-volumes", List("Volumes", &["VolumeId", "Attachments"]), false;
    SNAPSHOTS: "ec2.describe-snapshots", "aws ec2 describe-snapshots", List("Snapshots", &["SnapshotId", "VolumeSize"]), false;
    SNAPSHOT_ATTRIBUTE: "ec2.describe-snapshot-attribute", "aws ec2 describe-snapshot-attribute",
        Keys(&["SnapshotId", "CreateVolumePermissions"]), false;
    EBS_DEFAULT_ENCRYPTION: "ec2.get-ebs-encryption-by-default", "aws ec2 get-ebs-encryption-by-default",
        Keys(&["EbsEncryptionByDefault"]), false;
    FLOW_LOGS: "ec2.describe-flow-logs", "aws ec2 describe-flow-logs", List("FlowLogs", &["FlowLogId", "ResourceId"]), true;
    DB_INSTANCES: "rds.describe-db-instances", "aws rds describe-db-instances",
        List("DBInstances", &["DBInstanceIdentifier", "Engine"]), true;
    DB_CLUSTERS: "rds.describe-db-clusters", "aws rds describe-db-clusters", List("DBClusters", &["DBClusterIdentifier", "Engine"]), false;
    DB_SNAPSHOTS: "rds.describe-db-snapshots", "aws rds describe-db-snapshots",
        List("DBSnapshots", &["DBSnapshotIdentifier", "Encrypted"]), false;
    DB_PARAMETERS: "rds.describe-db-parameters", "aws rds describe-db-parameters", List("Parameters", &["ParameterName", "ApplyType"]), false;
    BUCKET_ENCRYPTION: "s3api.get-bucket-encryption", "aws s3api get-bucket-encryption",
        Keys(&["ServerSideEncryptionConfiguration"]), false;
    PUBLIC_ACCESS_BLOCK: "s3api.get-public-access-block", "aws s3api (or s3control) get-public-access-block",
        Keys(&["PublicAccessBlockConfiguration"]), false;
    LIST_BUCKETS: "s3api.list-buckets", "aws s3api list-buckets", Keys(&["Buckets"]), false;
    DESCRIBE_KEY: "kms.describe-key", "aws kms describe-key", Keys(&["KeyMetadata"]), false;
    KEY_ROTATION: "kms.get-key-rotation-status", "aws kms get-key-rotation-status", Keys(&["KeyRotationEnabled"]), false;
    LIST_KEYS: "kms.list-keys", "aws kms list-keys", Keys(&["Keys"]), false;
    LIST_ALIASES: "kms.list-aliases", "aws kms list-aliases", List("Aliases", &["AliasName", "AliasArn"]), false;
    LISTENERS: "elbv2.describe-listeners", "aws elbv2 describe-listeners", List("Listeners", &["ListenerArn", "Protocol"]), false;
    LOAD_BALANCERS: "elbv2.describe-load-balancers", "aws elbv2 describe-load-balancers",
        List("LoadBalancers", &["LoadBalancerArn", "Scheme"]), false;
    CLASSIC_LOAD_BALANCERS: "elb.describe-load-balancers", "aws elb describe-load-balancers",
        List("LoadBalancerDescriptions", &["LoadBalancerName", "ListenerDescriptions"]), false;
    DISTRIBUTIONS: "cloudfront.list-distributions", "aws cloudfront list-distributions", Keys(&["DistributionList"]), false;
    DISTRIBUTION_CONFIG: "cloudfront.get-distribution-config", "aws cloudfront get-distribution-config",
        Keys(&["DistributionConfig"]), false;
    INSTANCE_INFORMATION: "ssm.describe-instance-information", "aws ssm describe-instance-information",
        List("InstanceInformationList", &["InstanceId", "PingStatus"]), false;
    PATCH_STATES: "ssm.describe-instance-patch-states", "aws ssm describe-instance-patch-states",
        List("InstancePatchStates", &["InstanceId", "BaselineId", "Operation"]), false;
    PATCH_BASELINES: "ssm.describe-patch-baselines", "aws ssm describe-patch-baselines", Keys(&["BaselineIdentities"]), false;
    PATCH_BASELINE: "ssm.get-patch-baseline", "aws ssm get-patch-baseline", Keys(&["BaselineId", "OperatingSystem"]), false;
    MAINTENANCE_WINDOWS: "ssm.describe-maintenance-windows", "aws ssm describe-maintenance-windows",
        Keys(&["WindowIdentities"]), false;
    WINDOW_TASKS: "ssm.describe-maintenance-window-tasks", "aws ssm describe-maintenance-window-tasks", Keys(&["Tasks"]), false;
    WINDOW_TARGETS: "ssm.describe-maintenance-window-targets", "aws ssm describe-maintenance-window-targets",
        Keys(&["Targets"]), false;
    ASSOCIATIONS: "ssm.list-associations", "aws ssm list-associations", Keys(&["Associations"]), false;
}

impl InputKind {
    /// The top-level keys that identify this kind, for "closest kind" suggestions.
    pub fn keys(&'static self) -> &'static [&'static str] {
        match &self.sig {
            Keys(keys) | Custom(keys) | AtLeast(_, keys) => keys,
            List(key, _) => std::slice::from_ref(key),
        }
    }

    /// Whether `value` matches a signature-only kind (not policies: see `input::read_value`).
    pub(crate) fn matches(&self, value: &Value) -> bool {
        match self.sig {
            Keys(keys) => keys.iter().all(|k| value.get(k).is_some()),
            AtLeast(n, keys) => keys.iter().filter(|k| value.get(k).is_some()).count() >= n,
            List(key, element) => {
                value.get(key).is_some_and(|v| v.as_array().is_some())
                    || value
                        .as_array()
                        .and_then(<[Value]>::first)
                        .is_some_and(|e| element.iter().all(|k| e.get(k).is_some()))
            }
            Custom(_) => false,
        }
    }
}

/// The signature-only kind `value` matches, if any.
pub(crate) fn recognize(value: &Value) -> Option<&'static InputKind> {
    ALL.iter().copied().find(|k| k.matches(value))
}

/// How an input resembles a kind it failed to match.
pub(crate) struct Resemblance {
    pub kind: &'static InputKind,
    /// A key that looks misspelt: (expected, found).
    pub misspelt: Option<(&'static str, String)>,
    /// Keys of the kind that are absent (and not misspelt).
    pub missing: Vec<&'static str>,
}

/// The kind `value` most resembles, for the `input-unrecognized` message: the one with the
/// most of its keys present or nearly so (a misspelling within a third of the length).
pub(crate) fn closest(value: &Value) -> Option<Resemblance> {
    let found: Vec<&str> = match value.as_object() {
        Some(members) => members.iter().map(|m| &*m.key).collect(),
        None => value.as_array()?.first()?.as_object()?.iter().map(|m| &*m.key).collect(),
    };
    let mut best: Option<(usize, usize, Resemblance)> = None;
    for kind in ALL.iter().copied() {
        let (mut score, mut distance) = (0, 0);
        let mut r = Resemblance { kind, misspelt: None, missing: Vec::new() };
        for &expected in kind.keys() {
            if found.contains(&expected) {
                score += 1;
                continue;
            }
            let near = found
                .iter()
                .map(|&k| (edit_distance(&k.to_ascii_lowercase(), &expected.to_ascii_lowercase()), k))
                .filter(|&(d, _)| d <= expected.len() / 3 + 1)
                .min();
            match near {
                Some((d, k)) => {
                    score += 1;
                    distance += d;
                    r.misspelt.get_or_insert((expected, k.to_string()));
                }
                None => r.missing.push(expected),
            }
        }
        // A kind that needs every key and has none of them is no resemblance at all.
        let better = best.as_ref().is_none_or(|(s, d, _)| score > *s || (score == *s && distance < *d));
        if score > 0 && better {
            best = Some((score, distance, r));
        }
    }
    best.map(|(_, _, r)| r)
}

/// Levenshtein distance, for suggestions on short strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // Distances from a prefix of `a` to each prefix of `b`; `row[0]` is the empty prefix.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let (mut diagonal, mut left) = (i, i + 1);
        if let Some(first) = row.first_mut() {
            *first = left;
        }
        for (cell, &cb) in row.iter_mut().skip(1).zip(&b) {
            let up = *cell;
            *cell = (diagonal + usize::from(ca != cb)).min(left + 1).min(up + 1);
            (diagonal, left) = (up, *cell);
        }
    }
    row.last().copied().unwrap_or_default()
}
