//! The IAM credential report: the raw CSV (`iam.credential-report-csv`), and
//! `aws iam get-credential-report`, whose `Content` is the CSV in base64.
//!
//! The CSV reader is a single pass over the characters (RFC 4180: quoted fields with `""`
//! escapes and line breaks inside quotes, CRLF or LF, a leading byte-order mark). Each row is
//! located at its line span; each field at its own span in a raw CSV, at `Content` when the
//! report came encoded.

use std::fmt::Write as _;
use std::sync::Arc;

use super::authorization_details::account_of;
use super::{located_date, shape, site, string, Fault, Origin};
use crate::json::{Span, Value};
use crate::model::{CredentialRow, Located, Model, Site};

/// `aws iam get-credential-report`. A row the CSV cannot give (a broken quote, a row of the
/// wrong width) becomes the input's located error through `origin.partial`; the other rows
/// are still read.
pub(super) fn read(doc: u32, value: &Value, origin: &mut Origin, model: &mut Model) -> Result<(), Fault> {
    let content = string(value, "Content")?;
    let at = value.get("Content").unwrap_or(value);
    let bytes = decode_base64(content).ok_or_else(|| shape(at, "`Content` should be base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| shape(at, "`Content` should be base64 of UTF-8 text"))?;
    if let Some(generated) = located_date(doc, value, "GeneratedTime")? {
        model.meta.set_generated(generated);
    }
    let here = site(doc, at);
    let csv = parse(&text);
    let problem = store(csv, |_| here, model, at.span, &mut origin.remarks)?;
    origin.partial = problem.map(|p| {
        let (line, column) = line_column(&text, p.span.start as usize);
        (format!("{} (line {line}, column {column} of the decoded `Content`)", p.message), at.span)
    });
    Ok(())
}

/// A raw CSV credential report, the whole text of document `doc`: `Ok` with the first
/// problem of a row that could not be read (located; the other rows are read), `Err` when the
/// text is no credential report at all. A header without a column the checks read is a remark.
pub(super) fn read_csv(
    doc: u32,
    text: &str,
    model: &mut Model,
    remarks: &mut Vec<(String, Site)>,
) -> Result<Option<Fault>, Fault> {
    let csv = parse(text);
    let problem = store(csv, |span| Site { doc, span }, model, Span::new(0, 0), remarks)?;
    Ok(problem.map(|p| Fault::not_json(p.message, p.span)))
}

/// One parsed row: its span and its fields with theirs, or why it cannot be read.
struct Row {
    span: Span,
    fields: Vec<(String, Span)>,
    problem: Option<Problem>,
}

/// What is wrong with a row of the CSV, and where.
struct Problem {
    message: String,
    span: Span,
}

/// A CSV text read: its rows (good and bad), in order, and any problem outside a row.
#[derive(Default)]
struct Csv {
    rows: Vec<Row>,
    problems: Vec<Problem>,
}

/// The columns the credential checks read. AWS always writes them; a report trimmed by hand
/// may lack some, and then the checks that read them decide nothing for its rows: a remark on
/// the header says so, so that no finding is not mistaken for a clean report.
const READ: &[&str] = &[
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
];

/// Stores the well-formed rows; returns the first problem of the others, its message
/// counting the rest. A header without a column the checks read adds a remark.
fn store(
    csv: Csv,
    site: impl Fn(Span) -> Site,
    model: &mut Model,
    whole: Span,
    remarks: &mut Vec<(String, Site)>,
) -> Result<Option<Problem>, Fault> {
    let Csv { rows, mut problems } = csv;
    let mut rows = rows.into_iter();
    let (header, header_problem, header_span) = rows.next().map(|r| (r.fields, r.problem, r.span)).unwrap_or_default();
    let shared: Vec<Arc<str>> = header.iter().map(|(name, _)| Arc::from(name.as_str())).collect();
    let names: Vec<&str> = header.iter().map(|(name, _)| name.as_str()).collect();
    if names.first() != Some(&"user") || names.get(1) != Some(&"arn") {
        return Err(Fault::unrecognized("a credential report starts with the columns `user,arn`".into(), whole));
    }
    if let Some(problem) = header_problem {
        return Err(Fault::not_json(format!("the header: {}", problem.message), problem.span));
    }
    let absent: Vec<String> = READ.iter().filter(|c| !names.contains(c)).map(|c| format!("`{c}`")).collect();
    if !absent.is_empty() {
        let (s, them) = if absent.len() == 1 { ("", "it") } else { ("s", "them") };
        let remark = format!(
            "this credential report has no {} column{s} (AWS always writes {them}): the credential checks \
             that read {them} decide nothing for its rows",
            absent.join(", ")
        );
        remarks.push((remark, site(header_span)));
    }
    for row in rows {
        if let Some(problem) = row.problem {
            problems.push(problem);
            continue;
        }
        if row.fields.len() != names.len() {
            let (what, at) = if row.fields.len() < names.len() {
                ("is missing a column", Span { start: row.span.end, end: row.span.end })
            } else {
                ("has a column too many", row.fields.get(names.len()).map_or(row.span, |f| f.1))
            };
            let message =
                format!("this row {what}: it has {} fields where the header has {}", row.fields.len(), names.len());
            problems.push(Problem { message, span: at });
            continue;
        }
        let fields: Vec<(Arc<str>, Located<String>)> = shared
            .iter()
            .zip(row.fields)
            .map(|(name, (value, span))| (Arc::clone(name), Located { value, site: site(span) }))
            .collect();
        let text = |column: &str| fields.iter().find(|(n, _)| &**n == column).map(|(_, v)| v.value.clone());
        let (Some(user), Some(arn)) = (text("user"), text("arn")) else { continue };
        if model.meta.account.is_none() {
            model.meta.account = account_of(&arn);
        }
        let read = CredentialRow { user: Located { value: user, site: site(row.span) }, arn: arn.clone(), fields };
        model.credential_report.insert(&arn, read);
    }
    problems.sort_by_key(|p| p.span.start);
    let more = problems.len().saturating_sub(1);
    Ok(problems.into_iter().next().map(|mut first| {
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            let _ = write!(first.message, "; {more} other row{s} cannot be read either");
        }
        first.message.push_str(": the other rows are checked");
        first
    }))
}

/// The line and column (in characters, from 1) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// The rows of a CSV text (RFC 4180); blank lines are skipped. A quote that is never closed
/// would swallow the rest of the text: its row is bad, and the text is read again from the
/// line after it, this time with no field running over a line end (credential report fields
/// never do). So at most two passes: linear.
fn parse(text: &str) -> Csv {
    let mut csv = Csv::default();
    let mut from = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut multiline = true;
    while let Some(resume) = scan(text, from, multiline, &mut csv) {
        from = resume;
        multiline = false;
    }
    csv
}

/// Reads rows from byte `from` to the end. In `multiline` mode a quoted field may hold line
/// breaks; when its quote is never closed, the problem is recorded and the offset of the line
/// after the quote returned, to read again from there.
fn scan(text: &str, from: usize, multiline: bool, csv: &mut Csv) -> Option<usize> {
    let mut fields: Vec<(String, Span)> = Vec::new();
    let mut field = String::new();
    let mut chars = text.get(from..)?.char_indices().map(|(i, c)| (i + from, c)).peekable();
    let mut row_start = from;
    let mut field_start = from;
    let mut quoted_at = 0;
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut row_has_text = false;
    let mut problem: Option<Problem> = None;
    while let Some((i, c)) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek().is_some_and(|&(_, next)| next == '"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                '\n' if !multiline => {
                    flag(&mut problem, "this quote is not closed on its line", quoted_at, 1);
                    in_quotes = false;
                    end_row(text, i, &mut row_start, &mut field_start, &mut fields, &mut field, &mut problem, csv);
                    row_has_text = false;
                    after_quote = false;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if !after_quote && i == field_start => {
                in_quotes = true;
                quoted_at = i;
                row_has_text = true;
            }
            '"' => {
                let message = if after_quote {
                    "a quoted field goes on after its closing quote"
                } else {
                    "a quote inside a field that does not start with one"
                };
                flag(&mut problem, message, i, 1);
                field.push(c);
                row_has_text = true;
            }
            ',' => {
                fields.push((std::mem::take(&mut field), Span::new(field_start, i)));
                field_start = i + 1;
                row_has_text = true;
                after_quote = false;
            }
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\n' => {
                if row_has_text || !field.is_empty() {
                    end_row(text, i, &mut row_start, &mut field_start, &mut fields, &mut field, &mut problem, csv);
                } else {
                    row_start = i + 1;
                    field_start = i + 1;
                    problem = None;
                }
                row_has_text = false;
                after_quote = false;
            }
            _ => {
                if after_quote {
                    flag(&mut problem, "a quoted field goes on after its closing quote", i, c.len_utf8());
                }
                field.push(c);
                row_has_text = true;
            }
        }
    }
    if in_quotes {
        let message = "this quote is never closed";
        if multiline {
            csv.problems.push(Problem { message: message.into(), span: Span::new(quoted_at, quoted_at + 1) });
            // Read again from the line after the quote, if there is one.
            let next = text.get(quoted_at..)?.find('\n')? + quoted_at + 1;
            return (next < text.len()).then_some(next);
        }
        flag(&mut problem, message, quoted_at, 1);
    }
    if row_has_text || !field.is_empty() {
        fields.push((field, Span::new(field_start, text.len())));
        csv.rows.push(Row { span: Span::new(row_start, text.len()), fields, problem });
    }
    None
}

