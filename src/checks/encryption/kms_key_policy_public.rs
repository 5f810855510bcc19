use crate::checks::iam::common::{listed, public_principal_text};
use crate::checks::iam::resource_policy_public::{public_allows, unsure_note, PublicAllow};
use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::Catalog;
use crate::input::PolicyKind;

declare_check! {
    /// Key policy lets anyone use the key.
    ///
    /// ## What it checks
    /// A KMS key policy (`aws kms get-key-policy`, or a pasted resource policy) with an
    /// `Allow` to `"*"` or `{"AWS": "*"}` that grants `kms:*` or an action that decrypts,
    /// encrypts or hands out grants (`kms:Decrypt`, `kms:Encrypt`, `kms:ReEncrypt*`,
    /// `kms:GenerateDataKey*`, `kms:CreateGrant`), without a condition that restricts the
    /// caller. What restricts the caller, and which `Deny` statements close an allow, is
    /// decided exactly as for `resource-policy-public` (the same code): `kms:CallerAccount`,
    /// `kms:ViaService`, `aws:PrincipalOrgID`, `aws:SourceAccount` and the like. A key in the
    /// snapshot whose key policy is not (and that is not known to be AWS managed) is noted as
    /// not reviewed.
    ///
    /// ## Why it matters
    /// KMS keys are the last line around encrypted data: a volume, snapshot, database or
    /// bucket object encrypted under a key anyone may use for decryption is as good as
    /// unencrypted to whoever obtains a copy of it. A public `kms:CreateGrant` lets anyone
    /// give themselves those permissions.
    ///
    /// ## How to fix
    /// Name the account (or the roles) that use the key, or restrict the caller:
    /// ```json
    /// {
    ///   "Sid": "UseThroughEbsInThisAccount",
    ///   "Effect": "Allow",
    ///   "Principal": {"AWS": "*"},
    ///   "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"],
    ///   "Resource": "*",
    ///   "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}
    /// }
    /// ```
    pub static KMS_KEY_POLICY_PUBLIC = {
        id: "kms-key-policy-public",
        severity: Critical,
        area: Encryption,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// The actions that use or share the key's cryptography.
const SENSITIVE: [&str; 9] = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:CreateGrant",
];

fn check(policy: &Reviewed, sink: &mut Sink) {
    // Key policies, and pasted resource policies that say nothing of what they are attached to.
    let names_kms = || {
        let actions = policy.statements.iter().flat_map(|st| st.action.iter().chain(st.not_action.as_deref()));
        actions
            .flat_map(crate::input::policy::List::iter)
            .any(|a| a.value.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("kms:")))
    };
    let is_key = match policy.holder {
        Some(holder) => holder == "key",
        None => names_kms(),
    };
    if policy.kind != PolicyKind::Resource || !is_key {
        return;
    }
    let catalog = Catalog::get();
    let sensitive: Vec<_> = SENSITIVE.iter().filter_map(|a| Some((*a, catalog.find_action(a)?))).collect();
    let (open, unsure) = public_allows(policy);
    let mut any = false;
    for PublicAllow { grant, principal } in open {
        let granted: Vec<String> = sensitive
            .iter()
            .filter(|(_, id)| grant.actions.contains(*id))
            .map(|(name, _)| format!("`{name}`"))
            .collect();
        if granted.is_empty() {
            continue;
        }
        any = true;
        let st = grant.statement;
        let condition =
            if st.has_condition() { "a condition that does not restrict who calls" } else { "no condition" };
        let message = format!(
            "key `{}`: {} lets anyone ({}) {} with {condition}",
            policy.name,
            st.label(),
            public_principal_text(principal),
            if grant.actions.is_all() || granted.len() == SENSITIVE.len() {
                format!("use and share the key ({})", listed(&granted))
            } else {
                format!("call {}", listed(&granted))
            }
        );
        sink.on_policy(&KMS_KEY_POLICY_PUBLIC, policy, principal.span, message);
    }
    if let (true, Some(span)) = (any, unsure) {
        sink.note(&KMS_KEY_POLICY_PUBLIC, policy, span, unsure_note());
    }
}
