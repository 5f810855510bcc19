//! Condition operators: their grammar, the value types they expect, and how a clause is
//! evaluated against a request context, following the IAM policy reference.
//!
//! - Values listed for one key are alternatives (any may match); keys and operators of one
//!   `Condition` must all hold.
//! - A key absent from the request (or with no values): the clause is false, except for
//!   `…IfExists` (true), `ForAllValues:` (true: "It also returns true if there are no context
//!   keys in the request", IAM User Guide, *Single-valued vs. multivalued context keys*), the
//!   negated operators such as `StringNotEquals` without a qualifier (true), and `Null` (true
//!   when it asks for absence). `ForAnyValue:` is false on an absent key, negated operator or
//!   not: there is no value of which any could hold.
//! - `ForAnyValue:` holds when some request value matches; `ForAllValues:` when every one does.
//! - A policy variable in a value whose key the request does not hold has no value: such a
//!   value matches nothing, and a negated operator with one does not hold either, as the
//!   element with the variable does not match ("If AWS cannot resolve a variable this might
//!   cause the entire statement to be invalid", IAM User Guide, *Variables and tags*).
//! - Key names are case-insensitive; operator names are not.

use std::net::IpAddr;

use super::arn::{Lookup, Pattern, Syntax};

/// The comparison an operator makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::String => "string",
            Family::Numeric => "numeric",
            Family::Date => "date",
            Family::Bool => "Boolean",
            Family::Binary => "binary",
            Family::Ip => "IP address",
            Family::Arn => "ARN",
            Family::Null => "null",
        }
    }
}

/// How the values of one operator are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    Equals,
    EqualsIgnoreCase,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// `ForAllValues:` or `ForAnyValue:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// A condition operator, e.g. `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub set: Option<SetQualifier>,
    pub family: Family,
    compare: Compare,
    /// `StringNotEquals`, `NotIpAddress`, `ArnNotLike`, …
    pub negated: bool,
    pub if_exists: bool,
    /// The base name, without qualifier or `IfExists`.
    pub base: &'static str,
}

/// Every base operator: name, family, comparison, negated.
const BASES: [(&str, Family, Compare, bool); 27] = [
    ("StringEquals", Family::String, Compare::Equals, false),
    ("StringNotEquals", Family::String, Compare::Equals, true),
    ("StringEqualsIgnoreCase", Family::String, Compare::EqualsIgnoreCase, false),
    ("StringNotEqualsIgnoreCase", Family::String, Compare::EqualsIgnoreCase, true),
    ("StringLike", Family::String, Compare::Like, false),
    ("StringNotLike", Family::String, Compare::Like, true),
    ("NumericEquals", Family::Numeric, Compare::Equals, false),
    ("NumericNotEquals", Family::Numeric, Compare::Equals, true),
    ("NumericLessThan", Family::Numeric, Compare::LessThan, false),
    ("NumericLessThanEquals", Family::Numeric, Compare::LessThanEquals, false),
    ("NumericGreaterThan", Family::Numeric, Compare::GreaterThan, false),
    ("NumericGreaterThanEquals", Family::Numeric, Compare::GreaterThanEquals, false),
    ("DateEquals", Family::Date, Compare::Equals, false),
    ("DateNotEquals", Family::Date, Compare::Equals, true),
    ("DateLessThan", Family::Date, Compare::LessThan, false),
    ("DateLessThanEquals", Family::Date, Compare::LessThanEquals, false),
    ("DateGreaterThan", Family::Date, Compare::GreaterThan, false),
    ("DateGreaterThanEquals", Family::Date, Compare::GreaterThanEquals, false),
    ("Bool", Family::Bool, Compare::Equals, false),
    ("BinaryEquals", Family::Binary, Compare::Equals, false),
    ("IpAddress", Family::Ip, Compare::Equals, false),
    ("NotIpAddress", Family::Ip, Compare::Equals, true),
    ("ArnEquals", Family::Arn, Compare::Like, false),
    ("ArnLike", Family::Arn, Compare::Like, false),
    ("ArnNotEquals", Family::Arn, Compare::Like, true),
    ("ArnNotLike", Family::Arn, Compare::Like, true),
    ("Null", Family::Null, Compare::Equals, false),
];

