use std::collections::HashMap;
use std::sync::OnceLock;

use super::common::acts_on_any_resource;
use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{ActionSet, Catalog};
use crate::iam::eval::arn::{Arn, Pattern, Syntax};
use crate::iam::pattern::OverBudget;
use crate::input::{List, PolicyKind, Spanned};

declare_check! {
    /// Statement names resources its actions cannot act on.
    ///
    /// ## What it checks
    /// `Allow` and `Deny` statements with `Action` and `Resource` in identity and resource
    /// policies: each resource ARN is compared with the ARN formats of the resource types the
    /// statement's actions accept (from the Service Authorization Reference). The statement
    /// is reported when *no* listed resource fits *any* of its actions — one fitting resource
    /// is enough — for example `s3:GetObject` on `arn:aws:s3:::reports` (a bucket, where the
    /// action needs `arn:aws:s3:::reports/*`), `kms:Decrypt` on an alias ARN, a log group
    /// written without `log-group:`, or an ARN of another service. A placeholder of a format
    /// stands for one path segment where the reference shows that a `/` ends it (the object
    /// format `${BucketName}/${ObjectName}` extends the bucket's), so `s3:ListBucket` on
    /// `arn:aws:s3:::reports/*` — objects only — is reported; names that may hold `/` (object
    /// keys, IAM paths, parameter and log group names) are not limited. An S3 ARN with a colon in
    /// the bucket name (`arn:aws:s3:::reports:*`) fits nothing. Policy variables
    /// (`${aws:username}`) stand for any value and never cause a mismatch; `*`, unknown
    /// actions (see `unknown-action`) and text that is not an ARN are not judged.
    ///
    /// The reference is not complete, so where it is known to fall short the check gives the
    /// benefit of the doubt: an action it lists without resource types (such as
    /// `ec2:DescribeInstances`) or one that acts on any resource (`TagResource`,
    /// `PutResourcePolicy`) is judged only against ARNs of unrelated services; ARNs of a
    /// service named like an action's (`ssm` sessions for `ssmmessages:OpenDataChannel`) are
    /// left alone; and ARN formats are compared without regard to case.
    ///
    /// ## Why it matters
    /// IAM accepts such a statement and then never applies it: the request's resource is an
    /// object, the statement names a bucket, so nothing matches. An `Allow` silently grants
    /// less than intended, which leads people to "fix" it with `"Resource": "*"`; a `Deny`
    /// silently protects nothing, which is worse — `Deny s3:DeleteObject` on the bucket ARN
    /// leaves every object deletable.
    ///
    /// ## How to fix
    /// Name the resource type the actions act on — objects are `bucket/*`, a bucket is the
    /// bare name — and list both when the statement mixes bucket and object actions:
    /// ```json
    /// {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
    ///  "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
    /// ```
    pub static ACTION_RESOURCE_MISMATCH = {
        id: "action-resource-mismatch",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// How many actions, resources or resource types a message names before summarising.
const LISTED: usize = 3;

/// Resource patterns are read with wildcards and variables: a variable is "some value".
const RESOURCE: Syntax = Syntax { wildcards: true, variables: true };

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind == PolicyKind::Trust {
        return;
    }
    for grant in &policy.permissions.grants {
        let st = grant.statement;
        let (Some(action), Some(resource)) = (&st.action, &st.resource) else { continue };
        if grant.not_action || st.not_action.is_some() || st.not_resource.is_some() || resource.items.is_empty() {
            continue;
        }
        // Most statements name `*` or a pattern that fits anything: no need to look further.
        if grant.actions.is_empty() || resource.iter().any(|r| fits_anything(&r.value)) {
            continue;
        }
        let statement = Actions { set: &grant.actions, items: action };
        let mut undecided = None;
        let fits = resource.iter().any(|r| {
            statement.fits(&r.value).unwrap_or_else(|OverBudget| {
                undecided.get_or_insert(r.span);
                false
            })
        });
        if fits {
            continue;
        }
        if let Some(span) = undecided {
            let message = format!(
                "comparing a resource of {} with the ARN formats of its actions exceeded the work budget; \
                 whether it fits them is unknown, so no mismatch is reported",
                st.label()
            );
            sink.note(&ACTION_RESOURCE_MISMATCH, policy, span, message);
            continue;
        }
        let span = match resource.items.as_slice() {
            [only] => only.span,
            _ => resource.span,
        };
        sink.on_policy(
            &ACTION_RESOURCE_MISMATCH,
            policy,
            span,
            format!("{}: {}", st.label(), statement.explain(resource)),
        );
    }
}

/// One ARN format of a resource type, with the actions that accept the type.
struct Format {
    /// The prefix of the service that defines the type, e.g. `s3`.
    owner: &'static str,
    /// The resource type's name, e.g. `object`.
    name: &'static str,
    /// The ARN format, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    arn: &'static str,
    /// The format, lowercased and parsed once. Lowercased because the reference's formats are
    /// not always spelt in the case the services use (`quicksight`'s `vpcConnection` is
    /// `vpcconnection` in ARNs), so resources are compared without regard to case.
    pattern: Pattern,
    /// The fixed start of the resource part, lowercased (`log-group:` of a log group), to skip
    /// formats that cannot fit without comparing them in full.
    start: String,
    /// How many `/` every resource of the format has, when that is fixed: when another format
    /// of the service extends this one with a `/` (see [`extended`]).
    slashes: Option<usize>,
    actions: ActionSet,
}

impl Format {
    /// `extended`: whether another format of the owner extends this one with a `/`.
    fn new(owner: &'static str, name: &'static str, arn: &'static str, extended: bool) -> Format {
        let lower = arn.to_ascii_lowercase();
        let start = Arn::parse(&lower).map_or_else(String::new, |a| literal_start(a.resource).to_string());
        let pattern = Pattern::parse(&lower, RESOURCE);
        let slashes = extended.then(|| literal_slashes(arn));
        Format { owner, name, arn, pattern, start, slashes, actions: ActionSet::new() }
    }

    /// Whether a resource may fit the format: no more literal `/` than the format's resources
    /// have (a wildcard or variable in the resource may add `/`, never remove one), and the
    /// two patterns overlap.
    fn admits(&self, resource: &str, pattern: &Pattern) -> Result<bool, OverBudget> {
        if self.slashes.is_some_and(|n| literal_slashes(resource) > n) {
            return Ok(false);
        }
        pattern.overlaps(&self.pattern)
    }

    /// Whether a resource part whose fixed start is `start` (lowercased) may fit the format:
    /// one of the two fixed starts begins the other.
    fn may_fit(&self, start: &str) -> bool {
        self.start.starts_with(start) || start.starts_with(&self.start)
    }

    /// How alike in shape the format and a resource are: same service, and region and account
    /// present or absent alike.
    fn likeness(&self, arn: &Arn) -> u8 {
        let Some(format) = Arn::parse(self.arn) else { return 0 };
        u8::from(format.service == arn.service) * 2
            + u8::from(format.region.is_empty() == arn.region.is_empty())
            + u8::from(format.account.is_empty() == arn.account.is_empty())
    }
}

/// Resource types the Service Authorization Reference omits, as (service prefix, type name,
/// ARN format): every action of the service accepts them. CloudFormation authorises
/// `CreateChangeSet` and `CreateStack` on the macros a template uses (`AWS::Serverless`).
const OMITTED_TYPES: [(&str, &str, &str); 1] = [(
    "cloudformation",
    "transform",
    "arn:${Partition}:cloudformation:${Region}:${Account}:transform/${TransformName}",
)];

/// Every ARN format of the catalogue with the actions that accept it, built once: a statement
/// is then judged by looking up its resources' services, not by walking its actions.
struct Index {
    formats: Vec<Format>,
    /// Indices into `formats` by the ARN's service part; formats whose service part is a
    /// placeholder (`backup`'s `${Vendor}`) are under `""`.
    by_service: HashMap<&'static str, Vec<usize>>,
    /// Actions the reference lists without resource types: they work only on `*`.
    no_types: ActionSet,
    /// Actions whose resource types the reference may list incompletely (see [`Actions::fits`]).
    lenient: ActionSet,
}

impl Index {
    fn get() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(Index::build)
    }

    fn build() -> Index {
        let catalog = Catalog::get();
        let mut index = Index {
            formats: Vec::new(),
            by_service: HashMap::new(),
            no_types: ActionSet::new(),
            lenient: ActionSet::new(),
        };
        // A format is found by the address of its text, which is unique to one service's type.
        let mut position: HashMap<usize, usize> = HashMap::new();
        let mut add = |index: &mut Index,
                       (owner, name, arn): (&'static str, &'static str, &'static str),
                       extended: bool,
                       actions: &ActionSet| {
            let i = *position.entry(arn.as_ptr() as usize).or_insert_with(|| {
                index.formats.push(Format::new(owner, name, arn, extended));
                let service = fixed_service(arn).unwrap_or("");
                index.by_service.entry(service).or_default().push(index.formats.len() - 1);
                index.formats.len() - 1
            });
            if let Some(format) = index.formats.get_mut(i) {
                format.actions.union_with(actions);
            }
        };
        for service in catalog.services() {
            let mut by_type: Vec<(&'static str, &'static str, ActionSet)> = Vec::new();
            for id in service.action_ids() {
                let info = catalog.action_info(id);
                if !info.supports_resource_level_permissions() {
                    index.no_types.insert(id);
                    index.lenient.insert(id);
                } else if acts_on_any_resource(info.name()) {
                    index.lenient.insert(id);
                }
                for ty in info.resource_types() {
                    for arn in ty.resource_type().arn_patterns() {
                        match by_type.iter_mut().find(|(_, a, _)| std::ptr::eq(*a, arn)) {
                            Some((_, _, set)) => {
                                set.insert(id);
                            }
                            None => by_type.push((ty.name(), arn, std::iter::once(id).collect())),
                        }
                    }
                }
            }
            let formats: Vec<&str> = by_type.iter().map(|(_, arn, _)| *arn).collect();
            for (name, arn, actions) in &by_type {
                add(&mut index, (service.prefix(), name, arn), extended(arn, &formats), actions);
            }
            for &(_, name, arn) in OMITTED_TYPES.iter().filter(|(s, _, _)| *s == service.prefix()) {
                let actions = catalog.expand(&format!("{}:*", service.prefix()));
                add(&mut index, (service.prefix(), name, arn), extended(arn, &formats), &actions);
            }
        }
        index
    }

    /// The formats whose ARN service part is `service`, and those whose service part varies.
    fn formats_of<'i>(&'i self, service: &str) -> impl Iterator<Item = &'i Format> + 'i {
        let own = self.by_service.get(service).map(Vec::as_slice).unwrap_or_default();
        let wild = self.by_service.get("").map(Vec::as_slice).unwrap_or_default();
        own.iter().chain(wild).filter_map(|&i| self.formats.get(i))
    }
}

