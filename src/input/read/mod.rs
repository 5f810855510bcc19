//! One reader per AWS output kind: a recognised value in, typed and located resources of the
//! [`Model`] out. A reader checks the shape it relies on and reports a located input error
//! for a wrong one; checks then trust the model and never touch raw JSON.

mod access_keys;
mod associations;
mod authorization_details;
mod bucket_encryption;
mod buckets;
mod classic_load_balancers;
mod credential_report;
mod db_clusters;
mod db_instances;
mod db_parameters;
mod db_snapshots;
mod distribution_config;
mod distributions;
mod ebs_default_encryption;
mod ebs_snapshots;
mod facts;
mod flow_logs;
mod instance_information;
mod instances;
mod internet_gateways;
mod kms_aliases;
mod kms_keys;
mod kms_list_keys;
mod kms_rotation;
mod listeners;
mod load_balancers;
mod maintenance_windows;
mod nat_gateways;
mod network_acls;
mod network_interfaces;
mod password_policy;
mod patch_baseline;
mod patch_baselines;
mod patch_states;
mod public_access_block;
mod route_tables;
mod security_groups;
mod snapshot_attribute;
mod subnets;
mod volumes;
mod vpc_endpoints;
mod vpcs;
mod window_targets;
mod window_tasks;

pub(super) use facts::fact;

use super::{kinds, Fault, InputKind};
use crate::json::{Kind, Value};
use crate::model::{Located, Model, Site};

/// Reads the resources of `value`, an output of `kind`, into the model. (The snapshot records
/// every kind that was read without error as present; kinds without a reader add nothing.)
pub(super) fn read(
    kind: &'static InputKind,
    doc: u32,
    value: &Value,
    origin: &mut Origin,
    model: &mut Model,
) -> Result<(), Fault> {
    if kind.id == kinds::WINDOW_TASKS.id {
        return window_tasks::read(doc, value, window_named(origin.command, origin.stem.as_deref()), model);
    }
    if kind.id == kinds::WINDOW_TARGETS.id {
        return window_targets::read(doc, value, window_named(origin.command, origin.stem.as_deref()), model);
    }
    let reader: fn(u32, &Value, &mut Model) -> Result<(), Fault> = match kind.id {
        id if id == kinds::SECURITY_GROUPS.id => security_groups::read,
        id if id == kinds::NETWORK_ACLS.id => network_acls::read,
        id if id == kinds::VPCS.id => vpcs::read,
        id if id == kinds::SUBNETS.id => subnets::read,
        id if id == kinds::ROUTE_TABLES.id => route_tables::read,
        id if id == kinds::INTERNET_GATEWAYS.id => internet_gateways::read,
        id if id == kinds::NAT_GATEWAYS.id => nat_gateways::read,
        id if id == kinds::VPC_ENDPOINTS.id => vpc_endpoints::read,
        id if id == kinds::FLOW_LOGS.id => flow_logs::read,
        id if id == kinds::INSTANCES.id => instances::read,
        id if id == kinds::NETWORK_INTERFACES.id => network_interfaces::read,
        id if id == kinds::DB_INSTANCES.id => db_instances::read,
        id if id == kinds::VOLUMES.id => volumes::read,
        id if id == kinds::SNAPSHOTS.id => ebs_snapshots::read,
        id if id == kinds::SNAPSHOT_ATTRIBUTE.id => snapshot_attribute::read,
        id if id == kinds::EBS_DEFAULT_ENCRYPTION.id => ebs_default_encryption::read,
        id if id == kinds::DB_CLUSTERS.id => db_clusters::read,
        id if id == kinds::DB_SNAPSHOTS.id => db_snapshots::read,
        id if id == kinds::LIST_BUCKETS.id => buckets::read,
        id if id == kinds::DB_PARAMETERS.id => return db_parameters::read(doc, value, origin, model),
        id if id == kinds::BUCKET_ENCRYPTION.id => return bucket_encryption::read(doc, value, origin, model),
        id if id == kinds::PUBLIC_ACCESS_BLOCK.id => return public_access_block::read(doc, value, origin, model),
        id if id == kinds::DESCRIBE_KEY.id => kms_keys::read,
        id if id == kinds::KEY_ROTATION.id => return kms_rotation::read(doc, value, model, origin),
        id if id == kinds::LIST_KEYS.id => kms_list_keys::read,
        id if id == kinds::LIST_ALIASES.id => kms_aliases::read,
        id if id == kinds::LOAD_BALANCERS.id => load_balancers::read,
        id if id == kinds::LISTENERS.id => return listeners::read(doc, value, origin.command, model),
        id if id == kinds::CLASSIC_LOAD_BALANCERS.id => classic_load_balancers::read,
        id if id == kinds::DISTRIBUTIONS.id => distributions::read,
        id if id == kinds::DISTRIBUTION_CONFIG.id => return distribution_config::read(doc, value, model, origin),
        id if id == kinds::INSTANCE_INFORMATION.id => instance_information::read,
        id if id == kinds::PATCH_STATES.id => patch_states::read,
        id if id == kinds::PATCH_BASELINES.id => patch_baselines::read,
        id if id == kinds::PATCH_BASELINE.id => patch_baseline::read,
        id if id == kinds::MAINTENANCE_WINDOWS.id => maintenance_windows::read,
        id if id == kinds::ASSOCIATIONS.id => associations::read,
        id if id == kinds::AUTHZ_DETAILS.id => authorization_details::read,
        id if id == kinds::CREDENTIAL_REPORT.id => return credential_report::read(doc, value, origin, model),
        id if id == kinds::LIST_ACCESS_KEYS.id => access_keys::read,
        id if id == kinds::PASSWORD_POLICY.id => password_policy::read,
        _ => return Ok(()),
    };
    reader(doc, value, model)
}

