//! `aws ec2 describe-security-groups`.

use super::{list, optional_integer, optional_list, optional_string, site, string, Fault};
use crate::json::Value;
use crate::model::{Located, Model, Peer, Permission, Ports, Protocol, SecurityGroup};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for group in list(value, "SecurityGroups")? {
        let id = string(group, "GroupId")?;
        let read = SecurityGroup {
            id: Located { value: id.to_string(), site: site(doc, group) },
            name: optional_string(group, "GroupName")?.map(String::from),
            vpc: optional_string(group, "VpcId")?.map(String::from),
            ingress: permissions(doc, group, "IpPermissions")?,
            egress: permissions(doc, group, "IpPermissionsEgress")?,
        };
        if model.meta.account.is_none() {
            model.meta.account = optional_string(group, "OwnerId")?.filter(|a| !a.is_empty()).map(String::from);
        }
        model.security_groups.insert(id, read);
    }
    Ok(())
}

fn permissions(doc: u32, group: &Value, key: &str) -> Result<Vec<Permission>, Fault> {
    let mut out = Vec::new();
    for rule in optional_list(group, key)? {
        let protocol = Protocol::parse(optional_string(rule, "IpProtocol")?.unwrap_or("-1"));
        let ports = Ports::from_bounds(optional_integer(rule, "FromPort")?, optional_integer(rule, "ToPort")?);
        let mut peers = Vec::new();
        let mut add = |key: &str, field: &str, make: fn(&str) -> Peer| -> Result<(), Fault> {
            for entry in optional_list(rule, key)? {
                if let Some(text) = optional_string(entry, field)? {
                    peers.push(Located { value: make(text), site: site(doc, entry) });
                }
            }
            Ok(())
        };
        add("IpRanges", "CidrIp", Peer::cidr)?;
        add("Ipv6Ranges", "CidrIpv6", Peer::cidr)?;
        add("UserIdGroupPairs", "GroupId", |id| Peer::Group(id.to_string()))?;
        add("PrefixListIds", "PrefixListId", |id| Peer::PrefixList(id.to_string()))?;
        out.push(Permission { site: site(doc, rule), protocol, ports, peers });
    }
    Ok(out)
}
