//! Keys and the endpoints that carry traffic encrypted with them: KMS keys and their aliases,
//! load balancers and their listeners, CloudFront distributions.

use std::collections::HashMap;

use super::{Located, Model, Store};

/// A KMS key, from `aws kms describe-key` (`KeyMetadata`) or `list-keys` (only its id and ARN).
/// Outputs about the same key fill in what the first one lacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// `KeyId`, located at `KeyMetadata` (or at the `list-keys` entry).
    pub id: Located<String>,
    pub arn: Option<String>,
    /// `KeyManager`: `AWS` or `CUSTOMER`.
    pub manager: Option<Located<String>>,
    /// `KeyState`: `Enabled`, `Disabled`, `PendingDeletion`, …
    pub state: Option<Located<String>>,
    /// `KeySpec`: `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, …
    pub spec: Option<Located<String>>,
    /// `Origin`: `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    pub origin: Option<Located<String>>,
    /// `KeyUsage`: `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, …
    pub usage: Option<Located<String>>,
    pub deletion_date: Option<Located<String>>,
    pub custom_key_store: Option<Located<String>>,
    /// The index, in the snapshot's `policies`, of the key's key policy (`get-key-policy`,
    /// named by `--key-id` or the file's name), when one was given.
    pub policy: Option<usize>,
}

impl Key {
    /// Whether the key is managed by the account (not an AWS managed key). Unknown is `None`.
    pub fn is_customer_managed(&self) -> Option<bool> {
        self.manager.as_ref().map(|m| m.value == "CUSTOMER")
    }

    /// Adds what `other` (the same key from another output) knows and this one lacks.
    fn fill(&mut self, other: Key) {
        let Key { id: _, arn, manager, state, spec, origin, usage, deletion_date, custom_key_store, policy } = other;
        self.arn = self.arn.take().or(arn);
        self.manager = self.manager.take().or(manager);
        self.state = self.state.take().or(state);
        self.spec = self.spec.take().or(spec);
        self.origin = self.origin.take().or(origin);
        self.usage = self.usage.take().or(usage);
        self.deletion_date = self.deletion_date.take().or(deletion_date);
        self.custom_key_store = self.custom_key_store.take().or(custom_key_store);
        self.policy = self.policy.or(policy);
    }
}

impl Store<Key> {
    /// Adds a key, or fills in what the key already read under its id lacked.
    pub(crate) fn merge(&mut self, key: Key) {
        if let Some(known) = self.by_id.get(&key.id.value).and_then(|&i| self.items.get_mut(i)) {
            known.fill(key);
        } else {
            let id = key.id.value.clone();
            self.insert(&id, key);
        }
    }
}

/// A key's rotation status, from `aws kms get-key-rotation-status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The key as the output or its command line names it: a key id, key ARN or alias.
    pub key: String,
    /// `KeyRotationEnabled`, located at the member.
    pub enabled: Located<bool>,
}

/// A KMS alias, from `aws kms list-aliases`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// `AliasName` (`alias/my-key`), located at the entry.
    pub name: Located<String>,
    pub arn: Option<String>,
    /// `TargetKeyId`; AWS leaves it out for an alias that points at no key yet.
    pub target: Option<String>,
}

/// An application, network or gateway load balancer, from `aws elbv2 describe-load-balancers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    /// `LoadBalancerArn`, located at the entry.
    pub arn: Located<String>,
    pub name: Option<String>,
    /// `Scheme`: `internet-facing` or `internal`.
    pub scheme: Option<Located<String>>,
    /// `Type`: `application`, `network` or `gateway`.
    pub kind: Option<String>,
    pub vpc: Option<String>,
    pub security_groups: Vec<String>,
    /// `AvailabilityZones[].SubnetId`.
    pub subnets: Vec<String>,
}

/// A listener of a load balancer, from `aws elbv2 describe-listeners`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    /// `ListenerArn`, located at the entry.
    pub arn: Located<String>,
    /// `LoadBalancerArn`: the load balancer it joins (`model.load_balancers.get(arn)`).
    pub load_balancer: Option<String>,
    pub port: Option<i64>,
    /// `Protocol`: `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, …
    pub protocol: Option<Located<String>>,
    /// `SslPolicy` (HTTPS and TLS listeners).
    pub ssl_policy: Option<Located<String>>,
    pub actions: Vec<Action>,
}

impl Listener {
    /// Whether every default action redirects to HTTPS (a plain-HTTP listener that only
    /// sends users to HTTPS).
    pub fn redirects_to_https(&self) -> bool {
        !self.actions.is_empty()
            && self
                .actions
                .iter()
                .all(|a| a.kind.value == "redirect" && a.redirect_protocol.as_ref().is_some_and(|p| p.value == "HTTPS"))
    }
}

/// One of a listener's `DefaultActions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// `Type`: `forward`, `redirect`, `fixed-response`, …
    pub kind: Located<String>,
    /// `RedirectConfig.Protocol`: `HTTPS`, `HTTP` or `#{protocol}`.
    pub redirect_protocol: Option<Located<String>>,
}

/// A classic load balancer, from `aws elb describe-load-balancers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassicLoadBalancer {
    /// `LoadBalancerName`, located at the entry.
    pub name: Located<String>,
    pub scheme: Option<Located<String>>,
    /// `VPCId`.
    pub vpc: Option<String>,
    pub security_groups: Vec<String>,
    pub subnets: Vec<String>,
    pub listeners: Vec<ClassicListener>,
}

