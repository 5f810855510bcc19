//! The checks: one file each, grouped by area. Each declares its id, severity, area,
//! controls and documentation beside its logic with [`declare_check!`]; [`REGISTRY`] lists
//! them all, and the CLI, the page and the rules reference read that one list.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

pub mod credentials;
pub mod encryption;
pub mod iam;
pub mod input;
pub mod network;
pub mod patching;
pub mod paths;
pub mod reference;

use std::ops::Deref;

pub use crate::base::{Rule, SECTIONS};
use serde::Deserialize;

use crate::iam::account::Account;
use crate::iam::eval::Permissions;
use crate::input::{Policy, Site};
use crate::json::Span;
use crate::model::Model;

/// What a check runs on.
pub enum Runner {
    /// Each policy document of the snapshot, standalone or embedded.
    Policy(fn(&Reviewed, &mut Sink)),
    /// The snapshot's typed resources, once. It runs only when every kind of input it needs
    /// (ids such as `ec2.describe-security-groups`) was given; otherwise the report lists it as
    /// skipped, with what to collect, rather than saying nothing. A need may name alternatives
    /// separated by `|` (`iam.get-credential-report|iam.credential-report-csv`): any one of them
    /// meets it, and a skipped check lists the need as written.
    Snapshot { needs: &'static [&'static str], run: fn(&Model, &Thresholds, &mut Sink) },
    /// Input errors are found while reading; the check only carries the documentation.
    Input,
    /// Each policy document, and the snapshot once (never skipped: `needs` is empty): for a
    /// rule about a policy that also flags what a bundle states has none (a bucket's
    /// `NoSuchBucketPolicy`).
    PolicyAndSnapshot { policy: fn(&Reviewed, &mut Sink), run: fn(&Model, &Thresholds, &mut Sink) },
    /// Each user, group and role of the snapshot's authorization details, with its effective
    /// permissions ([`Account`]). Skipped, and listed so, without authorization details.
    Principals(fn(&Account, &mut Sink)),
    /// One rule on both: each policy document, and each principal's effective permissions
    /// (`admin-access`, `privilege-escalation`). The principal runner runs only when the
    /// snapshot has authorization details; without them the rule is not "skipped", since it
    /// ran on the policies.
    PolicyAndPrincipals { policy: fn(&Reviewed, &mut Sink), principals: fn(&Account, &mut Sink) },
    /// The snapshot once, with the principals' effective permissions ([`Account`], whose
    /// `model` is the snapshot): for a rule that joins resources to what their roles or users
    /// can do (the attack paths). Like [`Runner::Snapshot`] it runs only when every kind it
    /// needs was given; its needs include the authorization details.
    Joined { needs: &'static [&'static str], run: fn(&Account, &Thresholds, &mut Sink) },
}

pub struct Check {
    pub rule: Rule,
    pub run: Runner,
}

/// Declares a check: its documentation (the doc comment), metadata and runner.
macro_rules! declare_check {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            area: $area:ident,
            controls: [$($control:literal),* $(,)?],
            run: $run:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::checks::Check = $crate::checks::Check {
            rule: $crate::base::Rule {
                id: $id,
                severity: $crate::base::Severity::$severity,
                area: $crate::base::Area::$area,
                controls: &[$($control),*],
                doc: concat!($($doc, "\n"),*),
            },
            run: $run,
        };
    };
}
pub(crate) use declare_check;