/// Where an output came from, for the outputs that do not name their resource
/// (`get-bucket-encryption`, `describe-db-parameters`).
#[derive(Debug, Default)]
pub(super) struct Origin<'a> {
    /// The bundle entry's command line.
    pub command: Option<&'a str>,
    /// The file's name without its extension, for a file given on its own (not a bundle entry,
    /// not a paste).
    pub stem: Option<String>,
    /// What reading could not settle and says rather than guesses.
    pub remarks: Vec<(String, Site)>,
    /// A located input error in an output that was still read in part (a credential report
    /// row that cannot be read: the other rows are checked).
    pub partial: Option<(String, crate::json::Span)>,
}

impl Origin<'_> {
    /// The resource the command line's `flag` names, else the file's name; else a remark
    /// located at `at` ("which bucket?") and `None`.
    fn resource(&mut self, flag: &str, what: &str, example: &str, doc: u32, at: &Value) -> Option<String> {
        self.named(flag, what, example, "so it is left out", doc, at)
    }

    /// [`name`](Self::name), or, when nothing names the resource, a remark located at `at`
    /// saying what follows (`consequence`) and how to name it.
    pub(super) fn named(
        &mut self,
        flag: &str,
        what: &str,
        example: &str,
        consequence: &str,
        doc: u32,
        at: &Value,
    ) -> Option<String> {
        let name = self.name(flag);
        if name.is_none() {
            let remark = format!(
                "which {what}? this output does not name its {what}, {consequence}: give the file the \
                 {what}'s name ({example}) or collect it with the snapshot script (`{flag}`)"
            );
            self.remarks.push((remark, site(doc, at)));
        }
        name
    }

    /// The resource `flag` names on the command line, else (for a file given on its own) the
    /// file's name; `None` when neither does, for the reader to remark on.
    fn name(&self, flag: &str) -> Option<String> {
        super::bundle::argument(self.command, flag).map(String::from).or_else(|| self.stem.clone())
    }

    /// Whether the command line is an `s3control` one (account-level settings).
    fn is_s3control(&self) -> bool {
        self.command.is_some_and(|c| c.split_whitespace().any(|w| w == "s3control"))
    }
}

