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

/// IAM User Guide, *Policy variables with no value*: a variable whose key the request does not
/// hold has no value, and the element that uses it matches nothing ("If AWS cannot resolve a
/// variable this might cause the entire statement to be invalid").
#[test]
fn variables_without_a_value_match_nothing() {
    let p = policy(IDENTITY, None);
    let tls = ("aws:SecureTransport", "true");
    let anyone = evaluate(&[&p], &request(None, "s3:PutObject", "arn:aws:s3:::home/carol/a", &[tls]));
    assert_eq!(anyone.decision, Decision::ImplicitDeny);
    assert!(anyone.assumptions().is_empty());
    let home = anyone.statements.iter().find(|s| s.statement.sid.as_ref().is_some_and(|s| s.value == "Home")).unwrap();
    assert_eq!(home.missing, ["aws:username"]);
    assert!(
        home.reasons.iter().any(|r| !r.matched && r.text.contains("`${aws:username}` has no value")),
        "{:?}",
        home.reasons
    );
    assert!(anyone.notes.iter().any(|n| n.contains("--context aws:username=VALUE")), "{:?}", anyone.notes);
    // A role session has no `aws:username`; a user has one, and the context may give it.
    let session = Some("arn:aws:sts::111122223333:assumed-role/carol/s");
    let e = evaluate(&[&p], &request(session, "s3:PutObject", "arn:aws:s3:::home/carol/a", &[tls]));
    assert_eq!(e.decision, Decision::ImplicitDeny);
    let given = request(session, "s3:PutObject", "arn:aws:s3:::home/carol/a", &[tls, ("aws:username", "carol")]);
    assert_eq!(evaluate(&[&p], &given).decision, Decision::Allow);

    // In a condition: the value with the variable matches nothing, and a negated operator with it
    // does not hold either: the statement does not apply.
    let tags = policy(
        r#"{"Version": "2012-10-17", "Statement": [
          {"Sid": "Team", "Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
           "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
          {"Sid": "Other", "Effect": "Deny", "Action": "ec2:StartInstances", "Resource": "*",
           "Condition": {"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}
        ]}"#,
        None,
    );
    let start = |ctx: &[(&str, &str)]| evaluate(&[&tags], &request(None, "ec2:StartInstances", "*", ctx)).decision;
    assert_eq!(start(&[("aws:ResourceTag/team", "red"), ("aws:PrincipalTag/team", "red")]), Decision::Allow);
    assert_eq!(start(&[("aws:ResourceTag/team", "red"), ("aws:PrincipalTag/team", "blue")]), Decision::ExplicitDeny);
    assert_eq!(start(&[("aws:ResourceTag/team", "red")]), Decision::ImplicitDeny);
    // A default stands in for the missing value.
    let default = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"}]}"#,
        None,
    );
    assert_eq!(
        evaluate(&[&default], &request(None, "s3:GetObject", "arn:aws:s3:::b/shared/x", &[])).decision,
        Decision::Allow
    );
}

/// STS API Reference, *`GetCallerIdentity`*: "No permissions are required to perform this
/// operation", even under an explicit deny.
#[test]
fn get_caller_identity_needs_no_permission() {
    let deny =
        policy(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#, None);
    for policies in [vec![&deny], vec![]] {
        let e = evaluate(&policies, &request(None, "sts:GetCallerIdentity", "*", &[]));
        assert_eq!(e.decision, Decision::Allow);
        assert!(e.statements.iter().all(|s| !s.decisive));
        assert!(e.overruled.as_deref().is_some_and(|w| w.contains("needs no permission")));
    }
    assert_eq!(evaluate(&[&deny], &request(None, "sts:GetSessionToken", "*", &[])).decision, Decision::ExplicitDeny);
}

/// AWS KMS Developer Guide, *Key policies in AWS KMS*: "Unless the key policy explicitly allows
/// it, you cannot use IAM policies to allow access to a KMS key."
#[test]
fn kms_keys_need_their_key_policy() {
    const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let identity = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}"#,
        None,
    );
    let e = evaluate(&[&identity], &request(None, "kms:Decrypt", KEY, &[]));
    assert_eq!(e.decision, Decision::ImplicitDeny);
    assert!(e.notes.iter().any(|n| n.contains("key policy is not among the inputs")), "{:?}", e.notes);
    // Another key's policy does not count; the key's own does.
    let key_policy = |own: &str| {
        let mut p = policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}"#,
            Some(PolicyKind::Resource),
        );
        p.holder = Some("key");
        p.own = vec![own.to_string()];
        p
    };
    let other = key_policy("arn:*:kms:*:*:key/other");
    assert_eq!(
        evaluate(&[&identity, &other], &request(None, "kms:Decrypt", KEY, &[])).decision,
        Decision::ImplicitDeny
    );
    let own = key_policy("arn:*:kms:*:*:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let e = evaluate(&[&identity, &own], &request(None, "kms:Decrypt", KEY, &[]));
    assert_eq!(e.decision, Decision::Allow);
    assert!(e.notes.is_empty(), "{:?}", e.notes);
    // Not a key: no note.
    let alias =
        evaluate(&[&identity], &request(None, "kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:alias/a", &[]));
    assert_eq!(alias.decision, Decision::Allow);
}