/// Every check, in catalogue order.
pub static REGISTRY: &[&Check] = &[
    &input::INPUT_NOT_JSON,
    &input::INPUT_UNRECOGNIZED,
    &iam::policy_invalid::POLICY_INVALID,
    &iam::policy_version_missing::POLICY_VERSION_MISSING,
    &iam::unknown_action::UNKNOWN_ACTION,
    &iam::action_resource_mismatch::ACTION_RESOURCE_MISMATCH,
    &iam::unknown_condition_key::UNKNOWN_CONDITION_KEY,
    &iam::condition_type_mismatch::CONDITION_TYPE_MISMATCH,
    &iam::admin_access::ADMIN_ACCESS,
    &iam::not_action_allow::NOT_ACTION_ALLOW,
    &iam::service_wildcard::SERVICE_WILDCARD,
    &iam::write_on_all_resources::WRITE_ON_ALL_RESOURCES,
    &iam::privilege_escalation::PRIVILEGE_ESCALATION,
    &iam::pass_role_to_any::PASS_ROLE_TO_ANY,
    &iam::data_exfiltration::DATA_EXFILTRATION,
    &iam::credentials_exposure::CREDENTIALS_EXPOSURE,
    &iam::resource_policy_public::RESOURCE_POLICY_PUBLIC,
    &iam::trust_any_principal::TRUST_ANY_PRINCIPAL,
    &iam::trust_cross_account_no_external_id::TRUST_CROSS_ACCOUNT_NO_EXTERNAL_ID,
    &iam::trust_oidc_unrestricted::TRUST_OIDC_UNRESTRICTED,
    &iam::duplicate_sid::DUPLICATE_SID,
    &iam::redundant_statement::REDUNDANT_STATEMENT,
    &iam::missing_permissions_boundary::MISSING_PERMISSIONS_BOUNDARY,
    &iam::boundary_not_enforced::BOUNDARY_NOT_ENFORCED,
    &iam::ineffective_permissions_boundary::INEFFECTIVE_PERMISSIONS_BOUNDARY,
    &iam::user_policy_attached_directly::USER_POLICY_ATTACHED_DIRECTLY,
    &iam::unattached_policy::UNATTACHED_POLICY,
    &credentials::root_access_key::ROOT_ACCESS_KEY,
    &credentials::root_mfa_disabled::ROOT_MFA_DISABLED,
    &credentials::console_user_without_mfa::CONSOLE_USER_WITHOUT_MFA,
    &credentials::access_key_not_rotated::ACCESS_KEY_NOT_ROTATED,
    &credentials::unused_credentials::UNUSED_CREDENTIALS,
    &credentials::long_term_access_key::LONG_TERM_ACCESS_KEY,
    &credentials::multiple_active_access_keys::MULTIPLE_ACTIVE_ACCESS_KEYS,
    &credentials::password_policy_weak::PASSWORD_POLICY_WEAK,
    &network::sg_open_all_traffic::SG_OPEN_ALL_TRAFFIC,
    &network::sg_open_admin_port::SG_OPEN_ADMIN_PORT,
    &network::sg_open_to_world::SG_OPEN_TO_WORLD,
    &network::sg_default_allows_traffic::SG_DEFAULT_ALLOWS_TRAFFIC,
    &network::sg_wide_cidr::SG_WIDE_CIDR,
    &network::nacl_open_admin_port::NACL_OPEN_ADMIN_PORT,
    &network::subnet_auto_public_ip::SUBNET_AUTO_PUBLIC_IP,
    &network::instance_public_ip::INSTANCE_PUBLIC_IP,
    &network::instance_internet_exposed::INSTANCE_INTERNET_EXPOSED,
    &network::rds_publicly_accessible::RDS_PUBLICLY_ACCESSIBLE,
    &network::vpc_flow_logs_disabled::VPC_FLOW_LOGS_DISABLED,
    &network::vpc_no_gateway_endpoints::VPC_NO_GATEWAY_ENDPOINTS,
    &network::vpc_endpoint_policy_full_access::VPC_ENDPOINT_POLICY_FULL_ACCESS,
    &network::default_vpc_in_use::DEFAULT_VPC_IN_USE,
    &encryption::s3_insecure_transport::S3_INSECURE_TRANSPORT,
    &encryption::s3_no_default_encryption::S3_NO_DEFAULT_ENCRYPTION,
    &encryption::s3_public_access_block_off::S3_PUBLIC_ACCESS_BLOCK_OFF,
    &encryption::ebs_volume_unencrypted::EBS_VOLUME_UNENCRYPTED,
    &encryption::ebs_default_encryption_off::EBS_DEFAULT_ENCRYPTION_OFF,
    &encryption::ebs_snapshot_unencrypted::EBS_SNAPSHOT_UNENCRYPTED,
    &encryption::ebs_snapshot_public::EBS_SNAPSHOT_PUBLIC,
    &encryption::rds_storage_unencrypted::RDS_STORAGE_UNENCRYPTED,
    &encryption::rds_snapshot_unencrypted::RDS_SNAPSHOT_UNENCRYPTED,
    &encryption::kms_rotation_disabled::KMS_ROTATION_DISABLED,
    &encryption::kms_key_pending_deletion::KMS_KEY_PENDING_DELETION,
    &encryption::kms_key_policy_public::KMS_KEY_POLICY_PUBLIC,
    &encryption::elb_listener_plaintext::ELB_LISTENER_PLAINTEXT,
    &encryption::elb_tls_policy_outdated::ELB_TLS_POLICY_OUTDATED,
    &encryption::rds_tls_not_enforced::RDS_TLS_NOT_ENFORCED,
    &encryption::cloudfront_viewer_http::CLOUDFRONT_VIEWER_HTTP,
    &encryption::cloudfront_tls_outdated::CLOUDFRONT_TLS_OUTDATED,
    &patching::instance_not_managed::INSTANCE_NOT_MANAGED,
    &patching::ssm_agent_unreachable::SSM_AGENT_UNREACHABLE,
    &patching::ssm_agent_outdated::SSM_AGENT_OUTDATED,
    &patching::patch_noncompliant::PATCH_NONCOMPLIANT,
    &patching::patch_reboot_pending::PATCH_REBOOT_PENDING,
    &patching::patch_scan_only::PATCH_SCAN_ONLY,
    &patching::patch_state_stale::PATCH_STATE_STALE,
    &patching::patch_baseline_slow_approval::PATCH_BASELINE_SLOW_APPROVAL,
    &patching::patch_baseline_compliance_unspecified::PATCH_BASELINE_COMPLIANCE_UNSPECIFIED,
    &patching::maintenance_window_disabled::MAINTENANCE_WINDOW_DISABLED,
    &patching::maintenance_window_infrequent::MAINTENANCE_WINDOW_INFREQUENT,
    &patching::maintenance_window_business_hours::MAINTENANCE_WINDOW_BUSINESS_HOURS,
    &patching::maintenance_window_no_patch_install::MAINTENANCE_WINDOW_NO_PATCH_INSTALL,
    &patching::rds_auto_minor_upgrade_disabled::RDS_AUTO_MINOR_UPGRADE_DISABLED,
    &patching::no_automatic_patching::NO_AUTOMATIC_PATCHING,
    &paths::instance_imdsv1_enabled::INSTANCE_IMDSV1_ENABLED,
    &paths::role_chain_to_admin::ROLE_CHAIN_TO_ADMIN,
    &paths::privileged_user_weak_credentials::PRIVILEGED_USER_WEAK_CREDENTIALS,
    &paths::exposed_instance_privileged_role::EXPOSED_INSTANCE_PRIVILEGED_ROLE,
    &paths::exposed_instance_unpatched::EXPOSED_INSTANCE_UNPATCHED,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().map(|c| &c.rule).find(|r| r.id == id)
}

