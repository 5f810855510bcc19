use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::schedule::{days_between, instant};
use crate::model::Model;

declare_check! {
    /// Instance's last patch operation is old.
    ///
    /// ## What it checks
    /// Every entry of `aws ssm describe-instance-patch-states` whose `OperationEndTime` is more
    /// than 30 days (configurable: `patch-stale-days`) before now: the snapshot's capture time,
    /// else the time given with `--now`, else the clock.
    ///
    /// ## Why it matters
    /// A patch state is only as current as the last scan or install: one that old says nothing
    /// about the vulnerabilities published since, and usually means the schedule that should
    /// run on the instance does not (disabled window, unreachable agent, lost target).
    ///
    /// ## How to fix
    /// Find why the schedule skipped the instance, then scan it again:
    /// ```sh
    /// aws ssm send-command --document-name AWS-RunPatchBaseline --instance-ids i-0123456789abcdef0 --parameters Operation=Scan
    /// ```
    pub static PATCH_STATE_STALE = {
        id: "patch-state-stale",
        severity: Medium,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-instance-patch-states"], run: check },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let Some(now) = super::now(model) else { return };
    for state in &model.patch_states {
        let Some(end) = &state.operation_end_time else { continue };
        let Some(when) = instant(&end.value) else { continue };
        let age = days_between(when, now);
        if age <= thresholds.patch_stale_days {
            continue;
        }
        let id = state.instance.value.as_str();
        let operation = state.operation.as_ref().map_or("patch", |o| o.value.as_str());
        let message = format!("the last `{operation}` operation on `{id}` ended `{}`, {age} days ago", end.value);
        sink.report(&PATCH_STATE_STALE, id, end.site, message);
    }
}
