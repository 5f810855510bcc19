use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// EBS snapshot is not encrypted.
    ///
    /// ## What it checks
    /// Every snapshot in `aws ec2 describe-snapshots` whose `Encrypted` is `false`.
    ///
    /// ## Why it matters
    /// A snapshot is a full copy of a volume's data. Unencrypted, it can be shared with
    /// another account or made public with no key standing in the way, and any volume
    /// created from it is unencrypted too.
    ///
    /// ## How to fix
    /// Copy it encrypted, then delete the unencrypted original:
    /// ```sh
    /// aws ec2 copy-snapshot --source-region eu-west-1 --source-snapshot-id snap-0123456789abcdef0 --encrypted --kms-key-id alias/ebs
    /// aws ec2 delete-snapshot --snapshot-id snap-0123456789abcdef0
    /// ```
    pub static EBS_SNAPSHOT_UNENCRYPTED = {
        id: "ebs-snapshot-unencrypted",
        severity: Medium,
        area: Encryption,
        controls: [],
        run: Runner::Snapshot { needs: &["ec2.describe-snapshots"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for snapshot in &model.ebs_snapshots {
        let Some(flag) = snapshot.encrypted.as_ref().filter(|f| !f.value) else { continue };
        let from = snapshot.volume.as_ref().map_or_else(String::new, |v| format!(" (of volume `{v}`)"));
        let message = format!("`{}`{from} is not encrypted", snapshot.id.value);
        sink.report(&EBS_SNAPSHOT_UNENCRYPTED, snapshot.id.value.clone(), flag.site, message);
    }
}