/// Every rule, in catalogue order.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    REGISTRY.iter().map(|c| &c.rule)
}

/// A finding as a check raises it: still in byte spans, before configuration and sorting.
#[derive(Clone, Debug)]
pub struct RawFinding {
    pub rule: &'static Rule,
    pub resource: String,
    pub message: String,
    pub site: Site,
    /// Reported one severity step lower: the access it is about depends on a condition.
    pub lowered: bool,
    /// Reported one severity step higher: the rule's decision rule names a graver case.
    pub raised: bool,
    /// The hops of a finding that joins resources, each a label and where it is.
    pub path: Vec<(String, Site)>,
    /// The severity the decision rule gives this case, when it is not the rule's
    /// (`ineffective-permissions-boundary` on a boundary absent from the snapshot: info).
    pub fixed: Option<crate::base::Severity>,
}

/// A policy as the checks see it: the document, and what the evaluation core makes of it
/// (each statement's actions expanded once, deny applied), computed once for every check.
pub struct Reviewed<'p> {
    pub policy: &'p Policy,
    pub permissions: Permissions<'p>,
}

impl<'p> Reviewed<'p> {
    pub fn new(policy: &'p Policy) -> Self {
        Reviewed { policy, permissions: Permissions::of(policy) }
    }
}

impl Deref for Reviewed<'_> {
    type Target = Policy;

    fn deref(&self) -> &Policy {
        self.policy
    }
}

