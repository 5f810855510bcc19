//! The span-keeping JSON parser on any text: no panic; every span lies inside the text on
//! character boundaries and inside its parent's; an error's offset is inside the text; whatever
//! serde_json accepts, it accepts; every value's pointer and line and column can be computed.
//! `scripts/fuzz.sh json`
#![no_main]

use posture::json::{parse, Kind, LineIndex, Span, Value};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(root) => {
            let lines = LineIndex::new(text);
            let mut located = 0;
            walk(text, &root, &root, root.span, &lines, &mut located);
        }
        Err(e) => {
            assert!(e.offset <= text.len(), "error offset {} past the end", e.offset);
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "serde_json accepts: {}", e.message);
        }
    }
});

/// Values located (pointer, line and column) per input: each costs up to a line's length, and
/// a few hundred cover every shape while keeping executions fast.
const LOCATED: usize = 256;

fn walk(text: &str, root: &Value, value: &Value, parent: Span, lines: &LineIndex, located: &mut usize) {
    in_text(text, value.span);
    assert!(parent.contains(value.span), "a child's span leaves its parent's");
    if *located < LOCATED {
        *located += 1;
        let _ = root.pointer_to(value.span);
        let (line, column) = lines.line_col(text, value.span.start);
        assert!(line >= 1 && column >= 1);
    }
    match &value.kind {
        Kind::Array(items) => items.iter().for_each(|v| walk(text, root, v, value.span, lines, located)),
        Kind::Object(members) => {
            for m in members {
                in_text(text, m.key_span);
                assert!(value.span.contains(m.key_span));
                walk(text, root, &m.value, value.span, lines, located);
            }
        }
        _ => {}
    }
}

fn in_text(text: &str, span: Span) {
    assert!(text.get(span.start as usize..span.end as usize).is_some(), "span {span:?} is not a slice of the text");
}
