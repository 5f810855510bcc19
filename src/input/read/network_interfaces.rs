//! `aws ec2 describe-network-interfaces`, and the interfaces `describe-instances` lists.

use super::{id, ids_in, list, located_string, optional_list, optional_string, Fault};
use crate::json::Value;
use crate::model::{Interface, Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for interface in list(value, "NetworkInterfaces")? {
        let read = interface_of(doc, interface, None)?;
        model.interfaces.insert(&read.id.value.clone(), read);
    }
    Ok(())
}

/// One interface; `instance` is the instance it was listed under, if any.
pub(super) fn interface_of(doc: u32, item: &Value, instance: Option<&str>) -> Result<Interface, Fault> {
    let mut public_ips: Vec<Located<String>> = Vec::new();
    if let Some(association) = item.get("Association") {
        public_ips.extend(located_string(doc, association, "PublicIp")?);
    }
    for address in optional_list(item, "PrivateIpAddresses")? {
        if let Some(association) = address.get("Association") {
            if let Some(ip) = located_string(doc, association, "PublicIp")? {
                if !public_ips.iter().any(|p| p.value == ip.value) {
                    public_ips.push(ip);
                }
            }
        }
    }
    let mut ipv6 = Vec::new();
    for address in optional_list(item, "Ipv6Addresses")? {
        ipv6.extend(located_string(doc, address, "Ipv6Address")?);
    }
    let attached = match item.get("Attachment") {
        Some(attachment) => optional_string(attachment, "InstanceId")?.map(String::from),
        None => None,
    };
    Ok(Interface {
        id: id(doc, item, "NetworkInterfaceId")?,
        subnet: optional_string(item, "SubnetId")?.map(String::from),
        vpc: optional_string(item, "VpcId")?.map(String::from),
        groups: ids_in(item, "Groups", "GroupId")?,
        public_ips,
        ipv6,
        instance: instance.map(String::from).or(attached),
    })
}
