use std::collections::HashSet;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{Catalog, Service};
use crate::iam::eval::arn::{Arn, Pattern, Syntax};
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
    /// action needs `arn:aws:s3:::reports/*`), or `ec2:DescribeInstances`, which works only on
    /// `*`, on an instance ARN. An S3 ARN with a colon in the bucket name
    /// (`arn:aws:s3:::reports:*`) fits nothing. Policy variables (`${aws:username}`) stand for
    /// any value and never cause a mismatch; `*`, unknown actions (see `unknown-action`) and
    /// text that is not an ARN are not judged.
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
    for st in &policy.statements {
        let (Some(action), Some(resource)) = (&st.action, &st.resource) else { continue };
        if st.effect().is_none() || st.not_action.is_some() || st.not_resource.is_some() || resource.items.is_empty() {
            continue;
        }
        let Some(accepted) = Accepted::of(action) else { continue };
        if resource.iter().any(|r| accepted.fits(&r.value)) {
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
            format!("{}: {}", st.label(), accepted.explain(resource)),
        );
    }
}

/// One ARN format an action accepts.
struct Template {
    /// The resource type's name, e.g. `object`.
    name: &'static str,
    /// The ARN format, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    arn: &'static str,
    /// The ARN's service part when it is fixed (`s3`), to skip formats of other services fast.
    service: Option<&'static str>,
}

impl Template {
    /// How alike in shape the format and a resource are: same service, and region and account
    /// present or absent alike.
    fn likeness(&self, arn: &Arn) -> u8 {
        let Some(format) = Arn::parse(self.arn) else { return 0 };
        u8::from(format.service == arn.service) * 2
            + u8::from(format.region.is_empty() == arn.region.is_empty())
            + u8::from(format.account.is_empty() == arn.account.is_empty())
    }
}

/// What the known actions of one statement accept.
struct Accepted {
    /// Distinct ARN formats, in the order the actions name them.
    templates: Vec<Template>,
    /// Some action has no resource type: it works only on `*`.
    star_only: bool,
    /// The known action entries, for messages (canonical spelling when not a pattern).
    actions: Vec<String>,
}

impl Accepted {
    /// `None` when the statement names no known action: there is nothing to compare with.
    fn of(action: &List) -> Option<Accepted> {
        let catalog = Catalog::get();
        let mut accepted = Accepted { templates: Vec::new(), star_only: false, actions: Vec::new() };
        let mut seen: HashSet<&'static str> = HashSet::new();
        let mut types_seen: HashSet<(&'static str, &'static str)> = HashSet::new();
        for item in action.iter() {
            let set = catalog.expand(&item.value);
            if set.is_empty() {
                continue;
            }
            let shown = match catalog.find_action(&item.value) {
                Some(id) => catalog.qualified_name(id),
                None => item.value.clone(),
            };
            if !accepted.actions.contains(&shown) {
                accepted.actions.push(shown);
            }
            for id in set.iter() {
                let info = catalog.action_info(id);
                if !info.supports_resource_level_permissions() {
                    accepted.star_only = true;
                    continue;
                }
                let prefix = catalog.service_of(id).prefix();
                for ty in info.resource_types() {
                    // Many actions share a type: look at each (service, type) once.
                    if !types_seen.insert((prefix, ty.name())) {
                        continue;
                    }
                    for arn in ty.resource_type().arn_patterns() {
                        if seen.insert(arn) {
                            accepted.templates.push(Template { name: ty.name(), arn, service: fixed_service(arn) });
                        }
                    }
                }
            }
        }
        (!accepted.actions.is_empty()).then_some(accepted)
    }

    /// Whether a resource entry may name a resource some action acts on.
    fn fits(&self, resource: &str) -> bool {
        if resource.is_empty() || resource.bytes().all(|b| matches!(b, b'*' | b'?')) {
            return true;
        }
        // Not ARN-shaped: `policy-invalid` reports it; nothing to compare here.
        let Some(arn) = Arn::parse(resource) else { return true };
        if malformed_s3(&arn) {
            return false;
        }
        if self.star_only && only_wildcards(arn.resource) {
            return true;
        }
        let service = (!arn.service.contains(['*', '?', '$'])).then_some(arn.service);
        let pattern = Pattern::parse(resource, RESOURCE);
        self.templates
            .iter()
            .filter(|t| service.is_none() || t.service.is_none() || t.service == service)
            .any(|t| pattern.overlaps_template(t.arn))
    }

