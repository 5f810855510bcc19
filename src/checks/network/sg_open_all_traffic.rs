use super::{open_ingress, SECURITY_GROUPS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Security group allows all traffic from anywhere.
    ///
    /// ## What it checks
    /// Inbound rules (`IpPermissions`) of every security group in
    /// `aws ec2 describe-security-groups` whose protocol is `-1` (every protocol and port), or
    /// TCP or UDP on every port (`0-65535`), from `0.0.0.0/0` or `::/0`. A rule from another
    /// security group or a prefix list, from a narrower range (even `0.0.0.0/1`), or outbound,
    /// is not "from anywhere". One finding per rule. Such a rule also opens every high-risk port,
    /// which the message says; `sg-open-admin-port` leaves it to this check.
    ///
    /// ## Why it matters
    /// Every port of every instance, load balancer or database the group is attached to is
    /// reachable from the whole internet: forgotten admin interfaces, databases, debug ports
    /// and anything started later. Internet-wide scanners find such hosts within minutes. AWS
    /// Security Hub control EC2.18 fails for it.
    ///
    /// ## How to fix
    /// Remove the rule and allow only the ports the workload serves, from the sources that need
    /// them:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'
    /// aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 443 --cidr 0.0.0.0/0
    /// ```
    pub static SG_OPEN_ALL_TRAFFIC = {
        id: "sg-open-all-traffic",
        severity: Critical,
        area: Network,
        controls: ["FSBP EC2.18"],
        run: Runner::Snapshot { needs: SECURITY_GROUPS, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for (group, rule, anywhere) in open_ingress(&model.security_groups) {
        if rule.is_all_traffic() {
            let message =
                format!("{} allows {} from {anywhere}, every high-risk port included", group.label(), rule.describe());
            sink.report(&SG_OPEN_ALL_TRAFFIC, group.id.value.clone(), rule.site, message);
        }
    }
}
