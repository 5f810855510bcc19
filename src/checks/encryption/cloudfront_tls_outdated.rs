use crate::checks::iam::common::listed;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

use super::tls::{cloudfront_minimum, outdated};

/// The oldest minimum protocol version the rule accepts.
const ACCEPTED: &str = "TLSv1.2_2019";

declare_check! {
    /// CloudFront accepts outdated TLS from viewers.
    ///
    /// ## What it checks
    /// Every CloudFront distribution with a custom certificate (`ViewerCertificate` with an
    /// ACM or IAM certificate, not `CloudFrontDefaultCertificate`) whose
    /// `MinimumProtocolVersion` is older than `TLSv1.2_2019`: `SSLv3`, `TLSv1`,
    /// `TLSv1_2016`, `TLSv1.1_2016` or `TLSv1.2_2018`. The order of the versions, and the
    /// protocols each allows, are data kept beside this check with its AWS source. A
    /// distribution on the default `*.cloudfront.net` certificate is not judged: its minimum
    /// cannot be set.
    ///
    /// ## Why it matters
    /// An old minimum lets viewers negotiate TLS 1.0 or 1.1 (or `SSLv3`), or TLS 1.2 with
    /// weak CBC ciphers: deprecated protocols that allow downgrade and padding-oracle
    /// attacks, and that PCI DSS forbids.
    ///
    /// ## How to fix
    /// In the distribution config (`aws cloudfront update-distribution --id E1A2B3C4D5E6F7
    /// --if-match ETAG --distribution-config file://config.json`):
    /// ```json
    /// {"ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555", "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}}
    /// ```
    pub static CLOUDFRONT_TLS_OUTDATED = {
        id: "cloudfront-tls-outdated",
        severity: Medium,
        area: Encryption,
        controls: [],
        run: Runner::Snapshot { needs: &["cloudfront.list-distributions|cloudfront.get-distribution-config"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let Some((bar, _)) = cloudfront_minimum(ACCEPTED) else { return };
    for distribution in &model.distributions {
        if distribution.default_certificate.as_ref().is_none_or(|d| d.value) {
            continue;
        }
        let Some(minimum) = &distribution.minimum_protocol else { continue };
        let Some((rank, allowed)) = cloudfront_minimum(&minimum.value) else { continue };
        if rank >= bar {
            continue;
        }
        let old = outdated(allowed);
        let lets = if old.is_empty() {
            "which allows TLS 1.2 with weaker ciphers".to_string()
        } else {
            format!("which allows {}", listed(&old))
        };
        let message = format!(
            "distribution `{}` accepts viewers at `{}` on its custom certificate, {lets} (older than `{ACCEPTED}`)",
            distribution.id.value, minimum.value
        );
        sink.report(&CLOUDFRONT_TLS_OUTDATED, distribution.id.value.clone(), minimum.site, message);
    }
}
