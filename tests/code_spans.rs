#![cfg(not(target_arch = "wasm32"))]
//! Input values quoted in messages (`base::code`) read back whole (`base::code_spans`), whatever
//! they hold — backtick runs, spaces, hidden characters — and the writers never emit a hidden
//! character raw.

use posture::base::{code, code_spans, visible};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("`".to_string()),
            Just("``".to_string()),
            Just(" ".to_string()),
            Just("a".to_string()),
            Just("<img src=x>".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{1b}[31m".to_string()),
            Just("|".to_string()),
            any::<char>().prop_map(String::from),
        ],
        1..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_quoted_value_reads_back_whole(value in piece(), other in piece()) {
        let message = format!("statement {} allows {} on `*`", code(&value), code(&other));
        let parts = code_spans(&message);
        let spans: Vec<&str> = parts.iter().filter(|(is_code, _)| *is_code).map(|(_, s)| *s).collect();
        prop_assert_eq!(spans, vec![value.as_str(), other.as_str(), "*"], "{}", message);
    }

    #[test]
    fn visible_text_holds_no_hidden_character(value in piece()) {
        let shown = visible(&value, &[]);
        prop_assert!(!shown.chars().any(posture::base::is_hidden), "{:?}", shown);
    }
}

#[test]
fn runs_without_a_closer_are_text() {
    // 3,000 backtick runs of distinct lengths (4.5 MB of backticks): none closes another, so all
    // of it is text; the split is one pass plus a table of next runs by length.
    let mut message = String::new();
    for i in 1..=3_000usize {
        message.push_str(&"`".repeat(i));
        message.push('x');
    }
    assert_eq!(code_spans(&message), vec![(false, message.as_str())]);
}
