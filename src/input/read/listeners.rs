//! `aws elbv2 describe-listeners`: each listener joins its load balancer by ARN.

use super::{
    id, list, located_string, note_account, optional_integer, optional_list, optional_object, optional_string,
    required_located, Fault,
};
use crate::json::Value;
use crate::model::{Action, Listener, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for entry in list(value, "Listeners")? {
        let mut actions = Vec::new();
        for action in optional_list(entry, "DefaultActions")? {
            let redirect_protocol = match optional_object(action, "RedirectConfig")? {
                Some(redirect) => located_string(doc, redirect, "Protocol")?,
                None => None,
            };
            actions.push(Action { kind: required_located(doc, action, "Type")?, redirect_protocol });
        }
        let listener = Listener {
            arn: id(doc, entry, "ListenerArn")?,
            load_balancer: optional_string(entry, "LoadBalancerArn")?.map(String::from),
            port: optional_integer(entry, "Port")?,
            protocol: located_string(doc, entry, "Protocol")?,
            ssl_policy: located_string(doc, entry, "SslPolicy")?,
            actions,
        };
        note_account(model, Some(&listener.arn.value));
        model.listeners.insert(&listener.arn.value.clone(), listener);
    }
    Ok(())
}
