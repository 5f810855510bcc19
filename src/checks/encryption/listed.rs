//! What the snapshot names but did not review: a bucket of `aws s3api list-buckets` with no
//! output about its policy, encryption or public access block; a key of `aws kms list-keys`
//! (or `describe-key`) with no output about its metadata, rotation or key policy; an EBS
//! snapshot of the account with no `describe-snapshot-attribute` output.
//!
//! A check that ran on the buckets it was given says nothing of the others, so without this a
//! snapshot with encryption for 3 of its 10 buckets would read as "no finding" for all 10. Each
//! gap becomes a note on the listing, naming the check, the command that would collect what is
//! missing, and the first few resources; a check that did not run at all is already listed as
//! skipped and gets no note. The work is one pass over the buckets, snapshots and keys, with
//! the bucket policies indexed once.

use std::collections::HashSet;

use crate::base::code;
use crate::checks::{Check, Sink};
use crate::input::Policy;
use crate::model::{BlockFlags, Key, Model, Site};

use super::ebs_snapshot_public::EBS_SNAPSHOT_PUBLIC;
use super::kms_key_pending_deletion::KMS_KEY_PENDING_DELETION;
use super::kms_key_policy_public::KMS_KEY_POLICY_PUBLIC;
use super::kms_rotation_disabled::{can_rotate, KMS_ROTATION_DISABLED};
use super::s3_insecure_transport::S3_INSECURE_TRANSPORT;
use super::s3_no_default_encryption::S3_NO_DEFAULT_ENCRYPTION;
use super::s3_public_access_block_off::S3_PUBLIC_ACCESS_BLOCK_OFF;

/// Resources a note names; the rest are counted.
const NAMED: usize = 5;

/// Notes each gap between the resources the snapshot names and the outputs the checks that
/// `ran` (snapshot checks; policy checks always run) had about them.
pub fn notes<'m>(model: &'m Model, policies: &[Policy], ran: &[&'static Check], sink: &mut Sink) {
    let ran = |check: &Check| ran.iter().any(|c| std::ptr::eq(*c, check));
    let buckets: Vec<(&str, Site)> = model.buckets.iter().map(|b| (b.name.value.as_str(), b.name.site)).collect();
    let noun = ("bucket", "buckets");
    if ran(&S3_INSECURE_TRANSPORT) {
        let governed: HashSet<&str> = policies
            .iter()
            .filter(|p| p.holder == Some("bucket"))
            .flat_map(|p| p.own.iter().filter_map(|arn| bucket_of(arn)))
            .chain(model.buckets_without_policy.iter().map(|b| b.value.as_str()))
            .collect();
        let missing = buckets.iter().filter(|(name, _)| !governed.contains(name));
        let command = code("aws s3api get-bucket-policy --bucket NAME");
        note(sink, &S3_INSECURE_TRANSPORT, noun, buckets.len(), missing, &command);
    }
    if ran(&S3_NO_DEFAULT_ENCRYPTION) {
        let missing = buckets.iter().filter(|(name, _)| model.bucket_encryption.get(name).is_none());
        let command = code("aws s3api get-bucket-encryption --bucket NAME");
        note(sink, &S3_NO_DEFAULT_ENCRYPTION, noun, buckets.len(), missing, &command);
    }
    // An account-level block with all four settings on covers every bucket, whatever its own.
    let account_on =
        model.account_public_access.as_ref().and_then(|b| b.flags.as_ref()).is_some_and(BlockFlags::all_on);
    if ran(&S3_PUBLIC_ACCESS_BLOCK_OFF) && !account_on {
        let missing = buckets.iter().filter(|(name, _)| model.bucket_public_access.get(name).is_none());
        let command = code("aws s3api get-public-access-block --bucket NAME");
        note(sink, &S3_PUBLIC_ACCESS_BLOCK_OFF, noun, buckets.len(), missing, &command);
    }

    if ran(&EBS_SNAPSHOT_PUBLIC) {
        // Only the account's own snapshots can be shared by it (`describe-snapshots` without
        // `--owner-ids self` also lists every public snapshot of other accounts).
        let own = |owner: &Option<String>| match (owner, &model.meta.account) {
            (Some(owner), Some(account)) => owner == account,
            _ => true,
        };
        let snapshots: Vec<_> = model.ebs_snapshots.iter().filter(|s| own(&s.owner)).collect();
        let missing: Vec<_> = snapshots
            .iter()
            .filter(|s| model.snapshot_permissions.get(&s.id.value).is_none())
            .map(|s| (s.id.value.as_str(), s.id.site))
            .collect();
        let command = code("aws ec2 describe-snapshot-attribute --snapshot-id ID --attribute createVolumePermission");
        note(sink, &EBS_SNAPSHOT_PUBLIC, ("snapshot", "snapshots"), snapshots.len(), missing.iter(), &command);
    }

    let keys: Vec<&Key> = model.keys.iter().collect();
    let site = |k: &&'m Key| (k.id.value.as_str(), k.id.site);
    // Only `describe-key` tells the key's state and who manages it; `list-keys` gives its id.
    let described = |k: &Key| k.manager.is_some() || k.state.is_some();
    let noun = ("key", "keys");
    if ran(&KMS_KEY_PENDING_DELETION) {
        let missing: Vec<_> = keys.iter().filter(|k| !described(k)).map(site).collect();
        let command = code("aws kms describe-key --key-id ID");
        note(sink, &KMS_KEY_PENDING_DELETION, noun, keys.len(), missing.iter(), &command);
    }
    if ran(&KMS_ROTATION_DISABLED) {
        // A key described as one that cannot rotate needs no rotation status.
        let rotations = model.rotations_by_key();
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| !described(k) || (can_rotate(k) && !rotations.contains_key(k.id.value.as_str())))
            .map(site)
            .collect();
        let command = format!(
            "{} or {}",
            code("aws kms describe-key --key-id ID"),
            code("aws kms get-key-rotation-status --key-id ID")
        );
        note(sink, &KMS_ROTATION_DISABLED, noun, keys.len(), missing.iter(), &command);
    }
    // A policy check runs on whatever policies were given: the keys whose policy was not.
    let aws_managed = |k: &Key| k.manager.as_ref().is_some_and(|m| m.value == "AWS");
    let missing: Vec<_> = keys.iter().filter(|k| k.policy.is_none() && !aws_managed(k)).map(site).collect();
    let command = code("aws kms get-key-policy --key-id ID --policy-name default");
    note(sink, &KMS_KEY_POLICY_PUBLIC, noun, keys.len(), missing.iter(), &command);
}

