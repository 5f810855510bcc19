use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Installed patches wait for a reboot.
    ///
    /// ## What it checks
    /// Every entry of `aws ssm describe-instance-patch-states` whose
    /// `InstalledPendingRebootCount` is above zero.
    ///
    /// ## Why it matters
    /// A patch installed but not yet active (a kernel, a system library held open) leaves the
    /// vulnerability it fixes exploitable until the instance restarts. Patch Manager counts
    /// such patches as installed, so compliance reports can look better than the instance is.
    ///
    /// ## How to fix
    /// Reboot in the next maintenance window, or let the patch task reboot when needed:
    /// ```sh
    /// aws ssm send-command --document-name AWS-RunPatchBaseline --instance-ids i-0123456789abcdef0 --parameters Operation=Install,RebootOption=RebootIfNeeded
    /// ```
    pub static PATCH_REBOOT_PENDING = {
        id: "patch-reboot-pending",
        severity: Low,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-instance-patch-states"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for state in &model.patch_states {
        let Some(pending) = state.installed_pending_reboot.as_ref().filter(|p| p.value > 0) else { continue };
        let id = state.instance.value.as_str();
        let message = format!("`{id}` has `{}` installed patches waiting for a reboot", pending.value);
        sink.report(&PATCH_REBOOT_PENDING, id, pending.site, message);
    }
}
