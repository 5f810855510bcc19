use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Instance runs an outdated Systems Manager agent.
    ///
    /// ## What it checks
    /// Every managed instance of `aws ssm describe-instance-information` whose
    /// `IsLatestVersion` is `false`.
    ///
    /// ## Why it matters
    /// Agent releases fix bugs and security issues of the agent itself, which runs as root or
    /// SYSTEM, and newer patching features need them. An agent that never updates is also a
    /// sign that nothing maintains the instance.
    ///
    /// ## How to fix
    /// Update the agent now, and keep it updated with an association:
    /// ```sh
    /// aws ssm create-association --name AWS-UpdateSSMAgent --targets Key=InstanceIds,Values=i-0123456789abcdef0 --schedule-expression "rate(14 days)"
    /// ```
    pub static SSM_AGENT_OUTDATED = {
        id: "ssm-agent-outdated",
        severity: Low,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-instance-information"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for managed in &model.managed_instances {
        let Some(latest) = &managed.is_latest_version else { continue };
        if latest.value {
            continue;
        }
        let id = managed.id.value.as_str();
        let version = match &managed.agent_version {
            Some(v) => format!(" `{}`", v.value),
            None => String::new(),
        };
        let message = format!("`{id}` runs agent{version}, which is not the latest version");
        sink.report(&SSM_AGENT_OUTDATED, id, latest.site, message);
    }
}
