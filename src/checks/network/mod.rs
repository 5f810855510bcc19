//! Network checks: security groups, network ACLs, subnets, routes, endpoints, and the
//! internet exposure of instances that joins them.

pub mod default_vpc_in_use;
pub mod instance_internet_exposed;
pub mod instance_public_ip;
pub mod nacl_open_admin_port;
pub mod rds_publicly_accessible;
pub mod sg_default_allows_traffic;
pub mod sg_open_admin_port;
pub mod sg_open_all_traffic;
pub mod sg_open_to_world;
pub mod sg_wide_cidr;
pub mod subnet_auto_public_ip;
pub mod vpc_endpoint_policy_full_access;
pub mod vpc_flow_logs_disabled;
pub mod vpc_no_gateway_endpoints;

use crate::model::{Permission, SecurityGroup};

/// What the security-group checks need.
pub const SECURITY_GROUPS: &[&str] = &["ec2.describe-security-groups"];

/// The ingress rules of every group that admit traffic from anywhere, with the "anywhere"
/// peers named (`` `0.0.0.0/0` and `::/0` ``).
pub(crate) fn open_ingress<'m>(
    groups: impl IntoIterator<Item = &'m SecurityGroup>,
) -> impl Iterator<Item = (&'m SecurityGroup, &'m Permission, String)> {
    groups.into_iter().flat_map(|group| {
        group.ingress.iter().filter_map(move |rule| {
            let peers: Vec<String> = rule.from_anywhere().map(|p| p.value.label()).collect();
            (!peers.is_empty()).then(|| (group, rule, peers.join(" and ")))
        })
    })
}

/// The high-risk ports a rule lets in, in the configured order.
pub(crate) fn risky_ports(rule: &Permission, high_risk: &[u16]) -> Vec<u16> {
    high_risk.iter().copied().filter(|&p| rule.opens_port(p)).collect()
}
