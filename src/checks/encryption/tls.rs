//! Which protocol versions each named TLS configuration of AWS lets a client negotiate: the
//! predefined Elastic Load Balancing security policies and CloudFront's minimum protocol
//! versions. Data, kept in one place with its sources, read by `elb-tls-policy-outdated`
//! and `cloudfront-tls-outdated`.
//!
//! Sources:
//! - Application Load Balancers: <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html>
//! - Network Load Balancers: <https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html>
//! - Classic Load Balancers: <https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html>
//! - CloudFront: <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html>

/// A protocol version a policy may allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tls {
    Ssl3,
    V1_0,
    V1_1,
    V1_2,
    V1_3,
}

impl Tls {
    pub fn label(self) -> &'static str {
        match self {
            Tls::Ssl3 => "SSLv3",
            Tls::V1_0 => "TLS 1.0",
            Tls::V1_1 => "TLS 1.1",
            Tls::V1_2 => "TLS 1.2",
            Tls::V1_3 => "TLS 1.3",
        }
    }

    /// Whether the version is deprecated (anything before TLS 1.2).
    pub fn is_outdated(self) -> bool {
        self < Tls::V1_2
    }
}

use Tls::{Ssl3, V1_0, V1_1, V1_2, V1_3};

const FROM_SSL3: &[Tls] = &[Ssl3, V1_0, V1_1, V1_2];
const FROM_1_0: &[Tls] = &[V1_0, V1_1, V1_2];
const FROM_1_1: &[Tls] = &[V1_1, V1_2];
const ONLY_1_2: &[Tls] = &[V1_2];
const FROM_1_0_TO_1_3: &[Tls] = &[V1_0, V1_1, V1_2, V1_3];
const FROM_1_1_TO_1_3: &[Tls] = &[V1_1, V1_2, V1_3];
const FROM_1_2_TO_1_3: &[Tls] = &[V1_2, V1_3];
const ONLY_1_3: &[Tls] = &[V1_3];

