//! `aws elbv2 describe-load-balancers`.

use super::{id, ids_in, list, located_string, note_account, optional_string, strings, Fault};
use crate::json::Value;
use crate::model::{LoadBalancer, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for entry in list(value, "LoadBalancers")? {
        let balancer = LoadBalancer {
            arn: id(doc, entry, "LoadBalancerArn")?,
            name: optional_string(entry, "LoadBalancerName")?.map(String::from),
            scheme: located_string(doc, entry, "Scheme")?,
            kind: optional_string(entry, "Type")?.map(String::from),
            vpc: optional_string(entry, "VpcId")?.map(String::from),
            security_groups: strings(entry, "SecurityGroups")?,
            subnets: ids_in(entry, "AvailabilityZones", "SubnetId")?,
        };
        note_account(model, Some(&balancer.arn.value));
        model.load_balancers.insert(&balancer.arn.value.clone(), balancer);
    }
    Ok(())
}
