//! Credential-returning and data-exfiltration actions as data.
//!
//! [`CREDENTIAL_ACTIONS`] is the union of the credential-exposure lists of cloudsplaining,
//! parliament and `policy_sentry` (`shared/research/iam-anchors.md` §9.2), less three names that are
//! not IAM actions ([`NOT_IAM_ACTIONS`]). [`EXFILTRATION_ACTIONS`] is cloudsplaining's
//! data-exfiltration list plus our own tiered extension (§9.3). The `exposes` texts are ours. The
//! tests check every name against the embedded catalogue.

/// How much an exfiltration action gives away, most serious first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Secret values, keys or passwords, or the means to decrypt them.
    Secret,
    /// Stored data read (or copied out) in bulk.
    BulkData,
    /// Configuration or output that often, but not by design, contains secrets.
    Metadata,
}

impl Tier {
    /// How the tier is named on the page: `"secrets"`, `"bulk data"` or
    /// `"metadata that may hold secrets"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Secret => "secrets",
            Self::BulkData => "bulk data",
            Self::Metadata => "metadata that may hold secrets",
        }
    }
}

/// An action whose response holds something sensitive.
#[derive(Clone, Copy, Debug)]
pub struct Sensitive {
    /// The action, canonical spelling as in the catalogue (`secretsmanager:GetSecretValue`).
    pub action: &'static str,
    pub tier: Tier,
    /// What the response exposes, a few words: "a new access key's secret", "decrypted secret
    /// values".
    pub exposes: &'static str,
}

const fn secret(action: &'static str, exposes: &'static str) -> Sensitive {
    Sensitive { action, tier: Tier::Secret, exposes }
}

const fn bulk(action: &'static str, exposes: &'static str) -> Sensitive {
    Sensitive { action, tier: Tier::BulkData, exposes }
}

const fn metadata(action: &'static str, exposes: &'static str) -> Sensitive {
    Sensitive { action, tier: Tier::Metadata, exposes }
}

/// Actions whose response holds credentials (keys, tokens, passwords): §9.2, all 48 names less
/// the three in [`NOT_IAM_ACTIONS`]. A few grant a credential rather than return one
/// (`iam:CreateLoginProfile` sets a password the caller chooses, `iam:UpdateAccessKey` revives a
/// disabled key, `rds-db:connect` is a database login); the anchors list them for the same risk.
pub static CREDENTIAL_ACTIONS: &[Sensitive] = &[
    secret("airflow:CreateCliToken", "a token for the Airflow command line"),
    secret("airflow:CreateWebLoginToken", "a token to sign in to the Airflow web server"),
    secret("appsync:CreateApiKey", "a new AppSync API key"),
    secret("chime:CreateApiKey", "a new Chime API key"),
    secret("cloud9:CreateEnvironmentToken", "an access token for a Cloud9 environment"),
    secret("codeartifact:GetAuthorizationToken", "a token for the package repositories"),
    secret("codepipeline:PollForJobs", "temporary credentials for a job's artifacts"),
    secret("cognito-identity:GetCredentialsForIdentity", "temporary AWS credentials for an identity"),
    secret("cognito-identity:GetOpenIdToken", "an OpenID token for an identity"),
    secret("cognito-identity:GetOpenIdTokenForDeveloperIdentity", "an OpenID token for any developer identity"),
    secret("cognito-idp:AssociateSoftwareToken", "the secret seed of a new MFA token"),
    secret("cognito-idp:DescribeUserPoolClient", "an app client's secret"),
    secret("cognito-idp:GetSigningCertificate", "the user pool's signing certificate"),
    secret("connect:GetFederationToken", "credentials for the Amazon Connect console"),
    secret("ec2:GetPasswordData", "an instance's encrypted Windows administrator password"),
    secret("ecr:GetAuthorizationToken", "a login token for the container registry"),
    secret("ecr-public:GetAuthorizationToken", "a login token for the public container registry"),
    secret("emr-containers:GetManagedEndpointSessionCredentials", "session credentials for a managed endpoint"),
    secret("finspace-api:GetProgrammaticAccessCredentials", "programmatic access credentials for FinSpace"),
    secret("gamelift:GetComputeAccess", "credentials for a fleet's compute resource"),
    secret("gamelift:GetComputeAuthToken", "an authentication token for a compute resource"),
    secret("gamelift:GetInstanceAccess", "login credentials for a fleet instance"),
    secret("gamelift:RequestUploadCredentials", "temporary credentials for the build upload bucket"),
    secret("grafana:CreateWorkspaceApiKey", "a new Grafana workspace API key"),
    secret("iam:CreateAccessKey", "a new access key's secret"),
    secret("iam:CreateLoginProfile", "a console password of the caller's choosing"),
    secret("iam:CreateServiceSpecificCredential", "a new service-specific password"),
    secret("iam:ResetServiceSpecificCredential", "a regenerated service-specific password"),
    secret("iam:UpdateAccessKey", "a disabled access key, made usable again"),
    secret("license-manager:GetAccessToken", "a temporary access token"),
    secret("lightsail:CreateBucketAccessKey", "a new bucket access key's secret"),
    secret("lightsail:DownloadDefaultKeyPair", "the default SSH private key"),
    secret("lightsail:GetInstanceAccessDetails", "temporary SSH or RDP login details"),
    secret("lightsail:GetRelationalDatabaseMasterUserPassword", "a database's master password"),
    secret("mediapackage:RotateChannelCredentials", "new ingest credentials for a channel"),
    secret("mediapackage:RotateIngestEndpointCredentials", "new credentials for an ingest endpoint"),
    secret("rds-db:connect", "a database login with an IAM authentication token"),
    secret("redshift:GetClusterCredentials", "a temporary database password"),
    secret("redshift:GetClusterCredentialsWithIAM", "a temporary database password for the caller's identity"),
    secret("redshift-serverless:GetCredentials", "a temporary database password"),
    secret("sts:AssumeRole", "temporary credentials for a role"),
    secret("sts:AssumeRoleWithSAML", "temporary credentials for a role, from a SAML assertion"),
    secret("sts:AssumeRoleWithWebIdentity", "temporary credentials for a role, from an OIDC token"),
    secret("sts:GetFederationToken", "temporary credentials for a federated user"),
    secret("sts:GetSessionToken", "temporary credentials for the caller"),
];

