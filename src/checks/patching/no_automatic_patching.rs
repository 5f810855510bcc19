use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

use super::coverage::{Coverage, Verdict};

declare_check! {
    /// No schedule installs patches on a managed instance.
    ///
    /// ## What it checks
    /// Every managed instance of `aws ssm describe-instance-information` on which no patching
    /// schedule installs patches. The schedules are the enabled maintenance windows
    /// (`describe-maintenance-windows`) with an `AWS-RunPatchBaseline` or
    /// `AWS-RunPatchBaselineWithHooks` task whose `Operation` is `Install`
    /// (`describe-maintenance-window-tasks`), and the State Manager associations
    /// (`list-associations`) of those documents or of `AWS-RunPatchBaselineAssociation`
    /// (Quick Setup) that have a schedule and `Operation` `Install`. Targets are resolved against
    /// the snapshot: `InstanceIds` (`*` is every instance), `tag:Key` and `tag-key` against
    /// the tags of `aws ec2 describe-instances`, `WindowTargetIds` through
    /// `describe-maintenance-window-targets`. What the snapshot cannot resolve (resource groups,
    /// targets or tasks not collected, an instance whose tags are not given) is said in the
    /// message rather than guessed. A patch schedule that targets the instance but whose
    /// output does not show its `Operation` (`list-associations` prints no parameters) leaves
    /// it undecided: noted, not flagged. The message lists the schedules considered and why
    /// none installs.
    ///
    /// ## Why it matters
    /// Scans and dashboards do not fix anything: an instance that no schedule installs on is
    /// patched only when someone remembers to, and stays exposed to every vulnerability
    /// published since.
    ///
    /// ## How to fix
    /// Install on a schedule, for example with an association on a patch tag:
    /// ```sh
    /// aws ssm create-association --name AWS-RunPatchBaseline --targets Key=tag:Patch,Values=weekly --schedule-expression "cron(0 2 ? * SUN *)" --parameters Operation=Install,RebootOption=RebootIfNeeded
    /// ```
    pub static NO_AUTOMATIC_PATCHING = {
        id: "no-automatic-patching",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot {
            needs: &["ssm.describe-instance-information", "ssm.describe-maintenance-windows", "ssm.list-associations"],
            run: check,
        },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let coverage = Coverage::of(model);
    for managed in &model.managed_instances {
        let id = managed.id.value.as_str();
        match coverage.verdict(id) {
            Verdict::Installed(_) => {}
            Verdict::Undecided(by) => {
                let message = format!("{by} targets `{id}` but the output does not show whether it installs patches");
                sink.note_at(&NO_AUTOMATIC_PATCHING, managed.id.site, message);
            }
            Verdict::Uncovered(why) => {
                let message = format!("no schedule installs patches on `{id}`: {why}");
                sink.report(&NO_AUTOMATIC_PATCHING, id, managed.id.site, message);
            }
        }
    }
}
