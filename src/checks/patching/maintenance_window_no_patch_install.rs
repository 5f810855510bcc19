use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Model, WindowTask};

use super::is_patch_document;

declare_check! {
    /// Maintenance window has no task that installs patches.
    ///
    /// ## What it checks
    /// Every window of `aws ssm describe-maintenance-windows` whose tasks
    /// (`aws ssm describe-maintenance-window-tasks --window-id …`) include no
    /// `AWS-RunPatchBaseline` or `AWS-RunPatchBaselineWithHooks` task whose `Operation`
    /// parameter is `Install`. Only windows whose tasks were listed are judged; a patch task
    /// whose output does not show its `Operation` (newer tasks keep it in
    /// `TaskInvocationParameters`, which `get-maintenance-window-task` prints) is noted as
    /// undecided, not flagged.
    ///
    /// ## Why it matters
    /// A window that only scans reports missing patches but never closes them, and a window
    /// with other tasks only is not a patching schedule at all, whatever its name says.
    ///
    /// ## How to fix
    /// Register an install task on the window's targets:
    /// ```sh
    /// aws ssm register-task-with-maintenance-window --window-id mw-0123456789abcdef0 --targets Key=WindowTargetIds,Values=e32eecb2-646c-4f4b-8ed1-205fbEXAMPLE --task-arn AWS-RunPatchBaseline --task-type RUN_COMMAND --max-concurrency 10% --max-errors 1 --task-invocation-parameters '{"RunCommand":{"Parameters":{"Operation":["Install"],"RebootOption":["RebootIfNeeded"]}}}'
    /// ```
    pub static MAINTENANCE_WINDOW_NO_PATCH_INSTALL = {
        id: "maintenance-window-no-patch-install",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot {
            needs: &["ssm.describe-maintenance-windows", "ssm.describe-maintenance-window-tasks"],
            run: check,
        },
    }
}

/// What a task does about patches.
pub(crate) enum Does {
    Installs,
    /// A patch document whose `Operation` the output does not show.
    Unknown,
    /// A patch document with another operation (`Scan`), or another task.
    Other(String),
}

pub(crate) fn task_does(task: &WindowTask) -> Does {
    let arn = task.task_arn.as_ref().map_or("", |a| a.value.as_str());
    if !is_patch_document(arn) {
        return Does::Other(format!("task `{}` runs {}", task.id.value, super::q(arn)));
    }
    match &task.operation {
        Some(op) if op.value == "Install" => Does::Installs,
        Some(op) => Does::Other(format!(
            "task `{}` runs {} with `Operation` {}",
            task.id.value,
            super::q(arn),
            super::q(&op.value)
        )),
        None => Does::Unknown,
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let mut by_window: std::collections::HashMap<&str, Vec<&WindowTask>> = std::collections::HashMap::new();
    for task in &model.window_tasks {
        if let Some(window) = &task.window {
            by_window.entry(window.as_str()).or_default().push(task);
        }
    }
    for window in &model.maintenance_windows {
        let id = window.id.value.as_str();
        if !model.window_task_lists.contains(id) {
            continue;
        }
        let tasks = by_window.get(id).map_or(&[][..], Vec::as_slice);
        let mut others = Vec::new();
        let mut unknown = false;
        let mut installs = false;
        for task in tasks {
            match task_does(task) {
                Does::Installs => installs = true,
                Does::Unknown => unknown = true,
                Does::Other(what) => others.push(what),
            }
        }
        if installs {
            continue;
        }
        if unknown {
            let message = format!(
                "the `Operation` of a patch task of `{id}` is not in the output: run `aws ssm get-maintenance-window-task` to tell whether it installs"
            );
            sink.note_at(&MAINTENANCE_WINDOW_NO_PATCH_INSTALL, window.id.site, message);
            continue;
        }
        let message = if others.is_empty() {
            format!("`{id}` has no tasks, so it installs no patches")
        } else {
            format!("`{id}` has no task that installs patches: {}", others.join("; "))
        };
        sink.report(&MAINTENANCE_WINDOW_NO_PATCH_INSTALL, id, window.id.site, message);
    }
}
