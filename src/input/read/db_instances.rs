//! `aws rds describe-db-instances`.

use super::{id, list, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{DbInstance, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for db in list(value, "DBInstances")? {
        let vpc = match db.get("DBSubnetGroup") {
            Some(group) => optional_string(group, "VpcId")?.map(String::from),
            None => None,
        };
        let read = DbInstance {
            id: id(doc, db, "DBInstanceIdentifier")?,
            engine: optional_string(db, "Engine")?.unwrap_or("").to_string(),
            publicly_accessible: optional_bool(doc, db, "PubliclyAccessible")?,
            vpc,
        };
        model.db_instances.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