/// A check's remark on an input that is not a finding: it judged part of the input in a
/// cautious way, or not at all (a comparison over its work budget, a documented size cap).
#[derive(Clone, Debug)]
pub struct RawNote {
    pub rule: &'static Rule,
    pub message: String,
    pub site: Site,
}

/// Where checks put what they find.
#[derive(Default)]
pub struct Sink {
    pub(crate) findings: Vec<RawFinding>,
    pub(crate) notes: Vec<RawNote>,
    /// The role graph `role-chain-to-admin` built from its steps, for the page.
    pub(crate) role_graph: Option<paths::role_graph::RoleGraph>,
}

impl Sink {
    pub fn report(&mut self, check: &'static Check, resource: impl Into<String>, site: Site, message: String) {
        self.report_path(check, resource, site, message, Vec::new());
    }

    /// Reports a finding that joins resources, with its path of hops (the finding itself is
    /// located at `site`, usually the last hop).
    pub fn report_path(
        &mut self,
        check: &'static Check,
        resource: impl Into<String>,
        site: Site,
        message: String,
        path: Vec<(String, Site)>,
    ) {
        self.findings.push(RawFinding {
            rule: &check.rule,
            resource: resource.into(),
            message,
            site,
            lowered: false,
            raised: false,
            path,
            fixed: None,
        });
    }

    /// Reports a finding one severity step above the rule's (a case its decision rule names as
    /// graver, such as missing critical patches).
    pub fn report_raised(&mut self, check: &'static Check, resource: impl Into<String>, site: Site, message: String) {
        self.report(check, resource, site, message);
        if let Some(last) = self.findings.last_mut() {
            last.raised = true;
        }
    }

    /// Reports a finding on a policy: the resource is the policy's name.
    pub fn on_policy(&mut self, check: &'static Check, policy: &Policy, span: Span, message: String) {
        self.report(check, policy.name.clone(), Site { doc: policy.doc, span }, message);
    }

    /// Notes on the input that the check judged the element at `span` cautiously or not at all,
    /// and why: the report shows it beside the input, not as a finding.
    pub fn note(&mut self, check: &'static Check, policy: &Policy, span: Span, message: String) {
        self.note_at(check, Site { doc: policy.doc, span }, message);
    }

    /// Notes, on the input that holds `site`, that a check could not decide something there.
    pub fn note_at(&mut self, check: &'static Check, site: Site, message: String) {
        self.notes.push(RawNote { rule: &check.rule, message, site });
    }

    /// Reports a finding on a policy about access that only a conditional statement gives:
    /// one severity step lower than the rule's.
    pub fn on_policy_conditional(&mut self, check: &'static Check, policy: &Policy, span: Span, message: String) {
        let site = Site { doc: policy.doc, span };
        self.findings.push(RawFinding {
            rule: &check.rule,
            resource: policy.name.clone(),
            message,
            site,
            lowered: true,
            raised: false,
            path: Vec::new(),
            fixed: None,
        });
    }
}

/// The numbers decision rules use, which the configuration may change (`"thresholds"`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Thresholds {
    /// The ports `sg-open-admin-port` (and the exposure checks) treat as high-risk.
    pub high_risk_ports: Vec<u16>,
    /// `access-key-not-rotated`: an active key older than this many days is flagged.
    pub access_key_max_age_days: u32,
    /// `unused-credentials`: a password or active key unused for this many days or more.
    pub unused_credentials_days: u32,
    /// Days after which `patch-state-stale` calls a patch operation stale.
    pub patch_stale_days: i64,
    /// The most days `patch-baseline-slow-approval` allows before security patches are approved.
    pub patch_approval_days: i64,
    /// The longest gap between runs `maintenance-window-infrequent` allows, in days.
    pub window_interval_days: i64,
    /// The hours `maintenance-window-business-hours` keeps windows out of.
    pub business_hours: patching::BusinessHours,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            high_risk_ports: vec![
                20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601,
                6379, 8080, 8088, 8888, 9200, 9300, 11211, 27017,
            ],
            access_key_max_age_days: 90,
            unused_credentials_days: 45,
            patch_stale_days: 30,
            patch_approval_days: 7,
            window_interval_days: 30,
            business_hours: patching::BusinessHours::default(),
        }
    }
}

