//! Glob matching for IAM patterns: `*` matches any run of characters (including none), `?`
//! matches exactly one character, everything else matches itself.
//!
//! IAM uses this one syntax for actions (`s3:Get*`, case-insensitive) and for resource ARNs
//! (`arn:aws:s3:::bucket/*`, case-sensitive), so both flavours are offered. Neither allocates.
//!
//! One matcher, [`glob_by`], serves every pattern question of the crate (actions here; ARNs,
//! condition values and pattern-against-pattern questions in `eval::arn`). It reads the pattern
//! as segments between `*`s: the first is matched at the start, the last at the end, and each
//! one between at its leftmost place after the previous one (which leaves the most room for the
//! rest). It keeps no table and does not recurse, so memory is constant, and it counts its steps
//! against a budget linear in the two lengths ([`budget`]): a pattern built to make the search
//! slow (`*aaaa…ab*` against `aaaa…`) gives [`OverBudget`] instead of taking quadratic time, and
//! the caller says so rather than guessing.
//!
//! `?` consumes one Unicode scalar value, not one byte, so it behaves on non-ASCII ARNs (S3 object
//! keys may hold any UTF-8) as it does on ASCII. Case folding is ASCII-only, like IAM's.

use std::sync::atomic::{AtomicU64, Ordering};

/// Whether `pattern` matches the whole of `text`, ignoring ASCII case (IAM actions, condition
/// key names). A match over its budget counts as no match: the texts matched here are catalogue
/// names and request actions, where only a pattern and a text both thousands of characters long
/// can reach it, and no real action is that long.
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), true).unwrap_or(false)
}

/// Whether `pattern` matches the whole of `text`, case-sensitively (IAM resource ARNs); see
/// [`matches`] for the budget.
pub fn matches_case_sensitive(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), false).unwrap_or(false)
}

/// Whether `s` contains a glob wildcard (`*` or `?`).
pub fn has_wildcard(s: &str) -> bool {
    s.bytes().any(|b| b == b'*' || b == b'?')
}

/// The part of `pattern` before its first wildcard: every text it matches starts with this.
pub fn literal_prefix(pattern: &str) -> &str {
    // `*` and `?` are ASCII, so the cut is always on a character boundary.
    pattern.find(['*', '?']).and_then(|end| pattern.get(..end)).unwrap_or(pattern)
}

/// How many characters every text `pattern` matches has at least (its characters other than
/// `*`): a pattern longer than every candidate text matches none of them.
pub fn min_chars(pattern: &str) -> usize {
    pattern.chars().filter(|&c| c != '*').count()
}

/// A match gave up: it needed more steps than [`budget`] allows, so its answer is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverBudget;

/// Steps allowed to one match of a pattern of `pattern` elements against `text` elements: a
/// constant for short inputs, then linear, so that no input makes matching quadratic.
pub fn budget(pattern: usize, text: usize) -> u64 {
    const BASE: u64 = 1 << 12;
    const PER_ELEMENT: u64 = 32;
    BASE + PER_ELEMENT * (pattern as u64 + text as u64)
}

/// Every step every match has taken in this process (for tests that bound the work).
static STEPS: AtomicU64 = AtomicU64::new(0);

/// The steps matchers have taken so far in this process, summed over threads: a test reads it
/// before and after some work to bound that work without timing it.
pub fn steps_taken() -> u64 {
    STEPS.load(Ordering::Relaxed)
}

/// How the matcher reads one pattern element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Any run of text units, possibly empty.
    Star,
    /// Exactly one character of text (which may span several units, see [`Unit`]).
    One,
    /// Exactly one unit equal to it.
    Lit,
}

/// A unit of text: a byte of UTF-8, or a whole character or pattern element.
pub(crate) trait Unit {
    /// Whether a character starts at this unit (false for UTF-8 continuation bytes).
    fn starts_char(&self) -> bool;
}

impl Unit for u8 {
    fn starts_char(&self) -> bool {
        self & 0xC0 != 0x80
    }
}

impl Unit for char {
    fn starts_char(&self) -> bool {
        true
    }
}

/// Whether `p` matches the whole of `t`: `class` says what each pattern element is, `fits`
/// whether a [`Class::Lit`] or [`Class::One`] element may stand for the unit (or character)
/// at a position. See the module documentation for the algorithm and its budget.
pub(crate) fn glob_by<P, T: Unit>(
    p: &[P],
    t: &[T],
    class: impl Fn(&P) -> Class,
    fits: impl Fn(&P, &T) -> bool,
) -> Result<bool, OverBudget> {
    // Finding the first and last star reads the pattern once: that counts too.
    let steps = p.len() as u64;
    let mut m = Matcher { t, class: &class, fits: &fits, steps, limit: budget(p.len(), t.len()) };
    let result = m.run(p);
    STEPS.fetch_add(m.steps, Ordering::Relaxed);
    result
}

