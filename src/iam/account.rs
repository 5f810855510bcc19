//! Every principal's effective permissions, from `aws iam get-account-authorization-details`.
//!
//! A user, group or role holds its inline policies and its attached managed policies; a user
//! also holds its groups' inline and attached policies. A permissions boundary limits them: an
//! action is allowed only when both the policies and the boundary allow it, and an explicit
//! deny in any of them (the boundary too) wins (IAM User Guide, *Policy evaluation logic* and
//! *Permissions boundaries for IAM entities*). Each holding keeps the policy it is and how it
//! is held, so a finding can say "`iam:PassRole` from `DevOpsPolicy` (attached)".
//!
//! Each policy's grants (its actions expanded against the catalogue) are computed once, on
//! first use, and shared by every principal that holds it; groups and managed policies are
//! found by index. The work is linear in the size of the file plus the principals' holdings.
//!
//! An attached managed policy whose document the file does not hold is kept as missing, never
//! taken as empty; the AWS managed `AdministratorAccess` is still known by its ARN.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::iam::catalog::{ActionId, ActionSet};
use crate::iam::eval::{Grant, ResourceScope};
use crate::input::{Effect, Policy};
use crate::model::identity::is_aws_managed;
use crate::model::{Located, ManagedPolicy, Model, Principal, PrincipalKind, Site};

/// The AWS managed policy that grants everything.
pub const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// Whether an ARN names `AdministratorAccess` (in any partition).
pub fn is_administrator_access(arn: &str) -> bool {
    is_aws_managed(arn) && arn.ends_with(":policy/AdministratorAccess")
}

/// Whether a role is service-linked.
pub fn is_service_linked(principal: &Principal) -> bool {
    principal.kind == PrincipalKind::Role
        && principal.path.as_deref().is_some_and(|p| p.starts_with("/aws-service-role/"))
}

/// How a principal holds a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held<'a> {
    /// Its own inline policy.
    Inline,
    /// A managed policy attached to it.
    Attached,
    /// A policy of a group the user belongs to: the group's inline policy, or one attached to it.
    Group { group: &'a str, inline: bool },
    /// Its permissions boundary.
    Boundary,
}

/// One policy a principal holds, and its grants.
pub struct Holding<'a> {
    pub policy: &'a Policy,
    /// The policy's own name (`PolicyName`), as the account shows it.
    pub name: &'a str,
    pub held: Held<'a>,
    /// Where the holder names the policy: the inline entry, the attachment, the boundary.
    pub site: Site,
    pub grants: &'a [Grant<'a>],
}

impl Holding<'_> {
    /// How messages name it: "`DevOpsPolicy` (attached)", "`build` of group `builders`".
    pub fn describe(&self) -> String {
        let name = self.name;
        match self.held {
            Held::Inline => format!("`{name}` (inline)"),
            Held::Attached => format!("`{name}` (attached)"),
            Held::Group { group, inline: true } => format!("`{name}` (inline) of group `{group}`"),
            Held::Group { group, inline: false } => format!("`{name}` (attached) of group `{group}`"),
            Held::Boundary => format!("`{name}` (boundary)"),
        }
    }

    /// Where a statement of this policy is, for a finding or a path hop.
    pub fn at(&self, span: crate::json::Span) -> Site {
        Site { doc: self.policy.doc, span }
    }
}

