//! `aws cloudfront list-distributions`.

use super::{
    id, list, located_string, note_account, optional_bool, optional_list, optional_object, optional_string, shape,
    site, strings_located, Fault,
};
use crate::json::Value;
use crate::model::{Behavior, Distribution, Located, Model, Origin};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let list_value = optional_object(value, "DistributionList")?
        .ok_or_else(|| shape(value, "`DistributionList` should be an object"))?;
    // An account without distributions prints no `Items`.
    let items = match list_value.get("Items") {
        Some(_) => list(list_value, "Items")?,
        None => &[],
    };
    for item in items {
        let arn = optional_string(item, "ARN")?.map(String::from);
        let distribution = distribution_of(doc, item, id(doc, item, "Id")?, arn)?;
        note_account(model, distribution.arn.as_deref());
        model.distributions.insert(&distribution.id.value.clone(), distribution);
    }
    Ok(())
}

/// A distribution from its summary (`list-distributions`) or its `DistributionConfig`: both
/// hold the same members.
pub(super) fn distribution_of(
    doc: u32,
    config: &Value,
    id: Located<String>,
    arn: Option<String>,
) -> Result<Distribution, Fault> {
    let viewer_protocol = match optional_object(config, "DefaultCacheBehavior")? {
        Some(behavior) => located_string(doc, behavior, "ViewerProtocolPolicy")?,
        None => None,
    };
    let mut behaviors = Vec::new();
    if let Some(cache) = optional_object(config, "CacheBehaviors")? {
        for behavior in optional_list(cache, "Items")? {
            behaviors.push(Behavior {
                path: super::required_located(doc, behavior, "PathPattern")?,
                viewer_protocol: located_string(doc, behavior, "ViewerProtocolPolicy")?,
            });
        }
    }
    let (minimum_protocol, default_certificate, ssl_support) = match optional_object(config, "ViewerCertificate")? {
        Some(certificate) => (
            located_string(doc, certificate, "MinimumProtocolVersion")?,
            optional_bool(doc, certificate, "CloudFrontDefaultCertificate")?,
            located_string(doc, certificate, "SSLSupportMethod")?,
        ),
        None => (None, None, None),
    };
    let mut origins = Vec::new();
    if let Some(list) = optional_object(config, "Origins")? {
        for origin in optional_list(list, "Items")? {
            origins.push(origin_of(doc, origin)?);
        }
    }
    Ok(Distribution {
        id,
        arn,
        enabled: optional_bool(doc, config, "Enabled")?,
        viewer_protocol,
        behaviors,
        minimum_protocol,
        default_certificate,
        ssl_support,
        origins,
    })
}

fn origin_of(doc: u32, origin: &Value) -> Result<Origin, Fault> {
    let (protocol_policy, ssl_protocols) = match optional_object(origin, "CustomOriginConfig")? {
        Some(custom) => (
            located_string(doc, custom, "OriginProtocolPolicy")?,
            match optional_object(custom, "OriginSslProtocols")? {
                Some(protocols) => strings_located(doc, protocols, "Items")?,
                None => Vec::new(),
            },
        ),
        None => (None, Vec::new()),
    };
    let identity = match optional_object(origin, "S3OriginConfig")? {
        Some(s3) => optional_string(s3, "OriginAccessIdentity")?,
        None => None,
    };
    let access_control = optional_string(origin, "OriginAccessControlId")?
        .filter(|c| !c.is_empty())
        .or(identity.filter(|i| !i.is_empty()))
        .map(String::from);
    Ok(Origin {
        id: Located { value: super::string(origin, "Id")?.to_string(), site: site(doc, origin) },
        domain: optional_string(origin, "DomainName")?.map(String::from),
        protocol_policy,
        ssl_protocols,
        access_control,
    })
}
