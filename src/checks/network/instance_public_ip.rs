use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Running instance has a public IPv4 address.
    ///
    /// ## What it checks
    /// Every instance in `aws ec2 describe-instances` in state `running` with a public IPv4
    /// address: its `PublicIpAddress`, or one on any of its network interfaces or secondary
    /// private addresses (an Elastic IP on a second interface counts). Stopped instances have
    /// no public address in use and are not reported. Whether the address is actually
    /// reachable is `instance-internet-exposed`'s question.
    ///
    /// ## Why it matters
    /// A public address makes the instance addressable from the whole internet: one security
    /// group mistake away from exposure, and visible to the scanners that index every public
    /// address. AWS Security Hub control EC2.9 asks that instances have none, with traffic
    /// arriving through load balancers, NAT gateways or Session Manager instead.
    ///
    /// ## How to fix
    /// Launch into a private subnet behind a load balancer, or release the address and reach
    /// the instance with Session Manager:
    /// ```sh
    /// aws ec2 disassociate-address --association-id eipassoc-0123456789abcdef0
    /// aws ssm start-session --target i-0123456789abcdef0
    /// ```
    pub static INSTANCE_PUBLIC_IP = {
        id: "instance-public-ip",
        severity: Low,
        area: Network,
        controls: ["FSBP EC2.9"],
        run: Runner::Snapshot { needs: &["ec2.describe-instances"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for instance in model.instances.iter().filter(|i| i.is_running()) {
        if let Some(ip) = instance.public_ipv4() {
            let message = format!(
                "running instance {} has the public IPv4 address {}",
                crate::base::code(&instance.id.value),
                crate::base::code(&ip.value)
            );
            sink.report(&INSTANCE_PUBLIC_IP, instance.id.value.clone(), ip.site, message);
        }
    }
}
