//! Resource and ARN patterns: per-segment wildcard matching, policy variables, and the
//! set questions the checks ask of two patterns (may they name a common resource? does one
//! cover the other?).
//!
//! An ARN has six parts, `arn:partition:service:region:account:resource`; IAM matches a
//! pattern part by part, so a `*` in the region never swallows the account, while a `*` in the
//! resource part matches across `/` and `:`. Text that is not ARN-shaped is matched whole.
//!
//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix, 'home'}`)
//! take their value from the request context. A variable the context does not hold stands for
//! "some value": it matches anything and the match is reported as an assumption, never as a
//! mismatch. `${*}`, `${?}` and `${$}` are the literal characters.

/// One element of a parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Lit(char),
    /// `*`: any run of characters, possibly empty.
    Any,
    /// `?`: exactly one character.
    One,
    /// `${name}` or `${name, 'default'}` (boxed: variables are rare, characters common).
    Var(Box<Variable>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Variable {
    name: String,
    default: Option<String>,
}

use crate::iam::pattern::{glob_by, Class, OverBudget, Unit};

/// A resource pattern, a condition value or a principal as written in a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    toks: Vec<Tok>,
}

/// How the text of a pattern is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syntax {
    /// `*` and `?` are wildcards (resource ARNs, `StringLike`, `ArnLike`); otherwise literal.
    pub wildcards: bool,
    /// `${…}` is a policy variable (policy `Version` `2012-10-17`); otherwise literal.
    pub variables: bool,
}

/// The outcome of matching a pattern against a concrete value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Match {
    pub matched: bool,
    /// Variables absent from the context, taken to be "some value" that matches.
    pub assumed: Vec<String>,
    /// The comparison ran out of its work budget (see [`crate::iam::pattern::budget`]): it is
    /// not a match, and whoever explains the answer says that it is unknown.
    pub over_budget: bool,
}