/// Notes, for `check` (a check of elbv2 listeners), the load balancers of
/// `describe-load-balancers` whose listeners no `describe-listeners` output lists
/// (`Model::listener_lists`). One listed with no listener is known. A plain file (no command
/// line) listing no listener cannot say whose list it was: its load balancer is noted, the safe
/// side. Gateway load balancers' listeners have no protocol to check.
pub(super) fn note_unlisted_load_balancers(check: &'static Check, model: &Model, sink: &mut Sink) {
    let balancers: Vec<_> = model.load_balancers.iter().filter(|lb| lb.kind.as_deref() != Some("gateway")).collect();
    let missing: Vec<(&str, Site)> = balancers
        .iter()
        .filter(|lb| !model.listener_lists.contains(&lb.arn.value))
        .map(|lb| (lb.name.as_deref().unwrap_or(&lb.arn.value), lb.arn.site))
        .collect();
    let command = code("aws elbv2 describe-listeners --load-balancer-arn ARN");
    note(sink, check, ("load balancer", "load balancers"), balancers.len(), missing.iter(), &command);
}

/// The bucket an S3 ARN names (`arn:aws:s3:::logs/*` → `logs`).
fn bucket_of(arn: &str) -> Option<&str> {
    let (_, path) = arn.split_once(":::")?;
    path.split('/').next().filter(|b| !b.is_empty())
}

/// One note for a check: how many of the `total` resources lack the output it reads, the
/// first few by name, located at the first one. `output` names the commands that collect it.
fn note<'a>(
    sink: &mut Sink,
    check: &'static Check,
    (one, many): (&str, &str),
    total: usize,
    missing: impl Iterator<Item = &'a (&'a str, Site)>,
    output: &str,
) {
    let missing: Vec<&(&str, Site)> = missing.collect();
    let Some(&&(_, first)) = missing.first() else { return };
    let names = first_named(missing.iter().map(|(name, _)| code(name)).collect());
    let (count, noun) = match (total, missing.len()) {
        (1, _) => ("the".to_string(), one),
        (total, n) if n == total => (format!("all {total}"), many),
        (total, n) => (format!("{n} of the {total}"), many),
    };
    let verb = if missing.len() == 1 { "has" } else { "have" };
    let message = format!(
        "not reviewed by `{}`: {count} {noun} in the snapshot {verb} no {output} output ({names})",
        check.rule.id,
    );
    sink.note_at(check, first, message);
}

/// The first [`NAMED`] of `names`, joined, and how many more there are: how a note about many
/// resources names them.
pub(super) fn first_named(mut names: Vec<String>) -> String {
    let more = names.len().saturating_sub(NAMED);
    names.truncate(NAMED);
    if more > 0 {
        names.push(format!("and {more} more"));
    }
    names.join(", ")
}
