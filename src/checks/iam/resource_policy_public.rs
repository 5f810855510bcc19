use std::cell::Cell;
use std::collections::HashSet;
use std::fmt::Write as _;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::eval::{Grant, Pattern, ResourceScope, Syntax};
use crate::input::{Effect, PolicyKind, Statement};

use super::common::{
    condition_keys, deny_clause_restricts, is_public, listed, public_principal_text, restricting_clause,
};

declare_check! {
    /// Resource policy is open to anyone.
    ///
    /// ## What it checks
    /// A resource policy — S3 bucket, KMS key, SQS queue, SNS topic, Lambda function,
    /// Secrets Manager secret, ECR repository, VPC endpoint and the like — with an `Allow`
    /// statement whose principal is `"*"` or `{"AWS": "*"}` and whose `Condition` does not
    /// restrict the caller. Conditions that restrict: `aws:PrincipalOrgID`,
    /// `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`,
    /// `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`,
    /// `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp` (not `0.0.0.0/0`), and the service
    /// keys `kms:CallerAccount`, `kms:ViaService`, `s3:DataAccessPointAccount` and
    /// `s3:DataAccessPointArn` — with an operator that asks for a match (a negated or
    /// `…IfExists` operator lets other callers through) and no `*`-only value. A condition
    /// on anything else, such as `aws:SecureTransport`, does not restrict who calls.
    ///
    /// A `Deny` to everyone that keeps out all but the intended callers
    /// (`StringNotEquals aws:PrincipalOrgID`, `NotIpAddress aws:SourceIp`, …) for the same
    /// actions also closes the statement. A VPC endpoint policy only filters requests that
    /// IAM must still allow, so an open one is reported one severity lower. Very large
    /// policies (more than 200,000 deny-allow pairs and resource comparisons) are judged in
    /// part: the allows left are reported, and the input says so.
    ///
    /// ## Why it matters
    /// `"Principal": "*"` means every AWS account and, for S3, SNS, SQS and Lambda URLs,
    /// anonymous callers on the Internet. Public buckets are the most common cause of cloud
    /// data breaches; a public key policy lets strangers decrypt, a public queue or topic
    /// lets them inject messages. AWS Security Hub controls S3.2, S3.3 and KMS.5 fail for
    /// such policies.
    ///
    /// ## How to fix
    /// Name the accounts or principals, or keep `*` and restrict the caller with a condition:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": "*",
    ///   "Action": "s3:GetObject",
    ///   "Resource": "arn:aws:s3:::shared-reports/*",
    ///   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    /// }
    /// ```
    pub static RESOURCE_POLICY_PUBLIC = {
        id: "resource-policy-public",
        severity: Critical,
        area: Iam,
        controls: ["FSBP S3.2", "FSBP S3.3", "FSBP KMS"],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Resource {
        return;
    }
    let guards: Vec<Guard> = policy.permissions.grants.iter().filter_map(Guard::of).collect();
    let budget = Cell::new(COVER_BUDGET);
    let mut unsure = None;
    for grant in policy.permissions.allows() {
        let st = grant.statement;
        let Some(principal) = st.principal.as_deref().filter(|p| is_public(p)) else { continue };
        if restricting_clause(st).is_some() || guards.iter().any(|g| g.closes(grant, &budget)) {
            continue;
        }
        if budget.get() == 0 {
            unsure.get_or_insert(st.span);
        }
        let actions: Vec<String> =
            st.actions().map(|(l, _)| l.iter().map(|a| format!("`{}`", a.value)).collect()).unwrap_or_default();
        let verb = if st.not_action.is_some() { "call every action but" } else { "call" };
        let shown = public_principal_text(principal);
        let mut message = format!("{} lets anyone ({shown}) {verb} {}", st.label(), listed(&actions));
        if st.has_condition() {
            let _ = write!(message, "; its condition on {} does not restrict who calls", listed(&condition_keys(st)));
        } else {
            message.push_str(" with no condition that restricts the caller");
        }
        if policy.holder == Some("endpoint") {
            message.push_str(" (an endpoint policy: IAM must still allow each request)");
            sink.on_policy_conditional(&RESOURCE_POLICY_PUBLIC, policy, principal.span, message);
        } else {
            sink.on_policy(&RESOURCE_POLICY_PUBLIC, policy, principal.span, message);
        }
    }
    if let Some(span) = unsure {
        let message = format!(
            "whether the policy's `Deny` statements close its public allows took more than {COVER_BUDGET} \
             comparisons or a comparison over its work budget; the allows not shown to be closed are reported"
        );
        sink.note(&RESOURCE_POLICY_PUBLIC, policy, span, message);
    }
}

/// How many (deny, allow) pairs and pattern comparisons one policy may spend deciding whether
/// denies cover allows; beyond it, an allow counts as not covered (reported, and the input
/// notes it), so a hostile policy stays fast.
const COVER_BUDGET: usize = 200_000;

/// A `Deny` to everyone whose conditions all restrict the caller with a negated operator
/// (`StringNotEquals aws:PrincipalOrgID`, `NotIpAddress aws:SourceIp`): it keeps everyone but
/// the intended callers out of what it covers.
struct Guard<'g, 'p> {
    deny: &'g Grant<'p>,
    /// The listed resources, parsed once.
    patterns: Vec<Pattern>,
    texts: HashSet<&'p str>,
}

impl<'g, 'p> Guard<'g, 'p> {
    fn of(deny: &'g Grant<'p>) -> Option<Self> {
        let st: &Statement = deny.statement;
        let restricts = st.has_condition() && st.condition.iter().flat_map(|c| &c.clauses).all(deny_clause_restricts);
        if deny.effect != Effect::Deny || !st.principal.as_deref().is_some_and(is_public) || !restricts {
            return None;
        }
        let syntax = Syntax { wildcards: true, variables: true };
        let (patterns, texts) = match deny.resources {
            ResourceScope::Listed(list) => (
                list.iter().map(|r| Pattern::parse(&r.value, syntax)).collect(),
                list.iter().map(|r| r.value.as_str()).collect(),
            ),
            _ => (Vec::new(), HashSet::new()),
        };
        Some(Guard { deny, patterns, texts })
    }

    /// Whether this guard closes what `allow` opens: every action and every resource of it.
    fn closes(&self, allow: &Grant, budget: &Cell<usize>) -> bool {
        // Each (deny, allow) pair costs one from the budget too, so that many of both stay linear.
        let left = budget.get();
        budget.set(left.saturating_sub(1));
        if left == 0 || allow.actions.is_empty() || !allow.actions.is_subset(&self.deny.actions) {
            return false;
        }
        match (self.deny.resources, allow.resources) {
            (ResourceScope::All | ResourceScope::Own, _) => true,
            (ResourceScope::Listed(_), ResourceScope::Listed(narrow)) => narrow.iter().all(|n| {
                if self.texts.contains(n.value.as_str()) {
                    return true;
                }
                let n = Pattern::parse(&n.value, Syntax { wildcards: true, variables: true });
                self.patterns.iter().any(|w| {
                    let left = budget.get();
                    budget.set(left.saturating_sub(1));
                    // A comparison over its work budget spends the whole budget: the allow is
                    // not shown to be closed, and the check notes it.
                    left > 0
                        && n.is_covered_by(w).unwrap_or_else(|_| {
                            budget.set(0);
                            false
                        })
                })
            }),
            _ => false,
        }
    }
}
