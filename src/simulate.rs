//! The offline simulator: "can this principal do this action on this resource?" over the
//! pasted policies, answered by the evaluation core with every statement's reasons. The CLI
//! (`posture simulate`) and the page print the same [`Simulation`], so their answers and
//! explanations are the same by construction.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::iam::account::{self, Account, Boundary, Held};
use crate::iam::catalog::Catalog;
use crate::iam::eval::{self, Caller, Context, Decision, Request};
use crate::input::{Site, Snapshot, Source};
use crate::report::{InputSummary, Location, Utf16Range};

/// What to ask, as a user writes it.
#[derive(Clone, Debug, Default)]
pub struct Question {
    pub principal: Option<String>,
    pub action: String,
    pub resource: String,
    /// `key=value` pairs; a key given twice is multivalued.
    pub context: Vec<(String, String)>,
}

/// The answer: the decision, why, and every statement's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub request: Asked,
    pub decision: Decision,
    /// One sentence: the decision and what decided it.
    pub summary: String,
    /// What the decision takes for granted that the inputs do not say (a bare resource policy
    /// is taken to be about the request's resource).
    pub assumptions: Vec<String>,
    /// Things worth knowing about the question or the model (unknown action, no policies, …).
    pub notes: Vec<String>,
    pub statements: Vec<StatementResult>,
    pub inputs: Vec<InputSummary>,
}

/// The request as evaluated, context keys from the caller included.
#[derive(Clone, Debug, Serialize)]
pub struct Asked {
    pub principal: Option<String>,
    pub action: String,
    pub resource: String,
    pub context: BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementResult {
    pub input: String,
    pub policy: String,
    pub kind: &'static str,
    /// How messages name the statement: ``statement `Sid` `` or `statement #2`.
    pub statement: String,
    /// How the principal holds the policy, when `--principal` names a user or role of the
    /// authorization details: `inline`, `attached`, `inline of group builders`, `boundary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
    pub effect: String,
    pub applies: bool,
    pub decisive: bool,
    pub reasons: Vec<ReasonResult>,
    pub location: Location,
    /// Not part of the JSON: the statement's range, for the page's highlight.
    #[serde(skip)]
    pub range: Utf16Range,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReasonResult {
    pub matched: bool,
    pub text: String,
}

/// Reads the question; a malformed one is the user's mistake, returned as a message.
fn request(question: &Question) -> Result<Request, String> {
    let action = question.action.trim();
    if action.is_empty() {
        return Err("give an action, such as `s3:GetObject`".into());
    }
    if !action.contains(':') || action.contains(['*', '?']) {
        return Err(format!("`{action}` is not an action: write `service:Action`, without wildcards"));
    }
    let resource = question.resource.trim();
    if resource.is_empty() {
        return Err("give a resource ARN (or `*` for actions that take no resource)".into());
    }
    let caller = match question.principal.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Caller::parse(p)?),
        None => None,
    };
    let mut context = Context::default();
    for (key, value) in &question.context {
        let key = key.trim();
        if key.is_empty() || !key.contains(':') {
            return Err(format!("context key `{key}` must be written `service:Key`, such as `aws:SourceIp`"));
        }
        context.insert(key, value.trim());
    }
    Ok(Request { caller, action: action.to_string(), resource: resource.to_string(), context })
}

