use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{Catalog, ConditionType};
use crate::iam::eval::condition::{value_problem, Family, SetQualifier};
use crate::iam::eval::Operator;
use crate::input::{Clause, Spanned, Statement};

declare_check! {
    /// Condition operator does not fit its key or value.
    ///
    /// ## What it checks
    /// Each clause of each `Condition` whose operator IAM defines. For keys of known type
    /// (global and service keys of the catalogue): the operator family must fit the type —
    /// `String…` operators for string and ARN keys, `Arn…` for ARN keys, `Numeric…`, `Date…`,
    /// `Bool`, `IpAddress`/`NotIpAddress` and `BinaryEquals` for their own types (`Null` fits
    /// any key). `Arn…` on a string key whose values are ARNs (a tag that holds a role's ARN)
    /// and `Numeric…` on `aws:EpochTime` are accepted. `ForAllValues:`/`ForAnyValue:` belong on
    /// multivalued keys (`aws:TagKeys`) and only there; this is judged for global and tag
    /// keys, whose shape the IAM reference documents, not for other service keys. For every
    /// key, each value must read as the operator's type: a number, a date (ISO 8601 or epoch
    /// seconds), `true`/`false`, an IP address or CIDR block. Values holding a policy variable
    /// are not judged, nor are unknown operators (`policy-invalid` reports them). One finding
    /// per problem, at the key or the value.
    ///
    /// ## Why it matters
    /// IAM does not reject these conditions; it evaluates them, and they come out other than
    /// intended. A `DateGreaterThan` on a string key, or an `IpAddress` value with a typo such as
    /// `10.0.0.0/33`, never matches, so an `Allow` grants nothing and a `Deny` with a negated
    /// operator blocks everything or nothing. `ForAllValues:` on a single-valued key is true
    /// when the request lacks the key, which turns a guard into an open door; a multivalued
    /// key without a qualifier leaves unsaid whether any or every value must match.
    ///
    /// ## How to fix
    /// Use the operator family of the key's type, a value of that type, and a set qualifier
    /// only for multivalued keys:
    /// ```json
    /// {"Effect": "Deny", "Action": "*", "Resource": "*",
    ///  "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
    ///                "Bool": {"aws:ViaAWSService": "false"}}}
    /// ```
    pub static CONDITION_TYPE_MISMATCH = {
        id: "condition-type-mismatch",
        severity: Low,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// Keys the IAM reference documents with two types, the catalogue with one: `aws:EpochTime`
/// is a date that numeric operators also compare (as epoch seconds).
const ALSO_NUMERIC: [&str; 1] = ["aws:epochtime"];

fn check(policy: &Reviewed, sink: &mut Sink) {
    let catalog = Catalog::get();
    let variables = policy.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    for st in &policy.statements {
        for clause in st.condition.iter().flat_map(|c| &c.clauses) {
            let Some(op) = Operator::parse(&clause.operator.value) else { continue };
            let key = clause.key.value.as_str();
            if let Some(ty) = catalog.condition_key(key) {
                if let Some(problem) = type_problem(&op, &clause.operator.value, key, &clause.values, ty) {
                    report(sink, policy, st, clause.key.span, &problem);
                    continue;
                }
                let judged = catalog.global_condition_key(key).is_some() || is_tag_key(key);
                if let Some(problem) = set_problem(&op, &clause.operator.value, key, ty).filter(|_| judged) {
                    report(sink, policy, st, clause.key.span, &problem);
                }
            }
            check_values(policy, st, clause, &op, variables, sink);
        }
    }
}

fn report(sink: &mut Sink, policy: &Reviewed, st: &Statement, span: crate::json::Span, problem: &str) {
    sink.on_policy(&CONDITION_TYPE_MISMATCH, policy, span, format!("{}: {problem}", st.label()));
}

/// Each value must read as the operator's type.
fn check_values(policy: &Reviewed, st: &Statement, clause: &Clause, op: &Operator, variables: bool, sink: &mut Sink) {
    for value in &clause.values {
        if variables && value.value.contains("${") {
            continue;
        }
        if let Some(why) = value_problem(op.family, &value.value) {
            let name = crate::base::code(&clause.operator.value);
            let key = crate::base::code(&clause.key.value);
            report(sink, policy, st, value.span, &format!("{name} on {key}: {why}"));
        }
    }
}

/// Whether the operator's family compares values of the key's type.
fn type_problem(op: &Operator, name: &str, key: &str, values: &[Spanned<String>], ty: ConditionType) -> Option<String> {
    let element = ty.element();
    let fits = match op.family {
        Family::Null => true,
        Family::String => matches!(element, ConditionType::String | ConditionType::Arn),
        // A string key may hold ARNs (`aws:SourceVpcArn`, which the catalogue types as a
        // string; a tag holding a role's ARN): ARN-shaped values say it does.
        Family::Arn => element == ConditionType::Arn || element == ConditionType::String && holds_arns(values),
        Family::Numeric => {
            element == ConditionType::Numeric || ALSO_NUMERIC.contains(&key.to_ascii_lowercase().as_str())
        }
        Family::Date => element == ConditionType::Date,
        Family::Bool => element == ConditionType::Bool,
        Family::Ip => element == ConditionType::IpAddress,
        Family::Binary => element == ConditionType::Binary,
    };
    if fits {
        return None;
    }
    Some(format!(
        "`{name}` compares {} values, but `{key}` holds `{}` values: use {}",
        op.family.as_str(),
        element.as_str(),
        operators_for(element)
    ))
}

/// Whether the set qualifier (or its absence) fits a single- or multivalued key.
fn set_problem(op: &Operator, name: &str, key: &str, ty: ConditionType) -> Option<String> {
    if op.family == Family::Null {
        return None;
    }
    let plain = format!("{}{}", op.base, if op.if_exists { "IfExists" } else { "" });
    match (op.set, ty.is_multivalued()) {
        (Some(SetQualifier::ForAllValues), false) => Some(format!(
            "`{name}` on the single-valued key `{key}` also holds when the request lacks the key: use `{plain}`"
        )),
        (Some(SetQualifier::ForAnyValue), false) => {
            Some(format!("`{name}` is for multivalued keys, and `{key}` is single-valued: use `{plain}`"))
        }
        (None, true) => Some(format!(
            "`{key}` is multivalued: `{name}` needs `ForAnyValue:` or `ForAllValues:` to say whether any or every value must match"
        )),
        _ => None,
    }
}

/// Whether every value is an ARN or a pattern of one.
fn holds_arns(values: &[Spanned<String>]) -> bool {
    !values.is_empty() && values.iter().all(|v| v.value.starts_with("arn:") || v.value.starts_with("${"))
}

/// Whether a key is a tag key (`aws:ResourceTag/team`, `ec2:ResourceTag/env`): a tag has one
/// value, whatever service defines the key.
fn is_tag_key(key: &str) -> bool {
    key.split_once('/').is_some_and(|(head, _)| {
        let head = head.to_ascii_lowercase();
        ["resourcetag", "requesttag", "principaltag"].iter().any(|t| head.ends_with(&format!(":{t}")))
    })
}

/// The operators that compare a type, for the message.
fn operators_for(element: ConditionType) -> &'static str {
    match element {
        ConditionType::Arn => "an `Arn…` or `String…` operator",
        ConditionType::Numeric => "a `Numeric…` operator",
        ConditionType::Date => "a `Date…` operator",
        ConditionType::Bool => "`Bool`",
        ConditionType::IpAddress => "`IpAddress` or `NotIpAddress`",
        ConditionType::Binary => "`BinaryEquals`",
        _ => "a `String…` operator",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Policy;

    /// The messages the check gives on one `Condition` of an `s3:GetObject` statement.
    fn messages(condition: &str) -> Vec<String> {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {condition}}}]}}"#
        );
        let policy = Policy::read(0, &crate::json::parse(&text).expect("test policy parses"), None, "t".into());
        let mut sink = Sink::default();
        check(&Reviewed::new(&policy), &mut sink);
        sink.findings.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn operators_that_fit() {
        for condition in [
            r#"{"StringLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}}"#,
            r#"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}}"#,
            r#"{"ArnEquals": {"aws:PrincipalTag/role": "arn:aws:iam::123456789012:role/x"}}"#,
            r#"{"Bool": {"aws:SecureTransport": "TRUE"}}"#,
            r#"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#,
            r#"{"NumericLessThan": {"aws:EpochTime": 1798761600}}"#,
            r#"{"DateGreaterThan": {"aws:EpochTime": "2027-01-01"}}"#,
            r#"{"Null": {"aws:TagKeys": "false"}}"#,
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}"#,
            r#"{"StringEqualsIgnoreCaseIfExists": {"aws:username": "Alice"}}"#,
            r#"{"DateLessThan": {"aws:CurrentTime": "${aws:TokenIssueTime}"}}"#,
            r#"{"ForAnyValue:StringEquals": {"events:detail-type": "x"}}"#,
            r#"{"StringEquals": {"events:detail-type": "x"}}"#,
            r#"{"NotAnOperator": {"aws:SourceIp": "x"}}"#,
            r#"{"NumericEquals": {"corp:Unknown": "12"}}"#,
        ] {
            assert!(messages(condition).is_empty(), "{condition}: {:?}", messages(condition));
        }
    }

    #[test]
    fn operators_that_do_not() {
        for (condition, expected) in [
            (r#"{"DateGreaterThan": {"aws:username": "2027-01-01"}}"#, "compares date values"),
            (r#"{"ArnLike": {"aws:SourceAccount": "123456789012"}}"#, "compares ARN values"),
            (r#"{"NumericLessThan": {"aws:CurrentTime": "1"}}"#, "use a `Date…` operator"),
            (r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}"#, "not an IP address"),
            (r#"{"Bool": {"aws:SecureTransport": "yes"}}"#, "not `true` or `false`"),
            (r#"{"NumericEquals": {"corp:Unknown": "twelve"}}"#, "not a number"),
            (r#"{"ForAllValues:StringEquals": {"ec2:ResourceTag/team": "x"}}"#, "single-valued"),
            (r#"{"StringLike": {"aws:CalledVia": "athena.amazonaws.com"}}"#, "is multivalued"),
        ] {
            let got = messages(condition);
            assert_eq!(got.len(), 1, "{condition}: {got:?}");
            assert!(got[0].contains(expected), "{condition}: {}", got[0]);
        }
    }

    #[test]
    fn tag_keys() {
        assert!(is_tag_key("aws:ResourceTag/team"));
        assert!(is_tag_key("ec2:ResourceTag/eks:eni:owner"));
        assert!(!is_tag_key("aws:TagKeys"));
        assert!(!is_tag_key("s3:ExistingObjectTag/x"));
    }
}
