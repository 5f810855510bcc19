//! One reader per AWS output kind: a recognised value in, typed and located resources of the
//! [`Model`] out. A reader checks the shape it relies on and reports a located input error
//! for a wrong one; checks then trust the model and never touch raw JSON.

mod security_groups;

use super::{kinds, Fault, InputKind};
use crate::json::{Kind, Value};
use crate::model::{Model, Site};

/// Reads the resources of `value`, an output of `kind`, into the model. (The snapshot records
/// every kind that was read without error as present; kinds without a reader add nothing.)
pub(super) fn read(kind: &'static InputKind, doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    if kind == &kinds::SECURITY_GROUPS {
        security_groups::read(doc, value, model)?;
    }
    Ok(())
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