struct Matcher<'a, T, C, F> {
    t: &'a [T],
    class: &'a C,
    fits: &'a F,
    steps: u64,
    limit: u64,
}

impl<T: Unit, C, F> Matcher<'_, T, C, F> {
    fn step(&mut self) -> Result<(), OverBudget> {
        self.steps += 1;
        if self.steps > self.limit {
            Err(OverBudget)
        } else {
            Ok(())
        }
    }

    /// The position after the character starting at `i`.
    fn next(&self, i: usize) -> usize {
        let mut j = i + 1;
        while self.t.get(j).is_some_and(|u| !u.starts_char()) {
            j += 1;
        }
        j
    }

    /// The position where the character ending at `i` starts.
    fn prev(&self, i: usize) -> usize {
        let mut j = i.saturating_sub(1);
        while j > 0 && self.t.get(j).is_some_and(|u| !u.starts_char()) {
            j -= 1;
        }
        j
    }

    fn run<P>(&mut self, p: &[P]) -> Result<bool, OverBudget>
    where
        C: Fn(&P) -> Class,
        F: Fn(&P, &T) -> bool,
    {
        let is_star = |e: &P| (self.class)(e) == Class::Star;
        let Some(first_star) = p.iter().position(is_star) else {
            return Ok(self.forward(p, 0)? == Some(self.t.len()));
        };
        let last_star = p.iter().rposition(is_star).unwrap_or(first_star);
        let (head, tail) = (p.get(..first_star).unwrap_or_default(), p.get(last_star + 1..).unwrap_or_default());
        let Some(mut from) = self.forward(head, 0)? else { return Ok(false) };
        let Some(end) = self.backward(tail, from)? else { return Ok(false) };
        let middle = p.get(first_star + 1..last_star).unwrap_or_default();
        for segment in middle.split(is_star).filter(|s| !s.is_empty()) {
            let Some(after) = self.leftmost(segment, from, end)? else { return Ok(false) };
            from = after;
        }
        Ok(true)
    }

    /// Matches the star-free `segment` at `at`; the position after it, or `None`.
    fn forward<P>(&mut self, segment: &[P], at: usize) -> Result<Option<usize>, OverBudget>
    where
        C: Fn(&P) -> Class,
        F: Fn(&P, &T) -> bool,
    {
        let mut i = at;
        for e in segment {
            self.step()?;
            let Some(u) = self.t.get(i) else { return Ok(None) };
            if !(self.fits)(e, u) {
                return Ok(None);
            }
            i = if (self.class)(e) == Class::One { self.next(i) } else { i + 1 };
        }
        Ok(Some(i))
    }

    /// Matches the star-free `segment` so that it ends at the end of the text and starts no
    /// earlier than `floor`; where it starts, or `None`.
    fn backward<P>(&mut self, segment: &[P], floor: usize) -> Result<Option<usize>, OverBudget>
    where
        C: Fn(&P) -> Class,
        F: Fn(&P, &T) -> bool,
    {
        let mut i = self.t.len();
        for e in segment.iter().rev() {
            self.step()?;
            if i <= floor {
                return Ok(None);
            }
            let start = if (self.class)(e) == Class::One { self.prev(i) } else { i - 1 };
            match self.t.get(start) {
                Some(u) if start >= floor && (self.fits)(e, u) => i = start,
                _ => return Ok(None),
            }
        }
        Ok(Some(i))
    }

    /// The end of the leftmost match of the star-free `segment` starting at or after `from`
    /// and ending by `end`.
    fn leftmost<P>(&mut self, segment: &[P], from: usize, end: usize) -> Result<Option<usize>, OverBudget>
    where
        C: Fn(&P) -> Class,
        F: Fn(&P, &T) -> bool,
    {
        let mut start = from;
        while start < end {
            if let Some(after) = self.forward(segment, start)? {
                if after <= end {
                    return Ok(Some(after));
                }
            }
            start = self.next(start);
        }
        Ok(None)
    }
}

