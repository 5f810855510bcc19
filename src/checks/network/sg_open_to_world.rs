use super::{open_ingress, risky_ports, SECURITY_GROUPS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Model, Permission, Protocol};

declare_check! {
    /// Security group allows a port other than HTTP or HTTPS from anywhere.
    ///
    /// ## What it checks
    /// Inbound rules of every security group from `0.0.0.0/0` or `::/0` that open a TCP or UDP
    /// port other than 80 and 443 (and none of the high-risk ports, which are
    /// `sg-open-admin-port`'s), or a protocol without ports other than ICMP (`47`, GRE, for
    /// example). ICMP and ICMPv6 (ping, path MTU discovery) are not ports and are not
    /// reported; neither are rules that allow all traffic (`sg-open-all-traffic`).
    ///
    /// ## Why it matters
    /// A public web service needs 80 and 443; anything else open to the internet — an
    /// application port, a metrics endpoint, a game or VPN server — is an attack surface that
    /// is rarely meant to be public, and is often left running after a test. AWS Security Hub
    /// control EC2.18 fails for ports that are not authorised.
    ///
    /// ## How to fix
    /// Allow the port only from the networks that use it, or put the service behind a load
    /// balancer that listens on 443:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 9000 --cidr 0.0.0.0/0
    /// aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 9000 --source-group sg-0fedcba9876543210
    /// ```
    pub static SG_OPEN_TO_WORLD = {
        id: "sg-open-to-world",
        severity: Medium,
        area: Network,
        controls: ["FSBP EC2.18"],
        run: Runner::Snapshot { needs: SECURITY_GROUPS, run: check },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    for (group, rule, anywhere) in open_ingress(&model.security_groups) {
        if rule.is_all_traffic() || !risky_ports(rule, &thresholds.high_risk_ports).is_empty() || !opens_other(rule) {
            continue;
        }
        let message = format!("{} allows {anywhere} to {}", group.label(), rule.describe());
        sink.report(&SG_OPEN_TO_WORLD, group.id.value.clone(), rule.site, message);
    }
}

/// Whether the rule opens something besides HTTP and HTTPS.
fn opens_other(rule: &Permission) -> bool {
    match rule.protocol {
        // A reversed range names no port; a range of more than one port holds one besides 80
        // and 443 (no two ports between them are both web ports but 80 and 443 themselves).
        Protocol::Tcp | Protocol::Udp => {
            let (from, to) = (rule.ports.from, rule.ports.to);
            from <= to && !(from == to && (from == 80 || from == 443))
        }
        Protocol::Icmp | Protocol::Icmpv6 => false,
        Protocol::All | Protocol::Other(_) => true,
    }
}