/// Values of the request context by lowercased key.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Pattern {
    pub fn parse(text: &str, syntax: Syntax) -> Pattern {
        let mut toks = Vec::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if syntax.variables && rest.starts_with("${") {
                if let Some((inner, after)) =
                    rest.find('}').and_then(|end| Some((rest.get(2..end)?, rest.get(end + 1..)?)))
                {
                    rest = after;
                    match inner {
                        "*" | "?" | "$" => toks.push(Tok::Lit(inner.chars().next().unwrap_or('$'))),
                        _ => {
                            let (name, default) = match inner.split_once(',') {
                                Some((n, d)) => (n.trim(), Some(d.trim().trim_matches('\'').to_string())),
                                None => (inner.trim(), None),
                            };
                            toks.push(Tok::Var(Box::new(Variable { name: name.to_string(), default })));
                        }
                    }
                    continue;
                }
            }
            toks.push(match c {
                '*' if syntax.wildcards => Tok::Any,
                '?' if syntax.wildcards => Tok::One,
                c => Tok::Lit(c),
            });
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
        Pattern { toks }
    }

    /// The policy variables the pattern uses, as written (`aws:username`).
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.toks.iter().filter_map(|t| match t {
            Tok::Var(v) => Some(v.name.as_str()),
            _ => None,
        })
    }

    /// The variables that neither the context nor a default gives a value, as written.
    pub fn unresolved(&self, lookup: Lookup<'_>) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for t in &self.toks {
            if let Tok::Var(v) = t {
                let absent = v.default.is_none() && lookup(&v.name.to_ascii_lowercase()).is_none();
                if absent && !names.iter().any(|n| n.eq_ignore_ascii_case(&v.name)) {
                    names.push(v.name.clone());
                }
            }
        }
        names
    }

    /// Whether the pattern holds a wildcard or a variable, i.e. may name more than one value.
    pub fn is_open(&self) -> bool {
        self.toks.iter().any(|t| !matches!(t, Tok::Lit(_)))
    }

    /// Whether the pattern may name more than one resource *of one account*: a wildcard or a
    /// variable in the resource part of an ARN (a `*` for the region or account still names one
    /// resource per account), or anywhere in text that is not an ARN.
    pub fn is_open_in_account(&self) -> bool {
        let symbolic: Vec<Simple> = self.toks.iter().map(Simple::symbolic).collect();
        match arn_cuts(&symbolic, Simple::is_colon, simple_starts_arn(&symbolic)) {
            Some(cuts) => symbolic.get(cuts[4] + 1..).unwrap_or_default().iter().any(|t| !matches!(t, Simple::Lit(_))),
            None => self.is_open(),
        }
    }

    /// Whether the resource part of an ARN (or text that is not one) holds a wildcard: unlike a
    /// variable such as `${aws:username}`, which names the caller's own, it reaches others.
    pub fn has_wildcard_in_resource(&self) -> bool {
        let symbolic: Vec<Simple> = self.toks.iter().map(Simple::symbolic).collect();
        let start = arn_cuts(&symbolic, Simple::is_colon, simple_starts_arn(&symbolic)).map_or(0, |c| c[4] + 1);
        symbolic.get(start..).unwrap_or_default().iter().any(|t| matches!(t, Simple::Any | Simple::One))
    }

    /// Variables replaced by their context value (or default); unknown ones become `*` and are
    /// listed in `assumed`.
    fn resolve(&self, lookup: Lookup<'_>, assumed: &mut Vec<String>) -> Vec<Simple> {
        let mut out = Vec::with_capacity(self.toks.len());
        for t in &self.toks {
            match t {
                Tok::Lit(c) => out.push(Simple::Lit(*c)),
                Tok::Any => out.push(Simple::Any),
                Tok::One => out.push(Simple::One),
                Tok::Var(v) => {
                    let Variable { name, default } = &**v;
                    if let Some(value) = lookup(&name.to_ascii_lowercase()).or_else(|| default.clone()) {
                        out.extend(value.chars().map(Simple::Lit));
                    } else {
                        if !assumed.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                            assumed.push(name.clone());
                        }
                        out.push(Simple::Any);
                    }
                }
            }
        }
        out
    }

    /// Every variable as `*`: the widest reading, for questions asked without a request.
    fn widened(&self) -> Vec<Simple> {
        self.resolve(&|_| None, &mut Vec::new())
    }

    /// Matches a concrete value, part by part when both are ARNs.
    pub fn matches(&self, value: &str, lookup: Lookup<'_>, case_sensitive: bool) -> Match {
        let mut assumed = Vec::new();
        let pattern = self.resolve(lookup, &mut assumed);
        let text: Vec<char> = value.chars().collect();
        let outcome = split_pair(&pattern, &text, |p, t| glob(p, t, case_sensitive));
        let matched = outcome == Ok(true);
        if !matched {
            assumed.clear();
        }
        Match { matched, assumed, over_budget: outcome.is_err() }
    }

    /// Whether some resource matches both this pattern and `template`, an ARN format from the
    /// catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) whose placeholders
    /// stand for any text. Variables in the pattern also stand for any text.
    pub fn overlaps_template(&self, template: &str) -> Result<bool, OverBudget> {
        self.overlaps(&Pattern::parse(template, Syntax { wildcards: true, variables: true }))
    }

    /// Whether some text matches both patterns, variables of either standing for any text: the
    /// question [`overlaps_template`](Self::overlaps_template) asks, for a template parsed once
    /// (with wildcards and variables) and compared many times.
    pub fn overlaps(&self, other: &Pattern) -> Result<bool, OverBudget> {
        let (mine, theirs) = (self.widened(), other.widened());
        split_both(&mine, &theirs, intersect)
    }

    /// Whether every value this pattern matches is also matched by `wider` (variables are
    /// compared as written: `${aws:username}` covers only `${aws:username}` or `*`).
    pub fn is_covered_by(&self, wider: &Pattern) -> Result<bool, OverBudget> {
        let narrow: Vec<Simple> = self.toks.iter().map(Simple::symbolic).collect();
        let wide: Vec<Simple> = wider.toks.iter().map(Simple::symbolic).collect();
        split_both(&narrow, &wide, cover)
    }
}

