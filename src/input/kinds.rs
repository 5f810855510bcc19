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
    /// An object with no key but these (and at least one): `{"Status": "Enabled"}`.
    Only(&'static [&'static str]),
    /// A `describe-*-attribute` answer: this id (a string) and one or two attributes, each an
    /// object (`{"Value": …}`) or a list.
    Attribute(&'static str),
}

macro_rules! kinds {
    ($($name:ident: $id:literal, $label:literal, $sig:expr, $reviewed:literal;)*) => {
        $(pub static $name: InputKind = InputKind { id: $id, label: $label, sig: $sig, reviewed: $reviewed };)*
        /// Every supported kind, in the order they are tried.
        pub static ALL: &[&InputKind] = &[$(&$name),*];
    };
}

use Sig::{AtLeast, Attribute, Custom, Keys, List, Only};

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
    VOLUMES: "ec2.describe-volumes", "aws ec2 describe-volumes", List("Volumes", &["VolumeId", "Attachments"]), true;
    SNAPSHOTS: "ec2.describe-snapshots", "aws ec2 describe-snapshots", List("Snapshots", &["SnapshotId", "VolumeSize"]), true;
    SNAPSHOT_ATTRIBUTE: "ec2.describe-snapshot-attribute", "aws ec2 describe-snapshot-attribute",
        Keys(&["SnapshotId", "CreateVolumePermissions"]), true;
    EBS_DEFAULT_ENCRYPTION: "ec2.get-ebs-encryption-by-default", "aws ec2 get-ebs-encryption-by-default",
        Keys(&["EbsEncryptionByDefault"]), true;
    FLOW_LOGS: "ec2.describe-flow-logs", "aws ec2 describe-flow-logs", List("FlowLogs", &["FlowLogId", "ResourceId"]), true;
    DB_INSTANCES: "rds.describe-db-instances", "aws rds describe-db-instances",
        List("DBInstances", &["DBInstanceIdentifier", "Engine"]), true;
    DB_CLUSTERS: "rds.describe-db-clusters", "aws rds describe-db-clusters", List("DBClusters", &["DBClusterIdentifier", "Engine"]), true;
    DB_SNAPSHOTS: "rds.describe-db-snapshots", "aws rds describe-db-snapshots",
        List("DBSnapshots", &["DBSnapshotIdentifier", "Encrypted"]), true;
    DB_PARAMETERS: "rds.describe-db-parameters", "aws rds describe-db-parameters", List("Parameters", &["ParameterName", "ApplyType"]), true;
    BUCKET_ENCRYPTION: "s3api.get-bucket-encryption", "aws s3api get-bucket-encryption",
        Keys(&["ServerSideEncryptionConfiguration"]), true;
    PUBLIC_ACCESS_BLOCK: "s3api.get-public-access-block", "aws s3api (or s3control) get-public-access-block",
        Keys(&["PublicAccessBlockConfiguration"]), true;
    LIST_BUCKETS: "s3api.list-buckets", "aws s3api list-buckets", Keys(&["Buckets"]), true;
    DESCRIBE_KEY: "kms.describe-key", "aws kms describe-key", Keys(&["KeyMetadata"]), true;
    KEY_ROTATION: "kms.get-key-rotation-status", "aws kms get-key-rotation-status", Keys(&["KeyRotationEnabled"]), true;
    LIST_KEYS: "kms.list-keys", "aws kms list-keys", Keys(&["Keys"]), true;
    LIST_ALIASES: "kms.list-aliases", "aws kms list-aliases", List("Aliases", &["AliasName", "AliasArn"]), true;
    LISTENERS: "elbv2.describe-listeners", "aws elbv2 describe-listeners", List("Listeners", &["ListenerArn", "Protocol"]), true;
    LOAD_BALANCERS: "elbv2.describe-load-balancers", "aws elbv2 describe-load-balancers",
        List("LoadBalancers", &["LoadBalancerArn", "Scheme"]), true;
    CLASSIC_LOAD_BALANCERS: "elb.describe-load-balancers", "aws elb describe-load-balancers",
        List("LoadBalancerDescriptions", &["LoadBalancerName", "ListenerDescriptions"]), true;
    DISTRIBUTIONS: "cloudfront.list-distributions", "aws cloudfront list-distributions", Keys(&["DistributionList"]), true;
    DISTRIBUTION_CONFIG: "cloudfront.get-distribution-config", "aws cloudfront get-distribution-config",
        Keys(&["DistributionConfig"]), true;
    INSTANCE_INFORMATION: "ssm.describe-instance-information", "aws ssm describe-instance-information",
        List("InstanceInformationList", &["InstanceId", "PingStatus"]), true;
    PATCH_STATES: "ssm.describe-instance-patch-states", "aws ssm describe-instance-patch-states",
        List("InstancePatchStates", &["InstanceId", "BaselineId", "Operation"]), true;
    PATCH_BASELINES: "ssm.describe-patch-baselines", "aws ssm describe-patch-baselines", Keys(&["BaselineIdentities"]), false;
    PATCH_BASELINE: "ssm.get-patch-baseline", "aws ssm get-patch-baseline", Keys(&["BaselineId", "OperatingSystem"]), true;
    MAINTENANCE_WINDOWS: "ssm.describe-maintenance-windows", "aws ssm describe-maintenance-windows",
        Keys(&["WindowIdentities"]), true;
    WINDOW_TASKS: "ssm.describe-maintenance-window-tasks", "aws ssm describe-maintenance-window-tasks", Keys(&["Tasks"]), true;
    WINDOW_TARGETS: "ssm.describe-maintenance-window-targets", "aws ssm describe-maintenance-window-targets",
        Keys(&["Targets"]), true;
    ASSOCIATIONS: "ssm.list-associations", "aws ssm list-associations", Keys(&["Associations"]), true;
}

