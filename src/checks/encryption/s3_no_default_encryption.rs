use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Bucket has no default encryption configuration.
    ///
    /// ## What it checks
    /// Every bucket whose `aws s3api get-bucket-encryption` holds no
    /// `ServerSideEncryptionConfiguration` rule, or that a snapshot bundle states has none
    /// (`ServerSideEncryptionConfigurationNotFoundError`). A bucket whose encryption was
    /// simply not collected is not judged; when `aws s3api list-buckets` names it, a note on
    /// the listing says so.
    ///
    /// ## Why it matters
    /// Since January 2023 S3 encrypts every new object with S3-managed keys (SSE-S3) anyway,
    /// so the data is not stored in the clear; but SSE-S3 gives no key-level control. With
    /// SSE-KMS under a customer-managed key, reading an object also needs `kms:Decrypt` on
    /// the key, access is logged in CloudTrail per key, and disabling the key cuts access at
    /// once. A bucket with no configuration of its own relies on the account-wide default.
    ///
    /// ## How to fix
    /// Set SSE-KMS with a bucket key (which keeps KMS request costs low):
    /// ```sh
    /// aws s3api put-bucket-encryption --bucket reports-bucket --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/reports"},"BucketKeyEnabled":true}]}'
    /// ```
    pub static S3_NO_DEFAULT_ENCRYPTION = {
        id: "s3-no-default-encryption",
        severity: Low,
        area: Encryption,
        controls: [],
        run: Runner::Snapshot { needs: &["s3api.get-bucket-encryption"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for encryption in &model.bucket_encryption {
        if encryption.rules.as_ref().is_some_and(|rules| !rules.is_empty()) {
            continue;
        }
        let message = format!(
            "bucket `{}` has no default encryption configuration (S3 applies SSE-S3 to new objects since \
             January 2023; SSE-KMS is needed for key-level control)",
            encryption.bucket
        );
        sink.report(&S3_NO_DEFAULT_ENCRYPTION, encryption.bucket.clone(), encryption.site, message);
    }
}