/// The known actions of one statement.
struct Actions<'a> {
    set: &'a ActionSet,
    /// The entries as written, for messages.
    items: &'a List,
}

impl Actions<'_> {
    /// Whether a resource entry may name a resource some action acts on.
    ///
    /// The reference is the authority, but not a complete one: AWS's own managed policies
    /// scope actions it lists without resource types (`fsx:DescribeBackups` to `backup/*`,
    /// `ssmmessages:OpenDataChannel` to `ssm` sessions) and tag or resource-policy actions to
    /// types it does not list for them. So an action without resource types, or one that
    /// acts on "a resource" in general (`TagResource`, `PutResourcePolicy`), is taken to accept
    /// any ARN of its own service or of a service named alike (`ssm` for `ssmmessages`); it is
    /// judged only against ARNs of unrelated services. Likewise an ARN of another service named
    /// like an action's (`connect-campaigns` for `connect`) is left alone: such services
    /// authorise each other's resources in ways the reference does not record.
    fn fits(&self, resource: &str) -> Result<bool, OverBudget> {
        if fits_anything(resource) {
            return Ok(true);
        }
        let Some(arn) = Arn::parse(resource) else { return Ok(true) };
        if malformed_s3(&arn) {
            return Ok(false);
        }
        let index = Index::get();
        let start = resource_start(&arn);
        let mut candidates =
            index.formats_of(arn.service).filter(|f| f.may_fit(&start) && f.actions.intersects(self.set)).peekable();
        if candidates.peek().is_some() {
            let pattern = Pattern::parse(&resource.to_ascii_lowercase(), RESOURCE);
            let mut over = None;
            for f in candidates {
                match f.admits(resource, &pattern) {
                    Ok(true) => return Ok(true),
                    Ok(false) => {}
                    Err(e) => over = Some(e),
                }
            }
            if let Some(e) = over {
                return Err(e);
            }
        }
        if only_wildcards(arn.resource) && self.set.intersects(&index.no_types) {
            return Ok(true);
        }
        let catalog = Catalog::get();
        Ok(catalog.services().iter().filter(|s| alike(s.prefix(), arn.service)).any(|s| {
            let actions = catalog.expand(&format!("{}:*", s.prefix()));
            let lenient = actions.intersect(&index.lenient);
            self.set.intersects(&lenient) || s.prefix() != arn.service && self.set.intersects(&actions)
        }))
    }

    /// The service prefixes of the actions, in catalogue order.
    fn services(&self) -> Vec<&'static str> {
        let catalog = Catalog::get();
        let mut services: Vec<&'static str> = Vec::new();
        for id in self.set {
            let prefix = catalog.service_of(id).prefix();
            if services.last() != Some(&prefix) {
                services.push(prefix);
            }
        }
        services
    }

    /// The message after the statement's label.
    fn explain(&self, resource: &List) -> String {
        let catalog = Catalog::get();
        let index = Index::get();
        let services = self.services();
        // Only the resources the message names are described; the rest are counted.
        let mut described: Vec<String> = resource.iter().take(LISTED).map(|r| describe(r, &services)).collect();
        described.extend(resource.iter().skip(LISTED).map(|_| String::new()));
        let subject = listed(&described, "and", (" resource", " resources"));
        let known: Vec<&Spanned<String>> = self.items.iter().filter(|a| !catalog.expand(&a.value).is_empty()).collect();
        let mut actions: Vec<String> = Vec::new();
        for a in known {
            let name = catalog.find_action(&a.value).map_or_else(|| a.value.clone(), |id| catalog.qualified_name(id));
            let shown = crate::base::code(&name);
            if !actions.contains(&shown) {
                actions.push(shown);
            }
        }
        let verb = if actions.len() == 1 { "acts" } else { "act" };
        let actions = listed(&actions, "and", ("", ""));
        // The types closest in shape to the first resource come first: the likely intent.
        let first = resource.iter().next().and_then(|r| Arn::parse(&r.value));
        let mut formats: Vec<&Format> = index.formats.iter().filter(|f| f.actions.intersects(self.set)).collect();
        formats.sort_by_key(|f| std::cmp::Reverse(first.as_ref().map_or(0, |arn| f.likeness(arn))));
        let mut kinds: Vec<String> = Vec::new();
        for f in formats {
            let shown = format!("`{}`", f.name);
            if !kinds.iter().any(|k| k.starts_with(&shown)) {
                // The first type shows its ARN format; the others are named.
                kinds.push(if kinds.is_empty() { format!("{shown} (`{}`)", f.arn) } else { shown });
            }
        }
        let kinds = listed(&kinds, "or", (" type", " types"));
        let star_only = self.set.intersects(&index.no_types);
        let expected = match (kinds.is_empty(), star_only) {
            (true, _) => format!("{verb} only on `*` (no resource-level permissions)"),
            (false, false) => format!("{verb} on {kinds}"),
            (false, true) => format!("{verb} on {kinds}, or only on `*`"),
        };
        format!("{subject}, but {actions} {expected}")
    }
}

