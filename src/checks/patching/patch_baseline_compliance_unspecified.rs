use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Patch baseline rule reports missing patches without a compliance level.
    ///
    /// ## What it checks
    /// Every approval rule of `aws ssm get-patch-baseline` whose `ComplianceLevel` is
    /// `UNSPECIFIED`.
    ///
    /// ## Why it matters
    /// The compliance level is the severity Systems Manager gives an instance that lacks a
    /// patch the rule approves. With `UNSPECIFIED`, a missing patch does not make the instance
    /// non-compliant at a level a dashboard, an alarm or AWS Config rule acts on: instances
    /// missing critical fixes can look compliant.
    ///
    /// ## How to fix
    /// Give each rule the level of the patches it approves:
    /// ```sh
    /// aws ssm update-patch-baseline --baseline-id pb-0123456789abcdef0 --approval-rules "PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=CLASSIFICATION,Values=[Security]}]},ApproveAfterDays=7,ComplianceLevel=CRITICAL}]"
    /// ```
    pub static PATCH_BASELINE_COMPLIANCE_UNSPECIFIED = {
        id: "patch-baseline-compliance-unspecified",
        severity: Low,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.get-patch-baseline"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for baseline in &model.patch_baselines {
        let id = baseline.id.value.as_str();
        for (index, rule) in baseline.rules.iter().flatten().enumerate() {
            let Some(level) = rule.compliance_level.as_ref().filter(|l| l.value == "UNSPECIFIED") else { continue };
            let filters: Vec<String> =
                rule.filters.iter().map(|f| format!("`{}={}`", f.value.0, f.value.1.join(","))).collect();
            let filters = if filters.is_empty() { String::new() } else { format!(" ({})", filters.join(" ")) };
            let message = format!(
                "approval rule {index} of `{id}`{filters} has compliance level `UNSPECIFIED`: missing patches it approves are not reported as non-compliant"
            );
            sink.report(&PATCH_BASELINE_COMPLIANCE_UNSPECIFIED, id, level.site, message);
        }
    }
}