/// A resource-based policy controls access to the resource it is attached to (IAM User Guide,
/// *Identity-based policies and resource-based policies*): a role's trust policy says nothing
/// about another role, a bucket policy nothing about another bucket.
#[test]
fn resource_policies_govern_their_own_resource() {
    fn assume<'p>(p: &'p Policy, role: &str) -> Evaluation<'p> {
        evaluate(&[p], &request(Some("arn:aws:iam::111122223333:user/alice"), "sts:AssumeRole", role, &[]))
    }
    let mut trust = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole"}]}"#,
        Some(PolicyKind::Trust),
    );
    // Unknown resource: taken to be the request's, and the answer says so.
    let bare = assume(&trust, "arn:aws:iam::111122223333:role/some-other-role");
    assert_eq!(bare.decision, Decision::Allow);
    assert_eq!(bare.assumptions().len(), 1, "{:?}", bare.assumptions());
    trust.own = vec!["arn:aws:iam::111122223333:role/deploy-from-ci".into()];
    let other = assume(&trust, "arn:aws:iam::111122223333:role/some-other-role");
    assert_eq!(other.decision, Decision::ImplicitDeny);
    assert!(other.statements[0].reasons.iter().any(|r| !r.matched && r.text.contains("governs only its own resource")));
    let own = assume(&trust, "arn:aws:iam::111122223333:role/deploy-from-ci");
    assert_eq!(own.decision, Decision::Allow);
    assert!(own.assumptions().is_empty());

    // The role's trust policy is required: an identity policy alone does not let one assume it,
    // and one that names only the account needs the identity policy too.
    let identity = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
        None,
    );
    let bob = request(
        Some("arn:aws:iam::111122223333:user/bob"),
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/deploy-from-ci",
        &[],
    );
    assert_eq!(evaluate(&[&trust, &identity], &bob).decision, Decision::ImplicitDeny);
    let mut account = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}"#,
        Some(PolicyKind::Trust),
    );
    account.own = trust.own.clone();
    assert_eq!(evaluate(&[&account], &bob).decision, Decision::ImplicitDeny);
    let both = evaluate(&[&account, &identity], &bob);
    assert_eq!(both.decision, Decision::Allow);
    assert_eq!(both.statements.iter().filter(|s| s.decisive).count(), 2);
    // Only assuming the role needs its trust policy: other actions on the role do not.
    let read = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}]}"#,
        None,
    );
    let get = request(
        Some("arn:aws:iam::111122223333:user/bob"),
        "iam:GetRole",
        "arn:aws:iam::111122223333:role/deploy-from-ci",
        &[],
    );
    assert_eq!(evaluate(&[&trust, &read], &get).decision, Decision::Allow);

    let mut bucket = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"}]}"#,
        Some(PolicyKind::Resource),
    );
    bucket.own = vec!["arn:*:s3:::b".into(), "arn:*:s3:::b/*".into()];
    let get = |r: &str| evaluate(&[&bucket], &request(Some("*"), "s3:GetObject", r, &[])).decision;
    assert_eq!(get("arn:aws:s3:::b/k"), Decision::Allow);
    assert_eq!(get("arn:aws:s3:::b2/k"), Decision::ImplicitDeny);
}

