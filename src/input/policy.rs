//! IAM policy documents as typed models that keep spans: identity, resource and trust
//! policies, one-or-many fields normalised, `NotAction`/`NotResource`/`NotPrincipal` kept.
//!
//! Reading is lenient: anything off-grammar is kept (unknown elements, a misspelt `Effect`)
//! or noted as a shape problem, so that `policy-invalid` can report it with its location
//! and the other checks still see the rest of the policy.

use crate::json::{Kind, Span, Value};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`.
    Identity,
    /// Attached to a resource (bucket, key, queue, …): names who gets access.
    Resource,
    /// A role's trust policy: who may assume the role.
    Trust,
}

impl PolicyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// A policy document.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The document the spans below belong to.
    pub doc: u32,
    pub span: Span,
    pub kind: PolicyKind,
    /// Whether the kind was told by the wrapper (`get-role` → trust) rather than guessed
    /// from the content.
    pub kind_known: bool,
    /// The resource findings name: the policy's name, else the input's.
    pub name: String,
    /// The account that owns the policy's resource, when the input says (a role's ARN).
    pub account: Option<String>,
    /// What a resource policy is attached to, when the input says: `bucket`, `key`,
    /// `endpoint`.
    pub holder: Option<&'static str>,
    /// The resource a resource or trust policy governs, as ARN patterns, when the input says
    /// (a role's ARN; a bucket and its objects; a key, queue, topic, function, secret or
    /// repository). Empty when unknown, as for a pasted policy.
    pub own: Vec<String>,
    /// An AWS managed policy (`arn:aws:iam::aws:policy/…`) read from authorization details: it
    /// counts toward its holders' permissions, but nobody in the account can edit it, so its
    /// own policy-level findings are not reported.
    pub aws_managed: bool,
    pub version: Option<Spanned<String>>,
    /// The `Statement` element's span; `None` when it is missing.
    pub statement_span: Option<Span>,
    pub statements: Vec<Statement>,
    /// Top-level elements that are not `Version`, `Id` or `Statement`.
    pub unknown_elements: Vec<Spanned<String>>,
    /// Elements that appear twice in one object.
    pub duplicate_elements: Vec<Spanned<String>>,
    /// JSON-shape problems met while reading (a number where a string belongs, …).
    pub problems: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Statement {
    pub index: usize,
    pub span: Span,
    pub sid: Option<Spanned<String>>,
    /// The `Effect` exactly as written; see [`Statement::effect`].
    pub effect: Option<Spanned<String>>,
    // The elements most statements lack are boxed: a statement is 232 bytes instead of 392,
    // which is a tenth of the peak memory of a policy of many statements (README, memory).
    pub principal: Option<Box<Principal>>,
    pub not_principal: Option<Box<Principal>>,
    pub action: Option<List>,
    pub not_action: Option<Box<List>>,
    pub resource: Option<List>,
    pub not_resource: Option<Box<List>>,
    pub condition: Option<Condition>,
    pub unknown_elements: Vec<Spanned<String>>,
}

/// A one-or-many string element (`Action`, `Resource`, …), normalised to a list.
#[derive(Clone, Debug, Default)]
pub struct List {
    pub span: Span,
    pub items: Vec<Spanned<String>>,
}

impl List {
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.items.iter()
    }

    /// Whether any item is exactly `*`.
    pub fn has_star(&self) -> bool {
        self.items.iter().any(|i| i.value == "*")
    }
}

/// Which kind of principal an entry of `Principal` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
    /// A key IAM does not define; `policy-invalid` reports it.
    Other,
}

#[derive(Clone, Debug, Default)]
pub struct Principal {
    pub span: Span,
    /// `"Principal": "*"`.
    pub wildcard: bool,
    pub entries: Vec<(PrincipalType, Spanned<String>)>,
    /// The keys of the principal object, for grammar checks.
    pub keys: Vec<Spanned<String>>,
}

/// A `Condition` block: operator → key → values, flattened into clauses.
#[derive(Clone, Debug, Default)]
pub struct Condition {
    pub span: Span,
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub operator: Spanned<String>,
    pub key: Spanned<String>,
    /// Every value as text (`true`, `10` and `"x"` alike), normalised to a list.
    pub values: Vec<Spanned<String>>,
}

impl Statement {
    /// `Allow` or `Deny` when written exactly so (IAM is case-sensitive here).
    pub fn effect(&self) -> Option<Effect> {
        match self.effect.as_ref()?.value.as_str() {
            "Allow" => Some(Effect::Allow),
            "Deny" => Some(Effect::Deny),
            _ => None,
        }
    }

    pub fn is_allow(&self) -> bool {
        self.effect() == Some(Effect::Allow)
    }

    /// `Action` or `NotAction`, and whether it is the negated form.
    pub fn actions(&self) -> Option<(&List, bool)> {
        self.action.as_ref().map(|l| (l, false)).or_else(|| self.not_action.as_deref().map(|l| (l, true)))
    }

    /// Whether `Resource` includes `*` (every resource).
    pub fn on_all_resources(&self) -> bool {
        self.resource.as_ref().is_some_and(List::has_star)
    }

    pub fn has_condition(&self) -> bool {
        self.condition.as_ref().is_some_and(|c| !c.clauses.is_empty())
    }

    /// How messages name the statement: by `Sid`, else by its 1-based position.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => format!("statement {}", crate::base::code(&sid.value)),
            _ => format!("statement #{}", self.index + 1),
        }
    }
}

const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] =
    ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// Actions a trust policy grants; a policy with a principal and only these is a trust policy.
const TRUST_ACTIONS: [&str; 6] = [
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
];

impl Policy {
    /// Reads a policy document. `kind` is what the wrapper says, if anything; otherwise the
    /// kind is inferred from the content.
    pub fn read(doc: u32, value: &Value, kind: Option<PolicyKind>, name: String) -> Policy {
        let mut policy = Policy {
            doc,
            span: value.span,
            kind: kind.unwrap_or(PolicyKind::Identity),
            kind_known: kind.is_some(),
            name,
            account: None,
            holder: None,
            own: Vec::new(),
            aws_managed: false,
            version: None,
            statement_span: None,
            statements: Vec::new(),
            unknown_elements: Vec::new(),
            duplicate_elements: Vec::new(),
            problems: Vec::new(),
        };
        let Some(members) = value.as_object() else {
            policy.problem(value.span, format!("a policy document must be an object, found {}", value.type_name()));
            return policy;
        };
        policy.note_duplicates(value);
        for m in members {
            match &*m.key {
                "Version" => policy.version = policy.string(&m.value, "Version"),
                "Statement" => {
                    policy.statement_span = Some(m.value.span);
                    match &m.value.kind {
                        Kind::Array(items) => {
                            // Exactly as many as there are: a policy of 400,000 statements
                            // would otherwise hold two growing copies at once.
                            policy.statements.reserve_exact(items.len());
                            for item in items {
                                policy.read_statement(item);
                            }
                        }
                        Kind::Object(_) => policy.read_statement(&m.value),
                        _ => policy.problem(
                            m.value.span,
                            format!(
                                "`Statement` must be an object or an array of objects, found {}",
                                m.value.type_name()
                            ),
                        ),
                    }
                }
                "Id" => {}
                key => policy.unknown_elements.push(Spanned { value: key.into(), span: m.key_span }),
            }
        }
        if kind.is_none() {
            policy.kind = policy.inferred_kind();
        }
        policy
    }

    fn inferred_kind(&self) -> PolicyKind {
        let with_principal: Vec<&Statement> =
            self.statements.iter().filter(|s| s.principal.is_some() || s.not_principal.is_some()).collect();
        if with_principal.is_empty() {
            return PolicyKind::Identity;
        }
        let only_assume = with_principal.iter().all(|s| {
            s.action.as_ref().is_some_and(|a| {
                !a.items.is_empty() && a.iter().all(|i| TRUST_ACTIONS.contains(&i.value.to_ascii_lowercase().as_str()))
            })
        });
        if only_assume {
            PolicyKind::Trust
        } else {
            PolicyKind::Resource
        }
    }

    fn problem(&mut self, span: Span, message: String) {
        self.problems.push(Spanned { value: message, span });
    }

    fn note_duplicates(&mut self, object: &Value) {
        let members = object.as_object().unwrap_or_default();
        // A policy object has a handful of keys; a hostile one with many is checked by a set.
        let mut seen = std::collections::HashSet::with_capacity(if members.len() > 16 { members.len() } else { 0 });
        for (i, m) in members.iter().enumerate() {
            let again = if members.len() > 16 {
                !seen.insert(&*m.key)
            } else {
                members.iter().take(i).any(|earlier| earlier.key == m.key)
            };
            if again {
                self.duplicate_elements.push(Spanned { value: m.key.to_string(), span: m.key_span });
            }
        }
    }

    fn string(&mut self, value: &Value, element: &str) -> Option<Spanned<String>> {
        if let Some(s) = value.as_str() {
            Some(Spanned { value: s.into(), span: value.span })
        } else {
            self.problem(value.span, format!("`{element}` must be a string, found {}", value.type_name()));
            None
        }
    }

    fn list(&mut self, value: &Value, element: &str) -> List {
        let items = match &value.kind {
            Kind::Array(items) => &items[..],
            _ => std::slice::from_ref(value),
        };
        let mut list = List { span: value.span, items: Vec::with_capacity(items.len()) };
        for item in items {
            if let Some(s) = item.as_str() {
                list.items.push(Spanned { value: s.into(), span: item.span });
            } else {
                let hint =
                    if item.get("Fn::Sub").is_some() || item.get("Fn::Join").is_some() || item.get("Ref").is_some() {
                        " (a CloudFormation intrinsic function: analyse the deployed policy, where it is resolved)"
                    } else {
                        ""
                    };
                self.problem(
                    item.span,
                    format!("`{element}` must be a string or an array of strings, found {}{hint}", item.type_name()),
                );
            }
        }
        list
    }

    fn read_statement(&mut self, value: &Value) {
        let index = self.statements.len();
        let Some(members) = value.as_object() else {
            self.problem(value.span, format!("a statement must be an object, found {}", value.type_name()));
            return;
        };
        self.note_duplicates(value);
        let mut st = Statement { index, span: value.span, ..Statement::default() };
        for m in members {
            let v = &m.value;
            match &*m.key {
                "Sid" => st.sid = self.string(v, "Sid"),
                "Effect" => st.effect = self.string(v, "Effect"),
                "Principal" => st.principal = Some(Box::new(self.principal(v, "Principal"))),
                "NotPrincipal" => st.not_principal = Some(Box::new(self.principal(v, "NotPrincipal"))),
                "Action" => st.action = Some(self.list(v, "Action")),
                "NotAction" => st.not_action = Some(Box::new(self.list(v, "NotAction"))),
                "Resource" => st.resource = Some(self.list(v, "Resource")),
                "NotResource" => st.not_resource = Some(Box::new(self.list(v, "NotResource"))),
                "Condition" => st.condition = Some(self.condition(v)),
                key => st.unknown_elements.push(Spanned { value: key.into(), span: m.key_span }),
            }
        }
        self.statements.push(st);
    }

    fn principal(&mut self, value: &Value, element: &str) -> Principal {
        let mut p = Principal { span: value.span, ..Principal::default() };
        match &value.kind {
            Kind::String(s) if &**s == "*" => p.wildcard = true,
            Kind::Object(members) => {
                for m in members {
                    let ty = match &*m.key {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => PrincipalType::Other,
                    };
                    p.keys.push(Spanned { value: m.key.to_string(), span: m.key_span });
                    let list = self.list(&m.value, element);
                    p.entries.extend(list.items.into_iter().map(|v| (ty, v)));
                }
            }
            _ => self.problem(
                value.span,
                format!("`{element}` must be `\"*\"` or an object such as {{\"AWS\": …}}, found {}", value.type_name()),
            ),
        }
        p
    }

    fn condition(&mut self, value: &Value) -> Condition {
        let mut c = Condition { span: value.span, clauses: Vec::new() };
        let Some(operators) = value.as_object() else {
            self.problem(
                value.span,
                format!("`Condition` must be an object of operators, found {}", value.type_name()),
            );
            return c;
        };
        for op in operators {
            let Some(keys) = op.value.as_object() else {
                self.problem(
                    op.value.span,
                    format!(
                        "the condition operator {} must map to an object of keys, found {}",
                        crate::base::code(&op.key),
                        op.value.type_name()
                    ),
                );
                continue;
            };
            let operator = Spanned { value: op.key.to_string(), span: op.key_span };
            for key in keys {
                let items = match &key.value.kind {
                    Kind::Array(items) => &items[..],
                    _ => std::slice::from_ref(&key.value),
                };
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    let text = match &item.kind {
                        Kind::String(s) | Kind::Number(s) => s.to_string(),
                        Kind::Bool(b) => b.to_string(),
                        _ => {
                            self.problem(
                                item.span,
                                format!(
                                    "the value of condition key {} must be a string, number or boolean, found {}",
                                    crate::base::code(&key.key),
                                    item.type_name()
                                ),
                            );
                            continue;
                        }
                    };
                    values.push(Spanned { value: text, span: item.span });
                }
                c.clauses.push(Clause {
                    operator: operator.clone(),
                    key: Spanned { value: key.key.to_string(), span: key.key_span },
                    values,
                });
            }
        }
        c.clauses.shrink_to_fit();
        c
    }
}

/// The defined element closest in spelling to an unknown one (`Actions` → `Action`).
pub fn closest_element(key: &str, top_level: bool) -> Option<&'static str> {
    let pool: &[&'static str] = if top_level { &POLICY_ELEMENTS } else { &STATEMENT_ELEMENTS };
    pool.iter()
        .map(|&e| (super::kinds::edit_distance(&key.to_ascii_lowercase(), &e.to_ascii_lowercase()), e))
        .filter(|&(d, e)| d <= e.len() / 3 + 1)
        .min()
        .map(|(_, e)| e)
}