/// "`arn:aws:s3:::reports` is a `bucket`", in the terms of the catalogue; the type's service
/// is named when no action belongs to it.
fn describe(resource: &Spanned<String>, services: &[&str]) -> String {
    let text = &resource.value;
    let quoted = crate::base::code(text);
    let Some(arn) = Arn::parse(text) else { return quoted };
    if malformed_s3(&arn) {
        return format!("{quoted} is not a valid S3 ARN (a bucket name cannot contain `:`)");
    }
    match identify(text, &arn) {
        Some((service, name)) if services.contains(&service) => format!("{quoted} is {} `{name}`", article(name)),
        Some((service, name)) => format!("{quoted} is {} `{name}` of `{service}`", article(name)),
        None if Catalog::get().service(arn.service).is_some() => {
            format!("{quoted} matches no resource type of `{}`", arn.service)
        }
        None => format!("{quoted} matches no known resource type"),
    }
}

/// The text before the first wildcard or variable.
fn literal_start(text: &str) -> &str {
    text.split(['*', '?', '$']).next().unwrap_or(text)
}

/// The fixed start of an ARN's resource part, lowercased, for ruling out formats quickly; empty
/// when a `*` ending an earlier part may run on into the resource part (the IAM reference lets
/// it cross colons), since the resource part then starts anywhere.
fn resource_start(arn: &Arn) -> String {
    let runs_on = [arn.partition, arn.service, arn.region, arn.account].iter().any(|p| p.ends_with('*'));
    if runs_on {
        String::new()
    } else {
        literal_start(arn.resource).to_ascii_lowercase()
    }
}

