use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Systems Manager cannot reach the instance's agent.
    ///
    /// ## What it checks
    /// Every managed instance of `aws ssm describe-instance-information` whose `PingStatus` is
    /// not `Online` (`ConnectionLost` or `Inactive`).
    ///
    /// ## Why it matters
    /// While the agent is unreachable no patch baseline runs on the instance: maintenance
    /// windows and associations skip it, and its patch state only ages. The instance may be
    /// stopped, have lost its instance profile or its route to the Systems Manager endpoints,
    /// or its agent may have stopped.
    ///
    /// ## How to fix
    /// Check the agent on the instance, then its profile and network path:
    /// ```sh
    /// sudo systemctl restart amazon-ssm-agent
    /// aws ssm describe-instance-information --filters Key=InstanceIds,Values=i-0123456789abcdef0
    /// ```
    pub static SSM_AGENT_UNREACHABLE = {
        id: "ssm-agent-unreachable",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-instance-information"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for managed in &model.managed_instances {
        let Some(status) = &managed.ping_status else { continue };
        if status.value == "Online" {
            continue;
        }
        let id = managed.id.value.as_str();
        let since = match &managed.last_ping {
            Some(ping) => format!(" (last ping `{}`)", ping.value),
            None => String::new(),
        };
        let message = format!("the agent of `{id}` is `{}`{since}", status.value);
        sink.report(&SSM_AGENT_UNREACHABLE, id, status.site, message);
    }
}