/// A check that did not run for want of input: its rule and the kinds of input absent.
#[derive(Clone, Debug)]
pub struct NotRun {
    pub rule: &'static Rule,
    pub needs: Vec<&'static str>,
}

/// Runs every snapshot check whose inputs are present; the others are returned as not run.
pub fn run_snapshot_checks(model: &Model, thresholds: &Thresholds, sink: &mut Sink) -> Vec<NotRun> {
    run_snapshot_checks_and_list(model, thresholds, sink).1
}

/// Runs every snapshot check whose inputs are present: the checks that ran, and the others as
/// not run.
pub fn run_snapshot_checks_and_list(
    model: &Model,
    thresholds: &Thresholds,
    sink: &mut Sink,
) -> (Vec<&'static Check>, Vec<NotRun>) {
    let mut ran = Vec::new();
    let mut not_run = Vec::new();
    for check in REGISTRY {
        let (needs, run) = match check.run {
            Runner::Snapshot { needs, run } => (needs, run),
            Runner::PolicyAndSnapshot { run, .. } => (&[][..], run),
            Runner::Policy(_)
            | Runner::Input
            | Runner::Principals(_)
            | Runner::PolicyAndPrincipals { .. }
            | Runner::Joined { .. } => continue,
        };
        let missing: Vec<&'static str> =
            needs.iter().copied().filter(|need| !need.split('|').any(|k| model.has(k))).collect();
        if missing.is_empty() {
            run(model, thresholds, sink);
            ran.push(*check);
        } else {
            not_run.push(NotRun { rule: &check.rule, needs: missing });
        }
    }
    (ran, not_run)
}

/// The kinds of input a snapshot check reads when they are given, beyond the ones it needs
/// (`instance-internet-exposed` follows network ACLs when they are there): each entry points
/// at a check and its own list, declared in the check's file as `ALSO_READS`. An input of such
/// a kind counts as reviewed by the check ([`reviewed_by`]).
pub static OPTIONAL_READS: &[(&Check, &[&str])] = &[
    (&network::instance_internet_exposed::INSTANCE_INTERNET_EXPOSED, network::instance_internet_exposed::ALSO_READS),
    (&network::default_vpc_in_use::DEFAULT_VPC_IN_USE, network::default_vpc_in_use::ALSO_READS),
    (&paths::exposed_instance_unpatched::EXPOSED_INSTANCE_UNPATCHED, network::instance_internet_exposed::ALSO_READS),
    // A listing tells which buckets and keys these checks did not see (`encryption::listed`);
    // a bundle's `NoSuchBucketPolicy` is a fact `s3-insecure-transport` judges; aliases name
    // keys; parameter groups and load balancers' names complete what the needed outputs say.
    (&encryption::s3_insecure_transport::S3_INSECURE_TRANSPORT, &["s3api.list-buckets", "s3api.get-bucket-policy"]),
    (&encryption::s3_no_default_encryption::S3_NO_DEFAULT_ENCRYPTION, &["s3api.list-buckets"]),
    (&encryption::s3_public_access_block_off::S3_PUBLIC_ACCESS_BLOCK_OFF, &["s3api.list-buckets"]),
    (&encryption::kms_key_pending_deletion::KMS_KEY_PENDING_DELETION, &["kms.list-keys", "kms.list-aliases"]),
    (&encryption::kms_rotation_disabled::KMS_ROTATION_DISABLED, &["kms.list-keys", "kms.list-aliases"]),
    (&encryption::rds_tls_not_enforced::RDS_TLS_NOT_ENFORCED, &["rds.describe-db-parameters"]),
    (&encryption::elb_listener_plaintext::ELB_LISTENER_PLAINTEXT, &["elbv2.describe-load-balancers"]),
    (&encryption::elb_tls_policy_outdated::ELB_TLS_POLICY_OUTDATED, &["elbv2.describe-load-balancers"]),
];

