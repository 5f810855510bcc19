use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{BlockFlags, Located, Model, PublicAccessBlock, Site};

use super::account;

declare_check! {
    /// S3 Block Public Access is not fully on.
    ///
    /// ## What it checks
    /// The account-level public access block (`aws s3control get-public-access-block`) and
    /// each bucket's (`aws s3api get-public-access-block --bucket NAME`): any of
    /// `BlockPublicAcls`, `IgnorePublicAcls`, `BlockPublicPolicy` and
    /// `RestrictPublicBuckets` false or absent, or no configuration at all (a snapshot
    /// bundle's `NoSuchPublicAccessBlockConfiguration`). An account-level block with all four
    /// on covers every bucket, so a bucket whose own block is off is then not flagged. The
    /// message says which level is off. Without that account-level cover, a bucket of
    /// `aws s3api list-buckets` with no block of its own in the snapshot is noted as not
    /// reviewed.
    ///
    /// ## Why it matters
    /// Block Public Access is the safety net under bucket policies and ACLs: with it on, a
    /// mistaken `"Principal": "*"` or a `public-read` ACL is refused or ignored. With any
    /// setting off, one policy or ACL change makes data public. AWS Security Hub controls
    /// S3.1 (account) and S3.8 (bucket) fail.
    ///
    /// ## How to fix
    /// Turn all four settings on for the account (and for each bucket):
    /// ```sh
    /// aws s3control put-public-access-block --account-id 123456789012 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    /// ```
    pub static S3_PUBLIC_ACCESS_BLOCK_OFF = {
        id: "s3-public-access-block-off",
        severity: High,
        area: Encryption,
        controls: ["FSBP S3.1", "FSBP S3.8"],
        run: Runner::Snapshot { needs: &["s3api.get-public-access-block"], run: check },
    }
}

const FLAGS: [&str; 4] = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];

/// The settings that are off (false or absent), in backticks, and where the first false one
/// is written (else the block itself).
fn off(block: &PublicAccessBlock) -> (Vec<String>, Site) {
    let Some(flags) = &block.flags else {
        return (FLAGS.iter().map(|f| format!("`{f}`")).collect(), block.site);
    };
    let BlockFlags { block_public_acls, ignore_public_acls, block_public_policy, restrict_public_buckets } = flags;
    let values: [&Option<Located<bool>>; 4] =
        [block_public_acls, ignore_public_acls, block_public_policy, restrict_public_buckets];
    let mut names = Vec::new();
    let mut site = None;
    for (name, value) in FLAGS.iter().zip(values) {
        if !value.as_ref().is_some_and(|v| v.value) {
            names.push(format!("`{name}`"));
            site = site.or(value.as_ref().map(|v| v.site));
        }
    }
    (names, site.unwrap_or(block.site))
}

fn described(block: &PublicAccessBlock, names: &[String]) -> String {
    if block.flags.is_none() {
        "no public access block".into()
    } else {
        format!("{} off", crate::checks::iam::common::listed(names))
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let account_block = model.account_public_access.as_ref();
    let account_on = account_block.is_some_and(|b| b.flags.as_ref().is_some_and(BlockFlags::all_on));
    if let Some(block) = account_block.filter(|_| !account_on) {
        let (names, site) = off(block);
        let message = if block.flags.is_none() {
            "the account has no account-level public access block".to_string()
        } else {
            format!("the account-level public access block has {}", described(block, &names))
        };
        // The account the command named, else the snapshot's.
        let resource = match &block.scope {
            crate::model::BlockScope::Account(Some(id)) if !id.is_empty() => id.clone(),
            _ => account(model),
        };
        sink.report(&S3_PUBLIC_ACCESS_BLOCK_OFF, resource, site, message);
    }
    if account_on {
        return;
    }
    for block in &model.bucket_public_access {
        let crate::model::BlockScope::Bucket(bucket) = &block.scope else { continue };
        if block.flags.as_ref().is_some_and(BlockFlags::all_on) {
            continue;
        }
        let (names, site) = off(block);
        let level = if account_block.is_some() {
            "the account-level block is not fully on either"
        } else {
            "no account-level block in the snapshot covers it"
        };
        let message = format!("bucket `{bucket}` has {} at bucket level; {level}", described(block, &names));
        sink.report(&S3_PUBLIC_ACCESS_BLOCK_OFF, bucket.clone(), site, message);
    }
}
