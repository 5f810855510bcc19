use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::eval::principal::WEB_IDENTITY_PROVIDERS;
use crate::iam::eval::Operator;
use crate::input::policy::{Clause, PrincipalType};
use crate::input::{PolicyKind, Statement};

declare_check! {
    /// Web-identity trust lets any identity of the provider assume the role.
    ///
    /// ## What it checks
    /// A role trust policy `Allow` statement for an OpenID Connect provider — an
    /// `oidc-provider/…` ARN such as GitHub Actions (`token.actions.githubusercontent.com`),
    /// EKS, GitLab or Terraform Cloud, or `accounts.google.com`, `graph.facebook.com`,
    /// `www.amazon.com` — with no condition on the provider's subject (`<provider>:sub`), or
    /// whose subject pattern matches any identity (`*`, or for GitHub `repo:*`, a repository
    /// owner that is a wildcard). Only `StringLike` reads wildcards: `StringEquals` with
    /// `repo:*` matches that literal text. For Amazon Cognito
    /// (`cognito-identity.amazonaws.com`) the condition that matters is the identity pool,
    /// `cognito-identity.amazonaws.com:aud`. A subject pinned to one repository and branch
    /// (`repo:acme/app:ref:refs/heads/main`) or an organization's repositories
    /// (`repo:acme/*`) passes. SAML providers are not web identity and are not checked.
    ///
    /// ## Why it matters
    /// The provider signs tokens for *all* its users. GitHub issues an OIDC token to every
    /// workflow of every repository on github.com; without a `sub` condition naming yours,
    /// anyone can create a repository, request a token for audience `sts.amazonaws.com` and
    /// assume your role. The same holds for any Cognito identity pool without an `aud`
    /// condition. Such roles are found and abused in the wild; IAM Access Analyzer flags them
    /// too.
    ///
    /// ## How to fix
    /// Pin the subject to the repository and branch (or environment) that deploys:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    ///   "Action": "sts:AssumeRoleWithWebIdentity",
    ///   "Condition": {
    ///     "StringEquals": {
    ///       "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
    ///       "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"
    ///     }
    ///   }
    /// }
    /// ```
    pub static TRUST_OIDC_UNRESTRICTED = {
        id: "trust-oidc-unrestricted",
        severity: Critical,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

const COGNITO: &str = "cognito-identity.amazonaws.com";
const GITHUB: &str = "token.actions.githubusercontent.com";

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Trust {
        return;
    }
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        let Some(principal) = &st.principal else { continue };
        for (ty, entry) in &principal.entries {
            if *ty != PrincipalType::Federated {
                continue;
            }
            let Some(provider) = provider(&entry.value) else { continue };
            if let Some(problem) = problem(st, provider) {
                let message = format!("{} lets {problem}", st.label());
                sink.on_policy(&TRUST_OIDC_UNRESTRICTED, policy, entry.span, message);
                break;
            }
        }
    }
}

/// The provider's host and path, which prefixes its condition keys; `None` for SAML and
/// anything that is not web identity.
fn provider(entry: &str) -> Option<&str> {
    if let Some((_, host)) = entry.split_once(":oidc-provider/") {
        return Some(host);
    }
    WEB_IDENTITY_PROVIDERS.contains(&entry).then_some(entry)
}

/// What is wrong with the statement's conditions for `provider`, as the rest of a message.
fn problem(st: &Statement, provider: &str) -> Option<String> {
    let clauses: Vec<&Clause> = st.condition.iter().flat_map(|c| &c.clauses).collect();
    let claim = if provider == COGNITO { "aud" } else { "sub" };
    let key = format!("{provider}:{claim}");
    let pinning: Vec<(&Clause, Operator)> = clauses
        .iter()
        .filter(|c| c.key.value.eq_ignore_ascii_case(&key))
        .filter_map(|c| Some((*c, Operator::parse(&c.operator.value)?)))
        .filter(|(_, op)| op.is_positive() && !op.if_exists)
        .collect();
    let who = if provider == GITHUB {
        "any GitHub repository's workflows".to_string()
    } else if provider == COGNITO {
        "users of any Cognito identity pool".to_string()
    } else {
        format!("any identity of {}", crate::base::code(provider))
    };
    if pinning.is_empty() {
        return Some(format!("{who} assume the role: no condition on `{key}`"));
    }
    for (clause, op) in pinning {
        let like = op.base.contains("Like");
        if let Some(open) = clause.values.iter().find(|v| like && matches_anyone(provider, &v.value)) {
            let pattern = crate::base::code(&open.value);
            return Some(format!("{who} assume the role: `{key}` pattern {pattern} matches any subject"));
        }
    }
    None
}

/// Whether a `StringLike` subject pattern matches every identity of the provider: only
/// wildcards, or for GitHub a repository owner that starts with a wildcard (`repo:*`,
/// `repo:*/app:*`).
fn matches_anyone(provider: &str, value: &str) -> bool {
    if value.bytes().all(|b| b == b'*') {
        return true;
    }
    if provider == GITHUB {
        return value.strip_prefix("repo:").is_some_and(|rest| rest.starts_with('*'))
            || value.starts_with('*')
            || value.starts_with("repo*");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_patterns() {
        assert!(matches_anyone(GITHUB, "*"));
        assert!(matches_anyone(GITHUB, "repo:*"));
        assert!(matches_anyone(GITHUB, "repo:*/app:*"));
        assert!(!matches_anyone(GITHUB, "repo:acme/*"));
        assert!(!matches_anyone(GITHUB, "repo:acme/app:ref:refs/heads/main"));
        assert!(matches_anyone("oidc.eks.eu-west-1.amazonaws.com/id/ABC", "*"));
        assert!(!matches_anyone("oidc.eks.eu-west-1.amazonaws.com/id/ABC", "system:serviceaccount:*"));
        assert_eq!(provider("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"), Some(GITHUB));
        assert_eq!(provider("arn:aws:iam::1:saml-provider/okta"), None);
    }
}
