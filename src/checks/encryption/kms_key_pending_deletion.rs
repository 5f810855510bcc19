use crate::checks::iam::common::listed;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

use super::{alias_note, aliases_by_key, encrypted_under};

declare_check! {
    /// KMS key is scheduled for deletion.
    ///
    /// ## What it checks
    /// Every key of `aws kms describe-key` whose `KeyState` is `PendingDeletion`. The message
    /// gives its `DeletionDate` and names what in the snapshot is still encrypted under it:
    /// volumes, EBS snapshots, DB instances, clusters and snapshots (`KmsKeyId`) and buckets'
    /// default encryption (`KMSMasterKeyID`), whether they name the key by id, key ARN, alias
    /// or alias ARN (aliases are resolved through `aws kms list-aliases`; without it, the
    /// message says that references by alias were not resolved). A key of `aws kms list-keys`
    /// with no `describe-key` output is noted as not reviewed.
    ///
    /// ## Why it matters
    /// On the deletion date the key material is destroyed: every volume, snapshot, database
    /// backup and object encrypted under it becomes unreadable for good, and no one, AWS
    /// included, can recover it. A deletion scheduled by mistake, or by an attacker as
    /// ransom, is only reversible until then. AWS Security Hub control KMS.3 fails.
    ///
    /// ## How to fix
    /// Cancel the deletion if anything still needs the key (then re-enable it):
    /// ```sh
    /// aws kms cancel-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab
    /// aws kms enable-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab
    /// ```
    pub static KMS_KEY_PENDING_DELETION = {
        id: "kms-key-pending-deletion",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP KMS.3"],
        run: Runner::Snapshot { needs: &["kms.describe-key"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let pending = || model.keys.iter().filter(|k| k.state.as_ref().is_some_and(|s| s.value == "PendingDeletion"));
    if pending().next().is_none() {
        return;
    }
    let under = encrypted_under(model);
    let aliases = aliases_by_key(model);
    for key in pending() {
        let Some(state) = &key.state else { continue };
        let id = key.id.value.as_str();
        let when = key
            .deletion_date
            .as_ref()
            .map_or_else(|| "is pending deletion".to_string(), |d| format!("is pending deletion on `{}`", d.value));
        let dependents = under.get(id).map(Vec::as_slice).unwrap_or_default();
        let what = if dependents.is_empty() && !model.has("kms.list-aliases") {
            "; nothing in the snapshot names it by key id or ARN (without `aws kms list-aliases`, references by \
             alias are not resolved)"
                .to_string()
        } else if dependents.is_empty() {
            "; nothing in the snapshot is encrypted under it".to_string()
        } else {
            let labels: Vec<String> = dependents.iter().map(super::Protected::label).collect();
            format!("; still encrypted under it: {}", listed(&labels))
        };
        let message = format!("key `{id}`{} {when}{what}", alias_note(&aliases, id));
        sink.report(&KMS_KEY_PENDING_DELETION, id, state.site, message);
    }
}