impl Operator {
    /// Parses an operator name; `None` when IAM does not define it (`NullIfExists` included).
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let &(base, family, compare, negated) = BASES.iter().find(|b| b.0 == base)?;
        if family == Family::Null && if_exists {
            return None;
        }
        Some(Operator { set, family, compare, negated, if_exists, base })
    }

    /// Whether the operator asks that a value match (`StringEquals`), not that none do.
    pub fn is_positive(&self) -> bool {
        !self.negated && self.family != Family::Null
    }
}

/// Why a value cannot be read as the operator's type; `None` when it can.
pub fn value_problem(family: Family, value: &str) -> Option<String> {
    let ok = match family {
        Family::String | Family::Arn | Family::Binary => true,
        Family::Numeric => value.trim().parse::<f64>().is_ok_and(f64::is_finite),
        Family::Date => parse_date(value).is_some(),
        Family::Bool | Family::Null => value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"),
        Family::Ip => parse_cidr(value).is_some(),
    };
    if ok {
        return None;
    }
    Some(match family {
        Family::Numeric => format!("`{value}` is not a number"),
        Family::Date => format!("`{value}` is not a date (ISO 8601 such as `2026-01-31T00:00:00Z`, or epoch seconds)"),
        Family::Bool | Family::Null => format!("`{value}` is not `true` or `false`"),
        _ => format!("`{value}` is not an IP address or CIDR block"),
    })
}

/// A date as seconds since the epoch: ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`,
/// fractions and `+hh:mm` offsets) or epoch seconds.
#[allow(clippy::many_single_char_names, clippy::cast_precision_loss)] // y-m-d h:m:s; dates fit f64 exactly
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 12 {
        return s.parse().ok();
    }
    let num =
        |t: &str| -> Option<i64> { (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())? };
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (num(parts.next()?)?, num(parts.next()?)?, num(parts.next()?)?);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut seconds = days_from_civil(y, m, d) as f64 * 86_400.0;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut hms = clock.split(':');
        let h = num(hms.next()?)?;
        let mi = num(hms.next()?)?;
        let sec: f64 = match hms.next() {
            Some(s) => s.parse().ok().filter(|v: &f64| (0.0..61.0).contains(v))?,
            None => 0.0,
        };
        if hms.next().is_some() || h > 23 || mi > 59 {
            return None;
        }
        seconds += (h * 3600 + mi * 60) as f64 + sec - offset;
    }
    Some(seconds)
}

/// Splits `12:00:00Z` / `12:00:00+02:00` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, f64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0.0));
    }
    if let Some(i) = time.rfind(['+', '-']) {
        let (clock, off) = time.split_at(i);
        let sign = if off.starts_with('-') { -1.0 } else { 1.0 };
        let off = off.get(1..).unwrap_or_default();
        let (h, m) = off.split_once(':').unwrap_or((off, "0"));
        let (h, m): (f64, f64) = (h.parse().ok()?, m.parse().ok()?);
        return Some((clock, sign * (h * 3600.0 + m * 60.0)));
    }
    Some((time, 0.0))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP address or CIDR block: the network address as bits and the prefix length.
pub fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let s = s.trim();
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(p) => p.parse::<u8>().ok().filter(|&p| p <= max)?,
        None => max,
    };
    Some((ip, prefix))
}

/// Whether the CIDR block contains the address.
pub fn cidr_contains((net, prefix): (IpAddr, u8), ip: IpAddr) -> bool {
    let bits = |ip: IpAddr| -> (u128, u32) {
        match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        }
    };
    let ((n, width), (a, width_a)) = (bits(net), bits(ip));
    if width != width_a {
        return false;
    }
    let shift = width - u32::from(prefix);
    shift >= width || (n >> shift) == (a >> shift)
}

