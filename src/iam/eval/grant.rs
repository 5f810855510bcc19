//! What a policy allows or denies without a request: each statement's actions expanded once
//! against the catalogue, its resource scope and its conditions; and a policy's grants
//! combined with explicit deny winning.
//!
//! A statement with a `Condition` is **conditional**: it grants (or denies) only when the
//! condition holds, which cannot be decided without a request. Checks report access that
//! only a conditional statement gives as conditional, naming the condition keys, rather than
//! dropping it or treating it as unconditional. A conditional deny never removes access.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::iam::catalog::{ActionId, ActionSet, Catalog};
use crate::iam::pattern;
use crate::input::{Effect, List, Policy, PolicyKind, Spanned, Statement};

use super::arn::Arn;

/// Which resources a statement is about.
#[derive(Clone, Copy, Debug)]
pub enum ResourceScope<'p> {
    /// `Resource` includes `*`.
    All,
    /// `Resource` lists patterns, none of them `*`.
    Listed(&'p List),
    /// `NotResource`: everything but these.
    AllBut(&'p List),
    /// A resource or trust policy statement without `Resource`: the policy's own resource.
    Own,
    /// No `Resource` in an identity policy: the statement grants nothing.
    Nothing,
}

/// One statement's effect, actions, resources and conditions.
#[derive(Clone, Debug)]
pub struct Grant<'p> {
    pub statement: &'p Statement,
    pub effect: Effect,
    /// The catalogue actions the statement covers: `Action` expanded, or for `NotAction` every
    /// action it does not exclude.
    pub actions: ActionSet,
    /// Each `Action`/`NotAction` item's expansion, in order.
    pub items: Vec<ItemSet>,
    pub not_action: bool,
    pub resources: ResourceScope<'p>,
    /// Which listed resource is unbounded (see [`is_unbounded`]), worked out on first use.
    unbounded: OnceCell<Option<usize>>,
}

impl<'p> Grant<'p> {
    /// The grants of a policy, one per statement with a valid `Effect`, in order.
    pub fn of(policy: &'p Policy) -> Vec<Grant<'p>> {
        let catalog = Catalog::get();
        policy
            .statements
            .iter()
            .filter_map(|st| {
                let effect = st.effect()?;
                let (list, not_action) = st.actions()?;
                let items: Vec<ItemSet> = list.iter().map(|i| ItemSet::of(catalog, &i.value)).collect();
                let mut actions = ActionSet::new();
                for set in &items {
                    match set {
                        ItemSet::One(id) => {
                            actions.insert(*id);
                        }
                        ItemSet::Many(set) => actions.union_with(set),
                        ItemSet::Unknown => {}
                    }
                }
                if not_action {
                    actions = catalog.expand("*").difference(&actions);
                }
                let resources = match (&st.resource, &st.not_resource) {
                    (Some(list), _) if list.has_star() => ResourceScope::All,
                    (Some(list), _) => ResourceScope::Listed(list),
                    (None, Some(list)) => ResourceScope::AllBut(list),
                    (None, None) if policy.kind == PolicyKind::Identity => ResourceScope::Nothing,
                    (None, None) => ResourceScope::Own,
                };
                Some(Grant { statement: st, effect, actions, items, not_action, resources, unbounded: OnceCell::new() })
            })
            .collect()
    }

    pub fn is_conditional(&self) -> bool {
        self.statement.has_condition()
    }

    /// Whether the statement applies to every resource of a kind: `*`, `NotResource`, or a
    /// listed pattern that [`is_unbounded`].
    pub fn on_unbounded_resources(&self) -> bool {
        self.unbounded_resource().is_some() || matches!(self.resources, ResourceScope::All | ResourceScope::AllBut(_))
    }

    /// The first listed resource that covers every resource of its type, or `*`.
    pub fn unbounded_resource(&self) -> Option<&'p Spanned<String>> {
        let list = match self.resources {
            ResourceScope::All | ResourceScope::Listed(_) => self.statement.resource.as_ref()?,
            _ => return None,
        };
        let at = self.unbounded.get_or_init(|| list.iter().position(|r| is_unbounded(&r.value)));
        at.and_then(|i| list.items.get(i))
    }

