//! Storage and its encryption: EBS volumes and snapshots, RDS clusters, snapshots and
//! parameter groups, S3 buckets with their default encryption, public access blocks and
//! stated absences (a bundle's `NoSuchBucketPolicy`).

use super::{Located, Site};

/// An EBS volume from `aws ec2 describe-volumes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub id: Located<String>,
    /// `Encrypted`, located.
    pub encrypted: Option<Located<bool>>,
    /// `KmsKeyId`, located.
    pub kms_key: Option<Located<String>>,
    /// `State`: `in-use`, `available`, …
    pub state: Option<Located<String>>,
    /// `Attachments[].InstanceId`.
    pub instances: Vec<String>,
}

/// An EBS snapshot from `aws ec2 describe-snapshots`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EbsSnapshot {
    pub id: Located<String>,
    pub encrypted: Option<Located<bool>>,
    pub kms_key: Option<Located<String>>,
    /// `VolumeId`.
    pub volume: Option<String>,
    /// `OwnerId`.
    pub owner: Option<String>,
}

/// Who may create a volume from a snapshot (`aws ec2 describe-snapshot-attribute --attribute
/// createVolumePermission`), kept by snapshot id whether or not the snapshot itself was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotPermissions {
    /// `SnapshotId`, located at the output.
    pub snapshot: Located<String>,
    /// `CreateVolumePermissions[].Group` (`all`: public), each located at its entry.
    pub groups: Vec<Located<String>>,
    /// `CreateVolumePermissions[].UserId`: accounts it is shared with, located at the entry.
    pub users: Vec<Located<String>>,
}

impl SnapshotPermissions {
    /// Whether anyone may create a volume from the snapshot (`Group: all`).
    pub fn is_public(&self) -> bool {
        self.groups.iter().any(|g| g.value == "all")
    }
}

/// An Aurora or Multi-AZ DB cluster from `aws rds describe-db-clusters`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbCluster {
    pub id: Located<String>,
    pub engine: String,
    /// `StorageEncrypted`, located.
    pub storage_encrypted: Option<Located<bool>>,
    pub kms_key: Option<Located<String>>,
    /// `AutoMinorVersionUpgrade` (only Multi-AZ DB clusters print it).
    pub auto_minor_version_upgrade: Option<Located<bool>>,
}

/// A DB snapshot from `aws rds describe-db-snapshots`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbSnapshot {
    pub id: Located<String>,
    pub encrypted: Option<Located<bool>>,
    pub kms_key: Option<Located<String>>,
}

/// The parameters of one DB parameter group (`aws rds describe-db-parameters
/// --db-parameter-group-name NAME`: the output does not name its group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbParameterGroup {
    /// The group's name, located at the output.
    pub name: Located<String>,
    pub parameters: Vec<DbParameter>,
}

impl DbParameterGroup {
    pub fn parameter(&self, name: &str) -> Option<&DbParameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// One entry of `Parameters`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbParameter {
    /// `ParameterName`.
    pub name: String,
    /// The entry itself.
    pub site: Site,
    /// `ParameterValue` (absent when the engine default applies), located.
    pub value: Option<Located<String>>,
    /// `ApplyType`: `static` or `dynamic`.
    pub apply_type: Option<String>,
    /// `Source`: `engine-default`, `system`, `user`.
    pub source: Option<String>,
}

/// A bucket from `aws s3api list-buckets`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub name: Located<String>,
    /// The output's `Owner.ID` (a canonical user id, not an account id).
    pub owner: Option<String>,
}

/// A bucket's default encryption (`aws s3api get-bucket-encryption --bucket NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketEncryption {
    pub bucket: String,
    /// The output, or the bundle entry's `error` when it states there is none.
    pub site: Site,
    /// `ServerSideEncryptionConfiguration.Rules`; `None` when the bundle states the bucket has
    /// no default encryption (`ServerSideEncryptionConfigurationNotFoundError`).
    pub rules: Option<Vec<EncryptionRule>>,
}

/// One rule's `ApplyServerSideEncryptionByDefault`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptionRule {
    /// `SSEAlgorithm`: `AES256`, `aws:kms`, `aws:kms:dsse`, located.
    pub algorithm: Located<String>,
    /// `KMSMasterKeyID`, located.
    pub kms_key: Option<Located<String>>,
    /// `BucketKeyEnabled` (on the rule), located.
    pub bucket_key: Option<Located<bool>>,
}

/// What a public access block is set on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BlockScope {
    /// `aws s3api get-public-access-block --bucket NAME`.
    Bucket(String),
    /// `aws s3control get-public-access-block --account-id ID` (the id when the command names it).
    Account(Option<String>),
}

/// S3 Block Public Access settings of a bucket or an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicAccessBlock {
    pub scope: BlockScope,
    /// The output, or the bundle entry's `error` when it states there is none.
    pub site: Site,
    /// `None` when the bundle states there is no configuration
    /// (`NoSuchPublicAccessBlockConfiguration`): every flag is off.
    pub flags: Option<BlockFlags>,
}

/// The four flags of `PublicAccessBlockConfiguration`, each located (absent is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockFlags {
    pub block_public_acls: Option<Located<bool>>,
    pub ignore_public_acls: Option<Located<bool>>,
    pub block_public_policy: Option<Located<bool>>,
    pub restrict_public_buckets: Option<Located<bool>>,
}

impl BlockFlags {
    /// Whether all four flags are set.
    pub fn all_on(&self) -> bool {
        [&self.block_public_acls, &self.ignore_public_acls, &self.block_public_policy, &self.restrict_public_buckets]
            .iter()
            .all(|f| f.as_ref().is_some_and(|f| f.value))
    }
}
