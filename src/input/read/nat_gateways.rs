//! `aws ec2 describe-nat-gateways`.

use super::{id, list, optional_string, Fault};
use crate::json::Value;
use crate::model::{Model, NatGateway};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for gateway in list(value, "NatGateways")? {
        let read = NatGateway {
            id: id(doc, gateway, "NatGatewayId")?,
            vpc: optional_string(gateway, "VpcId")?.map(String::from),
        };
        model.nat_gateways.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
