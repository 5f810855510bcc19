//! `aws elbv2 describe-listeners`: each listener joins its load balancer by ARN.
//!
//! The load balancers whose listeners an output lists are recorded (`Model::listener_lists`),
//! even when it lists none: the bundle entry's `--load-balancer-arn`, and the load balancer each
//! listener names, unless the command asked for chosen listeners (`--listener-arns`), which
//! lists only some of a load balancer's.

use super::{
    id, list, located_string, note_account, optional_integer, optional_list, optional_object, optional_string,
    required_located, Fault,
};
use crate::input::bundle::argument;
use crate::json::Value;
use crate::model::{Action, Listener, Model};

pub(super) fn read(doc: u32, value: &Value, command: Option<&str>, model: &mut Model) -> Result<(), Fault> {
    if let Some(balancer) = argument(command, "--load-balancer-arn") {
        model.listener_lists.insert(balancer.to_string());
    }
    let whole = argument(command, "--listener-arns").is_none();
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
        if let Some(balancer) = listener.load_balancer.as_ref().filter(|_| whole) {
            model.listener_lists.insert(balancer.clone());
        }
        model.listeners.insert(&listener.arn.value.clone(), listener);
    }
    Ok(())
}
