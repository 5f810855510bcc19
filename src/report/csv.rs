//! CSV (RFC 4180), one row per finding, for spreadsheets and ticket imports.
//!
//! Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
//! first) get a leading `'`, so a pasted policy cannot plant a formula in someone's workbook.

use super::Report;

/// `value` with control characters (but tabs and line breaks, which CSV quotes) and invisible
/// formatting characters escaped.
fn visible(value: &str) -> String {
    crate::base::visible(value, &['\t', '\r', '\n'])
}

const HEADER: [&str; 10] =
    ["severity", "rule", "title", "resource", "input", "line", "column", "pointer", "message", "controls"];

pub(super) fn write(report: &Report) -> String {
    let mut out = String::new();
    row(&mut out, HEADER);
    for f in &report.findings {
        let line = f.location.line.to_string();
        let column = f.location.column.to_string();
        let controls = f.controls.join("; ");
        row(
            &mut out,
            [
                f.severity.as_str(),
                f.rule,
                f.title,
                &f.resource,
                &f.input,
                &line,
                &column,
                &f.location.pointer,
                &f.message,
                &controls,
            ],
        );
    }
    out
}

fn row<const N: usize>(out: &mut String, cells: [&str; N]) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell);
    }
    out.push_str("\r\n");
}

/// Appends one field: invisible and control characters from the input shown as `\u{..}` (as the
/// text and Markdown writers do: a terminal escape or a bidirectional override in a `Sid` must
/// not act in whoever opens the file), guarded against formula injection, then quoted if it
/// needs to be.
fn field(out: &mut String, value: &str) {
    let shown = visible(value);
    let value = shown.as_str();
    let guard = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = value.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::write;
    use crate::report::{sample, Finding, InputSummary, Report, Severity};

    fn finding(message: &str, resource: &str) -> Finding {
        sample::finding(Severity::Critical, message, resource)
    }

    fn report(findings: Vec<Finding>) -> Report {
        let inputs = vec![InputSummary {
            name: "policy.json".to_owned(),
            kind: Some("iam.policy"),
            error: None,
            reviewed_by: Some(1),
            notes: Vec::new(),
        }];
        Report::new(inputs, findings, Vec::new())
    }

    #[test]
    fn header_and_plain_row() {
        let out = write(&report(vec![finding("statement allows all", "AdminPolicy")]));
        assert_eq!(
            out,
            "severity,rule,title,resource,input,line,column,pointer,message,controls\r\n\
             critical,admin-access,Policy allows every action on every resource,AdminPolicy,policy.json,3,5,\
             /Statement/0,statement allows all,CIS 1.16; FSBP IAM.1\r\n"
        );
    }

    #[test]
    fn escapes_and_bidirectional_controls_are_shown_not_obeyed() {
        let out = write(&report(vec![finding("statement `Inv\u{202e}gpj.exe` \u{1b}[31mred", "p\u{200b}olicy")]));
        assert!(out.contains("statement `Inv\\u{202e}gpj.exe` \\u{1b}[31mred"), "{out}");
        assert!(out.contains(",p\\u{200b}olicy,"), "{out}");
        assert!(!out.contains(['\u{202e}', '\u{1b}', '\u{200b}']), "{out}");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let out = write(&report(vec![finding("allows \"*\", on\nall", "a,b")]));
        let row = out.split("\r\n").nth(1).expect("a row");
        assert!(
            row.starts_with("critical,admin-access,Policy allows every action on every resource,\"a,b\","),
            "{row}"
        );
        assert!(out.contains(",\"allows \"\"*\"\", on\nall\","), "{out}");
        assert!(out.ends_with("\r\n"));
        assert_eq!(out.matches("\r\n").count(), 2);
    }

    #[test]
    fn formula_injection_is_guarded() {
        let out = write(&report(vec![
            finding("=HYPERLINK(\"http://x\",\"y\")", "+1"),
            finding("@SUM(A1)", "-2"),
            finding("\tcmd", "\rx"),
            finding("safe = yes", "ok"),
        ]));
        assert!(out.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{out}");
        assert!(out.contains(",'+1,"), "{out}");
        assert!(out.contains(",'@SUM(A1),"), "{out}");
        assert!(out.contains(",'-2,"), "{out}");
        assert!(out.contains(",'\tcmd,"), "{out}");
        assert!(out.contains(",\"'\rx\","), "{out}");
        assert!(out.contains(",safe = yes,"), "{out}");
    }

    #[test]
    fn no_findings_is_just_the_header() {
        assert_eq!(
            write(&report(Vec::new())),
            "severity,rule,title,resource,input,line,column,pointer,message,controls\r\n"
        );
    }
}
