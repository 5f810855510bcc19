//! Who makes a request, and whether a statement's `Principal` or `NotPrincipal` names them.

use crate::input::{Principal as PrincipalElement, PrincipalType};

use super::arn::Arn;

/// The caller of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// An unauthenticated caller (`*` or `anonymous`).
    Anonymous,
    /// An IAM identity or a whole account: `123456789012`, `arn:aws:iam::…:root`, a user, a role
    /// or a role session.
    Aws { arn: String, account: String },
    /// A service principal such as `lambda.amazonaws.com`.
    Service(String),
    /// A web-identity or SAML provider (`cognito-identity.amazonaws.com`, an `oidc-provider` or
    /// `saml-provider` ARN).
    Federated(String),
    /// An S3 canonical user id.
    CanonicalUser(String),
}

/// Identity providers AWS accepts by name in `Federated`.
pub const WEB_IDENTITY_PROVIDERS: [&str; 4] =
    ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"];

impl Caller {
    /// Reads a principal as a user types it. `service:`, `federated:` and `canonical:` prefixes
    /// force a type; otherwise it is inferred from the shape.
    pub fn parse(text: &str) -> Result<Caller, String> {
        let text = text.trim();
        if let Some(s) = text.strip_prefix("service:") {
            return Ok(Caller::Service(s.to_string()));
        }
        if let Some(s) = text.strip_prefix("federated:") {
            return Ok(Caller::Federated(s.to_string()));
        }
        if let Some(s) = text.strip_prefix("canonical:") {
            return Ok(Caller::CanonicalUser(s.to_string()));
        }
        if text == "*" || text.eq_ignore_ascii_case("anonymous") {
            return Ok(Caller::Anonymous);
        }
        if is_account_id(text) {
            return Ok(Caller::Aws { arn: format!("arn:aws:iam::{text}:root"), account: text.to_string() });
        }
        if WEB_IDENTITY_PROVIDERS.contains(&text) {
            return Ok(Caller::Federated(text.to_string()));
        }
        if let Some(arn) = Arn::parse(text) {
            if arn.resource.starts_with("oidc-provider/") || arn.resource.starts_with("saml-provider/") {
                return Ok(Caller::Federated(text.to_string()));
            }
            if (arn.service == "iam" || arn.service == "sts") && is_account_id(arn.account) {
                return Ok(Caller::Aws { arn: text.to_string(), account: arn.account.to_string() });
            }
            return Err(format!("`{text}` is not a user, role, role session or account root ARN"));
        }
        if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
            return Ok(Caller::Service(text.to_string()));
        }
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Caller::CanonicalUser(text.to_string()));
        }
        Err(format!(
            "`{text}` is not a principal: give an account id, a user or role ARN, a service such as \
             `lambda.amazonaws.com`, an identity provider, or `*`"
        ))
    }

    /// How a message names the caller.
    pub fn describe(&self) -> String {
        match self {
            Caller::Anonymous => "an anonymous caller".into(),
            Caller::Aws { arn, .. } => format!("`{arn}`"),
            Caller::Service(s) => format!("the service `{s}`"),
            Caller::Federated(f) => format!("users of `{f}`"),
            Caller::CanonicalUser(c) => format!("the canonical user `{c}`"),
        }
    }

    /// Values the request context takes from the caller (`aws:PrincipalArn`, …).
    pub fn context(&self) -> Vec<(&'static str, String)> {
        let mut keys = Vec::new();
        match self {
            Caller::Aws { arn, account } => {
                keys.push(("aws:PrincipalAccount", account.clone()));
                let parsed = Arn::parse(arn);
                let resource = parsed.map_or("", |a| a.resource);
                let (ty, principal_arn) = if let Some(rest) = resource.strip_prefix("assumed-role/") {
                    let role = rest.split('/').next().unwrap_or(rest);
                    ("AssumedRole", format!("arn:aws:iam::{account}:role/{role}"))
                } else if resource.starts_with("user/") {
                    if let Some(name) = resource.rsplit('/').next() {
                        keys.push(("aws:username", name.to_string()));
                    }
                    ("User", arn.clone())
                } else if resource == "root" {
                    ("Account", arn.clone())
                } else {
                    ("Role", arn.clone())
                };
                keys.push(("aws:PrincipalArn", principal_arn));
                if ty != "Role" {
                    keys.push(("aws:PrincipalType", ty.to_string()));
                }
            }
            Caller::Service(s) => {
                keys.push(("aws:PrincipalServiceName", s.clone()));
                keys.push(("aws:PrincipalIsAWSService", "true".into()));
            }
            Caller::Anonymous => keys.push(("aws:PrincipalType", "Anonymous".into())),
            Caller::Federated(_) | Caller::CanonicalUser(_) => {}
        }
        keys
    }
}

pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether one entry of a `Principal` element names the caller, and why.
pub fn entry_names(ty: PrincipalType, entry: &str, caller: &Caller) -> bool {
    match (ty, caller) {
        (PrincipalType::Aws, _) if entry == "*" => true,
        (PrincipalType::Aws, Caller::Aws { arn, account }) => {
            if is_account_id(entry) {
                return entry == account;
            }
            let Some(want) = Arn::parse(entry) else { return false };
            if want.resource == "root" {
                return want.account == account;
            }
            if entry == arn {
                return true;
            }
            // Role and user names are unique in an account whatever their path, and a role
            // names its sessions: `role/path/Name` matches `role/Name` and `assumed-role/Name/s`.
            let Some(have) = Arn::parse(arn).filter(|a| a.account == want.account) else { return false };
            let name = |resource: &str, ty: &str| -> Option<String> {
                let rest = resource.strip_prefix(ty)?.strip_prefix('/')?;
                rest.rsplit('/').next().map(str::to_string)
            };
            let session = have.resource.strip_prefix("assumed-role/").and_then(|r| r.split('/').next());
            ["role", "user"].iter().any(|ty| {
                let wanted = name(want.resource, ty);
                wanted.is_some()
                    && (wanted == name(have.resource, ty) || (*ty == "role" && wanted.as_deref() == session))
            })
        }
        (PrincipalType::Service, Caller::Service(s)) => entry.eq_ignore_ascii_case(s),
        (PrincipalType::Federated, Caller::Federated(f)) => entry == f,
        (PrincipalType::CanonicalUser, Caller::CanonicalUser(c)) => entry == c,
        _ => false,
    }
}

/// Whether an entry names a whole account (`123456789012`, `arn:aws:iam::123456789012:root`)
/// rather than one identity. In a resource-based policy such an entry delegates to the account,
/// whose identity policies then decide which of its identities get the access (IAM User Guide,
/// *AWS JSON policy elements: Principal*, AWS account principals).
pub fn is_account_entry(entry: &str) -> bool {
    is_account_id(entry) || Arn::parse(entry).is_some_and(|a| a.resource == "root")
}

/// Whether a `Principal` element names the caller itself (not only its account, unless the
/// caller is the account's root); the matching entry's text for the reason.
pub fn names_directly(element: &PrincipalElement, caller: &Caller) -> Option<String> {
    if element.wildcard {
        return Some("*".into());
    }
    let is_root = matches!(caller, Caller::Aws { arn, .. } if arn.ends_with(":root"));
    element
        .entries
        .iter()
        .filter(|(ty, e)| is_root || *ty != PrincipalType::Aws || !is_account_entry(&e.value))
        .find(|(ty, e)| entry_names(*ty, &e.value, caller))
        .map(|(_, e)| e.value.clone())
}

/// Whether a `Principal` element names the caller; the matching entry's text for the reason.
pub fn names(element: &PrincipalElement, caller: &Caller) -> Option<String> {
    if element.wildcard {
        return Some("*".into());
    }
    element.entries.iter().find(|(ty, e)| entry_names(*ty, &e.value, caller)).map(|(_, e)| e.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_parse() {
        assert_eq!(Caller::parse("*").unwrap(), Caller::Anonymous);
        assert!(
            matches!(Caller::parse("123456789012").unwrap(), Caller::Aws { account, .. } if account == "123456789012")
        );
        assert!(matches!(Caller::parse("lambda.amazonaws.com").unwrap(), Caller::Service(_)));
        assert!(matches!(Caller::parse("cognito-identity.amazonaws.com").unwrap(), Caller::Federated(_)));
        assert!(matches!(
            Caller::parse("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com").unwrap(),
            Caller::Federated(_)
        ));
        assert!(Caller::parse("bob").is_err());
        assert!(Caller::parse("arn:aws:s3:::bucket").is_err());
    }

    #[test]
    fn entries_name_callers() {
        let role = Caller::parse("arn:aws:iam::111122223333:role/app").unwrap();
        let session = Caller::parse("arn:aws:sts::111122223333:assumed-role/app/s1").unwrap();
        let other = Caller::parse("arn:aws:iam::444455556666:role/app").unwrap();
        for caller in [&role, &session] {
            assert!(entry_names(PrincipalType::Aws, "111122223333", caller));
            assert!(entry_names(PrincipalType::Aws, "arn:aws:iam::111122223333:root", caller));
            assert!(entry_names(PrincipalType::Aws, "arn:aws:iam::111122223333:role/team/app", caller));
            assert!(entry_names(PrincipalType::Aws, "*", caller));
        }
        assert!(!entry_names(PrincipalType::Aws, "111122223333", &other));
        assert!(!entry_names(PrincipalType::Aws, "arn:aws:iam::111122223333:role/*", &role));
        let svc = Caller::parse("ec2.amazonaws.com").unwrap();
        assert!(entry_names(PrincipalType::Service, "ec2.amazonaws.com", &svc));
        assert!(!entry_names(PrincipalType::Aws, "111122223333", &svc));
        assert!(entry_names(PrincipalType::Aws, "*", &Caller::Anonymous));
    }

    #[test]
    fn context_from_caller() {
        let user = Caller::parse("arn:aws:iam::111122223333:user/dev/alice").unwrap();
        let keys = user.context();
        assert!(keys.contains(&("aws:username", "alice".into())));
        assert!(keys.contains(&("aws:PrincipalAccount", "111122223333".into())));
        let session = Caller::parse("arn:aws:sts::111122223333:assumed-role/app/s1").unwrap();
        assert!(session.context().contains(&("aws:PrincipalArn", "arn:aws:iam::111122223333:role/app".into())));
    }
}