/// Every predefined security policy of Application, Network and Classic Load Balancers, with
/// the versions it allows: the TLS 1.3 policies (`TLS13`), their FIPS and post-quantum (`PQ`)
/// variants, the forward-secrecy policies (`FS`), the `TLS-1-x` policies and the dated ones.
pub static ELB_POLICIES: &[(&str, &[Tls])] = &[
    // TLS 1.3 policies (2021-06).
    ("ELBSecurityPolicy-TLS13-1-3-2021-06", ONLY_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-2021-06", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-1-2021-06", FROM_1_1_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-0-2021-06", FROM_1_0_TO_1_3),
    // FIPS policies (2023-04).
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", ONLY_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", FROM_1_1_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", FROM_1_0_TO_1_3),
    // Hybrid post-quantum key exchange (2025-09).
    ("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", ONLY_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", ONLY_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09", FROM_1_2_TO_1_3),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09", FROM_1_2_TO_1_3),
    // Forward secrecy.
    ("ELBSecurityPolicy-FS-1-2-Res-2020-10", ONLY_1_2),
    ("ELBSecurityPolicy-FS-1-2-Res-2019-08", ONLY_1_2),
    ("ELBSecurityPolicy-FS-1-2-2019-08", ONLY_1_2),
    ("ELBSecurityPolicy-FS-1-1-2019-08", FROM_1_1),
    ("ELBSecurityPolicy-FS-2018-06", FROM_1_0),
    // TLS version policies and the dated ones.
    ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", ONLY_1_2),
    ("ELBSecurityPolicy-TLS-1-2-2017-01", ONLY_1_2),
    ("ELBSecurityPolicy-TLS-1-1-2017-01", FROM_1_1),
    ("ELBSecurityPolicy-TLS-1-0-2015-04", FROM_1_0),
    ("ELBSecurityPolicy-2016-08", FROM_1_0),
    ("ELBSecurityPolicy-2015-05", FROM_1_0),
    // Classic Load Balancers only.
    ("ELBSecurityPolicy-2015-03", FROM_1_0),
    ("ELBSecurityPolicy-2015-02", FROM_1_0),
    ("ELBSecurityPolicy-2014-10", FROM_1_0),
    ("ELBSecurityPolicy-2014-01", FROM_SSL3),
    ("ELBSecurityPolicy-2011-08", FROM_SSL3),
    ("ELBSample-ELBDefaultNegotiationPolicy", FROM_SSL3),
    ("ELBSample-OpenSSLDefaultNegotiationPolicy", FROM_SSL3),
];

/// CloudFront's `MinimumProtocolVersion` values, oldest first, with the versions each lets
/// viewers use (CloudFront serves TLS 1.3 under every one of them but `SSLv3`'s legacy
/// clients; the order is what `cloudfront-tls-outdated` compares).
pub static CLOUDFRONT_MINIMUMS: &[(&str, &[Tls])] = &[
    ("SSLv3", &[Ssl3, V1_0, V1_1, V1_2, V1_3]),
    ("TLSv1", FROM_1_0_TO_1_3),
    ("TLSv1_2016", FROM_1_0_TO_1_3),
    ("TLSv1.1_2016", FROM_1_1_TO_1_3),
    ("TLSv1.2_2018", FROM_1_2_TO_1_3),
    ("TLSv1.2_2019", FROM_1_2_TO_1_3),
    ("TLSv1.2_2021", FROM_1_2_TO_1_3),
    ("TLSv1.2_2025", FROM_1_2_TO_1_3),
    ("TLSv1.3_2025", ONLY_1_3),
];

/// The versions a predefined ELB security policy allows; `None` for a name AWS does not
/// publish (a custom Classic Load Balancer policy).
pub fn elb_policy(name: &str) -> Option<&'static [Tls]> {
    ELB_POLICIES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The position of a CloudFront minimum protocol version, oldest first, and what it allows.
pub fn cloudfront_minimum(name: &str) -> Option<(usize, &'static [Tls])> {
    CLOUDFRONT_MINIMUMS.iter().position(|(n, _)| *n == name).and_then(|i| Some((i, CLOUDFRONT_MINIMUMS.get(i)?.1)))
}

/// "`TLS 1.0` and `TLS 1.1`": the outdated versions of a list, for messages.
pub fn outdated(versions: &[Tls]) -> Vec<String> {
    versions.iter().filter(|v| v.is_outdated()).map(|v| format!("`{}`", v.label())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_family_is_known() {
        for name in [
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-2016-08",
        ] {
            assert!(elb_policy(name).is_some(), "{name}");
        }
        assert!(elb_policy("my-custom-policy").is_none());
    }

    #[test]
    fn old_policies_allow_tls_1_0_and_new_ones_do_not() {
        let allows_old = |n| elb_policy(n).unwrap().iter().any(|v| v.is_outdated());
        assert!(allows_old("ELBSecurityPolicy-2016-08"));
        assert!(allows_old("ELBSecurityPolicy-TLS-1-0-2015-04"));
        assert!(allows_old("ELBSecurityPolicy-TLS13-1-1-2021-06"));
        assert!(allows_old("ELBSecurityPolicy-FS-2018-06"));
        assert!(!allows_old("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        assert!(!allows_old("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"));
        assert!(!allows_old("ELBSecurityPolicy-FS-1-2-Res-2019-08"));
        // Every name is unique, and every TLS13 policy allows TLS 1.3.
        for (i, (name, versions)) in ELB_POLICIES.iter().enumerate() {
            assert!(!ELB_POLICIES.iter().take(i).any(|(n, _)| n == name), "{name} twice");
            assert_eq!(name.contains("TLS13"), versions.contains(&Tls::V1_3), "{name}");
            assert_eq!(name.contains("TLS13-1-3"), versions == &[Tls::V1_3], "{name}");
        }
    }

    #[test]
    fn cloudfront_versions_are_ordered() {
        let (before, _) = cloudfront_minimum("TLSv1.2_2018").unwrap();
        let (bar, allowed) = cloudfront_minimum("TLSv1.2_2019").unwrap();
        assert!(before < bar);
        assert!(!allowed.iter().any(|v| v.is_outdated()));
        assert!(cloudfront_minimum("TLSv1.2_2021").unwrap().0 > bar);
        assert_eq!(outdated(cloudfront_minimum("TLSv1_2016").unwrap().1), ["`TLS 1.0`", "`TLS 1.1`"]);
        assert!(cloudfront_minimum("TLSv9").is_none());
    }
}