/// A resolved pattern element. `Sym` is a variable compared by name only.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Simple {
    Lit(char),
    Any,
    One,
    Sym(String),
}

impl Simple {
    fn symbolic(t: &Tok) -> Simple {
        match t {
            Tok::Lit(c) => Simple::Lit(*c),
            Tok::Any => Simple::Any,
            Tok::One => Simple::One,
            Tok::Var(v) => Simple::Sym(v.name.to_ascii_lowercase()),
        }
    }

    fn is_colon(&self) -> bool {
        *self == Simple::Lit(':')
    }
}

fn simple_starts_arn(items: &[Simple]) -> bool {
    items.starts_with(&[Simple::Lit('a'), Simple::Lit('r'), Simple::Lit('n'), Simple::Lit(':')])
}

/// Where the first five colons of an ARN-shaped element list are.
fn arn_cuts<T>(items: &[T], is_colon: impl Fn(&T) -> bool, starts_arn: bool) -> Option<[usize; 5]> {
    if !starts_arn {
        return None;
    }
    let mut cuts = [0; 5];
    let mut found = 0;
    for (i, item) in items.iter().enumerate() {
        if let Some(cut) = cuts.get_mut(found).filter(|_| is_colon(item)) {
            *cut = i;
            found += 1;
            if found == 5 {
                return Some(cuts);
            }
        }
    }
    None
}

/// Compares `a` and `b` part by part when both are ARNs, else whole. As in IAM, a `*` that ends
/// one of the first five parts may run past colons: from that part on, the rest is compared
/// whole.
fn by_parts<A, B>(
    a: &[A],
    a_cuts: Option<[usize; 5]>,
    b: &[B],
    b_cuts: Option<[usize; 5]>,
    open_end: impl Fn(&[A], &[B]) -> bool,
    f: impl Fn(&[A], &[B]) -> Result<bool, OverBudget>,
) -> Result<bool, OverBudget> {
    let (Some(ac), Some(bc)) = (a_cuts, b_cuts) else { return f(a, b) };
    let (mut at, mut bt) = (0, 0);
    // The cuts are positions in `a` and `b`, so every part is there.
    for (&cut_a, &cut_b) in ac.iter().zip(&bc) {
        let (Some(part_a), Some(part_b)) = (a.get(at..cut_a), b.get(bt..cut_b)) else { return Ok(false) };
        if open_end(part_a, part_b) {
            break;
        }
        if !f(part_a, part_b)? {
            return Ok(false);
        }
        at = cut_a + 1;
        bt = cut_b + 1;
    }
    f(a.get(at..).unwrap_or_default(), b.get(bt..).unwrap_or_default())
}

fn ends_open(part: &[Simple]) -> bool {
    part.last() == Some(&Simple::Any)
}

/// Matches a pattern against text part by part when both are ARNs, else whole.
fn split_pair(
    pattern: &[Simple],
    text: &[char],
    f: impl Fn(&[Simple], &[char]) -> Result<bool, OverBudget>,
) -> Result<bool, OverBudget> {
    let p = arn_cuts(pattern, Simple::is_colon, simple_starts_arn(pattern));
    let t = arn_cuts(text, |c| *c == ':', text.starts_with(&['a', 'r', 'n', ':']));
    by_parts(pattern, p, text, t, |p, _| ends_open(p), f)
}

/// Compares two patterns part by part when both are ARNs, else whole.
fn split_both(
    a: &[Simple],
    b: &[Simple],
    f: impl Fn(&[Simple], &[Simple]) -> Result<bool, OverBudget>,
) -> Result<bool, OverBudget> {
    let ca = arn_cuts(a, Simple::is_colon, simple_starts_arn(a));
    let cb = arn_cuts(b, Simple::is_colon, simple_starts_arn(b));
    by_parts(a, ca, b, cb, |x, y| ends_open(x) || ends_open(y), f)
}

