use crate::base::code;
use crate::checks::network::instance_internet_exposed::internet_exposure;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Located, Model};

declare_check! {
    /// Internet-exposed instance with missing patches, or whose patch state is unknown.
    ///
    /// ## What it checks
    /// Every running instance that `instance-internet-exposed` flags (a public address, a
    /// default route to an internet gateway, the network ACLs when given, and a security group
    /// open to the internet on a high-risk port) and whose patches are not known to be in
    /// place:
    /// - `patch-noncompliant` flags it: its entry in `aws ssm describe-instance-patch-states`
    ///   has `MissingCount` or `FailedCount` above zero;
    /// - or its patch state is unknown: Systems Manager does not manage it (judged only when
    ///   `aws ssm describe-instance-information` is given), or it is managed but has no entry
    ///   in the `describe-instance-patch-states` the snapshot holds.
    ///
    /// Without either Systems Manager input the rule is skipped. The message gives the
    /// exposure path and the patch counts (or why the state is unknown); the finding's path
    /// runs from the internet gateway to the instance and its patch state.
    ///
    /// ## Why it matters
    /// Scanners find a reachable service within minutes, and exploits for a published
    /// vulnerability follow within days. A missing patch on a machine nobody can reach waits
    /// for a foothold elsewhere; on an exposed machine it is the foothold. An exposed instance
    /// whose patch state nobody records is the same risk, unmeasured.
    ///
    /// ## How to fix
    /// Install the missing patches now, then keep them installed on a schedule (and close the
    /// port to the internet if it need not be open):
    /// ```sh
    /// aws ssm send-command --document-name AWS-RunPatchBaseline \
    ///     --targets Key=InstanceIds,Values=i-0123456789abcdef0 --parameters Operation=Install
    /// ```
    pub static EXPOSED_INSTANCE_UNPATCHED = {
        id: "exposed-instance-unpatched",
        severity: Critical,
        area: Patching,
        controls: [],
        run: Runner::Snapshot {
            needs: &[
                "ec2.describe-instances",
                "ec2.describe-security-groups",
                "ec2.describe-route-tables",
                "ssm.describe-instance-patch-states|ssm.describe-instance-information",
            ],
            run: check,
        },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let states_given = model.has("ssm.describe-instance-patch-states");
    let managed_given = model.has("ssm.describe-instance-information");
    for instance in &model.instances {
        let id = instance.id.value.as_str();
        let state = model.patch_states.get(id);
        let managed = model.managed_instances.get(id);
        let (why, site) = match (state, managed) {
            (Some(state), _) => {
                let count = |c: &Option<Located<i64>>| c.as_ref().map_or(0, |c| c.value);
                let (missing, failed) = (count(&state.missing), count(&state.failed));
                if missing <= 0 && failed <= 0 {
                    continue;
                }
                let site = [&state.missing, &state.failed]
                    .into_iter()
                    .flatten()
                    .find(|c| c.value > 0)
                    .map_or(state.instance.site, |c| c.site);
                let mut why = format!("`{missing}` missing and `{failed}` failed patches");
                if state.critical_non_compliant.is_some() || state.security_non_compliant.is_some() {
                    let critical = count(&state.critical_non_compliant);
                    let security = count(&state.security_non_compliant);
                    why = format!("{why} (`{critical}` critical, `{security}` security non-compliant)");
                }
                (why, site)
            }
            (None, None) if managed_given => {
                ("an unknown patch state: Systems Manager does not manage it".to_string(), instance.id.site)
            }
            (None, Some(managed)) if states_given => (
                "an unknown patch state: it is managed but has no entry in `describe-instance-patch-states`"
                    .to_string(),
                managed.id.site,
            ),
            _ => continue,
        };
        let Some(exposure) = internet_exposure(model, instance, &thresholds.high_risk_ports) else { continue };
        let message = format!(
            "instance {} is reachable from the internet on {} ({}) and has {why}",
            code(id),
            exposure.ports_phrase(),
            exposure.route()
        );
        let mut path = exposure.path;
        path.push((format!("{}: {why}", code(id)), site));
        sink.report_path(&EXPOSED_INSTANCE_UNPATCHED, id, site, message, path);
    }
}