/// How one clause came out against a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClauseOutcome {
    pub holds: bool,
    /// Policy variables in the values that the request does not hold (those values match
    /// nothing).
    pub missing: Vec<String>,
    /// Why, in words: "`aws:SourceIp` `10.0.0.1` is not in `192.0.2.0/24`".
    pub reason: String,
}

/// Evaluates `operator` on `key` with the policy's `values` against the request's values for
/// the key (`None` when the request does not carry it).
pub fn evaluate(
    operator: &Operator,
    key: &str,
    values: &[String],
    request: Option<&[String]>,
    lookup: Lookup<'_>,
    variables: bool,
) -> ClauseOutcome {
    let Some(request) = request.filter(|r| !r.is_empty()) else {
        let for_all = operator.set == Some(SetQualifier::ForAllValues);
        let holds = match operator.family {
            Family::Null => values.iter().any(|v| v.eq_ignore_ascii_case("true")),
            _ => operator.if_exists || for_all || (operator.negated && operator.set.is_none()),
        };
        let why = if operator.if_exists {
            "so `…IfExists` holds"
        } else if operator.family == Family::Null {
            if holds {
                "as `Null: true` asks"
            } else {
                "but `Null: false` asks for it"
            }
        } else if for_all {
            "so `ForAllValues` holds for the empty set"
        } else if operator.set == Some(SetQualifier::ForAnyValue) {
            "so `ForAnyValue` has no value that could match"
        } else if operator.negated {
            "so the negated operator holds"
        } else {
            "so it cannot match"
        };
        return ClauseOutcome {
            holds,
            missing: Vec::new(),
            reason: format!("`{key}` is not in the request context, {why}"),
        };
    };
    if operator.family == Family::Null {
        let holds = values.iter().any(|v| v.eq_ignore_ascii_case("false"));
        let verdict = if holds { "as `Null: false` asks" } else { "but `Null: true` asks for its absence" };
        return ClauseOutcome { holds, missing: Vec::new(), reason: format!("`{key}` is present, {verdict}") };
    }
    let mut missing = Vec::new();
    let mut over_budget = false;
    let mut matches_any = |r: &str| {
        values.iter().any(|v| value_matches(operator, v, r, lookup, variables, &mut missing, &mut over_budget))
    };
    let hits: Vec<bool> = request.iter().map(|r| matches_any(r)).collect();
    let holds = match operator.set {
        _ if operator.negated && !missing.is_empty() => false,
        Some(SetQualifier::ForAllValues) => hits.iter().all(|&h| h != operator.negated),
        Some(SetQualifier::ForAnyValue) => hits.iter().any(|&h| h != operator.negated),
        None if operator.negated => !hits.iter().any(|&h| h),
        None => hits.iter().any(|&h| h),
    };
    let shown = request.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
    let wanted = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    let verb = if holds { "satisfies" } else { "fails" };
    let mut reason = format!("`{key}` = {shown} {verb} `{}` {wanted}", operator_name(operator));
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        reason.push_str(&super::no_value(&missing));
    }
    if over_budget {
        reason.push_str(" (a comparison exceeded the work budget and was taken as no match)");
    }
    ClauseOutcome { holds, missing, reason }
}

fn operator_name(op: &Operator) -> String {
    let set = match op.set {
        Some(SetQualifier::ForAllValues) => "ForAllValues:",
        Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
        None => "",
    };
    let exists = if op.if_exists { "IfExists" } else { "" };
    format!("{set}{}{exists}", op.base)
}

