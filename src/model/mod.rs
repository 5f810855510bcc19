//! The account snapshot as typed, located resources: what every check that joins resources
//! reads. The readers in `input::read` fill it from the AWS outputs the user gave; each
//! resource keeps the [`Site`] of every element a finding can point at, so a finding on a
//! security group rule still carries the pointer, line and column of that rule in the text.
//!
//! The same resource given twice (two overlapping outputs, or a bundle and a file) is kept
//! once, under its AWS id: the first reading wins and later ones only add what it lacked.

#![warn(clippy::string_slice, clippy::indexing_slicing)]

pub mod compute;
pub mod identity;
pub mod join;
pub mod keys;
pub mod network;
pub mod patching;
pub mod schedule;
pub mod storage;
pub mod time;
pub mod zones;

use std::collections::{BTreeSet, HashMap};

use crate::json::Span;

pub use compute::{DbInstance, DbParameterGroupRef, Instance, Interface};
pub use identity::{
    AccessKey, CredentialRow, InstanceProfile, ManagedPolicy, PasswordPolicy, PasswordPolicyState, Principal,
    PrincipalKind,
};
pub use keys::{
    Action, Alias, Behavior, ClassicListener, ClassicLoadBalancer, Distribution, Key, Listener, LoadBalancer, Origin,
    Rotation,
};
pub use network::{
    AclEntry, AclVerdict, FlowLog, InternetGateway, NatGateway, NetworkAcl, Peer, Permission, Ports, Protocol, Route,
    RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint,
};
pub use patching::{
    Association, MaintenanceWindow, ManagedInstance, PatchBaseline, PatchRule, PatchState, Target, WindowTarget,
    WindowTask,
};
pub use storage::{
    BlockFlags, BlockScope, Bucket, BucketEncryption, DbCluster, DbParameter, DbParameterGroup, DbSnapshot,
    EbsSnapshot, EncryptionRule, PublicAccessBlock, SnapshotPermissions, Volume,
};

/// A place in a document: which document, and the byte range in its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub doc: u32,
    pub span: Span,
}

/// A value read from the input, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub site: Site,
}

/// What the snapshot says about itself: the account, region and time it was taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The account id: the bundle's `account`, else the first one the outputs name.
    pub account: Option<String>,
    pub region: Option<String>,
    /// The bundle's `captured` time (RFC 3339).
    pub captured: Option<String>,
    /// "Now" for age-based checks: `captured`, else the time the caller gives (`--now`, the
    /// CLI's or the page's clock).
    pub now: Option<String>,
    /// The credential report's `GeneratedTime` (`get-credential-report`), located at it.
    pub generated: Option<Located<String>>,
}

/// Every typed resource of the snapshot, kept once per AWS id.
#[derive(Debug, Default)]
pub struct Model {
    pub meta: Meta,
    /// The ids of the input kinds present (`ec2.describe-security-groups`), whether or not
    /// they held any resource: a check that needs a kind runs when the kind was given, even
    /// empty, and is skipped (and says so) when it was not.
    pub kinds: BTreeSet<&'static str>,
    pub security_groups: Store<SecurityGroup>,
    pub network_acls: Store<NetworkAcl>,
    pub vpcs: Store<Vpc>,
    pub subnets: Store<Subnet>,
    pub route_tables: Store<RouteTable>,
    pub internet_gateways: Store<InternetGateway>,
    pub nat_gateways: Store<NatGateway>,
    pub vpc_endpoints: Store<VpcEndpoint>,
    pub flow_logs: Store<FlowLog>,
    pub instances: Store<Instance>,
    /// Interfaces from `describe-network-interfaces`, and those `describe-instances` lists.
    pub interfaces: Store<Interface>,
    pub db_instances: Store<DbInstance>,
    pub volumes: Store<Volume>,
    pub ebs_snapshots: Store<EbsSnapshot>,
    /// Create-volume permissions, by snapshot id (the snapshot itself may not be given).
    pub snapshot_permissions: Store<SnapshotPermissions>,
    /// `EbsEncryptionByDefault` of the snapshot's region (the first one given).
    pub ebs_encryption_by_default: Option<Located<bool>>,
    pub db_clusters: Store<DbCluster>,
    pub db_snapshots: Store<DbSnapshot>,
    /// Parameter groups, by name.
    pub db_parameter_groups: Store<DbParameterGroup>,
    pub buckets: Store<Bucket>,
    /// Default encryption, by bucket name.
    pub bucket_encryption: Store<BucketEncryption>,
    /// Bucket-level public access blocks, by bucket name.
    pub bucket_public_access: Store<PublicAccessBlock>,
    /// The account-level public access block (`s3control`), the first one given.
    pub account_public_access: Option<PublicAccessBlock>,
    /// Buckets a bundle states have no policy (`NoSuchBucketPolicy`), by name, located at the
    /// entry's `error`.
    pub buckets_without_policy: Store<Located<String>>,
    /// KMS keys by key id, from `describe-key` and `list-keys`.
    pub keys: Store<Key>,
    /// Rotation statuses by the key reference they were read under (see `Model::rotations_by_key`).
    pub key_rotations: Store<Rotation>,
    /// KMS aliases by alias name.
    pub aliases: Store<Alias>,
    /// elbv2 load balancers by ARN.
    pub load_balancers: Store<LoadBalancer>,
    /// elbv2 listeners by ARN.
    pub listeners: Store<Listener>,
    /// Classic load balancers by name.
    pub classic_load_balancers: Store<ClassicLoadBalancer>,
    /// CloudFront distributions by id.
    pub distributions: Store<Distribution>,
    /// Instances managed by Systems Manager (`describe-instance-information`).
    pub managed_instances: Store<ManagedInstance>,
    /// Patch states, by instance id.
    pub patch_states: Store<PatchState>,
    pub patch_baselines: Store<PatchBaseline>,
    pub maintenance_windows: Store<MaintenanceWindow>,
    pub window_tasks: Store<WindowTask>,
    pub window_targets: Store<WindowTarget>,
    pub associations: Store<Association>,
    /// Users, groups and roles, by ARN.
    pub principals: Store<Principal>,
    pub managed_policies: Store<ManagedPolicy>,
    /// The credential report's rows, by ARN.
    pub credential_report: Store<CredentialRow>,
    pub access_keys: Store<AccessKey>,
    /// The account's password policy, or the fact that it has none.
    pub password_policy: Option<PasswordPolicyState>,
    /// Indexes by id, built on first use once every input has been read.
    joins: std::sync::OnceLock<join::Joins>,
    /// The maintenance windows whose tasks were listed (`describe-maintenance-window-tasks
    /// --window-id`), even with none: only for these does the snapshot know every task.
    pub window_task_lists: BTreeSet<String>,
    /// The maintenance windows whose targets were listed, even with none.
    pub window_target_lists: BTreeSet<String>,
    /// The elbv2 load balancers (ARNs) whose listeners were listed, even with none: only for
    /// these does the snapshot know every listener.
    pub listener_lists: BTreeSet<String>,
}

