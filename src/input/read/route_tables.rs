//! `aws ec2 describe-route-tables`.

use super::{id, list, optional_bool, optional_list, optional_string, site, Fault};
use crate::json::Value;
use crate::model::{Model, Peer, Route, RouteTable};

/// The members that name a route's target, in the order AWS fills them.
const TARGETS: [&str; 9] = [
    "GatewayId",
    "NatGatewayId",
    "TransitGatewayId",
    "EgressOnlyInternetGatewayId",
    "VpcPeeringConnectionId",
    "NetworkInterfaceId",
    "InstanceId",
    "LocalGatewayId",
    "CarrierGatewayId",
];

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for table in list(value, "RouteTables")? {
        let mut main = false;
        let mut subnets = Vec::new();
        for association in optional_list(table, "Associations")? {
            main |= optional_bool(doc, association, "Main")?.is_some_and(|m| m.value);
            if let Some(subnet) = optional_string(association, "SubnetId")? {
                subnets.push(subnet.to_string());
            }
        }
        let mut routes = Vec::new();
        for route in optional_list(table, "Routes")? {
            let destination = if let Some(cidr) = optional_string(route, "DestinationCidrBlock")? {
                Peer::cidr(cidr)
            } else if let Some(cidr) = optional_string(route, "DestinationIpv6CidrBlock")? {
                Peer::cidr(cidr)
            } else if let Some(list) = optional_string(route, "DestinationPrefixListId")? {
                Peer::PrefixList(list.to_string())
            } else {
                Peer::Malformed(String::new())
            };
            let mut target = String::new();
            for key in TARGETS {
                if let Some(t) = optional_string(route, key)? {
                    target = t.to_string();
                    break;
                }
            }
            let active = optional_string(route, "State")?.is_none_or(|s| s.eq_ignore_ascii_case("active"));
            routes.push(Route { site: site(doc, route), destination, target, active });
        }
        let read = RouteTable {
            id: id(doc, table, "RouteTableId")?,
            vpc: optional_string(table, "VpcId")?.map(String::from),
            main,
            subnets,
            routes,
        };
        model.route_tables.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
