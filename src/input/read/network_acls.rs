//! `aws ec2 describe-network-acls`.

use super::{id, ids_in, list, optional_bool, optional_integer, optional_string, site, string, Fault};
use crate::json::Value;
use crate::model::{AclEntry, Model, NetworkAcl, Peer, Ports, Protocol};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for acl in list(value, "NetworkAcls")? {
        let mut entries = Vec::new();
        for entry in super::optional_list(acl, "Entries")? {
            let number = optional_integer(entry, "RuleNumber")?.unwrap_or(i64::from(u32::MAX));
            let cidr = optional_string(entry, "CidrBlock")?.or(optional_string(entry, "Ipv6CidrBlock")?);
            let ports = match entry.get("PortRange") {
                Some(range) => Ports::from_bounds(optional_integer(range, "From")?, optional_integer(range, "To")?),
                None => Ports::ALL,
            };
            entries.push(AclEntry {
                site: site(doc, entry),
                number: u32::try_from(number).unwrap_or(u32::MAX),
                egress: optional_bool(doc, entry, "Egress")?.is_some_and(|e| e.value),
                allow: string(entry, "RuleAction")?.eq_ignore_ascii_case("allow"),
                protocol: Protocol::parse(optional_string(entry, "Protocol")?.unwrap_or("-1")),
                ports,
                cidr: cidr.map_or_else(|| Peer::Malformed(String::new()), Peer::cidr),
            });
        }
        // Evaluation order is the rule number's, whatever order the output lists them in.
        entries.sort_by_key(|e| e.number);
        let read = NetworkAcl {
            id: id(doc, acl, "NetworkAclId")?,
            vpc: optional_string(acl, "VpcId")?.map(String::from),
            is_default: optional_bool(doc, acl, "IsDefault")?.is_some_and(|d| d.value),
            subnets: ids_in(acl, "Associations", "SubnetId")?,
            entries,
        };
        model.network_acls.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