/// Whether one request value matches one policy value under the operator's comparison
/// (before negation). A value with a variable the request does not hold matches nothing; the
/// variable is added to `missing`.
fn value_matches(
    op: &Operator,
    policy: &str,
    request: &str,
    lookup: Lookup<'_>,
    variables: bool,
    missing: &mut Vec<String>,
    over_budget: &mut bool,
) -> bool {
    match op.family {
        Family::String | Family::Arn | Family::Binary => {
            let wildcards = op.compare == Compare::Like;
            let pattern = Pattern::parse(policy, Syntax { wildcards, variables });
            let case_sensitive = op.compare != Compare::EqualsIgnoreCase;
            let unresolved = pattern.unresolved(lookup);
            if !unresolved.is_empty() {
                missing.extend(unresolved);
                return false;
            }
            let m = pattern.matches(request, lookup, case_sensitive);
            *over_budget |= m.over_budget;
            m.matched
        }
        Family::Bool => policy.eq_ignore_ascii_case(request),
        Family::Numeric => {
            let (Ok(p), Ok(r)) = (policy.trim().parse::<f64>(), request.trim().parse::<f64>()) else { return false };
            ordered(op.compare, r.partial_cmp(&p))
        }
        Family::Date => {
            let (Some(p), Some(r)) = (parse_date(policy), parse_date(request)) else { return false };
            ordered(op.compare, r.partial_cmp(&p))
        }
        Family::Ip => match (parse_cidr(policy), request.trim().parse::<IpAddr>()) {
            (Some(net), Ok(ip)) => cidr_contains(net, ip),
            _ => false,
        },
        Family::Null => false,
    }
}

