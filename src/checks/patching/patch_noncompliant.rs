use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Instance is missing patches or failed to install them.
    ///
    /// ## What it checks
    /// Every entry of `aws ssm describe-instance-patch-states` whose `MissingCount` or
    /// `FailedCount` is above zero. The finding is raised to critical when
    /// `CriticalNonCompliantCount` is above zero: patches its baseline classes as critical are
    /// among those missing. The message gives the counts.
    ///
    /// ## Why it matters
    /// Missing patches are known, published vulnerabilities: exploit code for critical ones
    /// often follows within days. Failed installs mean the patching that is scheduled does not
    /// take effect. AWS Security Hub control SSM.2 asks for compliant instances.
    ///
    /// ## How to fix
    /// Install now, then make sure a schedule installs (not only scans) on this instance:
    /// ```sh
    /// aws ssm send-command --document-name AWS-RunPatchBaseline --instance-ids i-0123456789abcdef0 --parameters Operation=Install,RebootOption=RebootIfNeeded
    /// ```
    pub static PATCH_NONCOMPLIANT = {
        id: "patch-noncompliant",
        severity: High,
        area: Patching,
        controls: ["FSBP SSM.2"],
        run: Runner::Snapshot { needs: &["ssm.describe-instance-patch-states"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for state in &model.patch_states {
        let count = |c: &Option<crate::model::Located<i64>>| c.as_ref().map_or(0, |c| c.value);
        let (missing, failed) = (count(&state.missing), count(&state.failed));
        if missing <= 0 && failed <= 0 {
            continue;
        }
        let critical = count(&state.critical_non_compliant);
        let security = count(&state.security_non_compliant);
        let id = state.instance.value.as_str();
        let detail = if state.critical_non_compliant.is_some() || state.security_non_compliant.is_some() {
            format!(" (`{critical}` critical, `{security}` security non-compliant)")
        } else {
            String::new()
        };
        let message = format!("`{id}` has `{missing}` missing and `{failed}` failed patches{detail}");
        // The first count above zero is the element that decides.
        let site = [&state.missing, &state.failed]
            .into_iter()
            .flatten()
            .find(|c| c.value > 0)
            .map_or(state.instance.site, |c| c.site);
        if critical > 0 {
            sink.report_raised(&PATCH_NONCOMPLIANT, id, site, message);
        } else {
            sink.report(&PATCH_NONCOMPLIANT, id, site, message);
        }
    }
}
