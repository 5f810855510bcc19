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
        let matched = split_pair(&pattern, &text, |p, t| glob(p, t, case_sensitive));
        if !matched {
            assumed.clear();
        }
        Match { matched, assumed }
    }

    /// Whether some resource matches both this pattern and `template`, an ARN format from the
    /// catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) whose placeholders
    /// stand for any text. Variables in the pattern also stand for any text.
    pub fn overlaps_template(&self, template: &str) -> bool {
        let template = Pattern::parse(template, Syntax { wildcards: true, variables: true }).widened();
        let mine = self.widened();
        split_both(&mine, &template, |a, b| Intersect::new(a, b).run(0, 0))
    }

    /// Whether some text matches both patterns, variables of either standing for any text: the
    /// question [`overlaps_template`](Self::overlaps_template) asks, for a template parsed once
    /// (with wildcards and variables) and compared many times.
    pub fn overlaps(&self, other: &Pattern) -> bool {
        let (mine, theirs) = (self.widened(), other.widened());
        split_both(&mine, &theirs, |a, b| Intersect::new(a, b).run(0, 0))
    }

    /// Whether every value this pattern matches is also matched by `wider` (variables are
    /// compared as written: `${aws:username}` covers only `${aws:username}` or `*`).
    pub fn is_covered_by(&self, wider: &Pattern) -> bool {
        let narrow: Vec<Simple> = self.toks.iter().map(Simple::symbolic).collect();
        let wide: Vec<Simple> = wider.toks.iter().map(Simple::symbolic).collect();
        split_both(&narrow, &wide, |n, w| Cover::new(n, w).run(0, 0))
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
    f: impl Fn(&[A], &[B]) -> bool,
) -> bool {
    let (Some(ac), Some(bc)) = (a_cuts, b_cuts) else { return f(a, b) };
    let (mut at, mut bt) = (0, 0);
    // The cuts are positions in `a` and `b`, so every part is there.
    for (&cut_a, &cut_b) in ac.iter().zip(&bc) {
        let (Some(part_a), Some(part_b)) = (a.get(at..cut_a), b.get(bt..cut_b)) else { return false };
        if open_end(part_a, part_b) {
            return f(a.get(at..).unwrap_or_default(), b.get(bt..).unwrap_or_default());
        }
        if !f(part_a, part_b) {
            return false;
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
fn split_pair(pattern: &[Simple], text: &[char], f: impl Fn(&[Simple], &[char]) -> bool) -> bool {
    let p = arn_cuts(pattern, Simple::is_colon, simple_starts_arn(pattern));
    let t = arn_cuts(text, |c| *c == ':', text.starts_with(&['a', 'r', 'n', ':']));
    by_parts(pattern, p, text, t, |p, _| ends_open(p), f)
}

/// Compares two patterns part by part when both are ARNs, else whole.
fn split_both(a: &[Simple], b: &[Simple], f: impl Fn(&[Simple], &[Simple]) -> bool) -> bool {
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

/// Glob match in linear-ish time: the most recent `*` is the only backtracking point.
// in range: `ti < t.len()` is the loop's condition and `pi` only passes a token it has read.
#[allow(clippy::indexing_slicing)]
fn glob(p: &[Simple], t: &[char], case_sensitive: bool) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Simple::Any) => {
                pi += 1;
                star = Some((pi, ti));
            }
            Some(Simple::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Simple::Lit(c)) if same_char(*c, t[ti], case_sensitive) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    pi = sp;
                    ti = st + 1;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|s| *s == Simple::Any)
}

/// Whether two wildcard patterns can match a common text (memoised over positions).
struct Intersect<'a> {
    a: &'a [Simple],
    b: &'a [Simple],
    /// Per position pair: 0 not yet known, 1 false, 2 true.
    memo: Vec<u8>,
}

impl<'a> Intersect<'a> {
    fn new(a: &'a [Simple], b: &'a [Simple]) -> Self {
        Intersect { a, b, memo: vec![0; (a.len() + 1) * (b.len() + 1)] }
    }

