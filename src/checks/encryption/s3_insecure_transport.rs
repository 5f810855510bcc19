use crate::checks::{declare_check, Reviewed, Runner, Sink, Thresholds};
use std::collections::HashSet;
use std::fmt::Write as _;

use crate::iam::pattern::{has_wildcard, matches_case_sensitive};
use crate::input::policy::Clause;
use crate::input::{PolicyKind, Statement};
use crate::model::Model;

use crate::checks::iam::common::is_public;

declare_check! {
    /// Bucket policy does not deny plain HTTP.
    ///
    /// ## What it checks
    /// Every bucket policy (`aws s3api get-bucket-policy`, whose `Policy` is a JSON string, or
    /// a pasted bucket policy) for a statement that denies, to every principal (`"*"` or
    /// `{"AWS": "*"}`), `s3:*` (or `*`) on the bucket and on its objects when
    /// `aws:SecureTransport` is `false` (`Bool`; condition key names are case-insensitive), or
    /// when `s3:TlsVersion` is below `1.2` (`NumericLessThan`). A condition with any other
    /// clause narrows the deny and does not count. An `Allow` conditioned on
    /// `aws:SecureTransport` `true` does not deny plain HTTP either: another statement, or an
    /// IAM policy, can still allow it. A bucket that a snapshot bundle states has no policy
    /// (`NoSuchBucketPolicy`) is flagged too; a bucket whose policy was simply not collected
    /// is not, and when `aws s3api list-buckets` names it a note on the listing says so.
    ///
    /// ## Why it matters
    /// Without the deny, S3 answers requests over plain HTTP: object contents, and the
    /// presigned URLs and headers of requests, cross the network readable and alterable by
    /// anyone on the path. CIS 2.1.1 and AWS Security Hub control S3.5 ask for the deny on
    /// every bucket.
    ///
    /// ## How to fix
    /// Add this statement to the bucket policy (`aws s3api put-bucket-policy`):
    /// ```json
    /// {
    ///   "Sid": "DenyPlainHttp",
    ///   "Effect": "Deny",
    ///   "Principal": "*",
    ///   "Action": "s3:*",
    ///   "Resource": ["arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"],
    ///   "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    /// }
    /// ```
    pub static S3_INSECURE_TRANSPORT = {
        id: "s3-insecure-transport",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP S3.5", "CIS 2.1.1"],
        run: Runner::PolicyAndSnapshot { policy: check_policy, run: check_absent },
    }
}

fn check_policy(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Resource {
        return;
    }
    let targets = match policy.holder {
        Some("bucket") if !policy.own.is_empty() => policy.own.iter().filter_map(|arn| s3_path(arn)).collect(),
        Some("bucket") | None => pasted_targets(&policy.statements),
        Some(_) => return,
    };
    // Not a bucket policy, or one whose bucket cannot be told: nothing to judge.
    if targets.is_empty() {
        return;
    }
    let mut budget = COMPARISONS;
    let mut denied = false;
    for st in &policy.statements {
        match denies_plain_http(st, &targets, &mut budget) {
            Some(true) => denied = true,
            Some(false) => {}
            None => {
                let message = format!(
                    "whether {} denies plain HTTP on every bucket and object the policy names took more than \
                     {COMPARISONS} resource comparisons; the policy was not judged",
                    st.label()
                );
                sink.note(&S3_INSECURE_TRANSPORT, policy, st.span, message);
                return;
            }
        }
        if denied {
            return;
        }
    }
    // A pasted policy is named after its input; the message names the bucket it governs.
    let bucket = match policy.holder {
        Some(_) => policy.name.clone(),
        None => targets.first().cloned().unwrap_or_else(|| policy.name.clone()),
    };
    let mut message = format!("bucket `{bucket}`'s policy has no statement that denies requests without TLS");
    if let Some(st) = policy.statements.iter().find(|st| st.is_allow() && allows_only_over_tls(st)) {
        let _ = write!(
            message,
            "; {} allows only under `aws:SecureTransport` `true`, which does not deny plain HTTP",
            st.label()
        );
    }
    let span = policy.statement_span.unwrap_or(policy.span);
    sink.on_policy(&S3_INSECURE_TRANSPORT, policy, span, message);
}

