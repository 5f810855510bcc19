//! `aws rds describe-db-instances`.

use super::{id, list, located_string, optional_bool, optional_list, optional_string, site, string, Fault};
use crate::json::Value;
use crate::model::{DbInstance, DbParameterGroupRef, Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for db in list(value, "DBInstances")? {
        let vpc = match db.get("DBSubnetGroup") {
            Some(group) => optional_string(group, "VpcId")?.map(String::from),
            None => None,
        };
        let mut parameter_groups = Vec::new();
        for group in optional_list(db, "DBParameterGroups")? {
            let name = string(group, "DBParameterGroupName")?;
            let name_site = group.get("DBParameterGroupName").map_or_else(|| site(doc, group), |v| site(doc, v));
            parameter_groups.push(DbParameterGroupRef {
                name: Located { value: name.to_string(), site: name_site },
                apply_status: located_string(doc, group, "ParameterApplyStatus")?,
            });
        }
        let read = DbInstance {
            id: id(doc, db, "DBInstanceIdentifier")?,
            engine: optional_string(db, "Engine")?.unwrap_or("").to_string(),
            publicly_accessible: optional_bool(doc, db, "PubliclyAccessible")?,
            vpc,
            engine_version: located_string(doc, db, "EngineVersion")?,
            storage_encrypted: optional_bool(doc, db, "StorageEncrypted")?,
            kms_key: located_string(doc, db, "KmsKeyId")?,
            auto_minor_version_upgrade: optional_bool(doc, db, "AutoMinorVersionUpgrade")?,
            parameter_groups,
            cluster: optional_string(db, "DBClusterIdentifier")?.map(String::from),
        };
        model.db_instances.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