/// The account id an ARN names (`arn:aws:rds:us-east-1:123456789012:db:x`).
fn arn_account(arn: &str) -> Option<String> {
    arn.split(':').nth(4).filter(|a| !a.is_empty()).map(String::from)
}

/// The list an output holds under `key`, or the output itself when it is the bare list
/// (`--query 'SecurityGroups'`).
fn list<'v>(value: &'v Value, key: &str) -> Result<&'v [Value], Fault> {
    let list = value.get(key).unwrap_or(value);
    list.as_array().ok_or_else(|| shape(list, &format!("`{key}` should be a list")))
}

/// A located "wrong shape" error.
fn shape(at: &Value, what: &str) -> Fault {
    Fault::unrecognized(format!("{what}, found {}", at.type_name()), at.span)
}

/// A required string member.
fn string<'v>(item: &'v Value, key: &str) -> Result<&'v str, Fault> {
    match item.get(key) {
        Some(v) => v.as_str().ok_or_else(|| shape(v, &format!("`{key}` should be a string"))),
        None => Err(Fault::unrecognized(format!("this entry has no `{key}`"), item.span)),
    }
}

/// An optional string member (absent or `null` is `None`; another type is an error).
fn optional_string<'v>(item: &'v Value, key: &str) -> Result<Option<&'v str>, Fault> {
    match item.get(key) {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::Null) => Ok(None),
        Some(v) => v.as_str().map(Some).ok_or_else(|| shape(v, &format!("`{key}` should be a string"))),
    }
}

/// An optional integer member. AWS writes numbers; hand-edited exports sometimes quote them.
fn optional_integer(item: &Value, key: &str) -> Result<Option<i64>, Fault> {
    let Some(v) = item.get(key) else { return Ok(None) };
    let text = match &v.kind {
        Kind::Null => return Ok(None),
        Kind::Number(n) => &**n,
        Kind::String(s) => &**s,
        _ => return Err(shape(v, &format!("`{key}` should be a number"))),
    };
    text.trim().parse::<i64>().map(Some).map_err(|_| shape(v, &format!("`{key}` should be a whole number")))
}

/// An optional list member (absent or `null` is empty).
fn optional_list<'v>(item: &'v Value, key: &str) -> Result<&'v [Value], Fault> {
    match item.get(key) {
        None => Ok(&[]),
        Some(v) if matches!(v.kind, Kind::Null) => Ok(&[]),
        Some(v) => v.as_array().ok_or_else(|| shape(v, &format!("`{key}` should be a list"))),
    }
}

fn site(doc: u32, value: &Value) -> Site {
    Site { doc, span: value.span }
}

/// An optional boolean member, located (absent or `null` is `None`).
fn optional_bool(doc: u32, item: &Value, key: &str) -> Result<Option<Located<bool>>, Fault> {
    match item.get(key) {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::Null) => Ok(None),
        Some(v) => match v.as_bool() {
            Some(b) => Ok(Some(Located { value: b, site: site(doc, v) })),
            None => Err(shape(v, &format!("`{key}` should be `true` or `false`"))),
        },
    }
}

/// An optional string member, located.
fn located_string(doc: u32, item: &Value, key: &str) -> Result<Option<Located<String>>, Fault> {
    match item.get(key) {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::Null) => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) => Ok(Some(Located { value: s.to_string(), site: site(doc, v) })),
            None => Err(shape(v, &format!("`{key}` should be a string"))),
        },
    }
}

/// The id an entry is known by, located at the entry.
fn id(doc: u32, item: &Value, key: &str) -> Result<Located<String>, Fault> {
    Ok(Located { value: string(item, key)?.to_string(), site: site(doc, item) })
}