fn same_char(a: char, b: char, case_sensitive: bool) -> bool {
    if case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(&b)
    }
}

impl Unit for Simple {
    fn starts_char(&self) -> bool {
        true
    }
}

/// How the matcher reads an element used as a pattern: a variable compared by name is one
/// element that only itself fits (see [`fits_as_text`]).
fn class(s: &Simple) -> Class {
    match s {
        Simple::Any => Class::Star,
        Simple::One => Class::One,
        Simple::Lit(_) | Simple::Sym(_) => Class::Lit,
    }
}

/// Glob match of a resolved pattern against text.
fn glob(p: &[Simple], t: &[char], case_sensitive: bool) -> Result<bool, OverBudget> {
    let fits = |e: &Simple, c: &char| match e {
        Simple::One => true,
        Simple::Lit(l) => same_char(*l, *c, case_sensitive),
        Simple::Any | Simple::Sym(_) => false,
    };
    glob_by(p, t, class, fits)
}

/// Whether some text matches both wildcard patterns (variables already widened to `*`).
///
/// Common heads and tails are compared first, element by element, while neither is `*`. What
/// is left either is empty, or has a `*` at the front of one pattern and at the back of one:
/// if these are different patterns, the text made of one's fixed part followed by the other's
/// matches both; if one pattern has `*` at both ends, it matches some text of the other unless
/// that one has no `*` at all, which is then a plain glob match of the first over the second's
/// elements. So the question never needs a table over pairs of positions.
fn intersect(a: &[Simple], b: &[Simple]) -> Result<bool, OverBudget> {
    // Two elements that are not `*` can stand for one common character.
    let compatible = |x: &Simple, y: &Simple| match (x, y) {
        (Simple::Lit(x), Simple::Lit(y)) => x == y,
        _ => true,
    };
    let (mut a, mut b) = (a, b);
    while let (Some((x, a_rest)), Some((y, b_rest))) = (a.split_first(), b.split_first()) {
        if *x == Simple::Any || *y == Simple::Any {
            break;
        }
        if !compatible(x, y) {
            return Ok(false);
        }
        (a, b) = (a_rest, b_rest);
    }
    while let (Some((x, a_rest)), Some((y, b_rest))) = (a.split_last(), b.split_last()) {
        if *x == Simple::Any || *y == Simple::Any {
            break;
        }
        if !compatible(x, y) {
            return Ok(false);
        }
        (a, b) = (a_rest, b_rest);
    }
    let only_stars = |p: &[Simple]| p.iter().all(|e| *e == Simple::Any);
    if a.is_empty() || b.is_empty() {
        return Ok(only_stars(a) && only_stars(b));
    }
    let starts = |p: &[Simple]| p.first() == Some(&Simple::Any);
    let ends = |p: &[Simple]| p.last() == Some(&Simple::Any);
    if starts(a) && ends(b) || starts(b) && ends(a) {
        return Ok(true);
    }
    let (open, closed) = if starts(a) { (a, b) } else { (b, a) };
    if closed.contains(&Simple::Any) {
        return Ok(true);
    }
    glob_by(open, closed, class, |e, u| compatible(e, u))
}

/// Whether `wide` matches every text `narrow` matches: `narrow` is read as text whose `*`
/// only a `*` of `wide` covers, whose `?` a `?` or `*` covers, and whose variables only the
/// same variable or a `*` covers.
fn cover(narrow: &[Simple], wide: &[Simple]) -> Result<bool, OverBudget> {
    let fits = |w: &Simple, n: &Simple| match (w, n) {
        (Simple::One, Simple::Lit(_) | Simple::One) => true,
        (Simple::Lit(a), Simple::Lit(b)) => a == b,
        (Simple::Sym(a), Simple::Sym(b)) => a == b,
        _ => false,
    };
    glob_by(wide, narrow, class, fits)
}

