//! `aws ec2 describe-instances`.

use super::network_interfaces::interface_of;
use super::{id, ids_in, list, located_string, optional_list, optional_string, site, Fault};
use crate::json::Value;
use crate::model::{Instance, Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for reservation in list(value, "Reservations")? {
        if model.meta.account.is_none() {
            model.meta.account = optional_string(reservation, "OwnerId")?.filter(|a| !a.is_empty()).map(String::from);
        }
        for instance in optional_list(reservation, "Instances")? {
            let id = id(doc, instance, "InstanceId")?;
            let mut interfaces = Vec::new();
            for interface in optional_list(instance, "NetworkInterfaces")? {
                interfaces.push(interface_of(doc, interface, Some(&id.value))?);
            }
            let state = match instance.get("State") {
                Some(state) => optional_string(state, "Name")?.unwrap_or("").to_string(),
                None => String::new(),
            };
            let profile = match instance.get("IamInstanceProfile") {
                Some(profile) => optional_string(profile, "Arn")?.map(String::from),
                None => None,
            };
            let profile_site = instance
                .get("IamInstanceProfile")
                .filter(|_| profile.is_some())
                .map(|p| site(doc, p.get("Arn").unwrap_or(p)));
            let metadata = match instance.get("MetadataOptions") {
                Some(options) => Some(Located {
                    value: (
                        optional_string(options, "HttpTokens")?.unwrap_or("").to_string(),
                        optional_string(options, "HttpEndpoint")?.unwrap_or("").to_string(),
                    ),
                    // At `HttpTokens`, the setting a finding is about, when it is there.
                    site: site(doc, options.get("HttpTokens").unwrap_or(options)),
                }),
                None => None,
            };
            for interface in &interfaces {
                model.interfaces.insert(&interface.id.value, interface.clone());
            }
            let read = Instance {
                id,
                state,
                subnet: optional_string(instance, "SubnetId")?.map(String::from),
                vpc: optional_string(instance, "VpcId")?.map(String::from),
                public_ip: located_string(doc, instance, "PublicIpAddress")?,
                groups: ids_in(instance, "SecurityGroups", "GroupId")?,
                interfaces,
                profile,
                metadata,
                tags: tags(instance)?,
                profile_site,
            };
            model.instances.insert(&read.id.value.clone(), read);
        }
    }
    Ok(())
}

/// An instance's `Tags[]` as key and value (a tag without a value has the empty one).
fn tags(instance: &Value) -> Result<Vec<(String, String)>, Fault> {
    let mut out = Vec::new();
    for tag in optional_list(instance, "Tags")? {
        let key = optional_string(tag, "Key")?.unwrap_or("").to_string();
        out.push((key, optional_string(tag, "Value")?.unwrap_or("").to_string()));
    }
    Ok(out)
}