fn glob(p: &[u8], t: &[u8], fold: bool) -> Result<bool, OverBudget> {
    let class = |b: &u8| match b {
        b'*' => Class::Star,
        b'?' => Class::One,
        _ => Class::Lit,
    };
    let fits = |b: &u8, u: &u8| *b == b'?' || if fold { b.eq_ignore_ascii_case(u) } else { b == u };
    glob_by(p, t, class, fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_case() {
        assert!(matches("s3:GetObject", "s3:getobject"));
        assert!(matches("S3:GETOBJECT", "s3:GetObject"));
        assert!(!matches("s3:GetObject", "s3:GetObjects"));
        assert!(!matches("s3:GetObjects", "s3:GetObject"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
        assert!(!matches_case_sensitive("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
        assert!(matches_case_sensitive("arn:aws:s3:::bucket", "arn:aws:s3:::bucket"));
    }

    #[test]
    fn stars() {
        assert!(matches("*", ""));
        assert!(matches("*", "anything"));
        assert!(matches("**", "x"));
        assert!(matches("s3:*", "s3:"));
        assert!(matches("s3:Get*", "s3:GetObject"));
        assert!(!matches("s3:Get*", "s3:PutObject"));
        assert!(matches("*Object", "s3:GetObject"));
        assert!(matches("s3:*Object*", "s3:GetObjectAcl"));
        assert!(matches("a*b*c", "aXXbYYbZZc"));
        assert!(!matches("a*b*c", "aXXbYYbZZ"));
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/dir/file"));
        assert!(matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaab"));
    }

    #[test]
    fn question_marks() {
        assert!(matches("ec2:Describe?pcs", "ec2:DescribeVpcs"));
        assert!(!matches("ec2:Describe?pcs", "ec2:DescribeVVpcs"));
        assert!(!matches("?", ""));
        assert!(matches("?*", "x"));
        assert!(!matches("?*", ""));
        assert!(matches("a?c", "aéc"), "`?` is one character, not one byte");
        assert!(!matches("a??c", "aéc"));
        assert!(matches("*é", "caféé"));
        assert!(matches_case_sensitive("k/?/*", "k/ü/x"));
    }

    #[test]
    fn helpers() {
        assert!(has_wildcard("s3:Get*"));
        assert!(has_wildcard("ec2:Describe?pcs"));
        assert!(!has_wildcard("s3:GetObject"));
        assert_eq!(literal_prefix("s3:Get*Acl"), "s3:Get");
        assert_eq!(literal_prefix("ec2:?x"), "ec2:");
        assert_eq!(literal_prefix("plain"), "plain");
    }

    #[test]
    fn quadratic_searches_run_out_of_budget() {
        let text = "a".repeat(70_000);
        let pattern = format!("*{}b*", "a".repeat(5_000));
        assert_eq!(glob(pattern.as_bytes(), text.as_bytes(), false), Err(OverBudget));
        // Anchored ends and stars between one-character segments stay linear.
        assert_eq!(glob(format!("*{}", "?*".repeat(30_000)).as_bytes(), text.as_bytes(), false), Ok(true));
        assert_eq!(glob(format!("{}*b", "a*".repeat(30_000)).as_bytes(), text.as_bytes(), false), Ok(false));
    }

    #[test]
    fn adversarial_input_is_linear() {
        // Exponential backtracking would never finish this, and retrying from each star would
        // be quadratic; an answer within the budget (linear in the lengths) is neither.
        let text = "a".repeat(2000);
        let pattern = format!("{}b", "*a".repeat(200));
        assert_eq!(glob(pattern.as_bytes(), text.as_bytes(), true), Ok(false));
        assert!(!matches(&pattern, &text));
    }

    /// A plainly-correct reference: dynamic programming over characters.
    fn reference(p: &str, t: &str, fold: bool) -> bool {
        let p: Vec<char> = p.chars().collect();
        let t: Vec<char> = t.chars().collect();
        let eq = |a: char, b: char| {
            if fold {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        let mut row = vec![false; t.len() + 1];
        row[0] = true;
        for &pc in &p {
            let mut next = vec![false; t.len() + 1];
            if pc == '*' {
                let mut any = false;
                for j in 0..=t.len() {
                    any |= row[j];
                    next[j] = any;
                }
            } else {
                for j in 1..=t.len() {
                    next[j] = row[j - 1] && (pc == '?' || eq(pc, t[j - 1]));
                }
            }
            row = next;
        }
        row[t.len()]
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_reference(
            p in "[aAb*?é\u{301}\u{1F600}\u{202E}\u{FEFF}\0]{0,8}",
            t in "[aAbBé\u{301}\u{1F600}\u{202E}\u{FEFF}\0]{0,10}",
        ) {
            proptest::prop_assert_eq!(matches(&p, &t), reference(&p, &t, true));
            proptest::prop_assert_eq!(matches_case_sensitive(&p, &t), reference(&p, &t, false));
        }

        #[test]
        fn pattern_matches_itself_without_wildcards(t in "[a-zA-Z0-9:/-]{0,20}") {
            proptest::prop_assert!(matches(&t, &t.to_ascii_uppercase()));
            proptest::prop_assert!(matches_case_sensitive(&t, &t));
        }
    }
}
