//! Compute and database resources: instances, their network interfaces, DB instances.

use super::{Located, Site};

/// An EC2 instance from `aws ec2 describe-instances`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub id: Located<String>,
    /// `State.Name`: `running`, `stopped`, …
    pub state: String,
    pub subnet: Option<String>,
    pub vpc: Option<String>,
    /// `PublicIpAddress`, located.
    pub public_ip: Option<Located<String>>,
    /// `SecurityGroups[].GroupId`.
    pub groups: Vec<String>,
    pub interfaces: Vec<Interface>,
    /// `IamInstanceProfile.Arn`.
    pub profile: Option<String>,
    /// `MetadataOptions.HttpTokens` and `HttpEndpoint`, located at `HttpTokens` (else at
    /// `MetadataOptions`).
    pub metadata: Option<Located<(String, String)>>,
    /// `Tags[]`: key and value, in the order given.
    pub tags: Vec<(String, String)>,
    /// Where `IamInstanceProfile.Arn` is written (the attack paths locate the hop there).
    pub profile_site: Option<Site>,
}

impl Instance {
    pub fn is_running(&self) -> bool {
        self.state == "running"
    }

    /// The instance's public IPv4 address: its own, else one an interface carries (an
    /// Elastic IP on a secondary interface or address).
    pub fn public_ipv4(&self) -> Option<&Located<String>> {
        self.public_ip.as_ref().or_else(|| self.interfaces.iter().find_map(|i| i.public_ips.first()))
    }

    /// The value of the tag `key` (tag keys are case-sensitive).
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A network interface, as `describe-instances` lists it under an instance or
/// `describe-network-interfaces` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    pub id: Located<String>,
    pub subnet: Option<String>,
    pub vpc: Option<String>,
    /// `Groups[].GroupId`.
    pub groups: Vec<String>,
    /// Public IPv4 addresses: `Association.PublicIp` and each private address's.
    pub public_ips: Vec<Located<String>>,
    /// `Ipv6Addresses[].Ipv6Address` (globally routable).
    pub ipv6: Vec<Located<String>>,
    /// `Attachment.InstanceId`.
    pub instance: Option<String>,
}

/// A DB instance from `aws rds describe-db-instances`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbInstance {
    pub id: Located<String>,
    pub engine: String,
    /// `PubliclyAccessible`, located at the member.
    pub publicly_accessible: Option<Located<bool>>,
    /// `DBSubnetGroup.VpcId`.
    pub vpc: Option<String>,
    /// `EngineVersion`, located.
    pub engine_version: Option<Located<String>>,
    /// `StorageEncrypted`, located.
    pub storage_encrypted: Option<Located<bool>>,
    /// `KmsKeyId`, located.
    pub kms_key: Option<Located<String>>,
    /// `AutoMinorVersionUpgrade`, located.
    pub auto_minor_version_upgrade: Option<Located<bool>>,
    /// `DBParameterGroups[]`.
    pub parameter_groups: Vec<DbParameterGroupRef>,
    /// `DBClusterIdentifier`: the Aurora (or Multi-AZ) cluster the instance belongs to.
    pub cluster: Option<String>,
}

/// An entry of a DB instance's `DBParameterGroups`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbParameterGroupRef {
    /// `DBParameterGroupName`, located.
    pub name: Located<String>,
    /// `ParameterApplyStatus` (`in-sync`, `pending-reboot`, …), located.
    pub apply_status: Option<Located<String>>,
}
