//! One reader per AWS output kind: a recognised value in, typed and located resources of the
//! [`Model`] out. A reader checks the shape it relies on and reports a located input error
//! for a wrong one; checks then trust the model and never touch raw JSON.

mod classic_load_balancers;
mod db_instances;
mod distribution_config;
mod distributions;
mod flow_logs;
mod instances;
mod internet_gateways;
mod kms_aliases;
mod kms_keys;
mod kms_list_keys;
mod kms_rotation;
mod listeners;
mod load_balancers;
mod nat_gateways;
mod network_acls;
mod network_interfaces;
mod route_tables;
mod security_groups;
mod subnets;
mod vpc_endpoints;
mod vpcs;

use super::{kinds, Fault, InputKind};
use crate::json::{Kind, Value};
use crate::model::{Located, Model, Site};

/// What names the resource of an output that does not name it: the bundle entry's command line
/// (`--key-id`, `--id`), else a plain file's stem; and the remarks reading makes when neither
/// does ("which key?"), for the input's record.
#[derive(Debug, Default)]
pub(super) struct Context<'a> {
    pub(super) command: Option<&'a str>,
    /// The file's name without extension, for an input that is a file of its own.
    pub(super) stem: Option<String>,
    pub(super) remarks: Vec<(String, Site)>,
}

impl Context<'_> {
    /// The resource `flag` names on the command line, else the file's stem.
    fn name(&self, flag: &str) -> Option<String> {
        super::bundle::argument(self.command, flag).map(String::from).or_else(|| self.stem.clone())
    }
}

/// Reads the resources of `value`, an output of `kind`, into the model. (The snapshot records
/// every kind that was read without error as present; kinds without a reader add nothing.)
pub(super) fn read(
    kind: &'static InputKind,
    doc: u32,
    value: &Value,
    model: &mut Model,
    context: &mut Context,
) -> Result<(), Fault> {
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
        id if id == kinds::DESCRIBE_KEY.id => kms_keys::read,
        id if id == kinds::KEY_ROTATION.id => return kms_rotation::read(doc, value, model, context),
        id if id == kinds::LIST_KEYS.id => kms_list_keys::read,
        id if id == kinds::LIST_ALIASES.id => kms_aliases::read,
        id if id == kinds::LOAD_BALANCERS.id => load_balancers::read,
        id if id == kinds::LISTENERS.id => listeners::read,
        id if id == kinds::CLASSIC_LOAD_BALANCERS.id => classic_load_balancers::read,
        id if id == kinds::DISTRIBUTIONS.id => distributions::read,
        id if id == kinds::DISTRIBUTION_CONFIG.id => return distribution_config::read(doc, value, model, context),
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
