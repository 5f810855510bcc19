//! `aws s3api get-bucket-encryption --bucket NAME`: the output does not name its bucket, the
//! command line (or the file's name) does.

use super::{located_string, optional_bool, optional_list, shape, site, Fault, Origin};
use crate::json::Value;
use crate::model::{BucketEncryption, EncryptionRule, Model};

pub(super) fn read(doc: u32, value: &Value, origin: &mut Origin, model: &mut Model) -> Result<(), Fault> {
    let Some(config) = value.get("ServerSideEncryptionConfiguration").filter(|c| c.as_object().is_some()) else {
        let at = value.get("ServerSideEncryptionConfiguration").unwrap_or(value);
        return Err(shape(at, "`ServerSideEncryptionConfiguration` should be an object"));
    };
    let mut rules = Vec::new();
    for rule in optional_list(config, "Rules")? {
        let Some(default) = rule.get("ApplyServerSideEncryptionByDefault") else { continue };
        let Some(algorithm) = located_string(doc, default, "SSEAlgorithm")? else {
            return Err(Fault::unrecognized("this entry has no `SSEAlgorithm`".into(), default.span));
        };
        rules.push(EncryptionRule {
            algorithm,
            kms_key: located_string(doc, default, "KMSMasterKeyID")?,
            bucket_key: optional_bool(doc, rule, "BucketKeyEnabled")?,
        });
    }
    let Some(bucket) = origin.resource("--bucket", "bucket", "`my-bucket.json`", doc, value) else {
        return Ok(());
    };
    let read = BucketEncryption { bucket: bucket.clone(), site: site(doc, config), rules: Some(rules) };
    model.bucket_encryption.insert(&bucket, read);
    Ok(())
}