/// Records the first problem of a row.
fn flag(problem: &mut Option<Problem>, message: &str, at: usize, len: usize) {
    problem.get_or_insert(Problem { message: message.to_string(), span: Span::new(at, at + len) });
}

/// Ends the row at the line feed at `i` (a carriage return before it is left out of the spans).
#[allow(clippy::too_many_arguments)]
fn end_row(
    text: &str,
    i: usize,
    row_start: &mut usize,
    field_start: &mut usize,
    fields: &mut Vec<(String, Span)>,
    field: &mut String,
    problem: &mut Option<Problem>,
    csv: &mut Csv,
) {
    let end = if i > *row_start && text.as_bytes().get(i - 1) == Some(&b'\r') { i - 1 } else { i };
    fields.push((std::mem::take(field), Span::new(*field_start, end)));
    csv.rows.push(Row { span: Span::new(*row_start, end), fields: std::mem::take(fields), problem: problem.take() });
    *row_start = i + 1;
    *field_start = i + 1;
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
    use super::{decode_base64, parse, Csv};

    fn cells(csv: &Csv) -> Vec<Vec<String>> {
        csv.rows.iter().map(|r| r.fields.iter().map(|(f, _)| f.clone()).collect()).collect()
    }

    /// Each problem's message and the text it points at.
    fn problems<'t>(text: &'t str, csv: &Csv) -> Vec<(String, &'t str)> {
        let at = |span: crate::json::Span| text.get(span.start as usize..span.end as usize).unwrap();
        let rows = csv.rows.iter().filter_map(|r| r.problem.as_ref());
        rows.chain(&csv.problems).map(|p| (p.message.clone(), at(p.span))).collect()
    }

    #[test]
    fn quoted_fields_crlf_and_a_byte_order_mark() {
        let text = "\u{feff}user,arn\r\n\"a,\"\"b\"\"\nc\",x\r\n\r\nd,é\n";
        let csv = parse(text);
        assert_eq!(cells(&csv), [vec!["user", "arn"], vec!["a,\"b\"\nc", "x"], vec!["d", "é"]]);
        assert!(problems(text, &csv).is_empty());
        let at = |span: crate::json::Span| text.get(span.start as usize..span.end as usize);
        assert_eq!(csv.rows.get(2).and_then(|r| r.fields.get(1)).and_then(|f| at(f.1)), Some("é"));
        assert_eq!(csv.rows.first().and_then(|r| at(r.span)), Some("user,arn"));
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_the_quote_and_the_next_lines_are_read_again() {
        let text = "user,arn\n\"x\na,b\nc,\"\"\n";
        let csv = parse(text);
        assert_eq!(problems(text, &csv), [("this quote is never closed".to_string(), "\"")]);
        assert_eq!(cells(&csv), [vec!["user", "arn"], vec!["a", "b"], vec!["c", ""]]);
        let last = parse("user,arn\n\"x,y");
        assert_eq!(cells(&last), [vec!["user", "arn"]]);
        assert_eq!(last.problems.len(), 1);
    }

    #[test]
    fn stray_quotes_mark_their_row_only() {
        let text = "user,arn\nab\"c,d\n\"e\"f,g\nh,i\n";
        let csv = parse(text);
        let found = problems(text, &csv);
        assert_eq!(found.len(), 2);
        assert_eq!(found.first().map(|p| p.1), Some("\""));
        assert_eq!(found.get(1).map(|p| p.1), Some("f"));
        assert!(csv.rows.get(3).is_some_and(|r| r.problem.is_none()));
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("dXNlcixhcm4K").unwrap(), b"user,arn\n");
        assert_eq!(decode_base64("dXNl\ncg==").unwrap(), b"user");
        assert!(decode_base64("d*").is_none());
    }
}
