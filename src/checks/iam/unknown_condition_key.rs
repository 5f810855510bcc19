use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{Catalog, ConditionKey, Service};
use crate::iam::pattern;
use crate::input::kinds::edit_distance;
use crate::input::{PolicyKind, Statement};

declare_check! {
    /// Condition uses a key that does not apply to the statement's actions.
    ///
    /// ## What it checks
    /// Every key of every `Condition`, case-insensitively, against the embedded catalogue: a
    /// key passes when it is a global key (`aws:SourceIp`, `aws:PrincipalTag/team`), or a key
    /// documented by a service the statement's actions belong to (`s3:prefix` with `s3:`
    /// actions; with `"Action": "*"` or `NotAction`, any documented key), or, where
    /// `sts` actions or a trust policy make it meaningful, a key of an identity provider
    /// (`token.actions.githubusercontent.com:sub`, `accounts.google.com:aud`, `saml:aud`). Any
    /// other key is reported at the key, with the closest real key when one is near:
    /// `aws:SourceVpcId` (the key is `aws:SourceVpc`), or `s3:prefix` on `ec2:` actions.
    /// Statements that name no known service are left to `unknown-action`.
    ///
    /// ## Why it matters
    /// IAM does not reject an unknown key: the request simply never carries it. A condition
    /// on an absent key is false for `StringEquals` and the other positive operators, so an
    /// `Allow` quietly grants nothing; it is true for `StringNotEquals`, `…IfExists` and
    /// `ForAllValues:`, so a guard such as "deny unless `aws:PrincipleOrgID` is ours" quietly
    /// denies — or, in an `Allow`, permits — every caller. Either way the policy does not do
    /// what its author reads in it.
    ///
    /// ## How to fix
    /// Use the key exactly as documented for the statement's service, or a global key:
    /// ```json
    /// {"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
    ///  "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0a1b2c3d"}}}
    /// ```
    pub static UNKNOWN_CONDITION_KEY = {
        id: "unknown-condition-key",
        severity: Low,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// How many service prefixes a message names before summarising.
const LISTED: usize = 3;

/// How many unknown keys of one policy get a "did you mean": finding the nearest key is a
/// search of the catalogue, and a policy with thousands of unknown keys is not a typo.
const HINTS: usize = 20;

fn check(policy: &Reviewed, sink: &mut Sink) {
    let mut hints = HINTS;
    for st in &policy.statements {
        let Some(condition) = &st.condition else { continue };
        if condition.clauses.is_empty() {
            continue;
        }
        let Some(scope) = Scope::of(st, policy.kind) else { continue };
        let mut reported: Vec<String> = Vec::new();
        for clause in &condition.clauses {
            let key = clause.key.value.as_str();
            let lower = key.to_ascii_lowercase();
            if key.is_empty() || reported.contains(&lower) {
                continue;
            }
            if let Some(problem) = scope.problem(key, &mut hints) {
                reported.push(lower);
                sink.on_policy(&UNKNOWN_CONDITION_KEY, policy, clause.key.span, format!("{}: {problem}", st.label()));
            }
        }
    }
}

/// The services whose keys apply to a statement.
struct Scope {
    /// `None`: every service (`"Action": "*"`, `NotAction`).
    services: Option<Vec<&'static Service>>,
    /// Whether keys of identity providers apply (`sts` actions, or a trust policy).
    providers: bool,
}

impl Scope {
    /// `None` when the statement names no known action, so no key can be judged.
    fn of(st: &Statement, kind: PolicyKind) -> Option<Scope> {
        let catalog = Catalog::get();
        let (list, negated) = st.actions()?;
        let mut services: Vec<&'static Service> = Vec::new();
        let mut every = negated;
        for item in list.iter() {
            let Some((prefix, _)) = item.value.split_once(':') else {
                every |= item.value == "*";
                continue;
            };
            if pattern::has_wildcard(prefix) {
                services.extend(catalog.services().iter().filter(|s| pattern::matches(prefix, s.prefix())));
            } else if let Some(service) = catalog.service(prefix) {
                services.push(service);
            }
        }
        services.sort_by_key(|s| s.prefix());
        services.dedup_by_key(|s| s.prefix());
        if every {
            return Some(Scope { services: None, providers: true });
        }
        if services.is_empty() {
            return None;
        }
        let providers = kind == PolicyKind::Trust || services.iter().any(|s| s.prefix() == "sts");
        Some(Scope { services: Some(services), providers })
    }

    /// Why `key` does not apply, or `None` when it does.
    fn problem(&self, key: &str, hints: &mut usize) -> Option<String> {
        let catalog = Catalog::get();
        if catalog.global_condition_key(key).is_some() {
            return None;
        }
        let documented = match &self.services {
            None => catalog.condition_key(key).is_some(),
            Some(services) => services.iter().any(|s| s.condition_key(key).is_some()),
        };
        if documented {
            return None;
        }
        // The key as messages quote it (it may hold backticks).
        let quoted = crate::base::code(key);
        let Some((prefix, _)) = key.split_once(':') else {
            return Some(with_hint(
                format!("{quoted} is not a condition key: keys are written `service:key`"),
                self.suggest(key, hints),
            ));
        };
        if is_provider(prefix) {
            if self.providers {
                return None;
            }
            return Some(format!(
                "{quoted} is a key of the identity provider {}, which only `sts:AssumeRoleWithWebIdentity` requests carry",
                crate::base::code(prefix)
            ));
        }
        if prefix.eq_ignore_ascii_case("aws") {
            return Some(with_hint(format!("{quoted} is not a global condition key"), self.suggest(key, hints)));
        }
        if prefix.eq_ignore_ascii_case("saml") {
            return Some(with_hint(format!("{quoted} is not a SAML condition key"), self.suggest(key, hints)));
        }
        let in_scope = self.services.as_ref().is_none_or(|s| s.iter().any(|s| s.prefix().eq_ignore_ascii_case(prefix)));
        let message = match catalog.service(prefix) {
            Some(owner) if in_scope => format!("{quoted} is not a condition key of `{}`", owner.prefix()),
            Some(owner) if owner.condition_key(key).is_some() => {
                format!("{quoted} is a condition key of `{}`, not of {}", owner.prefix(), self.named())
            }
            Some(owner) => format!("{quoted} is not a condition key of `{}`, nor of {}", owner.prefix(), self.named()),
            None => format!("{quoted} names no known service, global key or identity provider"),
        };
        Some(with_hint(message, self.suggest(key, hints)))
    }

    /// "the statement's service `ec2`" / "the statement's services `ec2`, `s3` and 2 more".
    fn named(&self) -> String {
        let services = self.services.as_deref().unwrap_or_default();
        let names: Vec<String> = services.iter().take(LISTED).map(|s| format!("`{}`", s.prefix())).collect();
        let rest = services.len().saturating_sub(LISTED);
        let list = match names.as_slice() {
            [] => return "the statement's actions".to_string(),
            [one] => return format!("the statement's service {one}"),
            _ if rest > 0 => format!("{} and {rest} more", names.join(", ")),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        format!("the statement's services {list}")
    }

    /// The documented key nearest in spelling among those that apply here (global keys and
    /// the statement's services' keys), when it is near enough to be a slip. Each suggestion
    /// spends one of the policy's `hints`.
    fn suggest(&self, key: &str, hints: &mut usize) -> Option<String> {
        *hints = hints.checked_sub(1)?;
        let catalog = Catalog::get();
        let service_keys: Vec<&ConditionKey> = match &self.services {
            Some(services) => services.iter().flat_map(|s| s.condition_keys()).collect(),
            None => catalog.services().iter().flat_map(Service::condition_keys).collect(),
        };
        let wanted = key.to_ascii_lowercase();
        let limit = (wanted.len() / 5).max(2);
        catalog
            .global_condition_keys()
            .iter()
            .chain(service_keys)
            .filter_map(|k| nearness(&wanted, key, k.name(), limit))
            .min()
            .map(|(_, shown)| shown)
    }
}

/// How far `wanted` (lowercased; `key` as written) is from a documented key when within
/// `limit` edits, and the key to suggest. A key with a placeholder (`aws:RequestTag/${TagKey}`) is compared by its fixed
/// part, and the suggestion keeps the written tag (`aws:RequestTags/env` gives
/// `aws:RequestTag/env`).
fn nearness(wanted: &str, key: &str, name: &'static str, limit: usize) -> Option<(usize, String)> {
    // Texts whose lengths differ by more than the limit cannot be within it.
    let within = |a: &str, b: &str| {
        let distance = (a.len().abs_diff(b.len()) <= limit).then(|| edit_distance(a, &b.to_ascii_lowercase()))?;
        (distance <= limit).then_some(distance)
    };
    if let Some(fixed) = tagged_head(name) {
        let (head, tail) = match key.split_once('/') {
            Some((head, tail)) if !tail.is_empty() => (head.to_ascii_lowercase(), Some(tail)),
            _ => (wanted.to_string(), None),
        };
        let distance = within(&head, fixed)?;
        return Some((distance, tail.map_or_else(|| name.to_string(), |t| format!("{fixed}/{t}"))));
    }
    if name.contains("${") || name.contains('<') {
        return None;
    }
    // A key written without its prefix (`SourceIp`) is compared with the part after it.
    if !wanted.contains(':') {
        let (_, bare) = name.split_once(':')?;
        return Some((within(wanted, bare)?, name.to_string()));
    }
    Some((within(wanted, name)?, name.to_string()))
}

/// The part before a final placeholder: `aws:RequestTag` of `aws:RequestTag/${TagKey}`, of
/// `s3:ExistingObjectTag/<key>`, of `secretsmanager:ResourceTag/tag-key` and of
/// `sagemaker:ResourceTag/`.
fn tagged_head(name: &str) -> Option<&str> {
    if let Some((head, rest)) = name.split_once("/${").or_else(|| name.split_once("/<")) {
        return (!rest.contains('/')).then_some(head);
    }
    name.strip_suffix("/tag-key").or_else(|| name.strip_suffix('/'))
}

/// Whether a key prefix names a web identity provider rather than a service: it holds a `.`
/// or a `/` (`token.actions.githubusercontent.com`, `oidc.eks.eu-west-1.amazonaws.com/id/ABC`,
/// `accounts.google.com`). Providers define their own claims, so these keys are not judged
/// beyond where they apply.
fn is_provider(prefix: &str) -> bool {
    prefix.contains(['.', '/'])
}

fn with_hint(message: String, suggestion: Option<String>) -> String {
    match suggestion {
        Some(s) => format!("{message}; did you mean {}?", crate::base::code(&s)),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Policy;

    /// The messages the check gives on one statement of a policy of the given kind.
    fn messages(statement: &str, kind: Option<PolicyKind>) -> Vec<String> {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        let policy = Policy::read(0, &crate::json::parse(&text).expect("test policy parses"), kind, "t".into());
        let mut sink = Sink::default();
        check(&Reviewed::new(&policy), &mut sink);
        sink.findings.into_iter().map(|f| f.message).collect()
    }

    fn verdict(action: &str, key: &str) -> Vec<String> {
        let st = format!(
            r#"{{"Effect": "Allow", "Action": {action}, "Resource": "*", "Condition": {{"StringEquals": {{"{key}": "x"}}}}}}"#
        );
        messages(&st, None)
    }

    #[test]
    fn keys_that_apply() {
        for (action, key) in [
            (r#""s3:GetObject""#, "aws:SourceIp"),
            (r#""s3:GetObject""#, "AWS:SOURCEIP"),
            (r#""s3:GetObject""#, "aws:SourceVPC"),
            (r#""s3:GetObject""#, "aws:PrincipalTag/team"),
            (r#""s3:GetObject""#, "s3:ExistingObjectTag/classification"),
            (r#""s3:List*""#, "s3:prefix"),
            (r#""*""#, "ec2:Region"),
            (r#""*:Describe*""#, "ec2:Region"),
            (r#"["s3:GetObject", "ec2:RunInstances"]"#, "ec2:InstanceType"),
            (r#""ssm:GetParameter""#, "ssm:resourceTag/team"),
            (r#""sts:AssumeRoleWithWebIdentity""#, "token.actions.githubusercontent.com:sub"),
            (r#""sts:AssumeRoleWithWebIdentity""#, "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"),
            (r#""corp:Approve""#, "corp:CostCentre"),
        ] {
            assert!(verdict(action, key).is_empty(), "{action} {key}: {:?}", verdict(action, key));
        }
        let not_action = r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "x"}}}"#;
        assert!(messages(not_action, None).is_empty());
    }

    #[test]
    fn keys_that_do_not() {
        let hint = |action: &str, key: &str| verdict(action, key).pop().unwrap_or_default();
        assert!(hint(r#""s3:GetObject""#, "aws:SourceVpcId").ends_with("did you mean `aws:SourceVpc`?"));
        assert!(hint(r#""s3:GetObject""#, "aws:ResourceTags/env").ends_with("did you mean `aws:ResourceTag/env`?"));
        assert!(hint(r#""s3:GetObject""#, "s3:prefixx").ends_with("did you mean `s3:prefix`?"));
        assert!(hint(r#""ec2:RunInstances""#, "s3:prefix").contains("not of the statement's service `ec2`"));
        assert!(hint(r#"["ec2:RunInstances", "iam:PassRole", "kms:Decrypt", "sqs:SendMessage"]"#, "s3:prefix")
            .contains("not of the statement's services `ec2`, `iam`, `kms` and 1 more"));
        assert!(hint(r#""s3:GetObject""#, "token.actions.githubusercontent.com:sub").contains("identity provider"));
        assert!(hint(r#""s3:GetObject""#, "aws:CompletelyDifferent").ends_with("is not a global condition key"));
        assert_eq!(verdict(r#""s3:GetObject""#, "corp:x").len(), 1);
    }

    #[test]
    fn provider_keys_apply_in_trust_policies() {
        let st = r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"accounts.google.com:aud": "x", "my-idp.example.com:groups": "y"}}}"#;
        assert!(messages(st, Some(PolicyKind::Trust)).is_empty());
    }

    #[test]
    fn one_finding_per_key() {
        let st = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:Foo": "x"}, "StringLike": {"AWS:foo": "y"}}}"#;
        assert_eq!(messages(st, None).len(), 1);
    }

    #[test]
    fn tagged_heads() {
        assert_eq!(tagged_head("aws:RequestTag/${TagKey}"), Some("aws:RequestTag"));
        assert_eq!(tagged_head("s3:ExistingObjectTag/<key>"), Some("s3:ExistingObjectTag"));
        assert_eq!(tagged_head("secretsmanager:ResourceTag/tag-key"), Some("secretsmanager:ResourceTag"));
        assert_eq!(tagged_head("events:Metadata/${MetadataKey}/Matcher"), None);
        assert_eq!(tagged_head("s3:prefix"), None);
    }
}
