//! The checks: one file each, grouped by area. Each declares its id, severity, area,
//! controls and documentation beside its logic with [`declare_check!`]; [`REGISTRY`] lists
//! them all, and the CLI, the page and the rules reference read that one list.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

pub mod iam;
pub mod input;
pub mod reference;

use std::ops::Deref;

use crate::iam::eval::Permissions;
use crate::input::{Policy, Site};
use crate::json::Span;
use crate::report::{Area, Severity};

/// A check's metadata. The documentation is the doc comment written above the check's
/// declaration: a title line, then `## What it checks`, `## Why it matters`, `## How to fix`.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub area: Area,
    pub controls: &'static [&'static str],
    pub doc: &'static str,
}

/// The sections of a rule's documentation.
pub const SECTIONS: [&str; 3] = ["What it checks", "Why it matters", "How to fix"];

impl Rule {
    /// The first line of the documentation: the finding title.
    pub fn title(&self) -> &'static str {
        self.doc.lines().next().unwrap_or("").trim().trim_end_matches('.')
    }

    /// The body of one documentation section (`"What it checks"`, …), trimmed. Doc comments
    /// arrive with the space after `///`, which is removed here.
    pub fn section(&self, heading: &str) -> String {
        let mut lines = self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
        let marker = format!("## {heading}");
        if !lines.by_ref().any(|l| l.trim_end() == marker) {
            return String::new();
        }
        let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
        body.join("\n").trim().to_string()
    }

    pub fn what(&self) -> String {
        self.section(SECTIONS[0])
    }

    pub fn why(&self) -> String {
        self.section(SECTIONS[1])
    }

    pub fn fix(&self) -> String {
        self.section(SECTIONS[2])
    }

    /// Input errors are reported per input, not as findings.
    pub fn is_input_error(&self) -> bool {
        self.area == Area::Input
    }

    /// The severity as `posture rules` shows it (`error` for input errors).
    pub fn severity_label(&self) -> &'static str {
        if self.is_input_error() {
            "error"
        } else {
            self.severity.as_str()
        }
    }
}

/// What a check runs on.
pub enum Runner {
    /// Each policy document of the snapshot, standalone or embedded.
    Policy(fn(&Reviewed, &mut Sink)),
    /// Input errors are found while reading; the check only carries the documentation.
    Input,
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
            rule: $crate::checks::Rule {
                id: $id,
                severity: $crate::report::Severity::$severity,
                area: $crate::report::Area::$area,
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

/// Where checks put what they find.
#[derive(Default)]
pub struct Sink {
    pub(crate) findings: Vec<RawFinding>,
}

impl Sink {
    pub fn report(&mut self, check: &'static Check, resource: impl Into<String>, site: Site, message: String) {
        self.findings.push(RawFinding { rule: &check.rule, resource: resource.into(), message, site, lowered: false });
    }

    /// Reports a finding on a policy: the resource is the policy's name.
    pub fn on_policy(&mut self, check: &'static Check, policy: &Policy, span: Span, message: String) {
        self.report(check, policy.name.clone(), Site { doc: policy.doc, span }, message);
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
        });
    }
}

/// Runs every policy check on one policy.
pub fn run_policy_checks(policy: &Policy, sink: &mut Sink) {
    let policy = Reviewed::new(policy);
    for check in REGISTRY {
        if let Runner::Policy(run) = check.run {
            run(&policy, sink);
        }
    }
}
