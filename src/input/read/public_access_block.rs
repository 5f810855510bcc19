//! `aws s3api get-public-access-block --bucket NAME` (a bucket's settings) and `aws s3control
//! get-public-access-block --account-id ID` (the account's): the same shape, told apart by the
//! command line; a file given on its own is a bucket's, named by the file.

use super::{optional_bool, shape, site, Fault, Origin};
use crate::json::Value;
use crate::model::{BlockFlags, BlockScope, Model, PublicAccessBlock};

pub(super) fn read(doc: u32, value: &Value, origin: &mut Origin, model: &mut Model) -> Result<(), Fault> {
    let Some(config) = value.get("PublicAccessBlockConfiguration").filter(|c| c.as_object().is_some()) else {
        let at = value.get("PublicAccessBlockConfiguration").unwrap_or(value);
        return Err(shape(at, "`PublicAccessBlockConfiguration` should be an object"));
    };
    let flags = BlockFlags {
        block_public_acls: optional_bool(doc, config, "BlockPublicAcls")?,
        ignore_public_acls: optional_bool(doc, config, "IgnorePublicAcls")?,
        block_public_policy: optional_bool(doc, config, "BlockPublicPolicy")?,
        restrict_public_buckets: optional_bool(doc, config, "RestrictPublicBuckets")?,
    };
    record(origin, doc, config, Some(flags), model);
    Ok(())
}

/// Keeps a block (or the stated absence of one) for the bucket or account the origin names.
pub(super) fn record(origin: &mut Origin, doc: u32, at: &Value, flags: Option<BlockFlags>, model: &mut Model) {
    if origin.is_s3control() {
        let account = super::super::bundle::argument(origin.command, "--account-id").map(String::from);
        if model.account_public_access.is_none() {
            model.account_public_access =
                Some(PublicAccessBlock { scope: BlockScope::Account(account), site: site(doc, at), flags });
        }
        return;
    }
    let Some(bucket) = origin.resource("--bucket", "bucket", "`my-bucket.json`", doc, at) else { return };
    let read = PublicAccessBlock { scope: BlockScope::Bucket(bucket.clone()), site: site(doc, at), flags };
    model.bucket_public_access.insert(&bucket, read);
}
