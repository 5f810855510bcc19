use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// EBS snapshot is public.
    ///
    /// ## What it checks
    /// `aws ec2 describe-snapshot-attribute --attribute createVolumePermission`, joined by
    /// `SnapshotId`: a snapshot whose `CreateVolumePermissions` include `{"Group": "all"}`.
    /// Sharing with named accounts (`UserId`) is not public and not flagged. A snapshot of
    /// the account in `describe-snapshots` with no attribute output is noted as not reviewed.
    ///
    /// ## Why it matters
    /// Anyone with an AWS account can create a volume from a public snapshot and read every
    /// file of it: databases, keys, credentials left on disk. Public snapshots are searched
    /// for continuously. AWS Security Hub control EC2.1 fails.
    ///
    /// ## How to fix
    /// ```sh
    /// aws ec2 modify-snapshot-attribute --snapshot-id snap-0123456789abcdef0 --attribute createVolumePermission --operation-type remove --group-names all
    /// ```
    pub static EBS_SNAPSHOT_PUBLIC = {
        id: "ebs-snapshot-public",
        severity: Critical,
        area: Encryption,
        controls: ["FSBP EC2.1"],
        run: Runner::Snapshot { needs: &["ec2.describe-snapshot-attribute"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for permissions in &model.snapshot_permissions {
        let Some(all) = permissions.groups.iter().find(|g| g.value == "all") else { continue };
        let id = &permissions.snapshot.value;
        let encrypted = match model.ebs_snapshots.get(id).and_then(|s| s.encrypted.as_ref()) {
            Some(e) if e.value => " (encrypted: only accounts the key's policy admits can use it)",
            Some(_) => " and unencrypted",
            None => "",
        };
        let message = format!("`{id}` is public{encrypted}: `CreateVolumePermissions` include group `all`");
        sink.report(&EBS_SNAPSHOT_PUBLIC, id.clone(), all.site, message);
    }
}
