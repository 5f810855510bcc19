use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

use super::coverage::{Coverage, Verdict};

declare_check! {
    /// Instance is scanned for patches but nothing installs them.
    ///
    /// ## What it checks
    /// Every entry of `aws ssm describe-instance-patch-states` whose last `Operation` was
    /// `Scan`, for an instance on which no maintenance window task or State Manager
    /// association installs patches (resolved as `no-automatic-patching` resolves them, from
    /// `describe-maintenance-windows`, their tasks and targets, `list-associations` and the
    /// instances' tags). The message says which schedules were considered and why none
    /// installs; what the snapshot cannot resolve is said, not guessed.
    ///
    /// ## Why it matters
    /// A scan-only setup reports missing patches faithfully and closes none of them: the
    /// compliance dashboard stays red, or is read as a to-do list nobody owns.
    ///
    /// ## How to fix
    /// Add an install task to the window that scans, or an install association:
    /// ```sh
    /// aws ssm register-task-with-maintenance-window --window-id mw-0123456789abcdef0 --targets Key=InstanceIds,Values=i-0123456789abcdef0 --task-arn AWS-RunPatchBaseline --task-type RUN_COMMAND --max-concurrency 1 --max-errors 1 --task-invocation-parameters '{"RunCommand":{"Parameters":{"Operation":["Install"]}}}'
    /// ```
    pub static PATCH_SCAN_ONLY = {
        id: "patch-scan-only",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot {
            needs: &["ssm.describe-instance-patch-states", "ssm.describe-maintenance-windows", "ssm.list-associations"],
            run: check,
        },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let coverage = Coverage::of(model);
    for state in &model.patch_states {
        let Some(operation) = state.operation.as_ref().filter(|o| o.value == "Scan") else { continue };
        let id = state.instance.value.as_str();
        match coverage.verdict(id) {
            Verdict::Installed(_) => {}
            Verdict::Undecided(by) => {
                let message = format!("{by} targets `{id}` but the output does not show whether it installs patches");
                sink.note_at(&PATCH_SCAN_ONLY, operation.site, message);
            }
            Verdict::Uncovered(why) => {
                let message = format!("`{id}` was last scanned, not patched, and no schedule installs on it: {why}");
                sink.report(&PATCH_SCAN_ONLY, id, operation.site, message);
            }
        }
    }
}