/// The parts of an ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `arn:partition:service:region:account:resource`; `None` when not ARN-shaped.
    /// Colons inside policy variables (`${aws:username}`) do not separate parts.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let [arn, partition, service, region, account, resource] = fields(text)[..] else { return None };
        (arn == "arn").then_some(Arn { partition, service, region, account, resource })
    }
}

/// The colon-separated fields of an ARN-like text, at most six (the last keeps any further
/// colons); colons inside policy variables (`${aws:username}`) do not separate fields.
pub fn fields(text: &str) -> Vec<&str> {
    let mut fields = Vec::with_capacity(6);
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && fields.len() < 5 => {
                fields.push(text.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(text.get(start..).unwrap_or_default());
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOURCE: Syntax = Syntax { wildcards: true, variables: true };

    fn none(_: &str) -> Option<String> {
        None
    }

    fn m(pattern: &str, value: &str) -> bool {
        Pattern::parse(pattern, RESOURCE).matches(value, &none, true).matched
    }

    #[test]
    fn arn_parts_match_separately() {
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c"));
        assert!(!m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a"));
        assert!(m("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:role/x"));
        // An empty account part matches no account.
        assert!(!m("arn:aws:ec2:*::instance/i-1", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1"));
        assert!(!m("arn:aws:ec2:eu-*:1:instance/i-1", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1"));
        // A `*` that ends a part may run past colons (the IAM reference's rule).
        assert!(m("arn:aws:logs:*:*:/aws-glue/*", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/jobs"));
        assert!(!m("arn:aws:logs:eu-west-1:1:/aws-glue/*", "arn:aws:logs:eu-west-1:1:log-group:/aws-glue/jobs"));
        assert!(m("*", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1"));
        assert!(m("arn:aws:s3:::b?cket", "arn:aws:s3:::bucket"));
        assert!(!m("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
    }

    #[test]
    fn variables_come_from_the_context_or_are_assumed() {
        let p = Pattern::parse("arn:aws:iam::*:user/${aws:username}", RESOURCE);
        let alice = |k: &str| (k == "aws:username").then(|| "alice".to_string());
        assert!(p.matches("arn:aws:iam::1:user/alice", &alice, true).matched);
        assert!(!p.matches("arn:aws:iam::1:user/bob", &alice, true).matched);
        let unknown = p.matches("arn:aws:iam::1:user/bob", &none, true);
        assert!(unknown.matched);
        assert_eq!(unknown.assumed, ["aws:username"]);
        let literal = Pattern::parse("arn:aws:s3:::b/${*}x", RESOURCE);
        assert!(literal.matches("arn:aws:s3:::b/*x", &none, true).matched);
        assert!(!literal.matches("arn:aws:s3:::b/yx", &none, true).matched);
        let default = Pattern::parse("arn:aws:s3:::b/${s3:prefix, 'home'}/*", RESOURCE);
        assert!(default.matches("arn:aws:s3:::b/home/x", &none, true).matched);
        let plain = Pattern::parse("${aws:username}", Syntax { wildcards: true, variables: false });
        assert!(plain.variables().next().is_none());
    }

    #[test]
    fn templates_overlap() {
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        let bucket = "arn:${Partition}:s3:::${BucketName}";
        let p = |s| Pattern::parse(s, RESOURCE);
        assert!(!p("arn:aws:s3:::bucket").overlaps_template(object).unwrap());
        assert!(p("arn:aws:s3:::bucket/*").overlaps_template(object).unwrap());
        assert!(p("arn:aws:s3:::bucket*").overlaps_template(object).unwrap());
        assert!(p("arn:aws:s3:::bucket").overlaps_template(bucket).unwrap());
        assert!(p("*").overlaps_template(object).unwrap());
        assert!(p("arn:aws:s3:::${aws:username}").overlaps_template(bucket).unwrap());
        assert!(!p("arn:aws:iam::123456789012:user/x").overlaps_template(object).unwrap());
        assert!(p("arn:aws:iam::123456789012:role/x")
            .overlaps_template("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}")
            .unwrap());
        assert!(p("arn:aws:s3:::bucket/*").overlaps(&p(object)).unwrap());
        assert!(!p("arn:aws:s3:::bucket").overlaps(&p(object)).unwrap());
        assert!(p("arn:aws:s3:::*").overlaps(&p("arn:aws:s3:::b?")).unwrap());
    }

    #[test]
    fn coverage() {
        let p = |s| Pattern::parse(s, RESOURCE);
        assert!(p("arn:aws:s3:::b/x*").is_covered_by(&p("arn:aws:s3:::b/*")).unwrap());
        assert!(p("arn:aws:s3:::b/*").is_covered_by(&p("*")).unwrap());
        assert!(!p("arn:aws:s3:::b/*").is_covered_by(&p("arn:aws:s3:::b/?")).unwrap());
        assert!(p("arn:aws:s3:::b/a").is_covered_by(&p("arn:aws:s3:::b/?")).unwrap());
        assert!(!p("arn:aws:s3:::b/*").is_covered_by(&p("arn:aws:s3:::b/x*")).unwrap());
        assert!(p("arn:aws:s3:::b/${aws:username}").is_covered_by(&p("arn:aws:s3:::b/${aws:username}")).unwrap());
        assert!(!p("arn:aws:s3:::b/${aws:username}").is_covered_by(&p("arn:aws:s3:::b/a")).unwrap());
        assert!(p("arn:aws:s3:::b/*/x").is_covered_by(&p("arn:aws:s3:::b/*")).unwrap());
    }

    #[test]
    fn openness_within_an_account() {
        let p = |s| Pattern::parse(s, RESOURCE);
        assert!(!p("arn:aws:iam::*:role/service-role/app").is_open_in_account());
        assert!(!p("arn:aws:lambda:*:*:function:api").is_open_in_account());
        assert!(p("arn:aws:iam::*:role/app-*").is_open_in_account());
        assert!(p("arn:aws:iam::123456789012:user/${aws:username}").is_open_in_account());
        assert!(p("*").is_open_in_account());
        assert!(!p("arn:aws:iam::*:role/${aws:PrincipalAccount}-agent").has_wildcard_in_resource());
        assert!(p("arn:aws:iam::1:role/agent-*").has_wildcard_in_resource());
    }

    #[test]
    fn arns_parse() {
        let a = Arn::parse("arn:aws:iam::123456789012:role/a:b").unwrap();
        assert_eq!((a.service, a.account, a.resource), ("iam", "123456789012", "role/a:b"));
        assert!(Arn::parse("arn:aws:iam").is_none());
        let with_variable = Arn::parse("arn:aws:kms:*:${aws:PrincipalAccount}:key/*").expect("an ARN");
        assert_eq!((with_variable.account, with_variable.resource), ("${aws:PrincipalAccount}", "key/*"));
        assert!(Arn::parse("s3:::b:c:d").is_none());
        assert!(Arn::parse("*").is_none());
    }

    /// The memoised recursion these questions used before (quadratic memory), without the
    /// memo: the reference.
    #[allow(clippy::many_single_char_names)]
    fn reference_intersect(a: &[Simple], b: &[Simple], i: usize, j: usize) -> bool {
        match (a.get(i), b.get(j)) {
            (None, None) => true,
            (Some(Simple::Any), _) if reference_intersect(a, b, i + 1, j) => true,
            (Some(Simple::Any), Some(_)) => reference_intersect(a, b, i, j + 1),
            (_, Some(Simple::Any)) if reference_intersect(a, b, i, j + 1) => true,
            (Some(_), Some(Simple::Any)) => reference_intersect(a, b, i + 1, j),
            (Some(Simple::Lit(x)), Some(Simple::Lit(y))) => x == y && reference_intersect(a, b, i + 1, j + 1),
            (Some(_), Some(_)) => reference_intersect(a, b, i + 1, j + 1),
            _ => false,
        }
    }

    #[allow(clippy::many_single_char_names)]
    fn reference_cover(n: &[Simple], w: &[Simple], i: usize, j: usize) -> bool {
        match (n.get(i), w.get(j)) {
            (None, None) => true,
            (_, Some(Simple::Any)) => {
                reference_cover(n, w, i, j + 1) || (i < n.len() && reference_cover(n, w, i + 1, j))
            }
            (Some(Simple::Lit(_) | Simple::One), Some(Simple::One)) => reference_cover(n, w, i + 1, j + 1),
            (Some(Simple::Lit(a)), Some(Simple::Lit(b))) => a == b && reference_cover(n, w, i + 1, j + 1),
            (Some(Simple::Sym(a)), Some(Simple::Sym(b))) => a == b && reference_cover(n, w, i + 1, j + 1),
            _ => false,
        }
    }

    #[allow(clippy::many_single_char_names)]
    fn reference_glob(p: &[Simple], t: &[char], i: usize, j: usize) -> bool {
        match p.get(i) {
            None => j == t.len(),
            Some(Simple::Any) => (j..=t.len()).any(|k| reference_glob(p, t, i + 1, k)),
            Some(Simple::One) => j < t.len() && reference_glob(p, t, i + 1, j + 1),
            Some(Simple::Lit(c)) => t.get(j) == Some(c) && reference_glob(p, t, i + 1, j + 1),
            Some(Simple::Sym(_)) => false,
        }
    }

    /// A pattern from a short spelling: `V` and `W` are two variables compared by name.
    fn simple(s: &str) -> Vec<Simple> {
        s.chars()
            .map(|c| match c {
                '*' => Simple::Any,
                '?' => Simple::One,
                'V' => Simple::Sym("v".into()),
                'W' => Simple::Sym("w".into()),
                c => Simple::Lit(c),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn intersect_agrees_with_reference(a in "[ab\u{e9}\u{301}*?]{0,9}", b in "[ab\u{e9}\u{301}*?]{0,9}") {
            let (a, b) = (simple(&a), simple(&b));
            proptest::prop_assert_eq!(intersect(&a, &b), Ok(reference_intersect(&a, &b, 0, 0)));
        }

        #[test]
        fn cover_agrees_with_reference(n in "[ab\u{e9}*?VW]{0,9}", w in "[ab\u{e9}*?VW]{0,9}") {
            let (n, w) = (simple(&n), simple(&w));
            proptest::prop_assert_eq!(cover(&n, &w), Ok(reference_cover(&n, &w, 0, 0)));
        }

        #[test]
        fn glob_agrees_with_reference(p in "[ab\u{e9}\u{202e}*?]{0,9}", t in "[ab\u{e9}\u{202e}]{0,12}") {
            let text: Vec<char> = t.chars().collect();
            let p = simple(&p);
            proptest::prop_assert_eq!(glob(&p, &text, true), Ok(reference_glob(&p, &text, 0, 0)));
        }
    }

    #[test]
    fn long_patterns_take_linear_memory_and_give_up_on_quadratic_work() {
        // The shape that took 4.8 GB: two long resources compared pattern against pattern.
        let long = |tail: &str| Pattern::parse(&format!("arn:aws:s3:::{}{tail}", "x".repeat(70_000)), RESOURCE);
        assert_eq!(long("").is_covered_by(&long("*")), Ok(true));
        assert_eq!(long("*").is_covered_by(&long("")), Ok(false));
        assert_eq!(long("*").overlaps(&long("")), Ok(true));
        // A search built to be quadratic runs out of budget instead of taking quadratic time.
        let text = format!("arn:aws:s3:::{}", "a".repeat(70_000));
        let slow = Pattern::parse(&format!("arn:aws:s3:::*{}b*", "a".repeat(5_000)), RESOURCE);
        assert!(slow.matches(&text, &none, true).over_budget);
    }
}