/// The commands whose label alone does not say how to collect them: the arguments they take
/// (placeholders in capitals), or the pipeline. Every other kind is collected by its label.
static COMMANDS: &[(&str, &str)] = &[
    ("bundle", "python3 scripts/posture-collect.py -o snapshot.json"),
    ("iam.get-policy-version", "aws iam get-policy-version --policy-arn ARN --version-id VERSION"),
    ("iam.get-role", "aws iam get-role --role-name ROLE"),
    ("iam.get-role-policy", "aws iam get-role-policy --role-name ROLE --policy-name POLICY"),
    ("iam.get-user-policy", "aws iam get-user-policy --user-name USER --policy-name POLICY"),
    ("iam.get-group-policy", "aws iam get-group-policy --group-name GROUP --policy-name POLICY"),
    ("s3api.get-bucket-policy", "aws s3api get-bucket-policy --bucket BUCKET"),
    ("kms.get-key-policy", "aws kms get-key-policy --key-id KEY --policy-name default"),
    ("lambda.get-policy", "aws lambda get-policy --function-name FUNCTION"),
    ("sqs.get-queue-attributes", "aws sqs get-queue-attributes --queue-url URL --attribute-names All"),
    ("sns.get-topic-attributes", "aws sns get-topic-attributes --topic-arn ARN"),
    ("secretsmanager.get-resource-policy", "aws secretsmanager get-resource-policy --secret-id SECRET"),
    ("ecr.get-repository-policy", "aws ecr get-repository-policy --repository-name REPOSITORY"),
    ("iam.get-credential-report", "aws iam generate-credential-report && aws iam get-credential-report"),
    (
        "iam.credential-report-csv",
        "aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d",
    ),
    ("iam.list-access-keys", "aws iam list-access-keys --user-name USER"),
    (
        "ec2.describe-snapshot-attribute",
        "aws ec2 describe-snapshot-attribute --snapshot-id SNAPSHOT --attribute createVolumePermission",
    ),
    ("rds.describe-db-parameters", "aws rds describe-db-parameters --db-parameter-group-name GROUP"),
    ("s3api.get-bucket-encryption", "aws s3api get-bucket-encryption --bucket BUCKET"),
    ("s3api.get-public-access-block", "aws s3control get-public-access-block --account-id ACCOUNT"),
    ("kms.describe-key", "aws kms describe-key --key-id KEY"),
    ("kms.get-key-rotation-status", "aws kms get-key-rotation-status --key-id KEY"),
    ("elbv2.describe-listeners", "aws elbv2 describe-listeners --load-balancer-arn ARN"),
    ("cloudfront.get-distribution-config", "aws cloudfront get-distribution-config --id DISTRIBUTION"),
    ("ssm.describe-instance-patch-states", "aws ssm describe-instance-patch-states --instance-ids INSTANCE..."),
    ("ssm.get-patch-baseline", "aws ssm get-patch-baseline --baseline-id BASELINE"),
    ("ssm.describe-maintenance-window-tasks", "aws ssm describe-maintenance-window-tasks --window-id WINDOW"),
    ("ssm.describe-maintenance-window-targets", "aws ssm describe-maintenance-window-targets --window-id WINDOW"),
];