/// Credential actions whose credential is the caller's own — a registry or repository token
/// for the caller (`ecr:GetAuthorizationToken`), a session token for the caller
/// (`sts:GetSessionToken`), or Cognito's credentials for the identity presenting a token —
/// so that they give no access the caller does not already have. `credentials-exposure`
/// leaves them out (cloudsplaining and parliament report them; the comparison with parliament
/// found these findings to be noise).
pub static CALLER_OWN_CREDENTIALS: &[&str] = &[
    "ecr:GetAuthorizationToken",
    "ecr-public:GetAuthorizationToken",
    "codeartifact:GetAuthorizationToken",
    "sts:GetSessionToken",
    "cognito-identity:GetCredentialsForIdentity",
    "cognito-identity:GetOpenIdToken",
];

/// Names some tools list as credential actions that are not IAM actions in the catalogue (portal
/// or credential-provider APIs): `connect:GetFederationTokens`, `iot:AssumeRoleWithCertificate`,
/// `sso:GetRoleCredentials`. Kept so that they are documented, never matched.
pub static NOT_IAM_ACTIONS: &[&str] =
    &["connect:GetFederationTokens", "iot:AssumeRoleWithCertificate", "sso:GetRoleCredentials"];

/// Actions that read stored data in bulk or read secrets: §9.3, cloudsplaining's list (the first
/// seven) plus the proposed extension, tiered.
pub static EXFILTRATION_ACTIONS: &[Sensitive] = &[
    // cloudsplaining's data-exfiltration actions and default `include-actions`.
    bulk("s3:GetObject", "stored objects"),
    secret("ssm:GetParameter", "parameter values, SecureStrings decrypted on request"),
    secret("ssm:GetParameters", "several parameter values, SecureStrings decrypted on request"),
    secret("ssm:GetParametersByPath", "every parameter under a path, SecureStrings decrypted on request"),
    secret("secretsmanager:GetSecretValue", "decrypted secret values"),
    bulk("rds:CopyDBSnapshot", "a copy of a database snapshot"),
    bulk("rds:CreateDBSnapshot", "a snapshot of a whole database"),
    // The extension: secrets and keys.
    secret("secretsmanager:BatchGetSecretValue", "decrypted values of many secrets at once"),
    secret("ssm:GetParameterHistory", "past parameter values, including replaced secrets"),
    secret("kms:Decrypt", "the plaintext of anything encrypted under the key"),
    secret("glue:GetConnection", "connection passwords and endpoints"),
    secret("lambda:GetFunctionConfiguration", "a function's environment variables"),
    secret("lambda:GetFunction", "a function's environment variables and a link to its code"),
    secret("ecs:DescribeTaskDefinition", "container environment variables"),
    secret("codebuild:BatchGetProjects", "build environment variables"),
    secret("appsync:GetDataSource", "data source settings, which can hold endpoint credentials"),
    // Bulk data.
    bulk("s3:GetObjectVersion", "earlier versions of objects, including deleted ones"),
    bulk("dynamodb:Scan", "whole tables"),
    bulk("dynamodb:Query", "table items by key"),
    bulk("dynamodb:GetItem", "single table items"),
    bulk("dynamodb:BatchGetItem", "many table items at once"),
    bulk("dynamodb:ExportTableToPointInTime", "a full table export to S3"),
    bulk("ec2:CreateSnapshot", "a copy of a volume, which can then be shared"),
    bulk("rds:ModifyDBSnapshotAttribute", "database snapshots, shared with other accounts"),
    bulk("rds:ModifyDBClusterSnapshotAttribute", "cluster snapshots, shared with other accounts"),
    bulk("ecr:BatchGetImage", "container image manifests"),
    bulk("ecr:GetDownloadUrlForLayer", "container image layers"),
    bulk("codecommit:GitPull", "repository source code"),
    bulk("athena:GetQueryResults", "results of past queries"),
    bulk("logs:GetLogEvents", "log contents"),
    bulk("logs:FilterLogEvents", "log contents, searched across streams"),
    // Metadata that may hold secrets.
    metadata("cloudformation:GetTemplate", "stack templates, sometimes with embedded secrets"),
    metadata("ec2:GetConsoleOutput", "an instance's console output"),
    metadata("ec2:GetConsoleScreenshot", "a screenshot of an instance's console"),
    metadata("ssm:GetDocument", "document content such as scripts"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::catalog::Catalog;
    use std::collections::HashSet;

    #[test]
    fn caller_own_credentials_are_credential_actions() {
        for action in CALLER_OWN_CREDENTIALS {
            assert!(CREDENTIAL_ACTIONS.iter().any(|s| s.action == *action), "{action} is not in CREDENTIAL_ACTIONS");
        }
    }

    fn assert_canonical(list: &str, entries: &[Sensitive]) {
        let catalog = Catalog::get();
        for entry in entries {
            let action = entry.action;
            let id =
                catalog.find_action(action).unwrap_or_else(|| panic!("{list}: `{action}` is not in the catalogue"));
            assert_eq!(catalog.qualified_name(id), action, "{list}: `{action}` is not spelled as in the catalogue");
        }
    }

    fn assert_unique(list: &str, entries: &[Sensitive]) {
        let mut seen = HashSet::new();
        for entry in entries {
            assert!(seen.insert(entry.action.to_ascii_lowercase()), "{list}: `{}` is listed twice", entry.action);
        }
    }

    #[test]
    fn credential_actions_are_catalogued_and_canonical() {
        assert_canonical("CREDENTIAL_ACTIONS", CREDENTIAL_ACTIONS);
    }

    #[test]
    fn exfiltration_actions_are_catalogued_and_canonical() {
        assert_canonical("EXFILTRATION_ACTIONS", EXFILTRATION_ACTIONS);
    }

    #[test]
    fn not_iam_actions_are_absent_from_the_catalogue() {
        let catalog = Catalog::get();
        for &name in NOT_IAM_ACTIONS {
            assert!(catalog.find_action(name).is_none(), "NOT_IAM_ACTIONS: `{name}` is in the catalogue");
        }
    }

    #[test]
    fn no_duplicates() {
        assert_unique("CREDENTIAL_ACTIONS", CREDENTIAL_ACTIONS);
        assert_unique("EXFILTRATION_ACTIONS", EXFILTRATION_ACTIONS);
        let mut seen = HashSet::new();
        for &name in NOT_IAM_ACTIONS {
            assert!(seen.insert(name), "NOT_IAM_ACTIONS: `{name}` is listed twice");
        }
    }

    #[test]
    fn no_action_in_both_lists() {
        let credentials: HashSet<String> =
            CREDENTIAL_ACTIONS.iter().map(|entry| entry.action.to_ascii_lowercase()).collect();
        for entry in EXFILTRATION_ACTIONS {
            assert!(
                !credentials.contains(&entry.action.to_ascii_lowercase()),
                "`{}` is in both CREDENTIAL_ACTIONS and EXFILTRATION_ACTIONS",
                entry.action
            );
        }
        for &name in NOT_IAM_ACTIONS {
            let name = name.to_ascii_lowercase();
            assert!(
                CREDENTIAL_ACTIONS.iter().all(|entry| entry.action.to_ascii_lowercase() != name),
                "`{name}` is in both NOT_IAM_ACTIONS and CREDENTIAL_ACTIONS"
            );
        }
    }

    #[test]
    fn counts_match_the_research() {
        // §9.2 lists 48 names, three of which are not IAM actions.
        assert_eq!(CREDENTIAL_ACTIONS.len() + NOT_IAM_ACTIONS.len(), 48);
        assert!(CREDENTIAL_ACTIONS.iter().all(|entry| entry.tier == Tier::Secret), "credential actions are secrets");
    }

    #[test]
    fn exposes_is_a_short_phrase() {
        for entry in CREDENTIAL_ACTIONS.iter().chain(EXFILTRATION_ACTIONS) {
            let exposes = entry.exposes;
            assert!(
                !exposes.is_empty() && !exposes.ends_with('.') && !exposes.starts_with(char::is_uppercase),
                "`{}`: exposes is a lowercase phrase without a full stop",
                entry.action
            );
        }
    }

    #[test]
    fn tiers_order_from_most_serious() {
        assert!(Tier::Secret < Tier::BulkData && Tier::BulkData < Tier::Metadata);
        assert_eq!(Tier::Secret.as_str(), "secrets");
        assert_eq!(Tier::BulkData.as_str(), "bulk data");
        assert_eq!(Tier::Metadata.as_str(), "metadata that may hold secrets");
    }
}