    /// Where findings about the statement's resources point: the `*` (or unbounded pattern),
    /// else the `Resource`/`NotResource` element, else the statement.
    pub fn resource_span(&self) -> crate::json::Span {
        if let Some(r) = self.unbounded_resource() {
            return r.span;
        }
        let st = self.statement;
        st.resource.as_ref().or(st.not_resource.as_deref()).map_or(st.span, |l| l.span)
    }
}

/// Whether a resource pattern covers every resource of its type in an account: `*`, or an
/// ARN whose resource part is only the type's fixed prefix followed by wildcards
/// (`arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:s3:::*/*`, `arn:aws:iam::*:role/*`).
pub fn is_unbounded(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let Some(arn) = Arn::parse(resource) else { return false };
    let only_wildcards = |s: &str| !s.is_empty() && s.bytes().all(|b| matches!(b, b'*' | b'?' | b'/' | b':'));
    if only_wildcards(arn.resource) {
        return true;
    }
    let Some(fixed) = fixed_prefixes().get(arn.service) else { return false };
    fixed.iter().any(|f| arn.resource.strip_prefix(f).is_some_and(only_wildcards))
}

/// Per service prefix, the fixed start of each resource type's resource part (`secret:`,
/// `role/`), from the catalogue's ARN formats; computed once.
fn fixed_prefixes() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static PREFIXES: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for service in Catalog::get().services() {
            let fixed = map.entry(service.prefix()).or_default();
            for ty in service.resource_types() {
                for template in ty.arn_patterns().filter_map(Arn::parse) {
                    let start = template.resource.split("${").next().unwrap_or("");
                    if !start.is_empty() && !fixed.contains(&start) {
                        fixed.push(start);
                    }
                }
            }
        }
        map
    })
}

/// The actions one `Action`/`NotAction` item names. A plain action name, the common case,
/// costs no allocation.
#[derive(Clone, Debug)]
pub enum ItemSet {
    One(ActionId),
    Many(Arc<ActionSet>),
    /// No action of the catalogue.
    Unknown,
}

impl ItemSet {
    fn of(catalog: &Catalog, pattern: &str) -> ItemSet {
        if !pattern::has_wildcard(pattern) {
            return catalog.find_action(pattern).map_or(ItemSet::Unknown, ItemSet::One);
        }
        let set = catalog.expand(pattern);
        if set.is_empty() {
            ItemSet::Unknown
        } else {
            ItemSet::Many(set)
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, ItemSet::Unknown)
    }

    /// Whether the item names every action of the catalogue.
    pub fn is_all(&self) -> bool {
        matches!(self, ItemSet::Many(set) if set.is_all())
    }
}

/// A policy's grants, for questions about what it allows.
#[derive(Clone, Debug)]
pub struct Permissions<'p> {
    pub grants: Vec<Grant<'p>>,
    /// Actions denied on every resource with no condition.
    denied: ActionSet,
}

impl<'p> Permissions<'p> {
    pub fn new(grants: Vec<Grant<'p>>) -> Self {
        let mut denied = ActionSet::new();
        for g in &grants {
            let everywhere = matches!(g.resources, ResourceScope::All | ResourceScope::Own);
            if g.effect == Effect::Deny && everywhere && !g.is_conditional() {
                denied.union_with(&g.actions);
            }
        }
        Permissions { grants, denied }
    }

    pub fn of(policy: &'p Policy) -> Self {
        Permissions::new(Grant::of(policy))
    }

    /// Whether an unconditional deny on every resource removes the action.
    pub fn is_denied(&self, action: ActionId) -> bool {
        self.denied.contains(action)
    }

    /// The actions an unconditional deny on every resource removes.
    pub fn denied(&self) -> &ActionSet {
        &self.denied
    }

    /// The `Allow` grants.
    pub fn allows(&self) -> impl Iterator<Item = &Grant<'p>> {
        self.grants.iter().filter(|g| g.effect == Effect::Allow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbounded_resources() {
        for r in [
            "*",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/*",
            "arn:aws:secretsmanager:*:*:secret:*",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::123456789012:role/*",
            "arn:aws:ssm:*:*:parameter/*",
        ] {
            assert!(is_unbounded(r), "{r}");
        }
        for r in [
            "arn:aws:s3:::bucket/*",
            "arn:aws:secretsmanager:*:*:secret:app/*",
            "arn:aws:iam::*:role/service-role/*",
            "arn:aws:ssm:*:*:parameter/app/*",
            "arn:aws:iam::123456789012:role/app",
        ] {
            assert!(!is_unbounded(r), "{r}");
        }
    }
}
