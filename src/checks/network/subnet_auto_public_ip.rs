use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Subnet gives instances a public IP address automatically.
    ///
    /// ## What it checks
    /// Every subnet in `aws ec2 describe-subnets` whose `MapPublicIpOnLaunch` is `true`: each
    /// network interface launched into it gets a public IPv4 address unless the launch says
    /// otherwise.
    ///
    /// ## Why it matters
    /// Whether an instance is reachable from the internet then depends on everyone who
    /// launches into the subnet remembering to opt out. Combined with a permissive security
    /// group, an internal service becomes public by default — and since February 2024 every
    /// public IPv4 address is also billed. AWS Security Hub control EC2.15 fails for it.
    ///
    /// ## How to fix
    /// Turn the attribute off and give public addresses only where they are meant (or use a
    /// load balancer in a public subnet and keep instances private):
    /// ```sh
    /// aws ec2 modify-subnet-attribute --subnet-id subnet-0123456789abcdef0 --no-map-public-ip-on-launch
    /// ```
    pub static SUBNET_AUTO_PUBLIC_IP = {
        id: "subnet-auto-public-ip",
        severity: Medium,
        area: Network,
        controls: ["FSBP EC2.15"],
        run: Runner::Snapshot { needs: &["ec2.describe-subnets"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for subnet in &model.subnets {
        if let Some(site) = subnet.map_public_ip {
            let vpc = subnet.vpc.as_deref().map(|v| format!(" of {}", crate::base::code(v))).unwrap_or_default();
            let message = format!(
                "subnet {}{vpc} gives every new instance a public IPv4 address",
                crate::base::code(&subnet.id.value)
            );
            sink.report(&SUBNET_AUTO_PUBLIC_IP, subnet.id.value.clone(), site, message);
        }
    }
}
