use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Database does not apply minor engine upgrades automatically.
    ///
    /// ## What it checks
    /// Every DB instance of `aws rds describe-db-instances` and DB cluster of
    /// `aws rds describe-db-clusters` whose `AutoMinorVersionUpgrade` is `false`. (Aurora
    /// clusters do not print the setting; their instances do.) The check runs on whichever of
    /// the two outputs is given.
    ///
    /// ## Why it matters
    /// Minor engine versions carry the security fixes of the database engine. Without the
    /// setting they wait for someone to upgrade by hand, which in practice is often never.
    /// AWS Security Hub control RDS.13 asks for it.
    ///
    /// ## How to fix
    /// ```sh
    /// aws rds modify-db-instance --db-instance-identifier app-db --auto-minor-version-upgrade --apply-immediately
    /// aws rds modify-db-cluster --db-cluster-identifier app-cluster --auto-minor-version-upgrade --apply-immediately
    /// ```
    pub static RDS_AUTO_MINOR_UPGRADE_DISABLED = {
        id: "rds-auto-minor-upgrade-disabled",
        severity: Medium,
        area: Patching,
        controls: ["FSBP RDS.13"],
        run: Runner::Snapshot { needs: &[], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for db in &model.db_instances {
        let Some(setting) = db.auto_minor_version_upgrade.as_ref().filter(|s| !s.value) else { continue };
        let id = db.id.value.as_str();
        let message = format!("the DB instance `{id}` (`{}`) has `AutoMinorVersionUpgrade` off", db.engine);
        sink.report(&RDS_AUTO_MINOR_UPGRADE_DISABLED, id, setting.site, message);
    }
    for cluster in &model.db_clusters {
        let Some(setting) = cluster.auto_minor_version_upgrade.as_ref().filter(|s| !s.value) else { continue };
        let id = cluster.id.value.as_str();
        let message = format!("the DB cluster `{id}` (`{}`) has `AutoMinorVersionUpgrade` off", cluster.engine);
        sink.report(&RDS_AUTO_MINOR_UPGRADE_DISABLED, id, setting.site, message);
    }
}