/// A VPC endpoint's policy governs requests that come through it, on top of the identity and
/// resource policies; it allows nothing by itself.
#[test]
fn endpoint_policies_filter_requests_through_them() {
    let mut endpoint = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::corp/*"}]}"#,
        Some(PolicyKind::Resource),
    );
    endpoint.holder = Some("endpoint");
    endpoint.name = "vpce-1a2b".into();
    let identity = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
        None,
    );
    let via = ("aws:SourceVpce", "vpce-1a2b");
    let d = |ps: &[&Policy], action: &str, resource: &str, ctx: &[(&str, &str)]| {
        evaluate(ps, &request(None, action, resource, ctx)).decision
    };
    assert_eq!(d(&[&endpoint], "s3:GetObject", "arn:aws:s3:::corp/k", &[via]), Decision::ImplicitDeny);
    assert_eq!(d(&[&endpoint, &identity], "s3:GetObject", "arn:aws:s3:::corp/k", &[via]), Decision::Allow);
    assert_eq!(d(&[&endpoint, &identity], "s3:GetObject", "arn:aws:s3:::other/k", &[via]), Decision::ImplicitDeny);
    assert_eq!(d(&[&endpoint, &identity], "s3:PutObject", "arn:aws:s3:::corp/k", &[via]), Decision::ImplicitDeny);
    // Not through the endpoint: its policy does not take part.
    assert_eq!(d(&[&endpoint, &identity], "s3:PutObject", "arn:aws:s3:::corp/k", &[]), Decision::Allow);
    let e = evaluate(&[&endpoint, &identity], &request(None, "s3:DeleteObject", "arn:aws:s3:::corp/k", &[via]));
    assert!(e.notes.iter().any(|n| n.contains("VPC endpoint `vpce-1a2b`")), "{:?}", e.notes);
}

/// IAM User Guide, *Cross-account policy evaluation logic*: across accounts, the caller's
/// identity policy and the resource's policy must both allow.
#[test]
fn across_accounts_both_sides_allow() {
    const QUEUE: &str = "arn:aws:sqs:us-east-1:111122223333:orders";
    let queue = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/app"}, "Action": "sqs:SendMessage", "Resource": "*"}]}"#,
        Some(PolicyKind::Resource),
    );
    let identity = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}"#,
        None,
    );
    let app = Some("arn:aws:iam::444455556666:role/app");
    let send = |ps: &[&Policy], caller| evaluate(ps, &request(caller, "sqs:SendMessage", QUEUE, &[])).decision;
    assert_eq!(send(&[&queue], app), Decision::ImplicitDeny);
    assert_eq!(send(&[&identity], app), Decision::ImplicitDeny);
    assert_eq!(send(&[&queue, &identity], app), Decision::Allow);
    // In the queue's own account, the queue policy naming the caller is enough.
    let local = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "sqs:SendMessage", "Resource": "*"}]}"#,
        Some(PolicyKind::Resource),
    );
    assert_eq!(send(&[&local], Some("arn:aws:iam::111122223333:role/app")), Decision::Allow);
    // An S3 ARN names no account: `aws:ResourceAccount` does.
    let bucket = |ctx: &[(&str, &str)]| {
        let p = policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/app"}, "Action": "s3:GetObject", "Resource": "*"}]}"#,
            Some(PolicyKind::Resource),
        );
        evaluate(&[&p], &request(app, "s3:GetObject", "arn:aws:s3:::b/k", ctx)).decision
    };
    assert_eq!(bucket(&[]), Decision::Allow);
    assert_eq!(bucket(&[("aws:ResourceAccount", "111122223333")]), Decision::ImplicitDeny);
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
    let reader = policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        None,
    );
    let get = |c| evaluate(&[&bucket, &reader], &request(c, "s3:GetObject", "arn:aws:s3:::b/k", &[])).decision;
    let delete = |c| evaluate(&[&bucket], &request(c, "s3:DeleteObject", "arn:aws:s3:::b/k", &[])).decision;
    assert_eq!(get(partner), Decision::Allow);
    assert_eq!(get(stranger), Decision::Allow, "the identity policy allows, and the bucket policy is not required");
    // Naming an account delegates to it: the caller's identity policy must allow too (IAM User
    // Guide, *Principal*: AWS account principals).
    let alone = evaluate(&[&bucket], &request(partner, "s3:GetObject", "arn:aws:s3:::b/k", &[]));
    assert_eq!(alone.decision, Decision::ImplicitDeny);
    assert!(alone.notes.iter().any(|n| n.contains("names the caller's account")), "{:?}", alone.notes);
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