/// Parses `key=value` as given on the command line or in the page.
pub fn context_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{text}` is not `key=value`")),
    }
}

/// Answers `question` over the policies in `sources`.
///
/// When the inputs hold `get-account-authorization-details` and `--principal` names one of its
/// users or roles (by name or ARN), the request is that principal's: its identity policies are
/// its own inline and attached ones and its groups' (no other principal's), every resource and
/// trust policy of the inputs still counts, and its permissions boundary must allow the request
/// too (IAM User Guide, *Policy evaluation logic*: an identity-based allow within the boundary).
pub fn simulate(sources: &[Source], question: &Question) -> Result<Simulation, String> {
    let snapshot = Snapshot::read(sources);
    let account = Account::new(&snapshot.model, &snapshot.policies);
    let authz = snapshot.model.has(crate::input::kinds::AUTHZ_DETAILS.id);
    let asked = question.principal.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let chosen = if authz { chosen(&account, asked)? } else { None };
    let mut resolved = question.clone();
    if let Some(principal) = chosen {
        resolved.principal = Some(principal.arn.value.clone());
    }
    let request = request(&resolved)?;
    let effective = chosen.map(|p| account.effective(p));
    let mut held: Vec<(&crate::input::Policy, String)> = Vec::new();
    let policies: Vec<&crate::input::Policy> = match &effective {
        Some(e) => {
            for h in &e.holdings {
                if !held.iter().any(|(p, _)| std::ptr::eq(*p, h.policy)) {
                    held.push((h.policy, held_text(h.held)));
                }
            }
            // Its own identity policies, and every resource and trust policy.
            let others = snapshot.policies.iter().filter(|p| p.kind != crate::input::PolicyKind::Identity);
            held.iter().map(|(p, _)| *p).chain(others).collect()
        }
        None => snapshot.policies.iter().collect(),
    };
    let mut evaluation = eval::evaluate(&policies, &request);
    let mut notes = evaluation.notes.clone();
    if let Some(e) = &effective {
        limit(e, &request, &mut evaluation, &mut held, &mut notes);
    } else if authz && asked.is_none() {
        notes.push(
            "the inputs hold authorization details: give `--principal` (a user or role name or ARN) to answer for \
             that principal alone; without it every policy of the file counts"
                .into(),
        );
    }
    let catalog = Catalog::get();
    if catalog.find_action(&request.action).is_none() {
        let hint = catalog.suggest(&request.action).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        notes.push(format!("`{}` is not an action in the IAM catalogue{hint}", request.action));
    }
    if policies.is_empty() {
        notes.push("no policy was found in the inputs, so nothing allows the request".into());
    }
    if request.caller.is_none() && policies.iter().any(|p| p.kind != crate::input::PolicyKind::Identity) {
        notes.push("no principal given: `Principal` elements are taken to name the caller".into());
    }
    notes.push(
        if effective.is_some() {
            "SCPs and session policies are not modelled; the cross-account rule (both accounts must allow) applies \
             when the resource's account is known, from its ARN or `aws:ResourceAccount`"
        } else {
            "permissions boundaries, SCPs and session policies are not modelled; the cross-account rule (both \
             accounts must allow) applies when the resource's account is known, from its ARN or `aws:ResourceAccount`"
        }
        .into(),
    );

    let statements = results(&snapshot, &evaluation, &held);
    let assumptions = evaluation.assumptions();
    let deciders: Vec<String> = statements
        .iter()
        .filter(|s| s.decisive)
        .map(|s| match &s.held {
            Some(held) => format!("{} of `{}` ({held})", s.statement, s.policy),
            None => format!("{} of `{}`", s.statement, s.policy),
        })
        .collect();
    let mut summary = match (evaluation.decision, &evaluation.overruled) {
        (Decision::Allow, Some(why)) => format!("allowed: {why}"),
        (_, Some(why)) => format!("implicitly denied: {why}"),
        (Decision::ExplicitDeny, None) => format!("explicitly denied by {}", deciders.join(", ")),
        (Decision::Allow, None) => format!("allowed by {}", deciders.join(", ")),
        (Decision::ImplicitDeny, None) => "implicitly denied: no statement allows the request".to_string(),
    };
    if !assumptions.is_empty() {
        summary.push_str(" (assuming ");
        summary.push_str(&assumptions.join("; "));
        summary.push(')');
    }
    let context = request.full_context();
    Ok(Simulation {
        request: Asked {
            principal: question.principal.clone().filter(|p| !p.trim().is_empty()),
            action: request.action.clone(),
            resource: request.resource.clone(),
            context: context.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect(),
        },
        decision: evaluation.decision,
        summary,
        assumptions,
        notes,
        statements,
        inputs: crate::input_summaries(&snapshot),
    })
}

/// Each statement's outcome as the answer shows it, located in the inputs.
fn results(
    snapshot: &Snapshot,
    evaluation: &eval::Evaluation,
    held: &[(&crate::input::Policy, String)],
) -> Vec<StatementResult> {
    evaluation
        .statements
        .iter()
        .map(|s| {
            let site = Site { doc: s.policy.doc, span: s.statement.span };
            let (location, range) = snapshot.locate(site);
            StatementResult {
                input: snapshot.input_name(site).to_string(),
                policy: s.policy.name.clone(),
                kind: s.policy.kind.as_str(),
                statement: s.statement.label(),
                held: held.iter().find(|(p, _)| std::ptr::eq(*p, s.policy)).map(|(_, h)| h.clone()),
                effect: s.statement.effect.as_ref().map_or_else(String::new, |e| e.value.clone()),
                applies: s.applies,
                decisive: s.decisive,
                reasons: s.reasons.iter().map(|r| ReasonResult { matched: r.matched, text: r.text.clone() }).collect(),
                location,
                range,
            }
        })
        .collect()
}

/// The user or role of the authorization details that `asked` names, if any.
fn chosen<'a>(account: &Account<'a>, asked: Option<&str>) -> Result<Option<&'a crate::model::Principal>, String> {
    let Some(p) = asked else { return Ok(None) };
    match account.find(p).as_slice() {
        [] if eval::Caller::parse(p).is_err() => Err(format!(
            "no user or role of the authorization details is named `{p}`, and it is no principal ARN either"
        )),
        [] => Ok(None),
        [one] if one.kind == crate::model::PrincipalKind::Group => {
            Err(format!("`{p}` is a group: groups make no requests; name one of its users"))
        }
        [one] => Ok(Some(*one)),
        [..] => Err(format!("`{p}` names several principals: give its ARN")),
    }
}

/// What a principal's effective permissions add to an evaluation of its policies: its
/// boundary (an explicit deny there wins; without its allow, an allow becomes an implicit
/// deny) and notes on the documents the inputs lack.
fn limit<'p>(
    e: &account::Effective<'p>,
    request: &Request,
    evaluation: &mut eval::Evaluation<'p>,
    held: &mut Vec<(&'p crate::input::Policy, String)>,
    notes: &mut Vec<String>,
) {
    for m in &e.missing {
        let known = if account::is_administrator_access(&m.value) {
            " (`AdministratorAccess` allows everything: the answer may be an allow)"
        } else {
            ""
        };
        notes.push(format!("the document of `{}` is not in the inputs: the answer does not count it{known}", m.value));
    }
    match &e.boundary {
        Boundary::Known(b) => {
            held.push((b.policy, held_text(Held::Boundary)));
            let mut bounded = eval::evaluate(&[b.policy], request);
            match (evaluation.decision, bounded.decision) {
                // A deny in the boundary wins like any explicit deny.
                (identity, Decision::ExplicitDeny) => {
                    if identity != Decision::ExplicitDeny {
                        evaluation.statements.iter_mut().for_each(|st| st.decisive = false);
                    }
                    evaluation.decision = Decision::ExplicitDeny;
                }
                (Decision::Allow, Decision::ImplicitDeny) if evaluation.overruled.is_none() => {
                    evaluation.statements.iter_mut().for_each(|st| st.decisive = false);
                    evaluation.decision = Decision::ImplicitDeny;
                    evaluation.overruled = Some(format!(
                        "the permissions boundary `{}` does not allow the request, whatever the policies allow",
                        b.name
                    ));
                }
                (Decision::Allow, _) => {}
                // Denied already: the boundary decides nothing.
                _ => bounded.statements.iter_mut().for_each(|st| st.decisive = false),
            }
            evaluation.statements.extend(bounded.statements);
        }
        Boundary::Missing(b) => notes.push(format!(
            "the permissions boundary `{}` is not in the inputs: the answer assumes it allows the request",
            b.value
        )),
        Boundary::None => {}
    }
}

/// The resource and trust policies of a snapshot, found by the resource they govern: what
/// [`decide`] adds to a principal's own policies. Built once per snapshot.
pub struct Others<'a> {
    /// Those whose resource is unknown or a pattern: they may govern any request.
    always: Vec<&'a crate::input::Policy>,
    /// Those that govern literal ARNs, by each ARN in ASCII lower case.
    by_own: std::collections::HashMap<String, Vec<&'a crate::input::Policy>>,
}

impl<'a> Others<'a> {
    pub fn new(policies: &'a [crate::input::Policy]) -> Self {
        let mut always = Vec::new();
        let mut by_own: std::collections::HashMap<String, Vec<&'a crate::input::Policy>> =
            std::collections::HashMap::new();
        for p in policies.iter().filter(|p| p.kind != crate::input::PolicyKind::Identity) {
            if p.own.is_empty() || p.own.iter().any(|o| o.contains(['*', '?']) || o.contains("${")) {
                always.push(p);
            } else {
                let mut keys: Vec<String> = p.own.iter().map(|o| o.to_ascii_lowercase()).collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    by_own.entry(k).or_default().push(p);
                }
            }
        }
        Others { always, by_own }
    }
}

/// The decision [`simulate`] reaches when `--principal` names `effective`'s principal (the
/// request's caller is set to its ARN): its own identity policies, the resource and trust
/// policies of the inputs, its permissions boundary. `posture diff` confirms the witnesses of
/// two authorization-details files with it. Policies that govern a literal resource other than
/// the request's are left out: none of their statements applies (a literal ARN matches only
/// itself, and ASCII case is the only folding), so the decision is the same.
pub fn decide(others: &Others<'_>, effective: &account::Effective<'_>, request: &Request) -> Decision {
    let mut request = request.clone();
    request.caller = Caller::parse(&effective.principal.arn.value).ok();
    // Each held policy once (a policy held twice, as by a user and its group, counts once).
    let mut seen = std::collections::HashSet::new();
    let mut policies: Vec<&crate::input::Policy> = effective
        .holdings
        .iter()
        .map(|h| h.policy)
        .filter(|p| seen.insert(std::ptr::from_ref::<crate::input::Policy>(p) as usize))
        .collect();
    policies.extend(others.always.iter().copied());
    if let Some(governed) = others.by_own.get(&request.resource.to_ascii_lowercase()) {
        policies.extend(governed.iter().copied());
    }
    let mut evaluation = eval::evaluate(&policies, &request);
    limit(effective, &request, &mut evaluation, &mut Vec::new(), &mut Vec::new());
    evaluation.decision
}

/// How a principal holds a policy, in words.
fn held_text(held: Held) -> String {
    match held {
        Held::Inline => "inline".into(),
        Held::Attached => "attached".into(),
        Held::Group { group, inline: true } => format!("inline of group {group}"),
        Held::Group { group, inline: false } => format!("attached to group {group}"),
        Held::Boundary => "boundary".into(),
    }
}

impl Simulation {
    /// The JSON form: what `posture simulate --format json` prints and the page reads.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The text form, for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let r = &self.request;
        let who = r.principal.as_deref().unwrap_or("the policies' holder");
        let _ = writeln!(out, "Can {who} do {} on {}?", r.action, r.resource);
        let verdict = match self.decision {
            Decision::Allow => "ALLOW",
            Decision::ExplicitDeny => "EXPLICIT DENY",
            Decision::ImplicitDeny => "IMPLICIT DENY",
        };
        let _ = writeln!(out, "{verdict}: {}\n", self.summary);
        if !r.context.is_empty() {
            let _ = writeln!(out, "Request context:");
            for (k, v) in &r.context {
                let _ = writeln!(out, "  {k} = {}", v.join(", "));
            }
            out.push('\n');
        }
        for s in &self.statements {
            let status = match (s.decisive, s.applies) {
                (true, _) => "decides",
                (false, true) => "applies",
                (false, false) => "does not apply",
            };
            let _ = writeln!(
                out,
                "{} {} ({} of `{}`{}, {}:{}:{}) {status}",
                s.effect,
                s.statement,
                s.kind,
                s.policy,
                s.held.as_deref().map(|h| format!(", {h}")).unwrap_or_default(),
                s.input,
                s.location.line,
                s.location.column
            );
            for reason in &s.reasons {
                let mark = if reason.matched { "+" } else { "-" };
                let _ = writeln!(out, "    {mark} {}", reason.text);
            }
        }
        for input in &self.inputs {
            if let Some(e) = &input.error {
                let _ = writeln!(out, "\n{}:{}:{}: {}", input.name, e.line, e.column, e.message);
            }
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for n in &self.notes {
                let _ = writeln!(out, "note: {n}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(action: &str, resource: &str) -> Question {
        Question { action: action.into(), resource: resource.into(), ..Question::default() }
    }

    #[test]
    fn bad_questions_are_messages() {
        assert!(simulate(&[], &ask("", "*")).is_err());
        assert!(simulate(&[], &ask("s3:Get*", "*")).is_err());
        assert!(simulate(&[], &ask("s3:GetObject", "")).is_err());
        let mut q = ask("s3:GetObject", "*");
        q.principal = Some("bob".into());
        assert!(simulate(&[], &q).is_err());
        assert!(context_pair("novalue").is_err());
        assert_eq!(context_pair("aws:SourceIp=10.0.0.1").unwrap().1, "10.0.0.1");
    }

    #[test]
    fn answers_with_reasons_and_locations() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
]}"#;
        let sources = [Source::new("p.json", text)];
        let sim = simulate(&sources, &ask("s3:GetObject", "arn:aws:s3:::b/k")).unwrap();
        assert_eq!(sim.decision, Decision::Allow);
        assert_eq!(sim.summary, "allowed by statement `Read` of `p`");
        let st = &sim.statements[0];
        assert_eq!((st.location.line, st.location.column, st.location.pointer.as_str()), (2, 3, "/Statement/0"));
        assert!(sim.to_text().contains("ALLOW: allowed by statement `Read`"));
        let unknown = simulate(&sources, &ask("s3:GetObjekt", "arn:aws:s3:::b/k")).unwrap();
        assert_eq!(unknown.decision, Decision::ImplicitDeny);
        assert!(unknown.notes[0].contains("did you mean `s3:GetObject`"), "{:?}", unknown.notes);
    }

    /// A role's trust policy answers only for that role; a bucket policy only for its bucket and
    /// its objects (the bucket named by the bundle's command line).
    #[test]
    fn resource_policies_answer_for_their_own_resource() {
        let get_role = r#"{"Role": {"RoleName": "deploy-from-ci", "Arn": "arn:aws:iam::111122223333:role/deploy-from-ci",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole"}]}}}"#;
        let sources = [Source::new("get-role.json", get_role)];
        let mut q = ask("sts:AssumeRole", "arn:aws:iam::111122223333:role/some-other-role");
        q.principal = Some("arn:aws:iam::111122223333:user/alice".into());
        let other = simulate(&sources, &q).unwrap();
        assert_eq!(other.decision, Decision::ImplicitDeny, "{}", other.to_text());
        assert!(other.to_text().contains("governs only its own resource"), "{}", other.to_text());
        q.resource = "arn:aws:iam::111122223333:role/deploy-from-ci".into();
        let own = simulate(&sources, &q).unwrap();
        assert_eq!(own.decision, Decision::Allow);
        assert!(own.assumptions.is_empty(), "{:?}", own.assumptions);

        let bundle = r#"{"bundle": 1, "outputs": [{"command": "aws s3api get-bucket-policy --bucket shared",
  "output": {"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}"}}]}"#;
        let sources = [Source::new("bundle.json", bundle)];
        let mut q = ask("s3:GetObject", "arn:aws:s3:::shared/a");
        q.principal = Some("*".into());
        assert_eq!(simulate(&sources, &q).unwrap().decision, Decision::Allow);
        q.resource = "arn:aws:s3:::elsewhere/a".into();
        assert_eq!(simulate(&sources, &q).unwrap().decision, Decision::ImplicitDeny);

        // A bare resource policy: taken to be about the request's resource, and said so.
        let bare = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}"#;
        let sim = simulate(&[Source::new("bucket.json", bare)], &q).unwrap();
        assert_eq!(sim.decision, Decision::Allow);
        assert_eq!(sim.assumptions.len(), 1);
        assert!(sim.summary.contains("(assuming the request is about the resource"), "{}", sim.summary);
    }
}