/// Whether `request ? policy` under the comparison, given their ordering.
fn ordered(compare: Compare, ordering: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    matches!(
        (compare, ordering),
        (
            Compare::Equals | Compare::EqualsIgnoreCase | Compare::LessThanEquals | Compare::GreaterThanEquals,
            Some(Equal)
        ) | (Compare::LessThan | Compare::LessThanEquals, Some(Less))
            | (Compare::GreaterThan | Compare::GreaterThanEquals, Some(Greater))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    /// Evaluates `op` `{key: values}` against the request values (`None`: key absent).
    fn eval(op: &str, values: &[&str], request: Option<&[&str]>) -> bool {
        let op = Operator::parse(op).unwrap_or_else(|| panic!("{op} parses"));
        let values: Vec<String> = values.iter().map(|v| (*v).to_string()).collect();
        let request: Option<Vec<String>> = request.map(|r| r.iter().map(|v| (*v).to_string()).collect());
        evaluate(&op, "k", &values, request.as_deref(), &none, true).holds
    }

    #[test]
    fn operators_parse() {
        assert!(Operator::parse("StringEquals").is_some());
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!((op.set, op.if_exists, op.base), (Some(SetQualifier::ForAnyValue), true, "StringLike"));
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("stringequals").is_none());
        assert!(Operator::parse("StringEqual").is_none());
        assert!(Operator::parse("NotIpAddress").unwrap().negated);
    }

    /// (operator, policy values, request values or `None` when absent, expected).
    type Row = (&'static str, &'static [&'static str], Option<&'static [&'static str]>, bool);

    /// One row per operator and family.
    #[test]
    fn every_family() {
        let rows: &[Row] = &[
            ("StringEquals", &["a", "b"], Some(&["b"]), true),
            ("StringEquals", &["a"], Some(&["A"]), false),
            ("StringNotEquals", &["a"], Some(&["b"]), true),
            ("StringNotEquals", &["a"], Some(&["a"]), false),
            ("StringEqualsIgnoreCase", &["abc"], Some(&["ABC"]), true),
            ("StringNotEqualsIgnoreCase", &["abc"], Some(&["ABC"]), false),
            ("StringLike", &["repo:org/*"], Some(&["repo:org/app:ref:refs/heads/main"]), true),
            ("StringLike", &["repo:org/?"], Some(&["repo:org/ab"]), false),
            ("StringNotLike", &["dev-*"], Some(&["prod-1"]), true),
            ("StringEquals", &["a*"], Some(&["abc"]), false),
            ("NumericEquals", &["10"], Some(&["10.0"]), true),
            ("NumericNotEquals", &["10"], Some(&["10"]), false),
            ("NumericLessThan", &["3600"], Some(&["100"]), true),
            ("NumericLessThanEquals", &["100"], Some(&["100"]), true),
            ("NumericGreaterThan", &["100"], Some(&["100"]), false),
            ("NumericGreaterThanEquals", &["100"], Some(&["101"]), true),
            ("NumericEquals", &["ten"], Some(&["10"]), false),
            ("DateLessThan", &["2027-01-01T00:00:00Z"], Some(&["2026-11-27T10:00:00Z"]), true),
            ("DateGreaterThan", &["2027-01-01"], Some(&["2026-11-27T10:00:00Z"]), false),
            ("DateEquals", &["2026-01-01T01:00:00+01:00"], Some(&["2026-01-01T00:00:00Z"]), true),
            ("DateNotEquals", &["1767225600"], Some(&["2026-01-01T00:00:00Z"]), false),
            ("DateLessThanEquals", &["2026-01-01"], Some(&["2026-01-01"]), true),
            ("DateGreaterThanEquals", &["2026-01-01"], Some(&["2025-12-31"]), false),
            ("Bool", &["true"], Some(&["true"]), true),
            ("Bool", &["true"], Some(&["false"]), false),
            ("Bool", &["TRUE"], Some(&["true"]), true),
            ("BinaryEquals", &["QmluYXJ5"], Some(&["QmluYXJ5"]), true),
            ("BinaryEquals", &["QmluYXJ5"], Some(&["b3RoZXI="]), false),
            ("IpAddress", &["203.0.113.0/24"], Some(&["203.0.113.9"]), true),
            ("IpAddress", &["203.0.113.0/24"], Some(&["198.51.100.1"]), false),
            ("IpAddress", &["2001:db8::/32"], Some(&["2001:db8::1"]), true),
            ("IpAddress", &["0.0.0.0/0"], Some(&["2001:db8::1"]), false),
            ("NotIpAddress", &["10.0.0.0/8"], Some(&["203.0.113.9"]), true),
            ("ArnEquals", &["arn:aws:iam::111122223333:role/*"], Some(&["arn:aws:iam::111122223333:role/a"]), true),
            ("ArnLike", &["arn:aws:sns:*:111122223333:*"], Some(&["arn:aws:sns:us-east-1:444455556666:t"]), false),
            ("ArnNotEquals", &["arn:aws:s3:::b"], Some(&["arn:aws:s3:::b"]), false),
            ("ArnNotLike", &["arn:aws:s3:::b*"], Some(&["arn:aws:s3:::c"]), true),
            ("Null", &["true"], None, true),
            ("Null", &["true"], Some(&["x"]), false),
            ("Null", &["false"], Some(&["x"]), true),
            ("Null", &["false"], None, false),
        ];
        for &(op, values, request, expected) in rows {
            assert_eq!(eval(op, values, request), expected, "{op} {values:?} against {request:?}");
        }
    }

    #[test]
    fn absent_keys() {
        assert!(!eval("StringEquals", &["a"], None));
        assert!(eval("StringEqualsIfExists", &["a"], None));
        assert!(eval("StringNotEquals", &["a"], None));
        assert!(eval("NotIpAddress", &["10.0.0.0/8"], None));
        assert!(eval("ForAllValues:StringEquals", &["a"], None));
        assert!(!eval("ForAnyValue:StringEquals", &["a"], None));
        assert!(!eval("ForAnyValue:StringNotEquals", &["a"], None));
        assert!(!eval("Bool", &["true"], None));
    }

    /// Every operator family, with and without a negation, `IfExists` and a set qualifier,
    /// against a request where the key is absent, present with no value, one value that
    /// matches, one that does not, a matching and a non-matching value, and two matching values.
    ///
    /// The expected columns follow the IAM User Guide: *Condition operators* ("If the key that
    /// you specify in a policy condition is not present in the request context, the values do
    /// not match", and for negated operators the reverse), *…`IfExists`* ("If the key is not
    /// present, evaluate the condition element as true"), and *Single-valued vs. multivalued
    /// context keys* (`ForAllValues` "also returns true if there are no context keys in the
    /// request"; `ForAnyValue` needs a request value that matches, so it is false then; a negated
    /// operator under `ForAllValues` holds when no request value matches, under `ForAnyValue`
    /// when one does not).
    #[test]
    fn operator_qualifier_matrix() {
        // (qualifier, negated, IfExists) → [absent, empty, one match, one miss, match+miss, two matches]
        type Expect = [bool; 6];
        type FamilyRow = (&'static str, Option<&'static str>, &'static [&'static str], [&'static str; 2], &'static str);
        const T: bool = true;
        const F: bool = false;
        let rules: &[(&str, bool, bool, Expect)] = &[
            ("", false, false, [F, F, T, F, T, T]),
            ("", false, true, [T, T, T, F, T, T]),
            ("", true, false, [T, T, F, T, F, F]),
            ("", true, true, [T, T, F, T, F, F]),
            ("ForAnyValue:", false, false, [F, F, T, F, T, T]),
            ("ForAnyValue:", false, true, [T, T, T, F, T, T]),
            ("ForAnyValue:", true, false, [F, F, F, T, T, F]),
            ("ForAnyValue:", true, true, [T, T, F, T, T, F]),
            ("ForAllValues:", false, false, [T, T, T, F, F, T]),
            ("ForAllValues:", false, true, [T, T, T, F, F, T]),
            ("ForAllValues:", true, false, [T, T, F, T, F, F]),
            ("ForAllValues:", true, true, [T, T, F, T, F, F]),
        ];
        // (positive operator, its negation, policy values, two matching request values, a miss)
        let families: &[FamilyRow] = &[
            ("StringEquals", Some("StringNotEquals"), &["a", "b"], ["a", "b"], "c"),
            ("StringLike", Some("StringNotLike"), &["a*"], ["ab", "ac"], "ba"),
            ("StringEqualsIgnoreCase", Some("StringNotEqualsIgnoreCase"), &["abc"], ["ABC", "abc"], "abd"),
            ("NumericEquals", Some("NumericNotEquals"), &["1", "2"], ["1", "2.0"], "3"),
            ("NumericLessThan", None, &["10"], ["1", "2"], "11"),
            ("NumericGreaterThanEquals", None, &["10"], ["10", "11"], "9"),
            (
                "DateEquals",
                Some("DateNotEquals"),
                &["2026-01-01T00:00:00Z"],
                ["2026-01-01", "1767225600"],
                "2026-01-02",
            ),
            ("DateLessThan", None, &["2026-01-01"], ["2025-01-01", "2025-06-01T12:00:00Z"], "2027-01-01"),
            ("Bool", None, &["true"], ["true", "TRUE"], "false"),
            ("BinaryEquals", None, &["QQ=="], ["QQ==", "QQ=="], "Qg=="),
            ("IpAddress", Some("NotIpAddress"), &["10.0.0.0/8"], ["10.1.1.1", "10.2.2.2"], "192.0.2.1"),
            (
                "ArnEquals",
                Some("ArnNotEquals"),
                &["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"],
                ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"],
                "arn:aws:iam::111122223333:role/c",
            ),
            (
                "ArnLike",
                Some("ArnNotLike"),
                &["arn:aws:iam::*:role/a*"],
                ["arn:aws:iam::111122223333:role/ab", "arn:aws:iam::444455556666:role/ac"],
                "arn:aws:iam::111122223333:role/b",
            ),
        ];
        for &(positive, negated, values, [m1, m2], miss) in families {
            let requests: [Option<&[&str]>; 6] =
                [None, Some(&[]), Some(&[m1]), Some(&[miss]), Some(&[m1, miss]), Some(&[m1, m2])];
            for &(set, negate, if_exists, expected) in rules {
                let base = match (negate, negated) {
                    (false, _) => positive,
                    (true, Some(n)) => n,
                    (true, None) => continue,
                };
                let op = format!("{set}{base}{}", if if_exists { "IfExists" } else { "" });
                for (request, want) in requests.iter().zip(expected) {
                    assert_eq!(eval(&op, values, *request), want, "{op} {values:?} against {request:?}");
                }
            }
        }
    }

    #[test]
    fn set_qualifiers() {
        let both: &[&str] = &["a", "b"];
        assert!(eval("ForAllValues:StringEquals", &["a", "b", "c"], Some(both)));
        assert!(!eval("ForAllValues:StringEquals", &["a"], Some(both)));
        assert!(eval("ForAnyValue:StringEquals", &["a"], Some(both)));
        assert!(!eval("ForAnyValue:StringEquals", &["c"], Some(both)));
        assert!(eval("ForAnyValue:StringNotEquals", &["a"], Some(both)));
        assert!(!eval("ForAllValues:StringNotEquals", &["a"], Some(both)));
        assert!(eval("ForAllValues:StringNotLike", &["x*"], Some(both)));
        assert!(eval("StringEqualsIfExists", &["b"], Some(both)));
    }

    #[test]
    fn a_comparison_over_budget_says_so() {
        let op = Operator::parse("StringLike").unwrap();
        let values = vec![format!("*{}b*", "a".repeat(5_000))];
        let outcome = evaluate(&op, "aws:userid", &values, Some(&["a".repeat(60_000)]), &none, true);
        assert!(!outcome.holds);
        assert!(outcome.reason.ends_with("(a comparison exceeded the work budget and was taken as no match)"));
    }

    #[test]
    fn variables_in_values() {
        let op = Operator::parse("StringEquals").unwrap();
        let alice = |k: &str| (k == "aws:username").then(|| "alice".to_string());
        let values = vec!["${aws:username}".to_string()];
        assert!(evaluate(&op, "s3:prefix", &values, Some(&["alice".into()]), &alice, true).holds);
        assert!(!evaluate(&op, "s3:prefix", &values, Some(&["bob".into()]), &alice, true).holds);
        // A variable without a value: the value matches nothing, and the element with it does not
        // match, negated or not (IAM User Guide, *Variables and tags*).
        let unknown = evaluate(&op, "s3:prefix", &values, Some(&["bob".into()]), &none, true);
        assert!(!unknown.holds);
        assert_eq!(unknown.missing, ["aws:username"]);
        assert!(unknown.reason.contains("`${aws:username}` has no value"), "{}", unknown.reason);
        let not = Operator::parse("StringNotEquals").unwrap();
        assert!(!evaluate(&not, "s3:prefix", &values, Some(&["bob".into()]), &none, true).holds);
        assert!(evaluate(&not, "s3:prefix", &values, Some(&["bob".into()]), &alice, true).holds);
        assert!(!evaluate(&op, "s3:prefix", &values, Some(&["bob".into()]), &none, false).holds);
    }

    #[test]
    fn dates_and_cidrs_parse() {
        assert_eq!(parse_date("1970-01-02"), Some(86_400.0));
        assert_eq!(parse_date("1970-01-01T00:01:00.5Z"), Some(60.5));
        assert_eq!(parse_date("1700000000"), Some(1_700_000_000.0));
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("10.0.0/8").is_none());
        assert!(parse_cidr("::/0").is_some());
        assert!(value_problem(Family::Bool, "yes").is_some());
        assert!(value_problem(Family::Numeric, "12").is_none());
    }
}
