use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Running instance is not managed by Systems Manager.
    ///
    /// ## What it checks
    /// Every running instance of `aws ec2 describe-instances` that
    /// `aws ssm describe-instance-information` does not list. The check runs only when both
    /// outputs are given: without the managed-instance list nothing is known about the agent.
    /// Stopped and terminated instances are left out (they cannot register until they run).
    ///
    /// ## Why it matters
    /// An instance that Systems Manager does not manage gets no patch scans, no patch installs
    /// and no inventory: it drifts out of date unseen. The usual causes are a missing instance
    /// profile (no `AmazonSSMManagedInstanceCore`), no route to the Systems Manager endpoints,
    /// or an agent that is not installed.
    ///
    /// ## How to fix
    /// Give the instance a profile whose role has the managed-instance policy, and a route to
    /// the endpoints (a NAT gateway or `ssm`, `ssmmessages` and `ec2messages` interface
    /// endpoints):
    /// ```sh
    /// aws iam attach-role-policy --role-name app-instance-role --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore
    /// aws ec2 associate-iam-instance-profile --instance-id i-0123456789abcdef0 --iam-instance-profile Name=app-instance-profile
    /// ```
    pub static INSTANCE_NOT_MANAGED = {
        id: "instance-not-managed",
        severity: Medium,
        area: Patching,
        controls: ["FSBP SSM.1"],
        run: Runner::Snapshot {
            needs: &["ec2.describe-instances", "ssm.describe-instance-information"],
            run: check,
        },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for instance in model.instances.iter().filter(|i| i.is_running()) {
        let id = instance.id.value.as_str();
        if model.managed_instances.get(id).is_none() {
            let message = format!("`{id}` is running but Systems Manager does not manage it");
            sink.report(&INSTANCE_NOT_MANAGED, id, instance.id.site, message);
        }
    }
}
