use crate::base::code;
use crate::checks::{declare_check, Reviewed, Runner, Sink};

declare_check! {
    /// Policy has no Version, or the 2008 one.
    ///
    /// ## What it checks
    /// A policy document without a `Version` element, or with `"Version": "2008-10-17"`.
    /// (Any other value is invalid and reported by `policy-invalid`.)
    ///
    /// ## Why it matters
    /// Without `"Version": "2012-10-17"` IAM evaluates the policy under the 2008 language,
    /// where policy variables are not substituted: `arn:aws:s3:::home/${aws:username}/*`
    /// then matches only an object literally named `${aws:username}`, so per-user scoping
    /// silently stops working, and newer condition features are unavailable.
    ///
    /// ## How to fix
    /// Put the current version first in the document:
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [ … ]}
    /// ```
    pub static POLICY_VERSION_MISSING = {
        id: "policy-version-missing",
        severity: Low,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.statement_span.is_none() && policy.statements.is_empty() && policy.version.is_none() {
        return; // not a policy at all: `policy-invalid` says so
    }
    match &policy.version {
        None => sink.on_policy(
            &POLICY_VERSION_MISSING,
            policy,
            policy.span,
            format!("policy {} has no `Version`: policy variables are read as literal text", code(&policy.name)),
        ),
        Some(v) if v.value == "2008-10-17" => sink.on_policy(
            &POLICY_VERSION_MISSING,
            policy,
            v.span,
            format!(
                "policy {} uses `Version` `2008-10-17`: policy variables are read as literal text",
                code(&policy.name)
            ),
        ),
        Some(_) => {}
    }
}
