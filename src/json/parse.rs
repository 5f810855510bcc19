use std::borrow::Cow;
use std::sync::Arc;

use super::{Kind, Member, Span, Value};

/// How deep arrays and objects may nest. AWS outputs nest about a dozen levels; the bound
/// keeps hostile input (100,000 `[`) from exhausting the stack, in wasm above all.
pub const MAX_DEPTH: usize = 256;

/// Why a text is not JSON, and the byte offset where that became clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub offset: usize,
}

/// Parses one JSON text (an optional UTF-8 byte-order mark is skipped).
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser { text, bytes: text.as_bytes(), pos: start, depth: 0, keys: Keys::default() };
    p.skip_ws();
    if p.pos == p.bytes.len() {
        return Err(error_at(p.pos, "the input is empty: expected a JSON value".into()));
    }
    let value = p.value()?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(error_at(p.pos, format!("unexpected {} after the end of the JSON value", p.describe_here())));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    keys: Keys,
}

/// The object keys met so far, each allocated once: AWS outputs repeat a few dozen keys
/// thousands of times. Bounded, so that a document of a million distinct keys interns only the
/// first few and allocates the rest as it would anyway.
#[derive(Default)]
struct Keys(std::collections::HashSet<Arc<str>, std::hash::BuildHasherDefault<Fnv>>);

impl Keys {
    const MAX_KEYS: usize = 4096;
    const MAX_LEN: usize = 64;

    fn intern(&mut self, key: &str) -> Arc<str> {
        if let Some(known) = self.0.get(key) {
            return Arc::clone(known);
        }
        let key: Arc<str> = Arc::from(key);
        if key.len() <= Self::MAX_LEN && self.0.len() < Self::MAX_KEYS {
            self.0.insert(Arc::clone(&key));
        }
        key
    }
}

/// FNV-1a: keys are short, and the table is ours (its size is bounded, so a hostile input
/// that collides every key slows only its own first 4,096 keys).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl<'a> Parser<'a> {
    /// Describes the character at the cursor for an error message.
    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            None => "end of input".into(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            Some(b'{') => return self.object(),
            Some(b'[') => return self.array(),
            Some(b'"') => Kind::String(self.string()?.into()),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'\'') => return Err(error_at(start, "strings must use double quotes `\"`, not `'`".into())),
            _ => return Err(error_at(start, format!("expected a JSON value, found {}", self.describe_here()))),
        };
        Ok(Value { span: Span::new(start, self.pos), kind })
    }

    fn enter(&mut self, open: usize) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error_at(open, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn unclosed(&self, what: &str, open: usize) -> ParseError {
        let (line, column) = line_col(self.text, open);
        error_at(
            self.pos,
            format!("unexpected end of input: the {what} opened at line {line}, column {column} is not closed"),
        )
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b'"') => {}
                    None => return Err(self.unclosed("object", open)),
                    Some(b'}') if !members.is_empty() => {
                        return Err(error_at(self.pos, "trailing comma before `}`".into()))
                    }
                    _ => {
                        return Err(error_at(
                            self.pos,
                            format!("expected a key in double quotes, found {}", self.describe_here()),
                        ))
                    }
                }
                let key_start = self.pos;
                let key = self.string()?;
                let key = self.keys.intern(&key);
                let key_span = Span::new(key_start, self.pos);
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b':') => self.pos += 1,
                    None => return Err(self.unclosed("object", open)),
                    _ => {
                        return Err(error_at(
                            self.pos,
                            format!("expected `:` after the key \"{key}\", found {}", self.describe_here()),
                        ))
                    }
                }
                self.skip_ws();
                if self.pos == self.bytes.len() {
                    return Err(self.unclosed("object", open));
                }
                let value = self.value()?;
                members.push(Member { key, key_span, value });
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.unclosed("object", open)),
                    _ => {
                        return Err(error_at(
                            self.pos,
                            format!("expected `,` or `}}` after an object member, found {}", self.describe_here()),
                        ))
                    }
                }
            }
        }
        self.depth -= 1;
        // The tree lives as long as the analysis: no room left over from growing.
        Ok(Value { span: Span::new(open, self.pos), kind: Kind::Object(members.into_boxed_slice()) })
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    None => return Err(self.unclosed("array", open)),
                    Some(b']') if !items.is_empty() => {
                        return Err(error_at(self.pos, "trailing comma before `]`".into()))
                    }
                    _ => {}
                }
                items.push(self.value()?);
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.unclosed("array", open)),
                    _ => {
                        return Err(error_at(
                            self.pos,
                            format!("expected `,` or `]` after an array element, found {}", self.describe_here()),
                        ))
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(Value { span: Span::new(open, self.pos), kind: Kind::Array(items.into_boxed_slice()) })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, ParseError> {
        if self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(word.as_bytes())) {
            self.pos += word.len();
            Ok(kind)
        } else {
            let rest = self.text.get(self.pos..).unwrap_or_default();
            // The word as far as it is ASCII letters and digits, and at least its first character.
            let word = rest.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default();
            let found = if word.is_empty() {
                rest.chars().take(1).collect()
            } else {
                word.chars().take(20).collect::<String>()
            };
            Err(error_at(self.pos, format!("expected a JSON value, found `{found}`")))
        }
    }

    fn number(&mut self) -> Result<Kind, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if digits(self) == 0 {
            return Err(error_at(self.pos, "expected a digit in the number".into()));
        }
        if self.bytes.get(int_start) == Some(&b'0') && self.pos - int_start > 1 {
            return Err(error_at(int_start, "numbers may not have leading zeros".into()));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(error_at(self.pos, "expected a digit after the decimal point".into()));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(error_at(self.pos, "expected a digit in the exponent".into()));
            }
        }
        Ok(Kind::Number(self.text.get(start..self.pos).unwrap_or_default().into()))
    }

    /// Parses a string at the cursor (which is on its opening quote) and returns its value.
    /// A string's content: borrowed from the text when it has no escape (the caller decides
    /// whether to copy it), decoded otherwise.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let run_start = self.pos;
        // Fast path: most strings have no escapes and are copied in one go.
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'"' => {
                    let text: &'a str = self.text;
                    self.pos += 1;
                    return Ok(Cow::Borrowed(text.get(run_start..self.pos - 1).unwrap_or_default()));
                }
                b'\\' => break,
                0..=0x1f => return Err(self.control_in_string()),
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(self.text.get(run_start..self.pos).unwrap_or_default());
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return Err(self.control_in_string()),
                None => {
                    let (line, column) = line_col(self.text, open);
                    return Err(error_at(
                        self.pos,
                        format!(
                            "unexpected end of input: the string opened at line {line}, column {column} is not closed"
                        ),
                    ));
                }
            }
        }
    }

    fn control_in_string(&self) -> ParseError {
        let what = if self.bytes.get(self.pos) == Some(&b'\n') { "a line break" } else { "a control character" };
        error_at(self.pos, format!("{what} inside a string must be escaped (or the closing `\"` is missing)"))
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.bytes.get(self.pos) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let hi = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&hi)
                    && self.bytes.get(self.pos..).is_some_and(|r| r.starts_with(b"\\u"))
                {
                    let save = self.pos;
                    self.pos += 2;
                    let lo = self.hex4(at)?;
                    if (0xDC00..0xE000).contains(&lo) {
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    } else {
                        self.pos = save;
                        None
                    }
                } else {
                    char::from_u32(hi)
                };
                // A lone surrogate cannot be represented; keep going with U+FFFD.
                out.push(c.unwrap_or('\u{fffd}'));
                return Ok(());
            }
            None => return Err(error_at(self.pos, "unexpected end of input inside an escape".into())),
            Some(_) => {
                return Err(error_at(
                    at,
                    format!("invalid escape `\\{}` in a string", self.describe_here().trim_matches('`')),
                ))
            }
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, escape_at: usize) -> Result<u32, ParseError> {
        let hex = self.bytes.get(self.pos..self.pos + 4).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        let Some(hex) = hex else {
            return Err(error_at(escape_at, "a `\\u` escape needs four hexadecimal digits".into()));
        };
        self.pos += 4;
        Ok(hex.iter().fold(0, |n, &b| n * 16 + char::from(b).to_digit(16).unwrap_or(0)))
    }
}

