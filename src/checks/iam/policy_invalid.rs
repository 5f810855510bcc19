use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::eval::arn;
use crate::iam::eval::principal::is_account_id;
use crate::iam::eval::Operator;
use crate::input::policy::{closest_element, Principal, PrincipalType, Spanned};
use crate::input::{List, Policy, PolicyKind, Statement};
use crate::json::Span;

declare_check! {
    /// Policy breaks the IAM policy grammar.
    ///
    /// ## What it checks
    /// The grammar of the IAM JSON policy reference, one finding per error at the element:
    /// no `Statement`; `Effect` other than `Allow` or `Deny` (case matters); both or neither
    /// of `Action` and `NotAction`; both `Resource` and `NotResource`, or neither (outside
    /// trust policies and ECR repository policies, whose resource is implied); `Principal` and `NotPrincipal` together; a `Principal` in an identity
    /// policy; a resource or trust policy statement without `Principal` or `NotPrincipal`; a
    /// `Resource` in a trust policy; an unknown element or principal type; an element written
    /// twice; a `Version` other than `2012-10-17` or `2008-10-17`; a malformed ARN in
    /// `Resource` or `Principal`; an unknown condition operator or a badly shaped `Condition`;
    /// and values of the wrong JSON type (including unresolved CloudFormation functions).
    ///
    /// ## Why it matters
    /// IAM rejects most of these when the policy is saved, so a pipeline deploying it fails
    /// late. The rest are worse: IAM accepts them and does something else — an element it
    /// does not know is ignored, so a `Condition` spelt `Conditions` leaves the statement
    /// unconditional, and the second of two `Effect` keys silently wins in some parsers and
    /// loses in others.
    ///
    /// ## How to fix
    /// Write each statement with exactly the elements IAM defines:
    /// ```json
    /// {
    ///   "Version": "2012-10-17",
    ///   "Statement": [{
    ///     "Sid": "ReadReports",
    ///     "Effect": "Allow",
    ///     "Action": "s3:GetObject",
    ///     "Resource": "arn:aws:s3:::reports/*",
    ///     "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    ///   }]
    /// }
    /// ```
    pub static POLICY_INVALID = {
        id: "policy-invalid",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    let mut report = |span: Span, message: String| sink.on_policy(&POLICY_INVALID, policy, span, message);

    for problem in &policy.problems {
        report(problem.span, problem.value.clone());
    }
    for dup in &policy.duplicate_elements {
        report(dup.span, format!("`{}` is written twice in one object; IAM keeps only one of them", dup.value));
    }
    for unknown in &policy.unknown_elements {
        report(unknown.span, unknown_element(unknown, true));
    }
    if let Some(version) = &policy.version {
        if version.value != "2012-10-17" && version.value != "2008-10-17" {
            report(
                version.span,
                format!("`Version` must be `2012-10-17` (or `2008-10-17`), found `{}`", version.value),
            );
        }
    }
    match policy.statement_span {
        None if policy.problems.is_empty() => report(policy.span, "the policy has no `Statement`".into()),
        Some(span) if policy.statements.is_empty() && policy.problems.is_empty() => {
            report(span, "`Statement` is empty: the policy grants and denies nothing".into());
        }
        _ => {}
    }
    for st in &policy.statements {
        check_statement(policy, st, &mut report);
    }
}

fn check_statement(policy: &Policy, st: &Statement, report: &mut impl FnMut(Span, String)) {
    let label = st.label();
    for unknown in &st.unknown_elements {
        report(unknown.span, unknown_element(unknown, false));
    }
    match &st.effect {
        None => report(st.span, format!("{label} has no `Effect`")),
        Some(e) if st.effect().is_none() => {
            report(
                e.span,
                format!("{label}: `Effect` must be `Allow` or `Deny` (case-sensitive), found `{}`", e.value),
            );
        }
        Some(_) => {}
    }
    match (&st.action, &st.not_action) {
        (Some(_), Some(n)) => report(n.span, format!("{label} has both `Action` and `NotAction`")),
        (None, None) => report(st.span, format!("{label} has neither `Action` nor `NotAction`")),
        _ => {}
    }
    match (&st.resource, &st.not_resource) {
        (Some(_), Some(n)) => report(n.span, format!("{label} has both `Resource` and `NotResource`")),
        (None, None) if policy.kind != PolicyKind::Trust && policy.holder != Some("repository") => {
            report(st.span, format!("{label} has neither `Resource` nor `NotResource`"));
        }
        _ => {}
    }
    if policy.kind == PolicyKind::Trust && policy.kind_known {
        if let Some(r) = st.resource.as_ref().or(st.not_resource.as_deref()) {
            report(
                r.span,
                format!("{label}: a trust policy may not have `Resource` (the role itself is the resource)"),
            );
        }
    }
    let principal = st.principal.as_deref().or(st.not_principal.as_deref());
    match (&st.principal, &st.not_principal) {
        (Some(_), Some(n)) => report(n.span, format!("{label} has both `Principal` and `NotPrincipal`")),
        (Some(p), None) | (None, Some(p)) if policy.kind == PolicyKind::Identity && policy.kind_known => report(
            p.span,
            format!("{label}: an identity policy may not name a principal (it applies to whoever it is attached to)"),
        ),
        (None, None) if policy.kind != PolicyKind::Identity => {
            report(
                st.span,
                format!("{label} has no `Principal`: a {} policy must say whom it applies to", policy.kind.as_str()),
            );
        }
        _ => {}
    }
    if let Some(p) = principal {
        check_principal(p, &label, report);
    }
    for r in st.resource.iter().chain(st.not_resource.as_deref()).flat_map(List::iter) {
        if r.value != "*" {
            if let Err(why) = check_arn(&r.value) {
                report(r.span, format!("{label}: `{}` is not a valid ARN: {why}", r.value));
            }
        }
    }
    if let Some(condition) = &st.condition {
        let mut seen: Vec<&str> = Vec::new();
        for clause in &condition.clauses {
            let op = clause.operator.value.as_str();
            if seen.contains(&op) {
                continue;
            }
            seen.push(op);
            if !is_condition_operator(op) {
                report(clause.operator.span, format!("{label}: `{op}` is not a condition operator"));
            }
        }
    }
}

fn check_principal(p: &Principal, label: &str, report: &mut impl FnMut(Span, String)) {
    for key in &p.keys {
        if !matches!(key.value.as_str(), "AWS" | "Service" | "Federated" | "CanonicalUser") {
            report(
                key.span,
                format!(
                    "{label}: `{}` is not a principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`)",
                    key.value
                ),
            );
        }
    }
    for (ty, value) in &p.entries {
        let v = value.value.as_str();
        let bad = match ty {
            PrincipalType::Aws if v == "*" || is_account_id(v) => None,
            PrincipalType::Aws if v.starts_with("arn:") => check_arn(v).err(),
            PrincipalType::Aws => Some("expected `*`, a 12-digit account id or an IAM ARN".to_string()),
            PrincipalType::Federated | PrincipalType::Service if v.is_empty() => Some("it is empty".to_string()),
            _ => None,
        };
        if let Some(why) = bad {
            report(value.span, format!("{label}: `{v}` is not a valid principal: {why}"));
        }
    }
}

/// Checks the `arn:partition:service:region:account:resource` shape. Colons inside policy
/// variables (`${aws:username}`) do not separate fields.
fn check_arn(arn: &str) -> Result<(), String> {
    match arn::fields(arn).as_slice() {
        [first, ..] if *first != "arn" => Err("it must start with `arn:` (or be `*`)".into()),
        [_, "", _, _, _, _] => Err("the partition (`aws`, `aws-cn`, `aws-us-gov`) is empty".into()),
        [_, _, "", _, _, _] => Err("the service is empty".into()),
        [_, _, _, _, _, _] => Ok(()),
        fields => {
            Err(format!("it has {} of the 6 fields `arn:partition:service:region:account:resource`", fields.len()))
        }
    }
}

fn unknown_element(element: &Spanned<String>, top_level: bool) -> String {
    let place = if top_level { "policy" } else { "statement" };
    match closest_element(&element.value, top_level) {
        Some(close) => {
            format!("`{}` is not a {place} element (IAM ignores or rejects it); did you mean `{close}`?", element.value)
        }
        None => format!("`{}` is not a {place} element (IAM ignores or rejects it)", element.value),
    }
}

/// Whether `op` is a condition operator (see [`Operator::parse`]).
fn is_condition_operator(op: &str) -> bool {
    Operator::parse(op).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_shapes() {
        assert!(check_arn("arn:aws:s3:::bucket/*").is_ok());
        assert!(check_arn("arn:aws:iam::${aws:PrincipalAccount}:role/x").is_ok());
        assert!(check_arn("arn:aws:s3:::home/${aws:username}/*").is_ok());
        assert!(check_arn("arn:aws:s3:::a:b:c").is_ok(), "colons in the resource part are allowed");
        assert!(
            check_arn("arn:aws:organizations::*:").is_ok(),
            "IAM accepts an empty resource part (AWS managed policies use it)"
        );
        assert!(check_arn("s3:::bucket").is_err());
        assert!(check_arn("arn:aws:s3").unwrap_err().contains("3 of the 6"));
        assert!(check_arn("arn::s3:::b").is_err());
    }

    #[test]
    fn operators() {
        assert!(is_condition_operator("StringEquals"));
        assert!(is_condition_operator("ForAnyValue:StringLikeIfExists"));
        assert!(!is_condition_operator("NullIfExists"));
        assert!(!is_condition_operator("stringequals"));
        assert!(!is_condition_operator("StringEqual"));
    }
}
