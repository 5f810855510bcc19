//! The IAM credential report: the raw CSV (`iam.credential-report-csv`), and
//! `aws iam get-credential-report`, whose `Content` is the CSV in base64.
//!
//! The CSV reader is a single pass over the characters (RFC 4180: quoted fields with `""`
//! escapes and line breaks inside quotes, CRLF or LF, a leading byte-order mark). Each row is
//! located at its line span; each field at its own span in a raw CSV, at `Content` when the
//! report came encoded.

use super::authorization_details::account_of;
use super::{shape, site, string, Fault};
use crate::json::{Span, Value};
use crate::model::{CredentialRow, Located, Model, Site};

/// `aws iam get-credential-report`.
pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let content = string(value, "Content")?;
    let at = value.get("Content").unwrap_or(value);
    let bytes = decode_base64(content).ok_or_else(|| shape(at, "`Content` should be base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| shape(at, "`Content` should be base64 of UTF-8 text"))?;
    let here = site(doc, at);
    let rows = parse(&text).map_err(|_| shape(at, "`Content` should be a CSV credential report"))?;
    store(rows, |_| here, model, at.span)
}

/// A raw CSV credential report, the whole text of document `doc`.
pub(super) fn read_csv(doc: u32, text: &str, model: &mut Model) -> Result<(), Fault> {
    let rows = parse(text).map_err(|at| {
        Fault::unrecognized("this CSV has a quoted field that is never closed".into(), Span::new(at, at))
    })?;
    store(rows, |span| Site { doc, span }, model, Span::new(0, 0))
}

/// One parsed row: its span and its fields with theirs.
struct Row {
    span: Span,
    fields: Vec<(String, Span)>,
}

fn store(rows: Vec<Row>, site: impl Fn(Span) -> Site, model: &mut Model, whole: Span) -> Result<(), Fault> {
    let mut rows = rows.into_iter();
    let header = rows.next().map(|r| r.fields).unwrap_or_default();
    let names: Vec<&str> = header.iter().map(|(name, _)| name.as_str()).collect();
    if names.first() != Some(&"user") || names.get(1) != Some(&"arn") {
        return Err(Fault::unrecognized("a credential report starts with the columns `user,arn`".into(), whole));
    }
    for row in rows {
        let fields: Vec<(String, Located<String>)> = names
            .iter()
            .zip(row.fields)
            .map(|(name, (value, span))| ((*name).to_string(), Located { value, site: site(span) }))
            .collect();
        let text = |column: &str| fields.iter().find(|(n, _)| n == column).map(|(_, v)| v.value.clone());
        let (Some(user), Some(arn)) = (text("user"), text("arn")) else { continue };
        if model.meta.account.is_none() {
            model.meta.account = account_of(&arn);
        }
        let read = CredentialRow { user: Located { value: user, site: site(row.span) }, arn: arn.clone(), fields };
        model.credential_report.insert(&arn, read);
    }
    Ok(())
}

/// The rows of a CSV text; blank lines are skipped. `Err` holds the offset of a quote that is
/// never closed.
fn parse(text: &str) -> Result<Vec<Row>, usize> {
    let mut rows = Vec::new();
    let mut fields: Vec<(String, Span)> = Vec::new();
    let mut field = String::new();
    let mut chars = text.char_indices().peekable();
    let mut row_start = 0;
    let mut field_start = 0;
    if let Some((_, '\u{feff}')) = chars.peek() {
        chars.next();
        row_start = '\u{feff}'.len_utf8();
        field_start = row_start;
    }
    let mut quoted_at = None;
    let mut in_quotes = false;
    let mut row_has_text = false;
    while let Some((i, c)) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, next)| next == '"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                quoted_at = Some(i);
                row_has_text = true;
            }
            ',' => {
                fields.push((std::mem::take(&mut field), Span::new(field_start, i)));
                field_start = i + 1;
                row_has_text = true;
            }
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\n' => {
                let end =
                    if text.as_bytes().get(i.wrapping_sub(1)) == Some(&b'\r') && i > row_start { i - 1 } else { i };
                if row_has_text || !field.is_empty() {
                    fields.push((std::mem::take(&mut field), Span::new(field_start, end)));
                    rows.push(Row { span: Span::new(row_start, end), fields: std::mem::take(&mut fields) });
                }
                row_start = i + 1;
                field_start = i + 1;
                row_has_text = false;
            }
            _ => {
                field.push(c);
                row_has_text = true;
            }
        }
    }
    if in_quotes {
        return Err(quoted_at.unwrap_or(0));
    }
    if row_has_text || !field.is_empty() {
        fields.push((field, Span::new(field_start, text.len())));
        rows.push(Row { span: Span::new(row_start, text.len()), fields });
    }
    Ok(rows)
}

/// Standard base64 (padding optional, whitespace ignored); `None` on any other character.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{decode_base64, parse};

    fn cells(text: &str) -> Vec<Vec<String>> {
        parse(text).unwrap().into_iter().map(|r| r.fields.into_iter().map(|(f, _)| f).collect()).collect()
    }

    #[test]
    fn quoted_fields_crlf_and_a_byte_order_mark() {
        let text = "\u{feff}user,arn\r\n\"a,\"\"b\"\"\nc\",x\r\n\r\nd,é\n";
        assert_eq!(cells(text), [vec!["user", "arn"], vec!["a,\"b\"\nc", "x"], vec!["d", "é"]]);
        let rows = parse(text).unwrap();
        let at = |span: crate::json::Span| text.get(span.start as usize..span.end as usize);
        assert_eq!(rows.get(2).and_then(|r| r.fields.get(1)).and_then(|f| at(f.1)), Some("é"));
        assert_eq!(rows.first().and_then(|r| at(r.span)), Some("user,arn"));
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_the_quote() {
        assert_eq!(parse("user,arn\n\"x,y").err(), Some(9));
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("dXNlcixhcm4K").unwrap(), b"user,arn\n");
        assert_eq!(decode_base64("dXNl\ncg==").unwrap(), b"user");
        assert!(decode_base64("d*").is_none());
    }
}