/// The command that collects the kind with this id (its id when it is no kind of ours): the
/// one place the CLI's outputs, the exports and the page take it from.
pub fn command_for(id: &str) -> &str {
    match COMMANDS.iter().find(|(k, _)| *k == id) {
        Some((_, command)) => command,
        None => ALL.iter().copied().chain(KNOWN.iter().map(|k| &k.kind)).find(|k| k.id == id).map_or(id, |k| k.label),
    }
}

impl InputKind {
    /// The AWS CLI command that collects this kind, with placeholders for its arguments
    /// (`aws kms get-key-rotation-status --key-id KEY`); for a policy document, its label.
    pub fn command(&self) -> &'static str {
        COMMANDS.iter().find(|(k, _)| *k == self.id).map_or(self.label, |(_, command)| command)
    }

    /// The top-level keys that identify this kind, for "closest kind" suggestions.
    pub fn keys(&'static self) -> &'static [&'static str] {
        match &self.sig {
            Keys(keys) | Custom(keys) | AtLeast(_, keys) | Only(keys) => keys,
            List(key, _) | Attribute(key) => std::slice::from_ref(key),
        }
    }

    /// The keys expected one level down: those of a list's elements.
    fn element_keys(&self) -> &'static [&'static str] {
        match self.sig {
            List(_, element) => element,
            _ => &[],
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
            Only(keys) => value
                .as_object()
                .is_some_and(|members| !members.is_empty() && members.iter().all(|m| keys.contains(&&*m.key))),
            Attribute(id) => value.as_object().is_some_and(|members| {
                value.get(id).and_then(Value::as_str).is_some()
                    && (2..=3).contains(&members.len())
                    && members
                        .iter()
                        .filter(|m| *m.key != *id)
                        .all(|m| m.value.as_array().is_some() || m.value.get("Value").is_some())
            }),
            Custom(_) => false,
        }
    }
}

/// An AWS output that Posture recognises but does not review: what it is, and where the same
/// data is reviewed when it is (so the user can give that instead).
#[derive(Debug)]
pub struct Known {
    pub kind: InputKind,
    /// The command whose output holds the same data, reviewed (`aws iam
    /// get-account-authorization-details` for `aws iam list-users`).
    pub instead: Option<&'static str>,
}

macro_rules! known {
    ($($id:literal, $label:literal, $sig:expr, $instead:expr;)*) => {
        /// Every AWS output recognised but not reviewed, in the order they are tried (after
        /// every supported kind).
        pub static KNOWN: &[Known] = &[$(Known {
            kind: InputKind { id: $id, label: $label, sig: $sig, reviewed: false },
            instead: $instead,
        }),*];
    };
}

const AUTHZ: Option<&str> = Some("aws iam get-account-authorization-details");
const IN_INSTANCES: Option<&str> = Some("aws ec2 describe-instances");
const IN_PATCH_STATES: Option<&str> = Some("aws ssm describe-instance-patch-states");

