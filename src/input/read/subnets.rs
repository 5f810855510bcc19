//! `aws ec2 describe-subnets`.

use super::{id, list, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{Model, Subnet};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for subnet in list(value, "Subnets")? {
        let map_public_ip = optional_bool(doc, subnet, "MapPublicIpOnLaunch")?.filter(|m| m.value).map(|m| m.site);
        let read = Subnet {
            id: id(doc, subnet, "SubnetId")?,
            vpc: optional_string(subnet, "VpcId")?.map(String::from),
            map_public_ip,
        };
        model.subnets.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