/// The `key` string of each object in the list `list` (`SecurityGroups[].GroupId`).
fn ids_in(item: &Value, list: &str, key: &str) -> Result<Vec<String>, Fault> {
    let mut out = Vec::new();
    for entry in optional_list(item, list)? {
        if let Some(id) = optional_string(entry, key)? {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// A list of plain strings (`RouteTableIds`).
fn strings(item: &Value, key: &str) -> Result<Vec<String>, Fault> {
    optional_list(item, key)?
        .iter()
        .map(|v| v.as_str().map(String::from).ok_or_else(|| shape(v, &format!("`{key}` should hold strings"))))
        .collect()
}

/// An optional object member (absent or `null` is `None`; another type is an error).
fn optional_object<'v>(item: &'v Value, key: &str) -> Result<Option<&'v Value>, Fault> {
    match item.get(key) {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::Null) => Ok(None),
        Some(v) if v.as_object().is_some() => Ok(Some(v)),
        Some(v) => Err(shape(v, &format!("`{key}` should be an object"))),
    }
}

/// The account id an ARN names (`arn:aws:kms:us-east-1:111122223333:key/…`), if any.
fn account_of(arn: &str) -> Option<String> {
    arn.split(':').nth(4).filter(|a| !a.is_empty()).map(String::from)
}

/// Sets the snapshot's account from an ARN when nothing has named it yet.
fn note_account(model: &mut Model, arn: Option<&str>) {
    if model.meta.account.is_none() {
        model.meta.account = arn.and_then(account_of);
    }
}

/// A required string member, located at the member.
fn required_located(doc: u32, item: &Value, key: &str) -> Result<Located<String>, Fault> {
    located_string(doc, item, key)?.ok_or_else(|| Fault::unrecognized(format!("this entry has no `{key}`"), item.span))
}

/// A list of plain strings, each located (`OriginSslProtocols.Items`).
fn strings_located(doc: u32, item: &Value, key: &str) -> Result<Vec<Located<String>>, Fault> {
    optional_list(item, key)?
        .iter()
        .map(|v| match v.as_str() {
            Some(s) => Ok(Located { value: s.to_string(), site: site(doc, v) }),
            None => Err(shape(v, &format!("`{key}` should hold strings"))),
        })
        .collect()
}

/// A raw CSV credential report (`iam.credential-report-csv`), the whole text of `doc`; `Ok`
/// holds the located error of rows that could not be read (the others are); `remarks` gets
/// what the header lacks.
pub(super) fn read_credential_csv(
    doc: u32,
    text: &str,
    model: &mut Model,
    remarks: &mut Vec<(String, Site)>,
) -> Result<Option<Fault>, Fault> {
    credential_report::read_csv(doc, text, model, remarks)
}

/// An optional integer member, located.
fn located_integer(doc: u32, item: &Value, key: &str) -> Result<Option<Located<i64>>, Fault> {
    Ok(optional_integer(item, key)?.map(|value| Located { value, site: site(doc, item.get(key).unwrap_or(item)) }))
}

/// An optional date member, located, kept as AWS wrote it: an ISO 8601 string, or the epoch
/// seconds some outputs print (`1535127076.2`).
fn located_date(doc: u32, item: &Value, key: &str) -> Result<Option<Located<String>>, Fault> {
    if let Some(v) = item.get(key) {
        if let Kind::Number(n) = &v.kind {
            return Ok(Some(Located { value: n.to_string(), site: site(doc, v) }));
        }
    }
    located_string(doc, item, key)
}

/// The maintenance window a command line (`--window-id`) or a file's name (`mw-….json`) names.
pub(super) fn window_named<'a>(command: Option<&'a str>, stem: Option<&'a str>) -> Option<&'a str> {
    super::bundle::argument(command, "--window-id").or_else(|| stem.filter(|s| s.starts_with("mw-")))
}