known! {
    "iam.list-users", "aws iam list-users", List("Users", &["UserName", "UserId"]), AUTHZ;
    "iam.list-roles", "aws iam list-roles", List("Roles", &["RoleName", "RoleId"]), AUTHZ;
    "iam.list-groups", "aws iam list-groups", List("Groups", &["GroupName", "GroupId"]), AUTHZ;
    "iam.list-policies", "aws iam list-policies", List("Policies", &["PolicyName", "PolicyId"]), AUTHZ;
    "iam.get-user", "aws iam get-user", Keys(&["User"]), AUTHZ;
    "iam.get-group", "aws iam get-group", Keys(&["Group", "Users"]), AUTHZ;
    "iam.list-attached-policies", "aws iam list-attached-role-policies (or -user-, -group-)",
        Keys(&["AttachedPolicies"]), AUTHZ;
    "iam.list-inline-policies", "aws iam list-role-policies (or -user-, -group-)", Keys(&["PolicyNames"]), AUTHZ;
    "iam.list-instance-profiles", "aws iam list-instance-profiles", List("InstanceProfiles", &["InstanceProfileName", "Roles"]),
        AUTHZ;
    "iam.list-mfa-devices", "aws iam list-mfa-devices", Keys(&["MFADevices"]), Some("aws iam get-credential-report");
    "iam.get-account-summary", "aws iam get-account-summary", Keys(&["SummaryMap"]), None;
    "iam.list-account-aliases", "aws iam list-account-aliases", Keys(&["AccountAliases"]), None;
    "sts.get-caller-identity", "aws sts get-caller-identity", Keys(&["UserId", "Account", "Arn"]), None;
    "ec2.describe-images", "aws ec2 describe-images", List("Images", &["ImageId", "State"]), None;
    "ec2.describe-key-pairs", "aws ec2 describe-key-pairs", List("KeyPairs", &["KeyName", "KeyFingerprint"]), None;
    "ec2.describe-addresses", "aws ec2 describe-addresses", List("Addresses", &["PublicIp", "Domain"]), IN_INSTANCES;
    "ec2.describe-launch-templates", "aws ec2 describe-launch-templates",
        List("LaunchTemplates", &["LaunchTemplateId", "LaunchTemplateName"]), None;
    "ec2.describe-regions", "aws ec2 describe-regions", List("Regions", &["RegionName", "Endpoint"]), None;
    "ec2.describe-availability-zones", "aws ec2 describe-availability-zones",
        List("AvailabilityZones", &["ZoneName", "RegionName"]), None;
    "ec2.describe-account-attributes", "aws ec2 describe-account-attributes",
        List("AccountAttributes", &["AttributeName", "AttributeValues"]), None;
    "ec2.describe-vpc-peering-connections", "aws ec2 describe-vpc-peering-connections",
        List("VpcPeeringConnections", &["VpcPeeringConnectionId", "Status"]), None;
    "ec2.describe-instance-attribute", "aws ec2 describe-instance-attribute", Attribute("InstanceId"), IN_INSTANCES;
    "ec2.describe-volume-attribute", "aws ec2 describe-volume-attribute", Attribute("VolumeId"), None;
    "ec2.describe-vpc-attribute", "aws ec2 describe-vpc-attribute", Attribute("VpcId"), None;
    "ec2.describe-image-attribute", "aws ec2 describe-image-attribute", Attribute("ImageId"), None;
    "s3api.list-objects", "aws s3api list-objects (or list-objects-v2)", List("Contents", &["Key", "ETag"]), None;
    "s3api.get-bucket-acl", "aws s3api get-bucket-acl", Keys(&["Owner", "Grants"]), None;
    "s3api.get-bucket-versioning", "aws s3api get-bucket-versioning", Only(&["Status", "MFADelete"]), None;
    "s3api.get-bucket-logging", "aws s3api get-bucket-logging", Keys(&["LoggingEnabled"]), None;
    "s3api.get-bucket-tagging", "aws s3api get-bucket-tagging", Keys(&["TagSet"]), None;
    "s3api.get-bucket-location", "aws s3api get-bucket-location", Only(&["LocationConstraint"]), None;
    "s3api.get-bucket-ownership-controls", "aws s3api get-bucket-ownership-controls", Keys(&["OwnershipControls"]),
        None;
    "s3api.get-bucket-policy-status", "aws s3api get-bucket-policy-status", Keys(&["PolicyStatus"]),
        Some("aws s3api get-bucket-policy");
    "cloudtrail.describe-trails", "aws cloudtrail describe-trails", List("trailList", &["Name", "S3BucketName"]), None;
    "cloudtrail.get-trail-status", "aws cloudtrail get-trail-status", Keys(&["IsLogging"]), None;
    "lambda.list-functions", "aws lambda list-functions", List("Functions", &["FunctionName", "FunctionArn"]), None;
    "lambda.get-function", "aws lambda get-function", Keys(&["Configuration", "Code"]), None;
    "kms.list-grants", "aws kms list-grants", List("Grants", &["GrantId", "KeyId"]), None;
    "rds.describe-db-snapshot-attributes", "aws rds describe-db-snapshot-attributes",
        Keys(&["DBSnapshotAttributesResult"]), None;
    "rds.describe-db-cluster-snapshot-attributes", "aws rds describe-db-cluster-snapshot-attributes",
        Keys(&["DBClusterSnapshotAttributesResult"]), None;
    "rds.describe-event-subscriptions", "aws rds describe-event-subscriptions",
        List("EventSubscriptionsList", &["CustSubscriptionId", "SnsTopicArn"]), None;
    "rds.describe-db-parameter-groups", "aws rds describe-db-parameter-groups",
        List("DBParameterGroups", &["DBParameterGroupName", "DBParameterGroupFamily"]), None;
    "ssm.list-resource-compliance-summaries", "aws ssm list-resource-compliance-summaries",
        List("ResourceComplianceSummaryItems", &["ResourceId", "Status"]), IN_PATCH_STATES;
    "ssm.describe-instance-patches", "aws ssm describe-instance-patches", List("Patches", &["KBId", "State"]),
        IN_PATCH_STATES;
    "ssm.describe-parameters", "aws ssm describe-parameters (or get-parameters)",
        List("Parameters", &["Name", "Type"]), None;
    "redshift.describe-clusters", "aws redshift describe-clusters",
        List("Clusters", &["ClusterIdentifier", "NodeType"]), None;
    "organizations.describe-organization", "aws organizations describe-organization", Keys(&["Organization"]), None;
    "guardduty.list-detectors", "aws guardduty list-detectors", Keys(&["DetectorIds"]), None;
    "configservice.describe-configuration-recorders", "aws configservice describe-configuration-recorders",
        Keys(&["ConfigurationRecorders"]), None;
    "iam.get-login-profile", "aws iam get-login-profile", Keys(&["LoginProfile"]), Some("aws iam get-credential-report");
    "iam.list-virtual-mfa-devices", "aws iam list-virtual-mfa-devices", Keys(&["VirtualMFADevices"]),
        Some("aws iam get-credential-report");
    "iam.list-server-certificates", "aws iam list-server-certificates",
        List("ServerCertificateMetadataList", &["ServerCertificateName", "Arn"]), None;
    "iam.list-saml-providers", "aws iam list-saml-providers", Keys(&["SAMLProviderList"]), None;
    "iam.list-open-id-connect-providers", "aws iam list-open-id-connect-providers",
        Keys(&["OpenIDConnectProviderList"]), None;
    "ec2.describe-security-group-rules", "aws ec2 describe-security-group-rules",
        List("SecurityGroupRules", &["SecurityGroupRuleId", "GroupId"]), Some("aws ec2 describe-security-groups");
    "ec2.describe-managed-prefix-lists", "aws ec2 describe-managed-prefix-lists (or describe-prefix-lists)",
        List("PrefixLists", &["PrefixListId", "PrefixListName"]), None;
    "ec2.describe-egress-only-internet-gateways", "aws ec2 describe-egress-only-internet-gateways",
        List("EgressOnlyInternetGateways", &["EgressOnlyInternetGatewayId", "Attachments"]), None;
    "ec2.describe-transit-gateways", "aws ec2 describe-transit-gateways",
        List("TransitGateways", &["TransitGatewayId", "State"]), None;
    "ec2.describe-launch-template-versions", "aws ec2 describe-launch-template-versions",
        List("LaunchTemplateVersions", &["LaunchTemplateId", "VersionNumber"]), None;
    "elbv2.describe-target-groups", "aws elbv2 describe-target-groups",
        List("TargetGroups", &["TargetGroupArn", "TargetGroupName"]), None;
    "lambda.get-function-configuration", "aws lambda get-function-configuration",
        Keys(&["FunctionName", "FunctionArn", "Role"]), None;
    "s3api.get-bucket-website", "aws s3api get-bucket-website", Keys(&["IndexDocument"]), None;
    "ecr.describe-repositories", "aws ecr describe-repositories",
        List("repositories", &["repositoryArn", "repositoryName"]), None;
    "logs.describe-log-groups", "aws logs describe-log-groups", List("logGroups", &["logGroupName", "creationTime"]), None;
    "acm.list-certificates", "aws acm list-certificates", List("CertificateSummaryList", &["CertificateArn", "DomainName"]),
        None;
    "secretsmanager.list-secrets", "aws secretsmanager list-secrets", List("SecretList", &["ARN", "Name"]), None;
    "sns.list-topics", "aws sns list-topics", List("Topics", &["TopicArn"]), None;
    "sqs.list-queues", "aws sqs list-queues", Keys(&["QueueUrls"]), None;
    "dynamodb.list-tables", "aws dynamodb list-tables", Keys(&["TableNames"]), None;
    "eks.list-clusters", "aws eks list-clusters", Keys(&["clusters"]), None;
    "ecs.list-clusters", "aws ecs list-clusters", Keys(&["clusterArns"]), None;
    "route53.list-hosted-zones", "aws route53 list-hosted-zones", List("HostedZones", &["Id", "Name"]), None;
    "cloudformation.describe-stacks", "aws cloudformation describe-stacks", List("Stacks", &["StackId", "StackName"]),
        None;
}

