//! `aws s3api list-buckets`.

use super::{id, list, optional_string, Fault};
use crate::json::Value;
use crate::model::{Bucket, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let owner = match value.get("Owner") {
        Some(owner) => optional_string(owner, "ID")?.map(String::from),
        None => None,
    };
    for bucket in list(value, "Buckets")? {
        let read = Bucket { name: id(doc, bucket, "Name")?, owner: owner.clone() };
        model.buckets.insert(&read.name.value.clone(), read);
    }
    Ok(())
}
