use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Model, PatchBaseline, PatchRule};

declare_check! {
    /// Patch baseline approves security patches late, or never.
    ///
    /// ## What it checks
    /// Every baseline of `aws ssm get-patch-baseline`: the approval rules that cover critical
    /// security patches of its `OperatingSystem` (`WINDOWS` when absent, as in the API), and
    /// the shortest `ApproveAfterDays` among them. It is flagged when that delay is over 7 days
    /// (configurable: `patch-approval-days`), or when no rule covers those patches at all.
    /// A rule covers them when its filters do not leave them out, per operating system:
    ///
    /// - Windows: `CLASSIFICATION` absent or with `SecurityUpdates` or `CriticalUpdates`, and
    ///   `MSRC_SEVERITY` absent or with `Critical`;
    /// - Ubuntu and Debian (which have no classification): `PRIORITY` absent or with
    ///   `Required` or `Important`;
    /// - macOS: `CLASSIFICATION` absent or with `Security`;
    /// - the other Linux distributions: `CLASSIFICATION` absent or with `Security`, and
    ///   `SEVERITY` absent or with `Critical`.
    ///
    /// `*` matches any value. A rule approving by `ApproveUntilDate` has no delay to judge.
    /// Baselines that `describe-patch-baselines` lists without their rules are not judged.
    ///
    /// ## Why it matters
    /// A patch is installed only once its baseline approves it. A week's delay is a common
    /// compromise for testing; beyond it, critical vulnerabilities stay open for weeks after
    /// the fix is out, and with no rule for them, never close.
    ///
    /// ## How to fix
    /// Approve critical security patches within a week:
    /// ```sh
    /// aws ssm update-patch-baseline --baseline-id pb-0123456789abcdef0 --approval-rules "PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=CLASSIFICATION,Values=[Security]},{Key=SEVERITY,Values=[Critical,Important]}]},ApproveAfterDays=7,ComplianceLevel=CRITICAL}]"
    /// ```
    pub static PATCH_BASELINE_SLOW_APPROVAL = {
        id: "patch-baseline-slow-approval",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.get-patch-baseline"], run: check },
    }
}

/// The filter keys and values that single out critical security patches on an operating
/// system: (classification key, its values), (severity key, its values).
type Dimension = (&'static str, &'static [&'static str]);

fn dimensions(os: &str) -> [Option<Dimension>; 2] {
    match os {
        "WINDOWS" => {
            [Some(("CLASSIFICATION", &["SecurityUpdates", "CriticalUpdates"])), Some(("MSRC_SEVERITY", &["Critical"]))]
        }
        "UBUNTU" | "DEBIAN" => [None, Some(("PRIORITY", &["Required", "Important"]))],
        "MACOS" => [Some(("CLASSIFICATION", &["Security"])), None],
        _ => [Some(("CLASSIFICATION", &["Security"])), Some(("SEVERITY", &["Critical"]))],
    }
}

/// Whether the rule's filters let critical security patches through.
fn covers(rule: &PatchRule, os: &str) -> bool {
    dimensions(os).into_iter().flatten().all(|(key, wanted)| {
        rule.filters
            .iter()
            .filter(|f| f.value.0 == key)
            .all(|f| f.value.1.iter().any(|v| v == "*" || wanted.iter().any(|w| w.eq_ignore_ascii_case(v))))
    })
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    for baseline in &model.patch_baselines {
        let Some(rules) = &baseline.rules else { continue };
        judge(baseline, rules, thresholds.patch_approval_days, sink);
    }
}

fn judge(baseline: &PatchBaseline, rules: &[PatchRule], limit: i64, sink: &mut Sink) {
    let os = baseline.operating_system.as_ref().map_or("WINDOWS", |o| o.value.as_str());
    let id = baseline.id.value.as_str();
    let covering: Vec<&PatchRule> = rules.iter().filter(|r| covers(r, os)).collect();
    if covering.is_empty() {
        let message = format!(
            "`{id}` (`{os}`) has no approval rule that covers critical security patches: they are never approved"
        );
        let site = baseline.operating_system.as_ref().map_or(baseline.id.site, |o| o.site);
        sink.report(&PATCH_BASELINE_SLOW_APPROVAL, id, site, message);
        return;
    }
    // A rule with a fixed cut-off date rather than a delay approves without waiting for days.
    if covering.iter().any(|r| r.approve_after_days.is_none()) {
        return;
    }
    let fastest = covering.iter().filter_map(|r| r.approve_after_days.as_ref()).min_by_key(|d| d.value);
    let Some(days) = fastest.filter(|d| d.value > limit) else { return };
    let message = format!(
        "`{id}` (`{os}`) approves critical security patches only after `{}` days (more than {limit})",
        days.value
    );
    sink.report(&PATCH_BASELINE_SLOW_APPROVAL, id, days.site, message);
}
