//! `aws ec2 describe-internet-gateways`.

use super::{id, list, optional_list, optional_string, Fault};
use crate::json::Value;
use crate::model::{InternetGateway, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for gateway in list(value, "InternetGateways")? {
        let mut vpcs = Vec::new();
        for attachment in optional_list(gateway, "Attachments")? {
            // `available` is how describe-internet-gateways says "attached".
            let state = optional_string(attachment, "State")?.unwrap_or("available");
            if let (Some(vpc), "available" | "attached") = (optional_string(attachment, "VpcId")?, state) {
                vpcs.push(vpc.to_string());
            }
        }
        let read = InternetGateway { id: id(doc, gateway, "InternetGatewayId")?, vpcs };
        model.internet_gateways.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
