//! One reader per AWS output kind: a recognised value in, typed and located resources of the
//! [`Model`] out. A reader checks the shape it relies on and reports a located input error
//! for a wrong one; checks then trust the model and never touch raw JSON.

mod access_keys;
mod associations;
mod authorization_details;
mod credential_report;
mod db_instances;
mod flow_logs;
mod instance_information;
mod instances;
mod internet_gateways;
mod maintenance_windows;
mod nat_gateways;
mod network_acls;
mod network_interfaces;
mod password_policy;
mod patch_baseline;
mod patch_baselines;
mod patch_states;
mod route_tables;
mod security_groups;
mod subnets;
mod vpc_endpoints;
mod vpcs;
mod window_targets;
mod window_tasks;

use super::{kinds, Fault, InputKind};
use crate::json::{Kind, Value};
use crate::model::{Located, Model, Site};

/// Reads the resources of `value`, an output of `kind`, into the model. (The snapshot records
/// every kind that was read without error as present; kinds without a reader add nothing.)
/// `command` is the bundle entry's command line, which names what some outputs do not; `stem`
/// a plain file's name without its extension (`mw-0c50858d01EXAMPLE`).
pub(super) fn read(
    kind: &'static InputKind,
    doc: u32,
    value: &Value,
    command: Option<&str>,
    stem: Option<&str>,
    model: &mut Model,
) -> Result<(), Fault> {
    if kind.id == kinds::WINDOW_TASKS.id {
        return window_tasks::read(doc, value, window_named(command, stem), model);
    }
    if kind.id == kinds::WINDOW_TARGETS.id {
        return window_targets::read(doc, value, window_named(command, stem), model);
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
        id if id == kinds::INSTANCE_INFORMATION.id => instance_information::read,
        id if id == kinds::PATCH_STATES.id => patch_states::read,
        id if id == kinds::PATCH_BASELINES.id => patch_baselines::read,
        id if id == kinds::PATCH_BASELINE.id => patch_baseline::read,
        id if id == kinds::MAINTENANCE_WINDOWS.id => maintenance_windows::read,
        id if id == kinds::ASSOCIATIONS.id => associations::read,
        id if id == kinds::AUTHZ_DETAILS.id => authorization_details::read,
        id if id == kinds::CREDENTIAL_REPORT.id => credential_report::read,
        id if id == kinds::LIST_ACCESS_KEYS.id => access_keys::read,
        id if id == kinds::PASSWORD_POLICY.id => password_policy::read,
        _ => return Ok(()),
    };
    reader(doc, value, model)
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

/// A raw CSV credential report (`iam.credential-report-csv`), the whole text of `doc`.
pub(super) fn read_credential_csv(doc: u32, text: &str, model: &mut Model) -> Result<(), Fault> {
    credential_report::read_csv(doc, text, model)
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