fn check_absent(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for bucket in &model.buckets_without_policy {
        let message = format!("bucket `{}` has no policy, so nothing denies plain HTTP", bucket.value);
        sink.report(&S3_INSECURE_TRANSPORT, bucket.value.clone(), bucket.site, message);
    }
}

/// What follows `:s3:::` in an ARN (`bucket`, `bucket/*`), or `*` for `*`.
fn s3_path(arn: &str) -> Option<String> {
    if arn == "*" {
        return Some("*".into());
    }
    arn.split_once(":s3:::").map(|(_, path)| path.to_string())
}

/// For a policy that does not say its bucket: every bucket its statements name, and the
/// objects of each (`bucket`, `bucket/*`).
fn pasted_targets(statements: &[Statement]) -> Vec<String> {
    let mut buckets: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for item in statements.iter().flat_map(|st| st.resource.iter().flat_map(crate::input::policy::List::iter)) {
        if let Some((_, path)) = item.value.split_once(":s3:::") {
            let bucket = path.split('/').next().unwrap_or(path);
            if !bucket.is_empty() && seen.insert(bucket) {
                buckets.push(bucket);
            }
        }
    }
    buckets.iter().flat_map(|b| [(*b).to_string(), format!("{b}/*")]).collect()
}

/// How many wildcard comparisons of a resource with a bucket or object one policy may spend:
/// a hostile pasted policy naming many buckets with many wildcard resources stays linear.
const COMPARISONS: usize = 200_000;

/// Whether a statement denies every principal every S3 action on each target whenever the
/// request does not use TLS (1.2 or later); `None` when that took more than the budget.
fn denies_plain_http(st: &Statement, targets: &[String], budget: &mut usize) -> Option<bool> {
    let everyone = st.principal.as_deref().is_some_and(is_public) && st.not_principal.is_none();
    let all_s3 =
        st.action.as_ref().is_some_and(|a| a.iter().any(|i| i.value == "*" || i.value.eq_ignore_ascii_case("s3:*")));
    let clauses = st.condition.iter().flat_map(|c| &c.clauses);
    let only_tls = st.has_condition() && clauses.clone().all(is_no_tls_clause);
    if st.effect() != Some(crate::input::Effect::Deny) || !everyone || !all_s3 || !only_tls {
        return Some(false);
    }
    let Some(resources) = &st.resource else { return Some(false) };
    let paths: Vec<String> = resources.iter().filter_map(|r| s3_path(&r.value)).collect();
    if paths.iter().any(|p| p == "*") {
        return Some(true);
    }
    let exact: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let wild: Vec<&str> = paths.iter().map(String::as_str).filter(|p| has_wildcard(p)).collect();
    for target in targets {
        if exact.contains(target.as_str()) {
            continue;
        }
        let mut covered = false;
        for pattern in &wild {
            *budget = budget.checked_sub(1)?;
            if matches_case_sensitive(pattern, target) {
                covered = true;
                break;
            }
        }
        if !covered {
            return Some(false);
        }
    }
    Some(true)
}

/// `Bool aws:SecureTransport false`, or `NumericLessThan s3:TlsVersion 1.2`.
fn is_no_tls_clause(clause: &Clause) -> bool {
    let key = clause.key.value.to_ascii_lowercase();
    let values = || clause.values.iter().map(|v| v.value.to_ascii_lowercase());
    match clause.operator.value.as_str() {
        "Bool" => key == "aws:securetransport" && values().all(|v| v == "false") && !clause.values.is_empty(),
        "NumericLessThan" => {
            key == "s3:tlsversion"
                && values().all(|v| v.parse::<f64>().is_ok_and(|n| n >= 1.2))
                && !clause.values.is_empty()
        }
        _ => false,
    }
}

/// An `Allow` whose condition asks for `aws:SecureTransport` `true`.
fn allows_only_over_tls(st: &Statement) -> bool {
    st.condition.iter().flat_map(|c| &c.clauses).any(|c| {
        c.operator.value == "Bool"
            && c.key.value.eq_ignore_ascii_case("aws:SecureTransport")
            && c.values.iter().any(|v| v.value.eq_ignore_ascii_case("true"))
    })
}
