use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// EBS volume is not encrypted.
    ///
    /// ## What it checks
    /// Every volume in `aws ec2 describe-volumes` whose `Encrypted` is `false`. The message
    /// names the instance an attached volume belongs to.
    ///
    /// ## Why it matters
    /// An unencrypted volume, and every snapshot taken of it, holds the data in the clear: a
    /// snapshot shared by mistake, or copied by someone with `ec2:CreateSnapshot`, exposes it
    /// with no key to control access. AWS Security Hub control EC2.3 fails. Encryption cannot
    /// be turned on in place; the data must be copied to an encrypted volume.
    ///
    /// ## How to fix
    /// Snapshot the volume, copy the snapshot encrypted, create a volume from the copy and
    /// swap it in; then turn on encryption by default so new volumes are encrypted:
    /// ```sh
    /// aws ec2 copy-snapshot --source-region eu-west-1 --source-snapshot-id snap-0123456789abcdef0 --encrypted --kms-key-id alias/ebs
    /// aws ec2 enable-ebs-encryption-by-default
    /// ```
    pub static EBS_VOLUME_UNENCRYPTED = {
        id: "ebs-volume-unencrypted",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP EC2.3"],
        run: Runner::Snapshot { needs: &["ec2.describe-volumes"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for volume in &model.volumes {
        let Some(flag) = volume.encrypted.as_ref().filter(|f| !f.value) else { continue };
        let attached = match volume.instances.as_slice() {
            [] => " (not attached)".to_string(),
            instances => {
                let shown: Vec<String> = instances.iter().map(|i| format!("`{i}`")).collect();
                format!(" (attached to {})", shown.join(", "))
            }
        };
        let message = format!("`{}` is not encrypted{attached}", volume.id.value);
        sink.report(&EBS_VOLUME_UNENCRYPTED, volume.id.value.clone(), flag.site, message);
    }
}
