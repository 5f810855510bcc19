use super::SECURITY_GROUPS;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

/// Ranges shorter than this prefix are "wide".
const WIDEST_ACCEPTED: u8 = 16;

declare_check! {
    /// Security group allows a very wide address range.
    ///
    /// ## What it checks
    /// Inbound rules of every security group from an IPv4 or IPv6 range wider than a `/16`
    /// (65,536 IPv4 addresses) that is not "anywhere" (`0.0.0.0/0` and `::/0` are the other
    /// `sg-*` checks'): `0.0.0.0/1`, `10.0.0.0/8`, `100.64.0.0/10`. One finding per rule,
    /// listing the ranges. Rules from security groups and prefix lists are not ranges.
    ///
    /// ## Why it matters
    /// A range this wide is rarely what anyone meant: half the internet (`0.0.0.0/1`, `128.0.0.0/1`
    /// together are all of it) or a whole private address space shared with other networks,
    /// partners and VPNs. It often slips past reviews that look only for `0.0.0.0/0`.
    ///
    /// ## How to fix
    /// Name the networks that need access, or the security group of the clients:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 5432 --cidr 10.0.0.0/8
    /// aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 5432 --cidr 10.20.0.0/20
    /// ```
    pub static SG_WIDE_CIDR = {
        id: "sg-wide-cidr",
        severity: Low,
        area: Network,
        controls: [],
        run: Runner::Snapshot { needs: SECURITY_GROUPS, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for group in &model.security_groups {
        for rule in &group.ingress {
            let wide: Vec<String> = rule
                .peers
                .iter()
                .filter(|p| !p.value.is_anywhere() && p.value.prefix().is_some_and(|n| n < WIDEST_ACCEPTED))
                .map(|p| p.value.label())
                .collect();
            if wide.is_empty() {
                continue;
            }
            let message = format!("{} allows {} to {}", group.label(), wide.join(" and "), rule.describe());
            sink.report(&SG_WIDE_CIDR, group.id.value.clone(), rule.site, message);
        }
    }
}
