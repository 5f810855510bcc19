use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// CloudFront serves viewers over plain HTTP.
    ///
    /// ## What it checks
    /// Every CloudFront distribution (`aws cloudfront list-distributions` or
    /// `get-distribution-config`): its default cache behaviour and each ordered cache
    /// behaviour (`CacheBehaviors`) whose `ViewerProtocolPolicy` is `allow-all`.
    /// `redirect-to-https` and `https-only` are fine. One finding per behaviour.
    ///
    /// ## Why it matters
    /// With `allow-all`, viewers who type or follow an `http://` link are served in the
    /// clear: content, cookies and tokens can be read or altered on the way, and an
    /// attacker on the path can keep the viewer on HTTP. AWS Security Hub control
    /// CloudFront.3 fails.
    ///
    /// ## How to fix
    /// In the distribution config, for the default and every cache behaviour, then
    /// `aws cloudfront update-distribution --id E1A2B3C4D5E6F7 --if-match ETAG --distribution-config file://config.json`:
    /// ```json
    /// {"DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"}}
    /// ```
    pub static CLOUDFRONT_VIEWER_HTTP = {
        id: "cloudfront-viewer-http",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP CloudFront.3"],
        run: Runner::Snapshot { needs: &["cloudfront.list-distributions|cloudfront.get-distribution-config"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for distribution in &model.distributions {
        let id = &distribution.id.value;
        if let Some(policy) = distribution.viewer_protocol.as_ref().filter(|p| p.value == "allow-all") {
            let message = format!(
                "distribution `{id}`: the default cache behaviour allows viewers over plain HTTP (`allow-all`)"
            );
            sink.report(&CLOUDFRONT_VIEWER_HTTP, id.clone(), policy.site, message);
        }
        for behavior in &distribution.behaviors {
            if let Some(policy) = behavior.viewer_protocol.as_ref().filter(|p| p.value == "allow-all") {
                let message = format!(
                    "distribution `{id}`: the cache behaviour for `{}` allows viewers over plain HTTP (`allow-all`)",
                    behavior.path.value
                );
                sink.report(&CLOUDFRONT_VIEWER_HTTP, id.clone(), policy.site, message);
            }
        }
    }
}
