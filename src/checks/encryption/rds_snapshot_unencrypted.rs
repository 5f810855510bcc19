use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// DB snapshot is not encrypted.
    ///
    /// ## What it checks
    /// Every snapshot in `aws rds describe-db-snapshots` whose `Encrypted` is `false`.
    ///
    /// ## Why it matters
    /// A DB snapshot holds the whole database. Unencrypted, it can be shared or restored in
    /// another account with nothing but snapshot permissions in the way, and the instance
    /// restored from it is unencrypted too. AWS Security Hub control RDS.4 fails.
    ///
    /// ## How to fix
    /// Copy it with a KMS key, then delete the unencrypted one:
    /// ```sh
    /// aws rds copy-db-snapshot --source-db-snapshot-identifier orders-2026-11-01 --target-db-snapshot-identifier orders-2026-11-01-enc --kms-key-id alias/rds
    /// aws rds delete-db-snapshot --db-snapshot-identifier orders-2026-11-01
    /// ```
    pub static RDS_SNAPSHOT_UNENCRYPTED = {
        id: "rds-snapshot-unencrypted",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP RDS.4"],
        run: Runner::Snapshot { needs: &["rds.describe-db-snapshots"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for snapshot in &model.db_snapshots {
        let Some(flag) = snapshot.encrypted.as_ref().filter(|f| !f.value) else { continue };
        let message = format!("`{}` is not encrypted", snapshot.id.value);
        sink.report(&RDS_SNAPSHOT_UNENCRYPTED, snapshot.id.value.clone(), flag.site, message);
    }
}