/// One kind as `posture kinds` and the wasm API's `kinds()` list it.
#[derive(Debug, serde::Serialize)]
pub struct KindDoc {
    pub id: &'static str,
    pub label: &'static str,
    /// The command that collects it ([`command_for`]).
    pub command: &'static str,
    /// Whether some check reads it (`false` for the [`KNOWN`] outputs, always).
    pub reviewed: bool,
    /// `false` for an output recognised only to say it is not reviewed ([`KNOWN`]).
    pub supported: bool,
    /// For those, the command whose output holds the same data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<&'static str>,
}

/// Every kind: the supported ones, then those recognised but not reviewed.
pub fn described() -> Vec<KindDoc> {
    let supported = ALL.iter().map(|k| KindDoc {
        id: k.id,
        label: k.label,
        command: k.command(),
        reviewed: k.reviewed,
        supported: true,
        instead: None,
    });
    let known = KNOWN.iter().map(|k| KindDoc {
        id: k.kind.id,
        label: k.kind.label,
        command: k.kind.command(),
        reviewed: false,
        supported: false,
        instead: k.instead,
    });
    supported.chain(known).collect()
}

impl Known {
    /// What the input note says: what the output is, and where the same data is reviewed.
    pub fn note(&self) -> String {
        match self.instead {
            Some(instead) => {
                format!("`{}` output: recognised, not reviewed; the same data is in `{instead}`", self.kind.label)
            }
            None => format!("`{}` output: recognised, not reviewed (no check reads it)", self.kind.label),
        }
    }
}