/// A principal's permissions boundary.
pub enum Boundary<'a> {
    None,
    /// Its document is in the file.
    Known(Holding<'a>),
    /// Named, but its document is not in the file (`PermissionsBoundaryArn`).
    Missing(&'a Located<String>),
}

/// What a principal can do: every policy it holds, its boundary, and what is missing.
pub struct Effective<'a> {
    pub principal: &'a Principal,
    /// Identity policies: its own inline and attached ones, then its groups'.
    pub holdings: Vec<Holding<'a>>,
    pub boundary: Boundary<'a>,
    /// Attached managed policies (its own and its groups') whose document the file lacks.
    pub missing: Vec<&'a Located<String>>,
    /// A user's groups that the file does not list (their policies are unknown).
    pub missing_groups: Vec<&'a str>,
    /// Where it (or its group) attaches the AWS managed `AdministratorAccess`, document or not.
    pub administrator_access: Option<(Site, Held<'a>)>,
    /// Actions an unconditional deny on every resource removes, in any policy or the boundary.
    denied: ActionSet,
}

impl<'a> Effective<'a> {
    /// Every `Allow` grant of its identity policies, with the policy it is in.
    pub fn allows(&self) -> impl Iterator<Item = (&Holding<'a>, &'a Grant<'a>)> + '_ {
        self.holdings.iter().flat_map(|h| h.grants.iter().filter(|g| g.effect == Effect::Allow).map(move |g| (h, g)))
    }

    /// Actions an unconditional deny on every resource removes.
    pub fn denied(&self) -> &ActionSet {
        &self.denied
    }

    pub fn is_denied(&self, action: ActionId) -> bool {
        self.denied.contains(action)
    }

    /// Whether the boundary, if there is one, allows the action on some resource (an unknown
    /// boundary document is taken to allow it: the finding says so).
    pub fn boundary_allows(&self, action: ActionId) -> bool {
        match &self.boundary {
            Boundary::Known(b) => b.grants.iter().any(|g| g.effect == Effect::Allow && g.actions.contains(action)),
            Boundary::None | Boundary::Missing(_) => true,
        }
    }

    /// The first allow of the action that neither a deny nor the boundary removes.
    pub fn allowing(&self, action: ActionId) -> Option<(&Holding<'a>, &'a Grant<'a>)> {
        if self.is_denied(action) || !self.boundary_allows(action) {
            return None;
        }
        self.allows().find(|(_, g)| g.actions.contains(action))
    }

    /// Which of `actions` it may call on every resource of their type (`*`, `NotResource`, or
    /// a pattern that covers them all), after denies and its boundary: what it can read or
    /// mint across the account, for the principals view.
    pub fn on_everything(&self, actions: &[&'static str]) -> Vec<&'static str> {
        let catalog = crate::iam::catalog::Catalog::get();
        actions
            .iter()
            .copied()
            .filter(|a| {
                catalog.find_action(a).is_some_and(|id| {
                    !self.is_denied(id)
                        && self.boundary_allows(id)
                        && self.allows().any(|(_, g)| g.actions.contains(id) && g.on_unbounded_resources())
                })
            })
            .collect()
    }

    /// "user `alice`", "role `deploy`".
    pub fn label(&self) -> String {
        label(self.principal)
    }
}

/// "user `alice`", "group `builders`", "role `deploy`".
pub fn label(principal: &Principal) -> String {
    let kind = match principal.kind {
        PrincipalKind::User => "user",
        PrincipalKind::Group => "group",
        PrincipalKind::Role => "role",
    };
    format!("{kind} `{}`", principal.name)
}

/// The account's principals and policies, with each policy's grants computed once.
pub struct Account<'a> {
    pub model: &'a Model,
    pub policies: &'a [Policy],
    grants: Vec<OnceCell<Vec<Grant<'a>>>>,
    groups: HashMap<&'a str, &'a Principal>,
}

impl<'a> Account<'a> {
    pub fn new(model: &'a Model, policies: &'a [Policy]) -> Self {
        let groups =
            model.principals.iter().filter(|p| p.kind == PrincipalKind::Group).map(|p| (p.name.as_str(), p)).collect();
        Account { model, policies, grants: policies.iter().map(|_| OnceCell::new()).collect(), groups }
    }

    /// Users, groups and roles, in file order, less service-linked roles (path
    /// `/aws-service-role/`): only their service assumes them, and nobody in the account can
    /// change their permissions (IAM User Guide, *Using service-linked roles*).
    pub fn principals(&self) -> impl Iterator<Item = &'a Principal> {
        self.model.principals.iter().filter(|p| !is_service_linked(p))
    }

    /// The principal a name or ARN names (an ARN first; a name may be a user's and a role's).
    pub fn find(&self, name_or_arn: &str) -> Vec<&'a Principal> {
        if let Some(p) = self.model.principals.get(name_or_arn) {
            return vec![p];
        }
        self.principals().filter(|p| p.name == name_or_arn).collect()
    }

    /// The managed policy with this ARN.
    pub fn managed(&self, arn: &str) -> Option<&'a ManagedPolicy> {
        self.model.managed_policies.get(arn)
    }

    fn grants(&self, index: usize) -> Option<(&'a Policy, &[Grant<'a>])> {
        let policy = self.policies.get(index)?;
        let grants = self.grants.get(index)?.get_or_init(|| Grant::of(policy));
        Some((policy, grants.as_slice()))
    }

    /// A principal's effective permissions.
    pub fn effective<'s>(&'s self, principal: &'s Principal) -> Effective<'s> {
        let mut e = Effective {
            principal,
            holdings: Vec::new(),
            boundary: Boundary::None,
            missing: Vec::new(),
            missing_groups: Vec::new(),
            administrator_access: None,
            denied: ActionSet::new(),
        };
        self.hold(principal, None, &mut e);
        if principal.kind == PrincipalKind::User {
            for name in &principal.groups {
                match self.groups.get(name.as_str()) {
                    Some(group) => self.hold(group, Some(group.name.as_str()), &mut e),
                    None => e.missing_groups.push(name),
                }
            }
        }
        if let Some(boundary) = &principal.boundary {
            let found = self.managed(&boundary.value).and_then(|m| Some((m, self.grants(m.document?)?)));
            e.boundary = match found {
                Some((managed, (policy, grants))) => Boundary::Known(Holding {
                    policy,
                    name: managed.display_name(),
                    held: Held::Boundary,
                    site: boundary.site,
                    grants,
                }),
                None => Boundary::Missing(boundary),
            };
        }
        let boundary = match &e.boundary {
            Boundary::Known(b) => Some(b),
            _ => None,
        };
        for h in e.holdings.iter().chain(boundary) {
            for g in h.grants {
                let everywhere = matches!(g.resources, ResourceScope::All | ResourceScope::Own);
                if g.effect == Effect::Deny && everywhere && !g.is_conditional() {
                    e.denied.union_with(&g.actions);
                }
            }
        }
        e
    }

    /// Adds the policies `holder` holds itself (a user's group when `group` names it).
    fn hold<'s>(&'s self, holder: &'s Principal, group: Option<&'s str>, e: &mut Effective<'s>) {
        let held = |inline| match group {
            Some(group) => Held::Group { group, inline },
            None if inline => Held::Inline,
            None => Held::Attached,
        };
        for (name, index) in holder.inline.iter().zip(&holder.inline_documents) {
            if let Some((policy, grants)) = index.and_then(|i| self.grants(i)) {
                e.holdings.push(Holding { policy, name: &name.value, held: held(true), site: name.site, grants });
            }
        }
        for attached in &holder.attached {
            if is_administrator_access(&attached.value) && e.administrator_access.is_none() {
                e.administrator_access = Some((attached.site, held(false)));
            }
            let found = self.managed(&attached.value).and_then(|m| Some((m, self.grants(m.document?)?)));
            match found {
                Some((managed, (policy, grants))) => e.holdings.push(Holding {
                    policy,
                    name: managed.display_name(),
                    held: held(false),
                    site: attached.site,
                    grants,
                }),
                None => e.missing.push(attached),
            }
        }
    }
}