/// Whether a resource entry fits whatever the actions: only wildcards (`*`), text that is not
/// an ARN (`policy-invalid` reports it), or an ARN whose service is a wildcard or variable.
fn fits_anything(resource: &str) -> bool {
    if resource.is_empty() || resource.bytes().all(|b| matches!(b, b'*' | b'?')) {
        return true;
    }
    match Arn::parse(resource) {
        None => true,
        Some(arn) => arn.service.contains(['*', '?', '$']),
    }
}

/// The resource type an ARN names, as (ARN service part, type name): of the types whose format
/// it overlaps, one the ARN's own service defines, and the most specific (most fixed text).
fn identify<'a>(text: &str, arn: &Arn<'a>) -> Option<(&'a str, &'static str)> {
    let pattern = Pattern::parse(&text.to_ascii_lowercase(), RESOURCE);
    let start = resource_start(arn);
    let index = Index::get();
    // Formats whose service part is a placeholder would name any ARN.
    index
        .by_service
        .get(arn.service)?
        .iter()
        .filter_map(|&i| index.formats.get(i))
        // Only an explanation: a comparison over its budget names no type.
        .filter(|f| f.may_fit(&start) && f.admits(text, &pattern) == Ok(true))
        .max_by_key(|f| (f.owner == arn.service, fixed_text(f.arn)))
        .map(|f| (arn.service, f.name))
}

