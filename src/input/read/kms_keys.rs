//! `aws kms describe-key`.

use super::{id, located_string, note_account, optional_object, optional_string, shape, site, Fault};
use crate::json::{Kind, Value};
use crate::model::{Key, Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let meta =
        optional_object(value, "KeyMetadata")?.ok_or_else(|| shape(value, "`KeyMetadata` should be an object"))?;
    let key = Key {
        id: id(doc, meta, "KeyId")?,
        arn: optional_string(meta, "Arn")?.map(String::from),
        manager: located_string(doc, meta, "KeyManager")?,
        state: located_string(doc, meta, "KeyState")?,
        spec: located_string(doc, meta, "KeySpec")?.or(located_string(doc, meta, "CustomerMasterKeySpec")?),
        origin: located_string(doc, meta, "Origin")?,
        usage: located_string(doc, meta, "KeyUsage")?,
        deletion_date: date(doc, meta, "DeletionDate")?,
        custom_key_store: located_string(doc, meta, "CustomKeyStoreId")?,
        policy: None,
    };
    if model.meta.account.is_none() {
        model.meta.account = optional_string(meta, "AWSAccountId")?.filter(|a| !a.is_empty()).map(String::from);
    }
    note_account(model, key.arn.as_deref());
    model.keys.merge(key);
    Ok(())
}

/// A time: an ISO 8601 string (CLI v2) or epoch seconds (CLI v1), kept as written.
fn date(doc: u32, item: &Value, key: &str) -> Result<Option<Located<String>>, Fault> {
    match item.get(key).map(|v| (v, &v.kind)) {
        Some((v, Kind::Number(n))) => Ok(Some(Located { value: n.to_string(), site: site(doc, v) })),
        _ => located_string(doc, item, key),
    }
}
