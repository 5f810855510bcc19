use std::collections::HashMap;

use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

/// How many resource ids a message lists before summarising.
const LISTED: usize = 5;

declare_check! {
    /// Workloads run in a default VPC.
    ///
    /// ## What it checks
    /// Every VPC in `aws ec2 describe-vpcs` with `IsDefault` `true` that holds instances (from
    /// `aws ec2 describe-instances`, in any state) or, when `aws rds describe-db-instances` is
    /// given, DB instances. The message lists them.
    ///
    /// ## Why it matters
    /// A default VPC is built for convenience, not isolation: every subnet is public, each
    /// gives instances a public IP address automatically, and its default security group and
    /// network ACL are shared by whatever lands there. Workloads in it were usually placed
    /// without a network design, and are one permissive rule away from the internet.
    ///
    /// ## How to fix
    /// Move the workloads to a VPC designed for them (private subnets, NAT or endpoints), then
    /// delete the default VPC in every region you do not use:
    /// ```sh
    /// aws ec2 delete-vpc --vpc-id vpc-0123456789abcdef0
    /// ```
    pub static DEFAULT_VPC_IN_USE = {
        id: "default-vpc-in-use",
        severity: Low,
        area: Network,
        controls: [],
        run: Runner::Snapshot { needs: &["ec2.describe-vpcs", "ec2.describe-instances"], run: check },
    }
}

/// Read when given: the databases in the default VPC, which the message lists.
pub(crate) static ALSO_READS: &[&str] = &["rds.describe-db-instances"];

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let mut in_vpc: HashMap<&str, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for instance in &model.instances {
        if let Some(vpc) = instance.vpc.as_deref() {
            in_vpc.entry(vpc).or_default().0.push(&instance.id.value);
        }
    }
    for db in &model.db_instances {
        if let Some(vpc) = db.vpc.as_deref() {
            in_vpc.entry(vpc).or_default().1.push(&db.id.value);
        }
    }
    for vpc in model.vpcs.iter().filter(|v| v.is_default) {
        let Some((instances, dbs)) = in_vpc.get(vpc.id.value.as_str()) else { continue };
        let mut parts = Vec::new();
        if !instances.is_empty() {
            parts.push(format!("instances {}", listed(instances)));
        }
        if !dbs.is_empty() {
            parts.push(format!("DB instances {}", listed(dbs)));
        }
        let message = format!("default VPC {} holds {}", crate::base::code(&vpc.id.value), parts.join(" and "));
        sink.report(&DEFAULT_VPC_IN_USE, vpc.id.value.clone(), vpc.id.site, message);
    }
}

fn listed(ids: &[&str]) -> String {
    let shown: Vec<String> = ids.iter().take(LISTED).map(|id| crate::base::code(id)).collect();
    match ids.len().saturating_sub(LISTED) {
        0 => shown.join(", "),
        rest => format!("{} and {rest} more", shown.join(", ")),
    }
}