/// The recognised-but-not-reviewed output `value` is, if any (tried after every supported kind).
pub(crate) fn known(value: &Value) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.kind.matches(value))
}

/// The signature-only kind `value` matches, if any.
pub(crate) fn recognize(value: &Value) -> Option<&'static InputKind> {
    let kind = ALL.iter().copied().find(|k| k.matches(value))?;
    // A list whose elements are plainly another command's is that command's: `aws ssm
    // describe-parameters` prints `Parameters` too, of `Name`s rather than `ParameterName`s.
    if let List(key, element) = kind.sig {
        let first = value.get(key).and_then(Value::as_array).and_then(<[Value]>::first);
        let foreign = first.is_some_and(|e| e.as_object().is_some() && element.iter().all(|k| e.get(k).is_none()));
        if foreign && known(value).is_some() {
            return None;
        }
    }
    Some(kind)
}

/// How an input resembles a kind it failed to match.
pub(crate) struct Resemblance {
    pub kind: &'static InputKind,
    /// A key that looks misspelt: (expected, found).
    pub misspelt: Option<(&'static str, String)>,
    /// Keys of the kind that are absent (and not misspelt).
    pub missing: Vec<&'static str>,
}

/// At most this many keys of an input, per level, are compared (a bound on the work for an
/// object with a million members).
const SHAPE_KEYS: usize = 64;

/// An input's shape: its top-level keys and the keys one level down (of each member's object,
/// or of a list's first element; of the first element when the input is a list itself).
fn shape(value: &Value) -> Option<(Vec<&str>, Vec<&str>)> {
    fn keys(v: &Value) -> Vec<&str> {
        let v = v.as_array().and_then(<[Value]>::first).unwrap_or(v);
        v.as_object().map(|m| m.iter().take(SHAPE_KEYS).map(|m| &*m.key).collect()).unwrap_or_default()
    }
    if let Some(members) = value.as_object() {
        let top: Vec<&str> = members.iter().take(SHAPE_KEYS).map(|m| &*m.key).collect();
        let mut below: Vec<&str> = members.iter().take(SHAPE_KEYS).flat_map(|m| keys(&m.value)).collect();
        below.sort_unstable();
        below.dedup();
        below.truncate(SHAPE_KEYS);
        return Some((top, below));
    }
    let first = value.as_array()?.first()?;
    first.as_object()?;
    Some((Vec::new(), keys(first)))
}

/// Whether `found` is `expected` misspelt: a small edit distance, relative to the length.
fn near(found: &str, expected: &str) -> Option<usize> {
    let most = expected.len() / 5 + 1;
    // The distance is at least the difference in length: most pairs end here, unmeasured.
    if found.len() > 64 || found.chars().count().abs_diff(expected.chars().count()) > most {
        return None;
    }
    let d = edit_distance(&found.to_ascii_lowercase(), &expected.to_ascii_lowercase());
    (d > 0 && d <= most).then_some(d)
}

/// The kind `value` most resembles, for the `input-unrecognized` message: the one whose whole
/// shape (its keys, and its list elements' keys) overlaps the input's most, as the share of
/// keys in common over the keys of both (a misspelt key counts as in common). A kind that
/// shares no top-level key, and fewer than two keys one level down, is no resemblance.
pub(crate) fn closest(value: &Value) -> Option<Resemblance> {
    let (top, below) = shape(value)?;
    // The best so far: (keys in common, keys of both, misspelling distance, resemblance).
    let mut best: Option<(usize, usize, usize, Resemblance)> = None;
    for kind in ALL.iter().copied().filter(|k| !k.keys().is_empty()) {
        let mut r = Resemblance { kind, misspelt: None, missing: Vec::new() };
        let (mut top_hits, mut distance) = (0usize, 0usize);
        for &expected in kind.keys() {
            if top.contains(&expected) {
                top_hits += 1;
                continue;
            }
            match top.iter().filter_map(|&k| Some((near(k, expected)?, k))).min() {
                Some((d, k)) => {
                    top_hits += 1;
                    distance += d;
                    r.misspelt.get_or_insert((expected, k.to_string()));
                }
                None => r.missing.push(expected),
            }
        }
        let below_hits = kind.element_keys().iter().filter(|k| below.contains(k)).count();
        if top_hits == 0 && below_hits < 2 {
            continue;
        }
        let common = top_hits + below_hits;
        let expected = kind.keys().len() + kind.element_keys().len();
        let union = expected + top.len().saturating_sub(top_hits) + below.len().saturating_sub(below_hits);
        let union = union.max(1);
        // common / union against the best's, compared as products (no floating point).
        let better = best.as_ref().is_none_or(|(c, u, d, _)| {
            let (this, that) = (common * u, c * union);
            this > that || (this == that && distance < *d)
        });
        if better {
            best = Some((common, union, distance, r));
        }
    }
    best.map(|(_, _, _, r)| r)
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

#[cfg(test)]
mod tests {
    use super::{closest, known, recognize, ALL, KNOWN};
    use crate::json::parse;

    fn closest_id(text: &str) -> Option<&'static str> {
        closest(&parse(text).unwrap()).map(|r| r.kind.id)
    }

    #[test]
    fn the_closest_kind_compares_the_whole_shape() {
        // One word in common with `DBInstances` is no resemblance (it once guessed RDS).
        assert_eq!(
            closest_id(r#"{"InstanceId": "i-1", "Monitoring": {"State": "on"}, "Tier": "a", "Zone": "b"}"#),
            None
        );
        // A misspelt list key whose elements have the right keys.
        assert_eq!(
            closest_id(r#"{"SecurityGroupz": [{"GroupId": "sg-1", "IpPermissions": []}]}"#),
            Some("ec2.describe-security-groups")
        );
        // A bare list whose elements are a kind's elements.
        assert_eq!(
            closest_id(r#"[{"VpcId": "vpc-1", "InstanceTenancy": "default", "X": 1}]"#),
            Some("ec2.describe-vpcs")
        );
        assert_eq!(closest_id(r#"{"Version": "2012-10-17", "Statment": []}"#), Some("iam.policy.identity"));
        assert_eq!(closest_id("[1, 2]"), None);
    }

    #[test]
    fn known_outputs_are_told_apart_and_never_shadow_a_supported_kind() {
        let id = |text: &str| known(&parse(text).unwrap()).map(|k| k.kind.id);
        assert_eq!(
            id(r#"{"InstanceId": "i-1", "InstanceType": {"Value": "t3.micro"}}"#),
            Some("ec2.describe-instance-attribute")
        );
        assert_eq!(id(r#"{"InstanceId": "i-1", "BlockDeviceMappings": []}"#), Some("ec2.describe-instance-attribute"));
        assert_eq!(id(r#"{"InstanceId": "i-1", "Owner": "ops"}"#), None, "an attribute is an object or a list");
        assert_eq!(id(r#"{"Status": "Enabled"}"#), Some("s3api.get-bucket-versioning"));
        assert_eq!(id(r#"{"Status": "Enabled", "Other": 1}"#), None);
        assert_eq!(
            id(r#"{"UserId": "AIDA", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/a"}"#),
            Some("sts.get-caller-identity")
        );
        assert_eq!(id(r#"{"Owner": {"ID": "x"}, "Grants": []}"#), Some("s3api.get-bucket-acl"));
        assert_eq!(id(r#"{"Grants": [{"GrantId": "g", "KeyId": "k"}]}"#), Some("kms.list-grants"));
        // No known shape is also a supported kind's, and no id is used twice.
        let mut ids: Vec<&str> = ALL.iter().map(|k| k.id).chain(KNOWN.iter().map(|k| k.kind.id)).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "kind ids are unique");
        let parameters = parse(r#"{"Parameters": [{"Name": "/app/db", "Type": "SecureString"}]}"#).unwrap();
        assert_eq!(recognize(&parameters), None, "not `rds describe-db-parameters`");
        assert_eq!(known(&parameters).map(|k| k.kind.id), Some("ssm.describe-parameters"));
        let db = parse(r#"{"Parameters": [{"ParameterName": "rds.force_ssl", "ApplyType": "dynamic"}]}"#).unwrap();
        assert_eq!(recognize(&db).map(|k| k.id), Some("rds.describe-db-parameters"));
        let groups = parse(r#"{"SecurityGroups": []}"#).unwrap();
        assert_eq!(recognize(&groups).map(|k| k.id), Some("ec2.describe-security-groups"));
    }
}