    /// The message after the statement's label.
    fn explain(&self, resource: &List) -> String {
        let described: Vec<String> = resource.iter().map(|r| self.describe(r)).collect();
        let subject = listed(&described, "and", " resources");
        let verb = if self.actions.len() == 1 { "acts" } else { "act" };
        let actions: Vec<String> = self.actions.iter().map(|a| format!("`{a}`")).collect();
        let actions = listed(&actions, "and", "");
        // The types closest in shape to the first resource come first: the likely intent.
        let first = resource.iter().next().and_then(|r| Arn::parse(&r.value));
        let mut templates: Vec<&Template> = self.templates.iter().collect();
        templates.sort_by_key(|t| std::cmp::Reverse(first.as_ref().map_or(0, |arn| t.likeness(arn))));
        let mut kinds: Vec<String> = Vec::new();
        for t in templates {
            let shown = format!("`{}`", t.name);
            if !kinds.iter().any(|k| k.starts_with(&shown)) {
                // The first type shows its ARN format; the others are named.
                kinds.push(if kinds.is_empty() { format!("{shown} (`{}`)", t.arn) } else { shown });
            }
        }
        let kinds = listed(&kinds, "or", " types");
        let expected = match (kinds.is_empty(), self.star_only) {
            (true, _) => format!("{verb} only on `*` (no resource-level permissions)"),
            (false, false) => format!("{verb} on {kinds}"),
            (false, true) => format!("{verb} on {kinds}, or only on `*`"),
        };
        format!("{subject}, but {actions} {expected}")
    }

    /// "`arn:aws:s3:::reports` is a `bucket`", in the terms of the catalogue.
    fn describe(&self, resource: &Spanned<String>) -> String {
        let text = &resource.value;
        let Some(arn) = Arn::parse(text) else { return format!("`{text}`") };
        if malformed_s3(&arn) {
            return format!("`{text}` is not a valid S3 ARN (a bucket name cannot contain `:`)");
        }
        match identify(text, &arn) {
            Some((service, name)) if self.templates.iter().any(|t| t.service == Some(service)) || self.star_only => {
                format!("`{text}` is {} `{name}`", article(name))
            }
            Some((service, name)) => format!("`{text}` is {} `{name}` of `{service}`", article(name)),
            None if Catalog::get().service(arn.service).is_some() => {
                format!("`{text}` matches no resource type of `{}`", arn.service)
            }
            None => format!("`{text}` matches no known resource type"),
        }
    }
}

/// The resource type an ARN names, as (ARN service part, type name): the first type whose format
/// it overlaps, preferring the service whose prefix is the ARN's service.
fn identify(text: &str, arn: &Arn) -> Option<(&'static str, &'static str)> {
    let catalog = Catalog::get();
    let pattern = Pattern::parse(text, RESOURCE);
    let find = |service: &Service| {
        service.resource_types().find_map(|ty| {
            ty.arn_patterns().find_map(|t| {
                let service = fixed_service(t).filter(|s| *s == arn.service)?;
                pattern.overlaps_template(t).then_some((service, ty.name()))
            })
        })
    };
    if let Some(hit) = catalog.service(arn.service).and_then(find) {
        return Some(hit);
    }
    catalog.services().iter().find_map(find)
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

/// "`a`, `b`, `c` and 2 more{what}", or "`a`, `b` {conjunction} `c`": the first [`LISTED`] names.
fn listed(names: &[String], conjunction: &str, what: &str) -> String {
    let shown = &names[..names.len().min(LISTED)];
    let rest = names.len() - shown.len();
    match shown {
        [] => String::new(),
        [one] => one.clone(),
        _ if rest > 0 => format!("{} and {rest} more{what}", shown.join(", ")),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}
