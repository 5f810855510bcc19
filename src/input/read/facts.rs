//! Facts a bundle states with the AWS error that answered a command: `NoSuchBucketPolicy`
//! (the bucket has no policy), `ServerSideEncryptionConfigurationNotFoundError` (no default
//! encryption), `NoSuchPublicAccessBlockConfiguration` (no block on the bucket or account).
//! Other errors (`AccessDenied`) state nothing and add nothing.

use super::{kinds, public_access_block, site, InputKind, Origin};
use crate::json::Value;
use crate::model::{BucketEncryption, Located, Model};

/// Records what the error `code` of a bundle entry of `kind` states; `error` is the entry's
/// `error` member, where the fact is located.
pub(in crate::input) fn fact(
    kind: &'static InputKind,
    code: &str,
    doc: u32,
    error: &Value,
    origin: &mut Origin,
    model: &mut Model,
) {
    match code {
        "NoSuchBucketPolicy" if kind == &kinds::GET_BUCKET_POLICY => {
            if let Some(bucket) = origin.resource("--bucket", "bucket", "`my-bucket.json`", doc, error) {
                model.buckets_without_policy.insert(&bucket, Located { value: bucket.clone(), site: site(doc, error) });
            }
        }
        "ServerSideEncryptionConfigurationNotFoundError" if kind == &kinds::BUCKET_ENCRYPTION => {
            if let Some(bucket) = origin.resource("--bucket", "bucket", "`my-bucket.json`", doc, error) {
                let read = BucketEncryption { bucket: bucket.clone(), site: site(doc, error), rules: None };
                model.bucket_encryption.insert(&bucket, read);
            }
        }
        "NoSuchPublicAccessBlockConfiguration" if kind == &kinds::PUBLIC_ACCESS_BLOCK => {
            public_access_block::record(origin, doc, error, None, model);
        }
        _ => {}
    }
}