fn error_at(offset: usize, message: String) -> ParseError {
    ParseError { message, offset }
}

/// 1-based line and column (in characters) of a byte offset, for messages only.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let this_line = before.rsplit('\n').next().unwrap_or_default();
    (line, this_line.chars().count() + 1)
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;

    fn err(text: &str) -> ParseError {
        parse(text).unwrap_err()
    }

    #[test]
    fn spans_cover_values_and_keys() {
        let text = r#"{"a": [1, "x\ny", true], "a": null}"#;
        let v = parse(text).unwrap();
        let members = v.as_object().unwrap();
        assert_eq!(members.len(), 2, "duplicate keys are kept");
        assert_eq!(&text[members[0].key_span.start as usize..members[0].key_span.end as usize], "\"a\"");
        let arr = &members[0].value;
        assert_eq!(&text[arr.span.start as usize..arr.span.end as usize], r#"[1, "x\ny", true]"#);
        assert_eq!(arr.as_array().unwrap()[1].as_str(), Some("x\ny"));
        assert_eq!(v.pointer_to(arr.as_array().unwrap()[2].span), "/a/2");
        assert_eq!(v.pointer_to(members[1].key_span), "/a");
    }

    #[test]
    fn escapes_and_surrogates() {
        let v = parse(r#""\u00e9\ud83d\ude00\/\t\ud800x""#).unwrap();
        assert_eq!(v.as_str(), Some("é😀/\t\u{fffd}x"));
    }

    #[test]
    fn errors_name_the_problem_and_place() {
        assert_eq!(err("{\"a\": 1,}").message, "trailing comma before `}`");
        let e = err("{\n  \"a\": [1, 2\n");
        assert!(e.message.contains("array opened at line 2, column 8 is not closed"), "{}", e.message);
        assert!(err("{\"a\" 1}").message.starts_with("expected `:` after the key \"a\""));
        assert!(err("[1 2]").message.starts_with("expected `,` or `]`"));
        assert!(err("{'a': 1}").message.contains("double quotes"));
        assert!(err("").message.contains("empty"));
        assert!(err("01").message.contains("leading zeros"));
        assert!(err("[tru]").message.contains("`tru`"));
        assert!(err("{} x").message.contains("after the end"));
        assert!(err("\"a\nb\"").message.contains("line break"));
        assert_eq!(err("  @").offset, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(err(&deep).message.contains("nesting deeper"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn bom_and_numbers() {
        assert!(parse("\u{feff}{\"n\": -1.5e+3}").is_ok());
        assert!(parse("1.").is_err());
        assert!(parse("-").is_err());
    }
}
