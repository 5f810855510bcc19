use super::SECURITY_GROUPS;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Default security group allows traffic.
    ///
    /// ## What it checks
    /// Every security group named `default` (each VPC has one, which AWS creates with a rule
    /// admitting the group's own members and a rule allowing all outbound traffic) that has any
    /// inbound or outbound rule left.
    ///
    /// ## Why it matters
    /// Resources launched without an explicit security group land in the default one. If it
    /// allows traffic, an instance or database created in a hurry is reachable — from its
    /// neighbours or further — without anyone having decided so. CIS 5.4 and AWS Security Hub
    /// control EC2.2 ask for the default group to allow nothing, so that every resource's
    /// access is a deliberate choice.
    ///
    /// ## How to fix
    /// Move resources to purpose-made groups, then remove the default group's rules (it cannot
    /// be deleted):
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-0123456789abcdef0}]'
    /// aws ec2 revoke-security-group-egress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'
    /// ```
    pub static SG_DEFAULT_ALLOWS_TRAFFIC = {
        id: "sg-default-allows-traffic",
        severity: Medium,
        area: Network,
        controls: ["FSBP EC2.2", "CIS 5.4"],
        run: Runner::Snapshot { needs: SECURITY_GROUPS, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for group in &model.security_groups {
        if group.name.as_deref() != Some("default") || (group.ingress.is_empty() && group.egress.is_empty()) {
            continue;
        }
        let rules = |n: usize| if n == 1 { "1 rule".to_string() } else { format!("{n} rules") };
        let vpc = group.vpc.as_deref().map(|v| format!(" of {}", crate::base::code(v))).unwrap_or_default();
        let message = format!(
            "the default security group {}{vpc} has {} inbound and {} outbound",
            crate::base::code(&group.id.value),
            rules(group.ingress.len()),
            rules(group.egress.len())
        );
        sink.report(&SG_DEFAULT_ALLOWS_TRAFFIC, group.id.value.clone(), group.id.site, message);
    }
}