/// Whether another of a service's ARN formats extends `format` with a `/`: then a `/` ends
/// the value of `format`'s placeholder, which names one path segment. S3's object format,
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`, extends the bucket's,
/// `arn:${Partition}:s3:::${BucketName}`, so `arn:aws:s3:::reports/*` is never a bucket. A
/// placeholder no format extends may hold `/` — an object key, an IAM name with its path
/// (`role/${RoleNameWithPath}`), an SSM parameter or log group name, ELB's generic
/// `loadbalancer/${LoadBalancerName}` (which the reference uses for `loadbalancer/app/…` too) —
/// and is not limited.
fn extended(format: &str, formats: &[&str]) -> bool {
    formats.iter().any(|other| other.strip_prefix(format).is_some_and(|rest| rest.starts_with('/')))
}

/// How many `/` a resource pattern or ARN format holds outside policy variables and
/// placeholders (`${…}`).
fn literal_slashes(text: &str) -> usize {
    text.split("${")
        .enumerate()
        .map(|(i, chunk)| {
            let outside = if i == 0 { chunk } else { chunk.split_once('}').map_or("", |(_, rest)| rest) };
            outside.matches('/').count()
        })
        .sum()
}

/// How many characters of an ARN format are fixed, not placeholders.
fn fixed_text(template: &str) -> usize {
    template
        .split("${")
        .enumerate()
        .map(|(i, chunk)| if i == 0 { chunk.len() } else { chunk.split_once('}').map_or(0, |(_, rest)| rest.len()) })
        .sum()
}

/// Whether two service names are alike: one starts with the other (`ssm`, `ssmmessages`).
fn alike(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// "a" or "an" before a resource type's name, by its first letter.
fn article(name: &str) -> &'static str {
    if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// The service part of an ARN format, unless it is a placeholder or wildcard.
fn fixed_service(template: &'static str) -> Option<&'static str> {
    Arn::parse(template).map(|a| a.service).filter(|s| !s.contains(['*', '?', '$']))
}

/// Whether a resource part is only wildcards and separators (`*`, `*/*`).
fn only_wildcards(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| matches!(b, b'*' | b'?' | b'/' | b':'))
}

/// An S3 bucket or object ARN (no region, no account) with a literal `:` in the bucket name,
/// which no S3 resource can have (`arn:aws:s3:::reports:*`).
fn malformed_s3(arn: &Arn) -> bool {
    if arn.service != "s3" || !arn.region.is_empty() || !arn.account.is_empty() {
        return false;
    }
    let bucket = arn.resource.split('/').next().unwrap_or("");
    // A policy variable may hold `:` in its name (`${aws:username}`); only a literal one counts.
    let literal = bucket.split("${").enumerate().any(|(i, chunk)| {
        let outside = if i == 0 { chunk } else { chunk.split_once('}').map_or("", |(_, rest)| rest) };
        outside.contains(':')
    });
    literal
}

/// "`a`, `b` {conjunction} `c`", or "`a`, `b`, `c` and 2 more {plural}" ("1 more {singular}").
fn listed(names: &[String], conjunction: &str, (singular, plural): (&str, &str)) -> String {
    let shown = names.get(..LISTED).unwrap_or(names);
    let rest = names.len() - shown.len();
    match shown {
        [] => String::new(),
        [one] => one.clone(),
        _ if rest > 0 => {
            let noun = if rest == 1 { singular } else { plural };
            format!("{} and {rest} more{noun}", shown.join(", "))
        }
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Policy;

    /// The messages the check gives on one statement of an identity policy.
    fn messages(statement: &str) -> Vec<String> {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        let policy = Policy::read(0, &crate::json::parse(&text).expect("test policy parses"), None, "t".into());
        let mut sink = Sink::default();
        check(&Reviewed::new(&policy), &mut sink);
        sink.findings.into_iter().map(|f| f.message).collect()
    }

    fn flagged(action: &str, resource: &str) -> bool {
        !messages(&format!(r#"{{"Effect": "Allow", "Action": {action}, "Resource": {resource}}}"#)).is_empty()
    }

    #[test]
    fn mismatches() {
        assert!(flagged(r#""s3:GetObject""#, r#""arn:aws:s3:::reports""#));
        assert!(flagged(r#""s3:GetObject""#, r#""arn:aws:s3:::reports:*""#));
        assert!(flagged(r#""kms:Decrypt""#, r#""arn:aws:kms:eu-west-1:123456789012:alias/a""#));
        assert!(flagged(r#""logs:PutLogEvents""#, r#""arn:aws:logs:eu-west-1:123456789012:/aws/lambda/x""#));
        // A `*` ending the account may run on past colons (`123456789012:log-group:…`), as in IAM.
        assert!(!flagged(r#""logs:PutLogEvents""#, r#""arn:aws:logs:*:*:/aws/lambda/x""#));
        assert!(flagged(r#""ec2:DescribeInstances""#, r#""arn:aws:s3:::reports""#));
        assert!(flagged(r#"["s3:GetObject", "s3:Frobnicate"]"#, r#""arn:aws:dynamodb:*:*:table/t""#));
        // A bucket name is one segment: the object format extends the bucket's with `/`.
        assert!(flagged(r#""s3:ListBucket""#, r#""arn:aws:s3:::reports/*""#));
        assert!(!flagged(r#""s3:ListBucket""#, r#""arn:aws:s3:::reports*""#));
        assert!(!flagged(r#""s3:ListBucket""#, r#""arn:aws:s3:::*""#));
        assert!(!flagged(r#""dynamodb:Query""#, r#""arn:aws:dynamodb:*:*:table/t/index/*""#));
    }

    #[test]
    fn fits() {
        assert!(!flagged(r#""s3:GetObject""#, r#"["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]"#));
        assert!(!flagged(r#"["s3:ListBucket", "s3:GetObject"]"#, r#""arn:aws:s3:::reports""#));
        assert!(!flagged(r#""s3:GetObject""#, r#""arn:aws:s3:::reports*""#));
        assert!(!flagged(r#""s3:GetObject""#, r#""arn:aws:s3:::${aws:PrincipalTag/team}""#));
        assert!(!flagged(r#""s3:*""#, r#""arn:aws:s3:::reports""#));
        assert!(!flagged(r#""*""#, r#""arn:aws:s3:::reports""#));
        assert!(!flagged(r#""s3:GetObject""#, r#""*""#));
        assert!(!flagged(r#""s3:GetObject""#, r#""reports/*""#));
        assert!(!flagged(r#""s3:GetObjekt""#, r#""arn:aws:s3:::reports""#));
        assert!(!flagged(r#""logs:PutLogEvents""#, r#""arn:aws:logs:*:*:log-group:/aws/lambda/x:*""#));
        assert!(!flagged(r#""iam:PassRole""#, r#""arn:aws:iam::123456789012:role/app""#));
        assert!(!flagged(r#""s3:GetObject""#, r#""arn:aws:s3:::*/*""#));
    }

    #[test]
    fn incomplete_reference_gets_the_benefit_of_the_doubt() {
        assert!(!flagged(r#""ec2:DescribeInstances""#, r#""arn:aws:ec2:*:*:instance/*""#));
        assert!(!flagged(r#""ssmmessages:OpenDataChannel""#, r#""arn:aws:ssm:*:*:session/*""#));
        assert!(!flagged(r#""s3:ListAllMyBuckets""#, r#""arn:aws:s3:::*""#));
        assert!(!flagged(r#""quicksight:DescribeVPCConnection""#, r#""arn:aws:quicksight:*:*:vpcconnection/*""#));
        assert!(!flagged(r#""cloudformation:CreateChangeSet""#, r#""arn:aws:cloudformation:*:aws:transform/x""#));
    }

    #[test]
    fn only_action_and_resource_statements_of_non_trust_policies() {
        let skipped = [
            r#"{"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::reports"}"#,
            r#"{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}"#,
        ];
        for st in skipped {
            assert!(messages(st).is_empty(), "{st}");
        }
    }

    #[test]
    fn arns_split_around_variables() {
        let arn = Arn::parse("arn:aws:kms:*:${aws:PrincipalAccount}:key/*").expect("an ARN");
        assert_eq!((arn.service, arn.account, arn.resource), ("kms", "${aws:PrincipalAccount}", "key/*"));
        assert!(Arn::parse("arn:aws:s3").is_none());
        assert!(Arn::parse("s3:::b:c:d").is_none());
        assert!(!flagged(r#""kms:Decrypt""#, r#""arn:aws:kms:*:${aws:PrincipalAccount}:key/*""#));
    }

    #[test]
    fn malformed_s3_arns() {
        let bad = |text| malformed_s3(&Arn::parse(text).expect("an ARN"));
        assert!(bad("arn:aws:s3:::bucket1:*"));
        assert!(bad("arn:aws:s3:::bucket1:x/y"));
        assert!(!bad("arn:aws:s3:::bucket1/a:b"));
        assert!(!bad("arn:aws:s3:::${aws:username}/x"));
        assert!(!bad("arn:aws:s3:eu-west-1:123456789012:accesspoint/ap"));
    }

    #[test]
    fn messages_name_what_was_expected() {
        let m = messages(
            r#"{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}"#,
        );
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("statement `Read`: `arn:aws:s3:::reports` is a `bucket`, but `s3:GetObject` acts on `object` (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)"), "{}", m[0]);
        assert_eq!(listed(&["`a`".into(), "`b`".into()], "or", ("", "")), "`a` or `b`");
        let five: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
        assert_eq!(listed(&five, "and", (" type", " types")), "1, 2, 3 and 2 more types");
        assert_eq!(article("object"), "an");
        assert_eq!(fixed_text("arn:${Partition}:s3:::${BucketName}/${ObjectName}"), "arn::s3:::/".len());
    }
}
