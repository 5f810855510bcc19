//! `aws iam list-access-keys`.

use super::{id, list, located_date, located_string, optional_string, Fault};
use crate::json::Value;
use crate::model::{AccessKey, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "AccessKeyMetadata")? {
        let read = AccessKey {
            id: id(doc, item, "AccessKeyId")?,
            user: optional_string(item, "UserName")?.map(String::from),
            status: located_string(doc, item, "Status")?,
            created: located_date(doc, item, "CreateDate")?,
        };
        model.access_keys.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
