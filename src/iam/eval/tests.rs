//! Table tests of the evaluator: allow, explicit deny and implicit deny, with principals,
//! `Not*` elements, conditions and variables; and the property that `Deny *` always wins.

use super::*;
use crate::json;

fn policy(text: &str, kind: Option<PolicyKind>) -> Policy {
    Policy::read(0, &json::parse(text).expect("test policy parses"), kind, "test".into())
}

fn request(caller: Option<&str>, action: &str, resource: &str, context: &[(&str, &str)]) -> Request {
    let mut ctx = Context::default();
    for (k, v) in context {
        ctx.insert(k, *v);
    }
    Request {
        caller: caller.map(|c| Caller::parse(c).expect("test caller parses")),
        action: action.into(),
        resource: resource.into(),
        context: ctx,
    }
}

const IDENTITY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::data/*"},
  {"Sid": "Home", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"},
  {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::data/secret/*"},
  {"Sid": "Tls", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Sid": "AllButIam", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
]}"#;

#[test]
fn decisions() {
    let p = policy(IDENTITY, None);
    let tls = ("aws:SecureTransport", "true");
    let rows: &[(Request, Decision, &[&str])] = &[
        (request(None, "s3:GetObject", "arn:aws:s3:::data/report.csv", &[tls]), Decision::Allow, &["Read"]),
        (request(None, "S3:getobject", "arn:aws:s3:::data/report.csv", &[tls]), Decision::Allow, &["Read"]),
        (request(None, "s3:PutObject", "arn:aws:s3:::data/report.csv", &[tls]), Decision::ImplicitDeny, &[]),
        (request(None, "s3:GetObject", "arn:aws:s3:::data/secret/k", &[tls]), Decision::ExplicitDeny, &["NoSecrets"]),
        (
            request(None, "s3:GetObject", "arn:aws:s3:::data/x", &[("aws:SecureTransport", "false")]),
            Decision::ExplicitDeny,
            &["Tls"],
        ),
        // The key is absent: `Bool` does not match, so the TLS deny does not apply.
        (request(None, "s3:GetObject", "arn:aws:s3:::data/x", &[]), Decision::Allow, &["Read"]),
        (
            request(None, "ec2:RunInstances", "*", &[tls, ("aws:SourceIp", "203.0.113.7")]),
            Decision::Allow,
            &["AllButIam"],
        ),
        (request(None, "ec2:RunInstances", "*", &[tls, ("aws:SourceIp", "198.51.100.7")]), Decision::ImplicitDeny, &[]),
        (request(None, "iam:CreateUser", "*", &[tls, ("aws:SourceIp", "203.0.113.7")]), Decision::ImplicitDeny, &[]),
        (
            request(Some("arn:aws:iam::111122223333:user/alice"), "s3:PutObject", "arn:aws:s3:::home/alice/a", &[tls]),
            Decision::Allow,
            &["Home"],
        ),
        (
            request(Some("arn:aws:iam::111122223333:user/bob"), "s3:PutObject", "arn:aws:s3:::home/alice/a", &[tls]),
            Decision::ImplicitDeny,
            &[],
        ),
    ];
    for (req, expected, deciders) in rows {
        let e = evaluate(&[&p], req);
        assert_eq!(e.decision, *expected, "{} on {}", req.action, req.resource);
        let decided: Vec<&str> = e
            .statements
            .iter()
            .filter(|s| s.decisive)
            .filter_map(|s| s.statement.sid.as_ref())
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(&decided, deciders, "{} on {}", req.action, req.resource);
    }
}

#[test]
fn unresolved_variables_are_assumed_not_mismatched() {
    let p = policy(IDENTITY, None);
    let e = evaluate(&[&p], &request(None, "s3:PutObject", "arn:aws:s3:::home/carol/a", &[]));
    assert_eq!(e.decision, Decision::Allow);
    assert_eq!(e.assumptions(), ["aws:username"]);
    let home = e.statements.iter().find(|s| s.decisive).unwrap();
    assert!(home.reasons.iter().any(|r| r.text.contains("assuming `${aws:username}`")), "{:?}", home.reasons);
}

#[test]
fn principals_in_resource_and_trust_policies() {
    let bucket = policy(
        r#"{"Version": "2012-10-17", "Statement": [
          {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
          {"Sid": "NotAdmin", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}
        ]}"#,
        Some(PolicyKind::Resource),
    );
    let partner = Some("arn:aws:iam::444455556666:role/reader");
    let stranger = Some("arn:aws:iam::999999999999:role/reader");
    let admin = Some("arn:aws:sts::111122223333:assumed-role/admin/s");
    let get = |c| evaluate(&[&bucket], &request(c, "s3:GetObject", "arn:aws:s3:::b/k", &[])).decision;
    let delete = |c| evaluate(&[&bucket], &request(c, "s3:DeleteObject", "arn:aws:s3:::b/k", &[])).decision;
    assert_eq!(get(partner), Decision::Allow);
    assert_eq!(get(stranger), Decision::ImplicitDeny);
    assert_eq!(delete(partner), Decision::ExplicitDeny);
    assert_eq!(delete(admin), Decision::ImplicitDeny);

    let trust = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        Some(PolicyKind::Trust),
    );
    let assume =
        |c| evaluate(&[&trust], &request(c, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r", &[])).decision;
    assert_eq!(assume(Some("lambda.amazonaws.com")), Decision::Allow);
    assert_eq!(assume(Some("ec2.amazonaws.com")), Decision::ImplicitDeny);
}

#[test]
fn not_resource_and_missing_elements() {
    let p = policy(
        r#"{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::audit/*"},
          {"Effect": "Allow", "Action": "sqs:SendMessage"}
        ]}"#,
        None,
    );
    let d = |a: &str, r: &str| evaluate(&[&p], &request(None, a, r, &[])).decision;
    assert_eq!(d("s3:GetObject", "arn:aws:s3:::data/x"), Decision::Allow);
    assert_eq!(d("s3:GetObject", "arn:aws:s3:::audit/x"), Decision::ImplicitDeny);
    // An identity statement without `Resource` grants nothing.
    assert_eq!(d("sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:q"), Decision::ImplicitDeny);
}

#[test]
fn old_version_reads_variables_literally() {
    let p = policy(
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}"#,
        None,
    );
    let alice = request(Some("arn:aws:iam::111122223333:user/alice"), "s3:GetObject", "arn:aws:s3:::home/alice/a", &[]);
    assert_eq!(evaluate(&[&p], &alice).decision, Decision::ImplicitDeny);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("s3:GetObject".to_string()),
            Just("iam:PassRole".to_string()),
            Just("ec2:RunInstances".to_string()),
            "[a-z0-9-]{1,12}:[A-Za-z]{1,20}",
        ]
    }

    fn statement() -> impl Strategy<Value = String> {
        let effect = prop_oneof![Just("Allow"), Just("Deny")];
        let action = prop_oneof![Just("*"), Just("s3:*"), Just("s3:Get*"), Just("iam:PassRole"), Just("ec2:*")];
        let resource = prop_oneof![Just("*"), Just("arn:aws:s3:::b/*"), Just("arn:aws:iam::*:role/*")];
        let not = any::<bool>();
        let condition = prop_oneof![
            Just(""),
            Just(r#", "Condition": {"Bool": {"aws:SecureTransport": "true"}}"#),
            Just(r#", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}"#),
        ];
        (effect, action, resource, not, condition).prop_map(|(e, a, r, not, c)| {
            let a_key = if not { "NotAction" } else { "Action" };
            format!(r#"{{"Effect": "{e}", "{a_key}": "{a}", "Resource": "{r}"{c}}}"#)
        })
    }

    proptest! {
        /// Whatever else the policies say, an unconditional `Deny` of `*` on `*` decides.
        #[test]
        fn deny_star_always_wins(
            statements in proptest::collection::vec(statement(), 0..6),
            deny_at in 0usize..6,
            action in action(),
            resource in prop_oneof![Just("*".to_string()), "arn:aws:[a-z0-9]{1,6}:::[a-z/]{0,10}"],
            secure in any::<bool>(),
        ) {
            let mut statements = statements;
            let at = deny_at.min(statements.len());
            statements.insert(at, r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#.to_string());
            let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","));
            let p = policy(&text, None);
            let other = policy(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#, None);
            let secure = if secure { "true" } else { "false" };
            let req = request(None, &action, &resource, &[("aws:SecureTransport", secure)]);
            let e = evaluate(&[&other, &p], &req);
            prop_assert_eq!(e.decision, Decision::ExplicitDeny);
            prop_assert!(e.statements.iter().filter(|s| s.decisive).all(|s| s.effect == Some(Effect::Deny)));
        }
    }
}

#[test]
fn a_resource_comparison_over_budget_is_named() {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "Wide", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*{}b*"}}]}}"#,
        "a".repeat(5_000)
    );
    let p = policy(&text, None);
    let resource = format!("arn:aws:s3:::b/{}", "a".repeat(60_000));
    let e = evaluate(&[&p], &request(None, "s3:GetObject", &resource, &[]));
    assert_eq!(e.decision, Decision::ImplicitDeny);
    let reasons = &e.statements[0].reasons;
    assert!(
        reasons.iter().any(|r| !r.matched && r.text.ends_with("exceeded the work budget: taken as no match")),
        "{reasons:?}"
    );
}
