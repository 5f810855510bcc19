//! `aws kms list-keys`: each key's id and ARN, filled in by `describe-key`.

use super::{id, list, note_account, optional_string, Fault};
use crate::json::Value;
use crate::model::{Key, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for entry in list(value, "Keys")? {
        let key = Key {
            id: id(doc, entry, "KeyId")?,
            arn: optional_string(entry, "KeyArn")?.map(String::from),
            manager: None,
            state: None,
            spec: None,
            origin: None,
            usage: None,
            deletion_date: None,
            custom_key_store: None,
            policy: None,
        };
        note_account(model, key.arn.as_deref());
        model.keys.merge(key);
    }
    Ok(())
}