/// One of a classic load balancer's `ListenerDescriptions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassicListener {
    /// `Listener.Protocol`, located at the member.
    pub protocol: Located<String>,
    pub port: Option<i64>,
    pub instance_port: Option<i64>,
    pub instance_protocol: Option<String>,
    /// `Listener.SSLCertificateId`.
    pub certificate: Option<Located<String>>,
    /// `PolicyNames`: the listener's SSL negotiation policy among them.
    pub policies: Vec<String>,
}

/// A CloudFront distribution, from `aws cloudfront list-distributions` (an item) or
/// `get-distribution-config` (its `DistributionConfig`, named by the command's `--id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distribution {
    /// `Id`, located at the item (or at `DistributionConfig`).
    pub id: Located<String>,
    pub arn: Option<String>,
    pub enabled: Option<Located<bool>>,
    /// `DefaultCacheBehavior.ViewerProtocolPolicy`: `allow-all`, `https-only`, `redirect-to-https`.
    pub viewer_protocol: Option<Located<String>>,
    /// `CacheBehaviors.Items[]`.
    pub behaviors: Vec<Behavior>,
    /// `ViewerCertificate.MinimumProtocolVersion`: `TLSv1`, `TLSv1.2_2021`, …
    pub minimum_protocol: Option<Located<String>>,
    /// `ViewerCertificate.CloudFrontDefaultCertificate`.
    pub default_certificate: Option<Located<bool>>,
    /// `ViewerCertificate.SSLSupportMethod`: `sni-only`, `vip`, `static-ip`.
    pub ssl_support: Option<Located<String>>,
    /// `Origins.Items[]`.
    pub origins: Vec<Origin>,
}

/// A path-specific cache behavior of a distribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behavior {
    /// `PathPattern`, located at the item.
    pub path: Located<String>,
    pub viewer_protocol: Option<Located<String>>,
}

/// A distribution's origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `Id`, located at the item.
    pub id: Located<String>,
    pub domain: Option<String>,
    /// `CustomOriginConfig.OriginProtocolPolicy`: `http-only`, `match-viewer`, `https-only`.
    pub protocol_policy: Option<Located<String>>,
    /// `CustomOriginConfig.OriginSslProtocols.Items`.
    pub ssl_protocols: Vec<Located<String>>,
    /// `S3OriginConfig.OriginAccessIdentity` (non-empty) or `OriginAccessControlId` (non-empty).
    pub access_control: Option<String>,
}

impl Model {
    /// The key a reference names: a key id, a key ARN, an alias name (`alias/…`) or an alias
    /// ARN. `None` when the snapshot does not hold that key (or the alias is not listed).
    pub fn key(&self, reference: &str) -> Option<&Key> {
        let alias = match reference.strip_prefix("arn:") {
            Some(_) => reference.splitn(6, ':').nth(5).filter(|r| r.starts_with("alias/")),
            None => Some(reference),
        };
        match alias.and_then(|name| self.aliases.get(name)) {
            // An alias targets a key id (some exports give the key's ARN), never another alias.
            Some(alias) => self.key_itself(alias.target.as_deref()?),
            None => self.key_itself(reference),
        }
    }

    /// Records that the policy at `index` of the snapshot's policies is the key policy of the key
    /// `reference` names (a key id, key ARN or alias); nothing when the snapshot lacks that key.
    pub(crate) fn link_key_policy(&mut self, reference: &str, index: usize) {
        let Some(id) = self.key(reference).map(|k| k.id.value.clone()) else { return };
        if let Some(key) = self.keys.by_id.get(&id).and_then(|&i| self.keys.items.get_mut(i)) {
            key.policy.get_or_insert(index);
        }
    }

    /// The key a key id or key ARN names.
    fn key_itself(&self, reference: &str) -> Option<&Key> {
        if !reference.starts_with("arn:") {
            return self.keys.get(reference);
        }
        let id = reference.splitn(6, ':').nth(5)?.strip_prefix("key/")?;
        self.keys.get(id).filter(|k| k.arn.as_deref().is_none_or(|arn| arn == reference))
    }

    /// The rotation status of each key, by key id, whichever way its
    /// `get-key-rotation-status` named the key (id, ARN or alias): an index built once by the
    /// caller.
    pub fn rotations_by_key(&self) -> HashMap<&str, &Located<bool>> {
        let mut index = HashMap::new();
        for rotation in &self.key_rotations {
            if let Some(key) = self.key(&rotation.key) {
                index.entry(key.id.value.as_str()).or_insert(&rotation.enabled);
            }
        }
        index
    }

    /// The listeners of each load balancer, by the load balancer's ARN: an index built once by
    /// the caller, so joining every listener to its load balancer stays linear.
    pub fn listeners_by_load_balancer(&self) -> HashMap<&str, Vec<&Listener>> {
        let mut index: HashMap<&str, Vec<&Listener>> = HashMap::new();
        for listener in &self.listeners {
            if let Some(arn) = &listener.load_balancer {
                index.entry(arn.as_str()).or_default().push(listener);
            }
        }
        index
    }
}
