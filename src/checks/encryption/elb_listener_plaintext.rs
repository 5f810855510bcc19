use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Load balancer listener accepts plain HTTP.
    ///
    /// ## What it checks
    /// Application and Network Load Balancer listeners (`aws elbv2 describe-listeners`): an
    /// `HTTP` listener whose default actions are not all redirects to `HTTPS`, and a `TCP`
    /// listener on port 80. Classic Load Balancers (`aws elb describe-load-balancers`,
    /// `ListenerDescriptions`): an `HTTP` or `TCP` listener on port 80; the finding names the
    /// load balancer and the port. The check runs on whichever of the two outputs is given; a
    /// load balancer of `aws elbv2 describe-load-balancers` whose listeners no output lists is
    /// not judged, and a note says which.
    ///
    /// ## Why it matters
    /// Traffic on a plain-HTTP listener crosses the Internet unencrypted: session cookies,
    /// credentials and personal data can be read or changed by anyone on the path. A listener
    /// that only redirects to HTTPS is fine: it sends the browser to the encrypted port
    /// before anything is exchanged. AWS Security Hub control ELB.1 fails.
    ///
    /// ## How to fix
    /// Make the HTTP listener redirect to HTTPS (and serve the application on an HTTPS
    /// listener):
    /// ```sh
    /// aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2 --protocol HTTP --port 80 --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'
    /// ```
    pub static ELB_LISTENER_PLAINTEXT = {
        id: "elb-listener-plaintext",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP ELB.1"],
        run: Runner::Snapshot { needs: &["elbv2.describe-listeners|elb.describe-load-balancers"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for listener in &model.listeners {
        let Some(protocol) = &listener.protocol else { continue };
        let port = listener.port.map_or_else(|| "?".to_string(), |p| p.to_string());
        let on = listener
            .load_balancer
            .as_deref()
            .map(|arn| model.load_balancers.get(arn).and_then(|lb| lb.name.clone()).unwrap_or_else(|| lb_name(arn)))
            .map_or_else(String::new, |name| format!(" of `{name}`"));
        let why = match protocol.value.as_str() {
            "HTTP" if !listener.redirects_to_https() => {
                let actions: Vec<String> = listener.actions.iter().map(|a| format!("`{}`", a.kind.value)).collect();
                if actions.is_empty() {
                    "serves plain HTTP".to_string()
                } else {
                    format!("serves plain HTTP (default action {})", actions.join(", "))
                }
            }
            "TCP" if listener.port == Some(80) => "passes port 80 through unencrypted".to_string(),
            _ => continue,
        };
        let message = format!("`{}` listener on port `{port}`{on} {why}", protocol.value);
        sink.report(&ELB_LISTENER_PLAINTEXT, listener.arn.value.clone(), protocol.site, message);
    }
    for lb in &model.classic_load_balancers {
        for listener in &lb.listeners {
            let protocol = listener.protocol.value.to_ascii_uppercase();
            if listener.port != Some(80) || !(protocol == "HTTP" || protocol == "TCP") {
                continue;
            }
            let message = format!(
                "classic load balancer `{}` listens on port `80` over `{}`: traffic is not encrypted",
                lb.name.value, listener.protocol.value
            );
            sink.report(&ELB_LISTENER_PLAINTEXT, lb.name.value.clone(), listener.protocol.site, message);
        }
    }
    super::listed::note_unlisted_load_balancers(&ELB_LISTENER_PLAINTEXT, model, sink);
}

/// `app/web/50dc…` of a load balancer ARN: its name is the middle part.
pub(super) fn lb_name(arn: &str) -> String {
    arn.rsplit_once(":loadbalancer/")
        .and_then(|(_, rest)| rest.split('/').nth(1))
        .map_or_else(|| arn.to_string(), String::from)
}
