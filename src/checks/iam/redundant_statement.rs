use std::cell::{Cell, OnceCell};

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{ActionSet, Catalog};
use crate::iam::eval::{Grant, Pattern, ResourceScope, Syntax};
use crate::iam::pattern;
use crate::input::{Effect, List, Principal, PrincipalType, Statement};

declare_check! {
    /// Statement is wholly covered by another statement.
    ///
    /// ## What it checks
    /// Pairs of statements with the same `Effect`, the same `Principal` or `NotPrincipal`
    /// (entries compared as sets) and the same `Condition` (operators, keys ignoring case,
    /// and value sets): a statement is reported when every action it names is also named by
    /// the other one (wildcards expanded with the catalogue; an action the catalogue does not
    /// know must be named there too) and every resource it names is matched by one of the
    /// other's resource patterns (`arn:aws:s3:::reports/2026/*` by `arn:aws:s3:::reports/*`).
    /// `NotAction` and `NotResource` are compared by what they leave. Of two identical
    /// statements only the later is reported. Very large policies (more than 500 statements, or
    /// more than 200,000 resource comparisons) are judged in part or not at all, and the input
    /// says so.
    ///
    /// ## Why it matters
    /// A redundant statement grants or denies nothing of its own, but it makes the policy
    /// longer to review and misleads the reader: narrowing the covered statement — or deleting
    /// it during an incident — changes nothing, because the wider one still applies. Policy
    /// size is limited (6,144 characters for a managed policy), and duplicates are a common
    /// leftover of copy-and-paste edits and merged generated policies.
    ///
    /// ## How to fix
    /// Delete the covered statement, or merge the two into one that says what is meant:
    /// ```json
    /// {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
    ///  "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
    /// ```
    pub static REDUNDANT_STATEMENT = {
        id: "redundant-statement",
        severity: Info,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// Beyond this many statements the pairwise comparison is skipped.
const MAX_STATEMENTS: usize = 500;

/// How many resource-pattern comparisons one policy may take; a policy that needs more (many
/// statements with many resources each) is left unjudged rather than slow.
const BUDGET: usize = 200_000;

fn check(policy: &Reviewed, sink: &mut Sink) {
    let grants = &policy.permissions.grants;
    if grants.len() < 2 {
        return;
    }
    if policy.statements.len() > MAX_STATEMENTS {
        let message = format!(
            "the policy has {} statements, more than the {MAX_STATEMENTS} this check compares pairwise; \
             redundant statements were not looked for",
            policy.statements.len()
        );
        sink.note(&REDUNDANT_STATEMENT, policy, policy.statement_span.unwrap_or(policy.span), message);
        return;
    }
    let variables = policy.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    let budget = Cell::new(BUDGET);
    let shapes: Vec<Option<Shape>> = grants.iter().map(|g| Shape::of(g, variables, &budget)).collect();
    for (i, narrow) in shapes.iter().enumerate() {
        let Some(narrow) = narrow else { continue };
        // Of two statements that cover each other, the later one is the repeat; an earlier
        // repeat is named in preference to a wider statement.
        let candidates = shapes.iter().enumerate().filter_map(|(j, wide)| {
            let wide = wide.as_ref().filter(|w| j != i && w.covers(narrow))?;
            let mutual = narrow.covers(wide);
            (j < i || !mutual).then_some((wide, mutual))
        });
        let best = candidates.min_by_key(|&(_, mutual)| !mutual);
        if budget.get() == 0 {
            let message = format!(
                "comparing the resources of the policy's statements took more than {BUDGET} comparisons or one \
                 over its work budget; redundant statements were looked for only before {}",
                narrow.statement.label()
            );
            sink.note(&REDUNDANT_STATEMENT, policy, narrow.statement.span, message);
            return;
        }
        let Some((wide, mutual)) = best else { continue };
        let (st, other) = (narrow.statement, wide.statement.label());
        let verb = if narrow.effect == Effect::Allow { "allows" } else { "denies" };
        let message = if mutual {
            format!("{} repeats {other}: it {verb} the same actions on the same resources", st.label())
        } else {
            format!(
                "{} is covered by {other}: every action and resource it {verb}, that statement {verb} too",
                st.label()
            )
        };
        sink.on_policy(&REDUNDANT_STATEMENT, policy, st.span, message);
    }
}

/// What one statement says, in comparable form.
struct Shape<'p> {
    statement: &'p Statement,
    effect: Effect,
    /// The catalogue actions it covers (for `NotAction`, those it leaves).
    actions: &'p ActionSet,
    /// The action entries as written, and whether they are `NotAction`.
    items: &'p List,
    not_action: bool,
    /// The entries the catalogue does not know, found when first needed.
    unknown: OnceCell<Vec<&'p str>>,
    scope: ResourceScope<'p>,
    /// The resource patterns, parsed when first compared (most pairs differ before that).
    resources: OnceCell<Resources>,
    variables: bool,
    /// The comparisons left for the whole policy (see [`BUDGET`]).
    budget: &'p Cell<usize>,
    principal: Option<Principals>,
    not_principal: Option<Principals>,
    condition: Vec<(String, String, Vec<String>)>,
}

enum Resources {
    All,
    Listed(Vec<Pattern>),
    AllBut(Vec<Pattern>),
    Own,
}

/// A `Principal` as a set: the `"*"` form, and the sorted (type, value) entries.
#[derive(PartialEq, Eq)]
struct Principals {
    wildcard: bool,
    entries: Vec<(u8, String)>,
}

impl<'g> Shape<'g> {
    /// `None` for statements that cannot be compared: no actions, both `Action` and
    /// `NotAction`, both `Resource` and `NotResource`, or no resource in an identity policy.
    fn of(grant: &'g Grant<'_>, variables: bool, budget: &'g Cell<usize>) -> Option<Shape<'g>> {
        let st = grant.statement;
        if st.action.is_some() && st.not_action.is_some() || st.resource.is_some() && st.not_resource.is_some() {
            return None;
        }
        let (items, not_action) = st.actions()?;
        if items.items.is_empty() {
            return None;
        }
        match grant.resources {
            ResourceScope::Listed(list) if list.items.is_empty() => return None,
            ResourceScope::Nothing => return None,
            _ => {}
        }
        let mut condition: Vec<(String, String, Vec<String>)> = st
            .condition
            .iter()
            .flat_map(|c| &c.clauses)
            .map(|clause| {
                let mut values: Vec<String> = clause.values.iter().map(|v| v.value.clone()).collect();
                values.sort_unstable();
                values.dedup();
                (clause.operator.value.clone(), clause.key.value.to_ascii_lowercase(), values)
            })
            .collect();
        condition.sort_unstable();
        condition.dedup();
        Some(Shape {
            statement: st,
            effect: grant.effect,
            actions: &grant.actions,
            items,
            not_action,
            unknown: OnceCell::new(),
            scope: grant.resources,
            resources: OnceCell::new(),
            variables,
            budget,
            principal: st.principal.as_deref().map(Principals::of),
            not_principal: st.not_principal.as_deref().map(Principals::of),
            condition,
        })
    }

    /// Whether everything `narrow` allows (or denies), this statement allows (or denies) too.
    fn covers(&self, narrow: &Shape) -> bool {
        self.effect == narrow.effect
            && self.principal == narrow.principal
            && self.not_principal == narrow.not_principal
            && self.condition == narrow.condition
            && narrow.actions.is_subset(self.actions)
            && self.covers_unknown_actions(narrow)
            && self.covers_resources(narrow)
    }

    /// Actions beyond the catalogue, which the expanded sets cannot speak for: an entry the
    /// catalogue does not know must be covered by an entry as written.
    fn covers_unknown_actions(&self, narrow: &Shape) -> bool {
        match (narrow.not_action, self.not_action) {
            // Unknown entries of `narrow` must be matched by one of this statement's.
            (false, false) => narrow.unknown().iter().all(|a| self.items.iter().any(|w| glob_covers(&w.value, a))),
            // They must not be excluded here; wildcards in them cannot be decided.
            (false, true) => narrow
                .unknown()
                .iter()
                .all(|a| !pattern::has_wildcard(a) && !self.items.iter().any(|w| pattern::matches(&w.value, a))),
            // This statement must exclude no more than `narrow` does.
            (true, true) => self.items.iter().all(|w| narrow.items.iter().any(|n| glob_covers(&n.value, &w.value))),
            // `NotAction` leaves every action, future ones included: only `*` covers that.
            (true, false) => self.items.has_star(),
        }
    }

    fn unknown(&self) -> &[&'g str] {
        self.unknown.get_or_init(|| unknown(self.items).collect())
    }

    fn resources(&self) -> &Resources {
        self.resources.get_or_init(|| {
            let syntax = Syntax { wildcards: true, variables: self.variables };
            let patterns = |list: &List| list.iter().map(|r| Pattern::parse(&r.value, syntax)).collect();
            match self.scope {
                ResourceScope::All => Resources::All,
                ResourceScope::Listed(list) => Resources::Listed(patterns(list)),
                ResourceScope::AllBut(list) => Resources::AllBut(patterns(list)),
                ResourceScope::Own | ResourceScope::Nothing => Resources::Own,
            }
        })
    }

    fn covers_resources(&self, narrow: &Shape) -> bool {
        let covered = |n: &Pattern, wide: &[Pattern]| {
            let left = self.budget.get().saturating_sub(wide.len());
            self.budget.set(left);
            // A comparison over its work budget spends the whole budget: the pair is not shown
            // to be redundant, and the check notes that the policy was judged in part.
            left > 0
                && wide.iter().any(|w| {
                    n.is_covered_by(w).unwrap_or_else(|_| {
                        self.budget.set(0);
                        false
                    })
                })
        };
        // Two lists, one as long as what is left of the budget, could not be compared in
        // full: they are not even parsed (200,000 resources would take hundreds of megabytes as patterns).
        let count = |scope: ResourceScope| match scope {
            ResourceScope::Listed(list) | ResourceScope::AllBut(list) => list.items.len(),
            _ => 0,
        };
        let (wide_count, narrow_count) = (count(self.scope), count(narrow.scope));
        if wide_count > 0 && narrow_count > 0 && wide_count.max(narrow_count) >= self.budget.get() {
            self.budget.set(0);
            return false;
        }
        match (narrow.resources(), self.resources()) {
            (Resources::All | Resources::Listed(_) | Resources::AllBut(_), Resources::All)
            | (Resources::Own, Resources::Own) => true,
            (Resources::Listed(n), Resources::Listed(w)) => n.iter().all(|p| covered(p, w)),
            // This statement must leave out no more than `narrow` does.
            (Resources::AllBut(n), Resources::AllBut(w)) => w.iter().all(|p| covered(p, n)),
            _ => false,
        }
    }
}

impl Principals {
    fn of(p: &Principal) -> Principals {
        let rank = |t: PrincipalType| match t {
            PrincipalType::Aws => 0,
            PrincipalType::Service => 1,
            PrincipalType::Federated => 2,
            PrincipalType::CanonicalUser => 3,
            PrincipalType::Other => 4,
        };
        let mut entries: Vec<(u8, String)> = p.entries.iter().map(|(t, v)| (rank(*t), v.value.clone())).collect();
        entries.sort_unstable();
        entries.dedup();
        Principals { wildcard: p.wildcard, entries }
    }
}

/// The entries of an action list the catalogue does not know.
fn unknown(items: &List) -> impl Iterator<Item = &str> + '_ {
    let catalog = Catalog::get();
    items.iter().map(|i| i.value.as_str()).filter(move |a| *a != "*" && catalog.expand(a).is_empty())
}

/// Whether the action pattern `wide` matches every action `narrow` matches (ignoring case).
fn glob_covers(wide: &str, narrow: &str) -> bool {
    let syntax = Syntax { wildcards: true, variables: false };
    // Over its budget, an action pattern is not shown to be covered: no finding.
    Pattern::parse(&narrow.to_ascii_lowercase(), syntax)
        .is_covered_by(&Pattern::parse(&wide.to_ascii_lowercase(), syntax))
        == Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Policy, PolicyKind};

    /// The messages the check gives on a policy with these statements.
    fn messages(statements: &str, kind: Option<PolicyKind>) -> Vec<String> {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
        let policy = Policy::read(0, &crate::json::parse(&text).expect("test policy parses"), kind, "t".into());
        let mut sink = Sink::default();
        check(&Reviewed::new(&policy), &mut sink);
        sink.findings.into_iter().map(|f| f.message).collect()
    }

    /// Whether the second statement is reported as covered by the first.
    fn covered(wide: &str, narrow: &str) -> bool {
        messages(&format!("{wide}, {narrow}"), None).iter().any(|m| m.starts_with("statement #2"))
    }

    #[test]
    fn coverage() {
        let rows = [
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::c/*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:NewAction", "Resource": "*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:NewAction"], "Resource": "*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "NotAction": "s3:NewAction", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "NotAction": "s3:NewAction", "Resource": "*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/x"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/x"}"#,
                true,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/alice/*"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": "s3:GetObject"}"#,
                false,
            ),
            (
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
                r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#,
                false,
            ),
        ];
        for (wide, narrow, expected) in rows {
            assert_eq!(covered(wide, narrow), expected, "{wide} over {narrow}");
        }
    }

    #[test]
    fn principals_and_conditions_compare_as_sets() {
        let a = r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]}, "Action": "sqs:SendMessage", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ["1", "2"]}}}"#;
        let b = r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::2:root", "arn:aws:iam::1:root"]}, "Action": "sqs:sendmessage", "Resource": "*",
            "Condition": {"StringEquals": {"AWS:SourceAccount": ["2", "1"]}}}"#;
        let c = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sqs:SendMessage", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ["1", "2"]}}}"#;
        let found = messages(&format!("{a}, {b}"), Some(PolicyKind::Resource));
        assert_eq!(found, ["statement #2 repeats statement #1: it allows the same actions on the same resources"]);
        assert!(messages(&format!("{a}, {c}"), Some(PolicyKind::Resource)).is_empty());
    }

    #[test]
    fn trust_statements_cover_their_own_resource() {
        let st = r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#;
        assert_eq!(messages(&format!("{st}, {st}"), Some(PolicyKind::Trust)).len(), 1);
    }

    #[test]
    fn action_globs() {
        assert!(glob_covers("s3:*", "s3:NewAction"));
        assert!(glob_covers("S3:Get*", "s3:getobject*"));
        assert!(!glob_covers("s3:Get?", "s3:Get*"));
    }
}
