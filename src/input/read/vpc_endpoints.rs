//! `aws ec2 describe-vpc-endpoints` (the endpoints' policies are read as policies elsewhere).

use super::{id, list, optional_string, strings, Fault};
use crate::json::Value;
use crate::model::{Model, VpcEndpoint};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for endpoint in list(value, "VpcEndpoints")? {
        let read = VpcEndpoint {
            id: id(doc, endpoint, "VpcEndpointId")?,
            vpc: optional_string(endpoint, "VpcId")?.map(String::from),
            kind: optional_string(endpoint, "VpcEndpointType")?.unwrap_or("").to_string(),
            service: optional_string(endpoint, "ServiceName")?.unwrap_or("").to_string(),
            route_tables: strings(endpoint, "RouteTableIds")?,
        };
        model.vpc_endpoints.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