    // in range: `i <= a.len()` and `j <= b.len()`, and the table has a slot for each pair.
    #[allow(clippy::indexing_slicing)]
    fn run(&mut self, i: usize, j: usize) -> bool {
        let slot = i * (self.b.len() + 1) + j;
        if self.memo[slot] != 0 {
            return self.memo[slot] == 2;
        }
        let result = match (self.a.get(i), self.b.get(j)) {
            (None, None) => true,
            (Some(Simple::Any), _) if self.run(i + 1, j) => true,
            (Some(Simple::Any), Some(_)) => self.run(i, j + 1),
            (_, Some(Simple::Any)) if self.run(i, j + 1) => true,
            (Some(_), Some(Simple::Any)) => self.run(i + 1, j),
            (Some(x), Some(y)) => match (x, y) {
                (Simple::Lit(x), Simple::Lit(y)) => x == y && self.run(i + 1, j + 1),
                _ => self.run(i + 1, j + 1),
            },
            _ => false,
        };
        self.memo[slot] = if result { 2 } else { 1 };
        result
    }
}

/// Whether `wide` matches every text `narrow` matches (memoised over positions).
struct Cover<'a> {
    narrow: &'a [Simple],
    wide: &'a [Simple],
    /// Per position pair: 0 not yet known, 1 false, 2 true.
    memo: Vec<u8>,
}

impl<'a> Cover<'a> {
    fn new(narrow: &'a [Simple], wide: &'a [Simple]) -> Self {
        Cover { narrow, wide, memo: vec![0; (narrow.len() + 1) * (wide.len() + 1)] }
    }

    // in range: `i <= narrow.len()` and `j <= wide.len()`, and the table has a slot for each pair.
    #[allow(clippy::indexing_slicing)]
    fn run(&mut self, i: usize, j: usize) -> bool {
        let slot = i * (self.wide.len() + 1) + j;
        if self.memo[slot] != 0 {
            return self.memo[slot] == 2;
        }
        let result = match (self.narrow.get(i), self.wide.get(j)) {
            (None, None) => true,
            // `*` in the wide pattern absorbs nothing more, or one more element of the narrow one.
            (_, Some(Simple::Any)) => self.run(i, j + 1) || (i < self.narrow.len() && self.run(i + 1, j)),
            // `?` covers exactly one character: a literal or another `?`, not a variable.
            (Some(Simple::Lit(_) | Simple::One), Some(Simple::One)) => self.run(i + 1, j + 1),
            (Some(Simple::Lit(a)), Some(Simple::Lit(b))) => a == b && self.run(i + 1, j + 1),
            (Some(Simple::Sym(a)), Some(Simple::Sym(b))) => a == b && self.run(i + 1, j + 1),
            _ => false,
        };
        self.memo[slot] = if result { 2 } else { 1 };
        result
    }
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
        assert!(!p("arn:aws:s3:::bucket").overlaps_template(object));
        assert!(p("arn:aws:s3:::bucket/*").overlaps_template(object));
        assert!(p("arn:aws:s3:::bucket*").overlaps_template(object));
        assert!(p("arn:aws:s3:::bucket").overlaps_template(bucket));
        assert!(p("*").overlaps_template(object));
        assert!(p("arn:aws:s3:::${aws:username}").overlaps_template(bucket));
        assert!(!p("arn:aws:iam::123456789012:user/x").overlaps_template(object));
        assert!(p("arn:aws:iam::123456789012:role/x")
            .overlaps_template("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"));
        assert!(p("arn:aws:s3:::bucket/*").overlaps(&p(object)));
        assert!(!p("arn:aws:s3:::bucket").overlaps(&p(object)));
        assert!(p("arn:aws:s3:::*").overlaps(&p("arn:aws:s3:::b?")));
    }

    #[test]
    fn coverage() {
        let p = |s| Pattern::parse(s, RESOURCE);
        assert!(p("arn:aws:s3:::b/x*").is_covered_by(&p("arn:aws:s3:::b/*")));
        assert!(p("arn:aws:s3:::b/*").is_covered_by(&p("*")));
        assert!(!p("arn:aws:s3:::b/*").is_covered_by(&p("arn:aws:s3:::b/?")));
        assert!(p("arn:aws:s3:::b/a").is_covered_by(&p("arn:aws:s3:::b/?")));
        assert!(!p("arn:aws:s3:::b/*").is_covered_by(&p("arn:aws:s3:::b/x*")));
        assert!(p("arn:aws:s3:::b/${aws:username}").is_covered_by(&p("arn:aws:s3:::b/${aws:username}")));
        assert!(!p("arn:aws:s3:::b/${aws:username}").is_covered_by(&p("arn:aws:s3:::b/a")));
        assert!(p("arn:aws:s3:::b/*/x").is_covered_by(&p("arn:aws:s3:::b/*")));
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
}
