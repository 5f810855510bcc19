//! Glob matching for IAM patterns: `*` matches any run of characters (including none), `?`
//! matches exactly one character, everything else matches itself.
//!
//! IAM uses this one syntax for actions (`s3:Get*`, case-insensitive) and for resource ARNs
//! (`arn:aws:s3:::bucket/*`, case-sensitive), so both flavours are offered. Neither allocates.
//!
//! The matcher is the classic two-pointer algorithm that remembers only the most recent `*` and
//! where it started matching: a later `*` supersedes an earlier one, so there is no nested
//! backtracking and the worst case is `O(pattern.len() * text.len())`, never exponential. Typical
//! IAM patterns (one trailing `*`) run in a single pass.
//!
//! `?` consumes one Unicode scalar value, not one byte, so it behaves on non-ASCII ARNs (S3 object
//! keys may hold any UTF-8) as it does on ASCII. Case folding is ASCII-only, like IAM's.

/// Whether `pattern` matches the whole of `text`, ignoring ASCII case (IAM actions, condition
/// key names).
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), true)
}

/// Whether `pattern` matches the whole of `text`, case-sensitively (IAM resource ARNs).
pub fn matches_case_sensitive(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), false)
}

/// Whether `s` contains a glob wildcard (`*` or `?`).
pub fn has_wildcard(s: &str) -> bool {
    s.bytes().any(|b| b == b'*' || b == b'?')
}

/// The part of `pattern` before its first wildcard: every text it matches starts with this.
pub fn literal_prefix(pattern: &str) -> &str {
    pattern.split(['*', '?']).next().unwrap_or(pattern)
}

/// Length in bytes of the UTF-8 sequence that starts with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

// in range: `ti < t.len()` is the loop's condition, a star's start is at most `ti`, and `pi`
// only passes a pattern byte it has read.
#[allow(clippy::indexing_slicing)]
fn glob(p: &[u8], t: &[u8], fold: bool) -> bool {
    let same = |a: u8, b: u8| if fold { a.eq_ignore_ascii_case(&b) } else { a == b };
    let (mut pi, mut ti) = (0, 0);
    // Position just after the last `*` seen, and where in `t` that star's match currently ends.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                pi += 1;
                star = Some((pi, ti));
            }
            Some(b'?') => {
                pi += 1;
                ti += char_len(t[ti]);
            }
            Some(&c) if same(c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // Let the last star swallow one more character and retry from just after it.
                Some((sp, st)) => {
                    let st = st + char_len(t[st]);
                    star = Some((sp, st));
                    pi = sp;
                    ti = st;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
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
    fn adversarial_input_is_fast() {
        // Exponential backtracking would never finish this; the two-pointer matcher is quadratic.
        let text = "a".repeat(2000);
        let pattern = format!("{}b", "*a".repeat(200));
        let started = std::time::Instant::now();
        assert!(!matches(&pattern, &text));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
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
        fn agrees_with_reference(p in "[aAb*?é]{0,8}", t in "[aAbBé]{0,10}") {
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
