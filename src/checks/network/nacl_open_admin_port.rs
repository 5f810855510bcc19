use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{AclEntry, AclVerdict, Model};

/// The ports the rule is about: SSH and RDP.
const ADMIN_PORTS: [u16; 2] = [22, 3389];

declare_check! {
    /// Network ACL allows SSH or RDP from anywhere.
    ///
    /// ## What it checks
    /// The inbound entries of every network ACL in `aws ec2 describe-network-acls`, evaluated as
    /// AWS does: in increasing `RuleNumber` order, the first entry that matches decides, and
    /// entry `32767` (`*`) denies what nothing else matched. The ACL is reported when, for TCP
    /// port 22 or 3389 from every IPv4 (`0.0.0.0/0`) or IPv6 (`::/0`) address, the deciding
    /// entry allows. A lower-numbered deny of `0.0.0.0/0` that covers the port prevents the
    /// finding; a deny of a narrower range does not (the rest of the internet still reaches
    /// the later allow); an allow of a narrower range is not "from anywhere". Protocol `-1`
    /// covers every port. The VPC's default ACL (which allows everything unless changed) is
    /// reported like any other.
    ///
    /// ## Why it matters
    /// A network ACL is the subnet's second line of defence: when a security group is
    /// misconfigured — a rule added for a test, a group attached by mistake — an ACL that
    /// refuses SSH and RDP from the internet still stops the brute-force and exploit attempts
    /// that reach those ports first. CIS 5.1 and AWS Security Hub control EC2.21 ask for it.
    ///
    /// ## How to fix
    /// Add deny entries numbered below the allow (or narrow the allow to your admin networks):
    /// ```sh
    /// aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
    /// aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --ingress --rule-number 51 --protocol tcp --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny
    /// ```
    pub static NACL_OPEN_ADMIN_PORT = {
        id: "nacl-open-admin-port",
        severity: Medium,
        area: Network,
        controls: ["FSBP EC2.21", "CIS 5.1"],
        run: Runner::Snapshot { needs: &["ec2.describe-network-acls"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for acl in &model.network_acls {
        // One finding per deciding entry, naming every port and family it lets in.
        let mut found: Vec<(&AclEntry, String)> = Vec::new();
        for v6 in [false, true] {
            let mut by_entry: Vec<(&AclEntry, Vec<String>)> = Vec::new();
            for port in ADMIN_PORTS {
                if let AclVerdict::Allowed(entry) = acl.verdict(false, v6, true, port) {
                    match by_entry.iter_mut().find(|(e, _)| std::ptr::eq(*e, entry)) {
                        Some((_, ports)) => ports.push(format!("`{port}`")),
                        None => by_entry.push((entry, vec![format!("`{port}`")])),
                    }
                }
            }
            let family = if v6 { "::/0" } else { "0.0.0.0/0" };
            for (entry, ports) in by_entry {
                let what = format!("TCP {} from `{family}`", ports.join(" and "));
                match found.iter_mut().find(|(e, _)| std::ptr::eq(*e, entry)) {
                    Some((_, text)) => *text = format!("{text}, and {what}"),
                    None => found.push((entry, what)),
                }
            }
        }
        for (entry, what) in found {
            let default = if acl.is_default { " (the VPC's default ACL)" } else { "" };
            let message = format!(
                "{}{default} entry `{}` allows {}, and no lower-numbered entry denies it",
                crate::base::code(&acl.id.value),
                entry.number,
                what
            );
            sink.report(&NACL_OPEN_ADMIN_PORT, acl.id.value.clone(), entry.site, message);
        }
    }
}
