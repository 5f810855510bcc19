use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Database instance is publicly accessible.
    ///
    /// ## What it checks
    /// Every DB instance in `aws rds describe-db-instances` whose `PubliclyAccessible` is
    /// `true`: its endpoint resolves to a public IP address from outside the VPC.
    ///
    /// ## Why it matters
    /// A database reachable from the internet is protected only by its security group and its
    /// passwords. Database ports are among the most scanned, and credential stuffing or an
    /// unpatched engine bug then leads straight to the data. AWS Security Hub control RDS.2
    /// fails for it.
    ///
    /// ## How to fix
    /// Make the instance private and reach it from inside the VPC (a bastion, Session Manager
    /// port forwarding, or a VPN):
    /// ```sh
    /// aws rds modify-db-instance --db-instance-identifier orders-db --no-publicly-accessible --apply-immediately
    /// ```
    pub static RDS_PUBLICLY_ACCESSIBLE = {
        id: "rds-publicly-accessible",
        severity: High,
        area: Network,
        controls: ["FSBP RDS.2"],
        run: Runner::Snapshot { needs: &["rds.describe-db-instances"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for db in &model.db_instances {
        if let Some(flag) = db.publicly_accessible.as_ref().filter(|f| f.value) {
            let engine = if db.engine.is_empty() { String::new() } else { format!(" ({})", db.engine) };
            let message = format!("{}{engine} is publicly accessible", crate::base::code(&db.id.value));
            sink.report(&RDS_PUBLICLY_ACCESSIBLE, db.id.value.clone(), flag.site, message);
        }
    }
}
