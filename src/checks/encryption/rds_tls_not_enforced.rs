use crate::checks::{declare_check, Runner, Sink, Thresholds};
use std::collections::HashMap;

use crate::model::{DbInstance, DbParameter, Model, Site};

use super::rds_tls_defaults::{default_for, family};

declare_check! {
    /// Database does not require TLS.
    ///
    /// ## What it checks
    /// For each DB instance of `aws rds describe-db-instances`, the parameter group it uses,
    /// read from `aws rds describe-db-parameters` (the group is named by the bundle entry's
    /// `--db-parameter-group-name`): `rds.force_ssl` must be `1` for PostgreSQL and SQL
    /// Server, `require_secure_transport` `1` or `ON` for MySQL and MariaDB. A parameter
    /// listed with no `ParameterValue` (the engine default), or an instance on a `default.*`
    /// group that the snapshot has no output for, takes the engine version's documented
    /// default: on for PostgreSQL 15 and later and MariaDB 11.8 and later; off for
    /// PostgreSQL 14 and older, SQL Server, MySQL, and MariaDB before 11.8 (kept as data,
    /// with its AWS source, beside this check). A custom group with no output in the snapshot
    /// is not judged: a note names it. An instance whose group is `pending-reboot` is flagged, with that said:
    /// the group's setting is not in force yet. Aurora (cluster parameter groups) is out of
    /// scope.
    ///
    /// ## Why it matters
    /// Without the setting, clients may connect in plain text: passwords and query results
    /// cross the network readable, and a client whose TLS fails silently falls back to no
    /// encryption. AWS Security Hub controls RDS.38 (PostgreSQL) and RDS.39 (MySQL) fail.
    ///
    /// ## How to fix
    /// Use a custom parameter group that requires TLS, attach it, and reboot if the
    /// parameter is static:
    /// ```sh
    /// aws rds modify-db-parameter-group --db-parameter-group-name orders-postgres14 --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=immediate
    /// ```
    pub static RDS_TLS_NOT_ENFORCED = {
        id: "rds-tls-not-enforced",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP RDS.38", "FSBP RDS.39"],
        run: Runner::Snapshot { needs: &["rds.describe-db-instances"], run: check },
    }
}

/// Each (group, parameter) looked up once: many instances share a group, and a group may list
/// hundreds of parameters, so the lookups stay linear in the input.
type Lookups<'m> = HashMap<(&'m str, &'static str), Option<&'m DbParameter>>;

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let mut lookups = Lookups::new();
    let mut unjudged = Vec::new();
    for db in &model.db_instances {
        if let Some(group) = judge(model, db, &mut lookups, sink) {
            unjudged.push((db, group));
        }
    }
    // A custom group with no output is not guessed at: said, so that silence is not a pass.
    if let Some(&(first, _)) = unjudged.first() {
        let named = super::listed::first_named(
            unjudged.iter().map(|(db, group)| format!("`{}` (group `{group}`)", db.id.value)).collect(),
        );
        let message = format!(
            "not reviewed by `rds-tls-not-enforced`: {} on a custom parameter group with no \
             `aws rds describe-db-parameters --db-parameter-group-name GROUP` output: {named}",
            if unjudged.len() == 1 {
                "1 DB instance is".to_string()
            } else {
                format!("{} DB instances are", unjudged.len())
            },
        );
        sink.note_at(&RDS_TLS_NOT_ENFORCED, first.id.site, message);
    }
}

/// Judges one instance; returns its group's name when it is a custom group the snapshot holds
/// no parameters for (not judged).
fn judge<'m>(model: &'m Model, db: &'m DbInstance, lookups: &mut Lookups<'m>, sink: &mut Sink) -> Option<&'m str> {
    let family = family(&db.engine)?;
    let group = db.parameter_groups.first()?;
    let version = db.engine_version.as_ref().map(|v| v.value.as_str());
    let default = default_for(family, version)?;
    let name = &group.name.value;
    let parameter = default.parameter;
    let shown_version = version.map_or_else(String::new, |v| format!(" `{v}`"));
    let engine_default = || {
        let state = if default.on { "on" } else { "off" };
        format!("the engine default for `{}`{shown_version}, {state}", db.engine)
    };
    // (enforced, how the value was found, where)
    let (enforced, how, site): (bool, String, Site) = match model.db_parameter_groups.get(name) {
        Some(read) => match lookups
            .entry((name.as_str(), parameter))
            .or_insert_with(|| read.parameter(parameter))
            .map(|p| (p, p.value.as_ref()))
        {
            Some((_, Some(value))) => {
                let on = value.value == "1" || value.value.eq_ignore_ascii_case("ON");
                (on, format!("`{parameter}` is `{}`", value.value), value.site)
            }
            Some((p, None)) => (default.on, format!("`{parameter}` is unset: {}", engine_default()), p.site),
            None => (default.on, format!("`{parameter}` is not listed: {}", engine_default()), read.name.site),
        },
        None if name.starts_with("default.") => {
            (default.on, format!("`{parameter}` takes {}", engine_default()), group.name.site)
        }
        None => return Some(name),
    };
    let pending = group.apply_status.as_ref().filter(|s| s.value == "pending-reboot");
    if enforced && pending.is_none() {
        return None;
    }
    let mut message = format!("`{}` ({}) uses parameter group `{name}`, where {how}", db.id.value, db.engine);
    if !enforced {
        message.push_str(", so clients may connect without TLS");
    }
    if pending.is_some() {
        message.push_str("; the group is `pending-reboot`: its settings are not in force until the instance reboots");
    }
    sink.report(&RDS_TLS_NOT_ENFORCED, db.id.value.clone(), site, message);
    None
}
