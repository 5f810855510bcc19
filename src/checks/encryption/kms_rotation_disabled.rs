use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Key, Model};

use super::{alias_note, aliases_by_key};

declare_check! {
    /// KMS key rotation is off.
    ///
    /// ## What it checks
    /// `aws kms describe-key` joined with `aws kms get-key-rotation-status` (by key id, key
    /// ARN or alias, resolved through `aws kms list-aliases`): a customer-managed
    /// (`KeyManager` `CUSTOMER`), enabled (`KeyState` `Enabled`), symmetric (`KeySpec`
    /// `SYMMETRIC_DEFAULT`) key whose key material comes from KMS (`Origin` `AWS_KMS`, no
    /// custom key store) and whose `KeyRotationEnabled` is `false`. AWS-managed keys (rotated
    /// by AWS), asymmetric and HMAC keys, keys with imported material (`EXTERNAL`), keys in a
    /// custom key store, and disabled keys cannot rotate automatically and are not flagged.
    /// A key with no rotation status in the snapshot is not judged: a note says which (and
    /// which keys of `aws kms list-keys` were not described at all).
    ///
    /// ## Why it matters
    /// Rotation limits how much data one key version protects and how long a leaked key
    /// version stays useful. KMS keeps old versions for decryption, so turning rotation on
    /// breaks nothing. CIS 3.6 and AWS Security Hub control KMS.4 ask for it.
    ///
    /// ## How to fix
    /// ```sh
    /// aws kms enable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --rotation-period-in-days 365
    /// ```
    pub static KMS_ROTATION_DISABLED = {
        id: "kms-rotation-disabled",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP KMS.4", "CIS 3.6"],
        run: Runner::Snapshot { needs: &["kms.describe-key", "kms.get-key-rotation-status"], run: check },
    }
}

/// Whether the key can rotate automatically: every exclusion of the rule applied.
pub(super) fn can_rotate(key: &Key) -> bool {
    let is =
        |field: &Option<crate::model::Located<String>>, wanted: &str| field.as_ref().is_some_and(|f| f.value == wanted);
    is(&key.manager, "CUSTOMER")
        && is(&key.state, "Enabled")
        && is(&key.spec, "SYMMETRIC_DEFAULT")
        && is(&key.origin, "AWS_KMS")
        && key.custom_key_store.as_ref().is_none_or(|s| s.value.is_empty())
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let rotations = model.rotations_by_key();
    let aliases = aliases_by_key(model);
    for key in model.keys.iter().filter(|k| can_rotate(k)) {
        let id = key.id.value.as_str();
        let Some(enabled) = rotations.get(id).filter(|e| !e.value) else { continue };
        let message = format!("customer-managed key `{id}`{} has automatic rotation off", alias_note(&aliases, id));
        sink.report(&KMS_ROTATION_DISABLED, id, enabled.site, message);
    }
}