/// Whether a check runs on the principals of the authorization details.
pub fn reads_principals(check: &Check) -> bool {
    matches!(check.run, Runner::Principals(_) | Runner::PolicyAndPrincipals { .. })
}

/// Every kind of input a snapshot check reads: the ones it needs, then the optional ones.
pub fn reads(check: &'static Check) -> Vec<&'static str> {
    // A need that names alternatives (`a|b`) reads whichever of them was given.
    let mut kinds: Vec<&'static str> = if let Runner::Snapshot { needs, .. } | Runner::Joined { needs, .. } = check.run
    {
        needs.iter().flat_map(|need| need.split('|')).collect()
    } else if reads_principals(check) {
        vec![crate::input::kinds::AUTHZ_DETAILS.id]
    } else {
        Vec::new()
    };
    for (other, also) in OPTIONAL_READS {
        if std::ptr::eq(*other, check) {
            kinds.extend_from_slice(also);
        }
    }
    kinds
}

/// The checks that reviewed an input: every policy check when it held policy documents
/// (`policies`), and every snapshot check that ran (`ran`) and reads its kind. `enabled` says
/// whether the configuration left a rule on (a disabled rule reviews nothing).
pub fn reviewed_by(
    kind: Option<&str>,
    policies: bool,
    ran: &[&'static Check],
    enabled: impl Fn(&Rule) -> bool,
) -> Vec<&'static Rule> {
    let mut rules = Vec::new();
    if policies {
        rules.extend(REGISTRY.iter().filter(|c| matches!(c.run, Runner::Policy(_))).map(|c| &c.rule));
    }
    if let Some(kind) = kind {
        rules.extend(ran.iter().filter(|c| reads(c).contains(&kind)).map(|c| &c.rule));
    }
    rules.retain(|r| enabled(r));
    rules
}

/// Runs every policy check on one policy.
pub fn run_policy_checks(policy: &Policy, sink: &mut Sink) {
    let policy = Reviewed::new(policy);
    for check in REGISTRY {
        if let Runner::Policy(run)
        | Runner::PolicyAndSnapshot { policy: run, .. }
        | Runner::PolicyAndPrincipals { policy: run, .. } = check.run
        {
            run(&policy, sink);
        }
    }
}

/// Runs every principal check on the account (`None`: the snapshot has no authorization
/// details, and the checks that need them are returned as not run).
pub fn run_principal_checks(account: Option<&Account>, sink: &mut Sink) -> Vec<NotRun> {
    let mut not_run = Vec::new();
    for check in REGISTRY {
        let (Runner::Principals(run) | Runner::PolicyAndPrincipals { principals: run, .. }) = check.run else {
            continue;
        };
        match account {
            Some(account) => run(account, sink),
            None if matches!(check.run, Runner::Principals(_)) => {
                not_run.push(NotRun { rule: &check.rule, needs: vec![crate::input::kinds::AUTHZ_DETAILS.id] });
            }
            None => {}
        }
    }
    not_run
}

/// Runs every joined check ([`Runner::Joined`]) whose inputs are present, on the account
/// (`None`: no authorization details); the checks that ran, and the others as not run.
pub fn run_joined_checks(
    model: &Model,
    account: Option<&Account>,
    thresholds: &Thresholds,
    sink: &mut Sink,
) -> (Vec<&'static Check>, Vec<NotRun>) {
    let mut ran = Vec::new();
    let mut not_run = Vec::new();
    for check in REGISTRY {
        let Runner::Joined { needs, run } = check.run else { continue };
        let missing: Vec<&'static str> =
            needs.iter().copied().filter(|need| !need.split('|').any(|k| model.has(k))).collect();
        match account {
            Some(account) if missing.is_empty() => {
                run(account, thresholds, sink);
                ran.push(*check);
            }
            _ => not_run.push(NotRun { rule: &check.rule, needs: missing }),
        }
    }
    (ran, not_run)
}
