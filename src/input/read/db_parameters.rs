//! `aws rds describe-db-parameters --db-parameter-group-name NAME`: the output does not name
//! its group, the command line (or the file's name) does.

use super::{list, located_string, optional_string, site, string, Fault, Origin};
use crate::json::Value;
use crate::model::{DbParameter, DbParameterGroup, Located, Model};

pub(super) fn read(doc: u32, value: &Value, origin: &mut Origin, model: &mut Model) -> Result<(), Fault> {
    let mut parameters = Vec::new();
    for entry in list(value, "Parameters")? {
        parameters.push(DbParameter {
            name: string(entry, "ParameterName")?.to_string(),
            site: site(doc, entry),
            value: located_string(doc, entry, "ParameterValue")?,
            apply_type: optional_string(entry, "ApplyType")?.map(String::from),
            source: optional_string(entry, "Source")?.map(String::from),
        });
    }
    let Some(name) =
        origin.resource("--db-parameter-group-name", "parameter group", "`my-parameter-group.json`", doc, value)
    else {
        return Ok(());
    };
    let group = DbParameterGroup { name: Located { value: name.clone(), site: site(doc, value) }, parameters };
    model.db_parameter_groups.insert(&name, group);
    Ok(())
}
