use crate::base::code;
use crate::checks::iam::common::listed;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Model, Site};

use super::elb_listener_plaintext::lb_name;
use super::tls::{elb_policy, outdated};

declare_check! {
    /// Load balancer listener allows TLS 1.0 or 1.1.
    ///
    /// ## What it checks
    /// Every `HTTPS` or `TLS` listener of `aws elbv2 describe-listeners` whose `SslPolicy` is
    /// a predefined security policy that allows TLS 1.0 or TLS 1.1, such as
    /// `ELBSecurityPolicy-2016-08` (the default when a listener is created outside the
    /// console), `ELBSecurityPolicy-TLS-1-0-2015-04` or `ELBSecurityPolicy-TLS13-1-1-2021-06`.
    /// Classic Load Balancers' `HTTPS` and `SSL` listeners are judged likewise when their
    /// `PolicyNames` include a predefined policy. Which versions each policy allows is data
    /// (every published name: the `TLS13`, `FS`, `FIPS` and `PQ` families) kept beside this
    /// check with its AWS sources; a name not in it is not judged, and a note says so. A load
    /// balancer of `aws elbv2 describe-load-balancers` whose listeners no output lists is noted
    /// too.
    ///
    /// ## Why it matters
    /// TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak hashes and cipher modes
    /// and allow downgrade attacks, and PCI DSS forbids them. Any client that still
    /// negotiates them gets a connection weaker than the listener could give. AWS Security
    /// Hub control ELB.17 fails.
    ///
    /// ## How to fix
    /// Switch to a policy that allows only TLS 1.2 and 1.3:
    /// ```sh
    /// aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2 --ssl-policy ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09
    /// ```
    pub static ELB_TLS_POLICY_OUTDATED = {
        id: "elb-tls-policy-outdated",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP ELB.17"],
        run: Runner::Snapshot { needs: &["elbv2.describe-listeners|elb.describe-load-balancers"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    // Policies not in the table: (name, where), said in one note rather than passed silently.
    let mut unknown: Vec<(String, Site)> = Vec::new();
    for listener in &model.listeners {
        let (Some(protocol), Some(policy)) = (&listener.protocol, &listener.ssl_policy) else { continue };
        if !matches!(protocol.value.as_str(), "HTTPS" | "TLS") {
            continue;
        }
        let Some(known) = elb_policy(&policy.value) else {
            unknown.push((policy.value.clone(), policy.site));
            continue;
        };
        let old = outdated(known);
        if old.is_empty() {
            continue;
        }
        let port = listener.port.map_or_else(|| "?".to_string(), |p| p.to_string());
        let on = listener.load_balancer.as_deref().map_or_else(String::new, |arn| {
            let name = model.load_balancers.get(arn).and_then(|lb| lb.name.clone()).unwrap_or_else(|| lb_name(arn));
            format!(" of `{name}`")
        });
        let message = format!(
            "`{}` listener on port `{port}`{on} uses `{}`, which allows {}",
            protocol.value,
            policy.value,
            listed(&old)
        );
        sink.report(&ELB_TLS_POLICY_OUTDATED, listener.arn.value.clone(), policy.site, message);
    }
    for lb in &model.classic_load_balancers {
        for listener in &lb.listeners {
            let protocol = listener.protocol.value.to_ascii_uppercase();
            if protocol != "HTTPS" && protocol != "SSL" {
                continue;
            }
            let found = listener.policies.iter().find_map(|p| Some((p, elb_policy(p).map(outdated)?)));
            if found.is_none() {
                let names =
                    if listener.policies.is_empty() { "no policy".into() } else { listener.policies.join(", ") };
                unknown.push((names, listener.protocol.site));
            }
            let Some((policy, old)) = found.filter(|(_, o)| !o.is_empty()) else { continue };
            let port = listener.port.map_or_else(|| "?".to_string(), |p| p.to_string());
            let message = format!(
                "classic load balancer `{}`: `{}` listener on port `{port}` uses `{policy}`, which allows {}",
                lb.name.value,
                listener.protocol.value,
                listed(&old)
            );
            sink.report(&ELB_TLS_POLICY_OUTDATED, lb.name.value.clone(), listener.protocol.site, message);
        }
    }
    if let Some(&(_, first)) = unknown.first() {
        let mut names: Vec<String> = unknown.iter().map(|(name, _)| code(name)).collect();
        names.sort_unstable();
        names.dedup();
        let message = format!(
            "not reviewed by `elb-tls-policy-outdated`: {} with a security policy not in the table of predefined \
             policies (a custom or newer one; `aws elbv2 describe-ssl-policies --names NAME` shows its protocols): {}",
            if unknown.len() == 1 { "1 listener".to_string() } else { format!("{} listeners", unknown.len()) },
            super::listed::first_named(names)
        );
        sink.note_at(&ELB_TLS_POLICY_OUTDATED, first, message);
    }
    super::listed::note_unlisted_load_balancers(&ELB_TLS_POLICY_OUTDATED, model, sink);
}
