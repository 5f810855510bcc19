//! `aws kms list-aliases`: alias name → key id, so that `alias/…` resolves to its key.

use super::{id, list, note_account, optional_string, Fault};
use crate::json::Value;
use crate::model::{Alias, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for entry in list(value, "Aliases")? {
        let alias = Alias {
            name: id(doc, entry, "AliasName")?,
            arn: optional_string(entry, "AliasArn")?.map(String::from),
            target: optional_string(entry, "TargetKeyId")?.map(String::from),
        };
        note_account(model, alias.arn.as_deref());
        model.aliases.insert(&alias.name.value.clone(), alias);
    }
    Ok(())
}
