//! `aws elb describe-load-balancers` (classic load balancers).

use super::{
    id, list, located_string, optional_integer, optional_list, optional_object, optional_string, required_located,
    shape, strings, Fault,
};
use crate::json::Value;
use crate::model::{ClassicListener, ClassicLoadBalancer, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for entry in list(value, "LoadBalancerDescriptions")? {
        let mut listeners = Vec::new();
        for description in optional_list(entry, "ListenerDescriptions")? {
            let listener = optional_object(description, "Listener")?
                .ok_or_else(|| shape(description, "`Listener` should be an object"))?;
            listeners.push(ClassicListener {
                protocol: required_located(doc, listener, "Protocol")?,
                port: optional_integer(listener, "LoadBalancerPort")?,
                instance_port: optional_integer(listener, "InstancePort")?,
                instance_protocol: optional_string(listener, "InstanceProtocol")?.map(String::from),
                certificate: located_string(doc, listener, "SSLCertificateId")?,
                policies: strings(description, "PolicyNames")?,
            });
        }
        let balancer = ClassicLoadBalancer {
            name: id(doc, entry, "LoadBalancerName")?,
            scheme: located_string(doc, entry, "Scheme")?,
            vpc: optional_string(entry, "VPCId")?.map(String::from),
            security_groups: strings(entry, "SecurityGroups")?,
            subnets: strings(entry, "Subnets")?,
            listeners,
        };
        model.classic_load_balancers.insert(&balancer.name.value.clone(), balancer);
    }
    Ok(())
}