impl Model {
    /// Whether an input of this kind was given.
    pub fn has(&self, kind: &str) -> bool {
        self.kinds.contains(kind)
    }

    /// How many resources of each type the snapshot holds (types with none left out), for
    /// the page's snapshot view.
    pub fn inventory(&self) -> Vec<(&'static str, usize)> {
        let counts = [
            ("security groups", self.security_groups.len()),
            ("network ACLs", self.network_acls.len()),
            ("VPCs", self.vpcs.len()),
            ("subnets", self.subnets.len()),
            ("route tables", self.route_tables.len()),
            ("internet gateways", self.internet_gateways.len()),
            ("NAT gateways", self.nat_gateways.len()),
            ("VPC endpoints", self.vpc_endpoints.len()),
            ("flow logs", self.flow_logs.len()),
            ("instances", self.instances.len()),
            ("network interfaces", self.interfaces.len()),
            ("DB instances", self.db_instances.len()),
            ("EBS volumes", self.volumes.len()),
            ("EBS snapshots", self.ebs_snapshots.len()),
            ("DB clusters", self.db_clusters.len()),
            ("DB snapshots", self.db_snapshots.len()),
            ("DB parameter groups", self.db_parameter_groups.len()),
            ("S3 buckets", self.buckets.len()),
            ("KMS keys", self.keys.len()),
            ("KMS aliases", self.aliases.len()),
            ("load balancers", self.load_balancers.len()),
            ("listeners", self.listeners.len()),
            ("classic load balancers", self.classic_load_balancers.len()),
            ("CloudFront distributions", self.distributions.len()),
            ("managed instances", self.managed_instances.len()),
            ("patch states", self.patch_states.len()),
            ("patch baselines", self.patch_baselines.len()),
            ("maintenance windows", self.maintenance_windows.len()),
            ("maintenance window tasks", self.window_tasks.len()),
            ("maintenance window targets", self.window_targets.len()),
            ("associations", self.associations.len()),
            ("IAM users, groups and roles", self.principals.len()),
            ("managed policies", self.managed_policies.len()),
            ("credential report rows", self.credential_report.len()),
            ("access keys", self.access_keys.len()),
            ("password policies", usize::from(matches!(self.password_policy, Some(PasswordPolicyState::Set(_))))),
        ];
        counts.into_iter().filter(|(_, n)| *n > 0).collect()
    }
}

/// Resources of one type, in the order first read, with an index by AWS id.
#[derive(Debug)]
pub struct Store<T> {
    items: Vec<T>,
    by_id: HashMap<String, usize>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store { items: Vec::new(), by_id: HashMap::new() }
    }
}

impl<T> Store<T> {
    /// Adds a resource under its id, unless one with that id is already there (two outputs
    /// describing the same resource). Returns whether it was added.
    pub fn insert(&mut self, id: &str, item: T) -> bool {
        if self.by_id.contains_key(id) {
            return false;
        }
        self.by_id.insert(id.to_string(), self.items.len());
        self.items.push(item);
        true
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.by_id.get(id).and_then(|&i| self.items.get(i))
    }

    /// The resource kept under `id`, to add what a later reading knows and the first lacked.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.by_id.get(id).and_then(|&i| self.items.get_mut(i))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<'a, T> IntoIterator for &'a Store<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_given_twice_is_kept_once() {
        let mut store = Store::default();
        assert!(store.insert("sg-1", 1));
        assert!(!store.insert("sg-1", 2));
        assert!(store.insert("sg-2", 3));
        assert_eq!(store.len(), 2);
        assert_eq!(store.get("sg-1"), Some(&1));
        assert_eq!(store.iter().copied().collect::<Vec<_>>(), [1, 3]);
    }
}
