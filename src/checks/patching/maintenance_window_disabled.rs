use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Maintenance window is disabled.
    ///
    /// ## What it checks
    /// Every window of `aws ssm describe-maintenance-windows` whose `Enabled` is `false`.
    ///
    /// ## Why it matters
    /// A disabled window runs none of its tasks: the instances it targets are not patched,
    /// though the window, its targets and tasks still look like a patching setup to anyone
    /// who reads them.
    ///
    /// ## How to fix
    /// Enable it (or delete it, and make sure another schedule patches its targets):
    /// ```sh
    /// aws ssm update-maintenance-window --window-id mw-0123456789abcdef0 --enabled
    /// ```
    pub static MAINTENANCE_WINDOW_DISABLED = {
        id: "maintenance-window-disabled",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-maintenance-windows"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for window in &model.maintenance_windows {
        let Some(enabled) = window.enabled.as_ref().filter(|e| !e.value) else { continue };
        let id = window.id.value.as_str();
        let name = window.name.as_ref().map(|n| format!(" (`{n}`)")).unwrap_or_default();
        let message = format!("`{id}`{name} is disabled: none of its tasks run");
        sink.report(&MAINTENANCE_WINDOW_DISABLED, id, enabled.site, message);
    }
}
