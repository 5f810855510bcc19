//! Markdown, for pull-request comments and tickets: the summary, the inputs, the findings
//! grouped by severity, and the suppressed findings with their reasons, as GitHub tables.
//!
//! Every cell that holds input text is escaped so it renders as that text: no HTML, no
//! links, no emphasis, no broken tables, whatever a policy's `Sid` contains.

use std::fmt::Write as _;

use super::{Location, Report, Severity};

pub(super) fn write(report: &Report) -> String {
    let mut out = String::from("# Posture report\n\n## Summary\n\n| Severity | Findings |\n| --- | ---: |\n");
    let mut total = 0;
    for severity in Severity::ALL {
        let n = report.summary.count(severity);
        total += n;
        let _ = writeln!(out, "| {} | {n} |", severity.as_str());
    }
    let _ = writeln!(out, "| **total** | **{total}** |\n");
    let _ =
        write!(out, "{} in {}.", plural(total, "finding", "findings"), plural(report.inputs.len(), "input", "inputs"));
    let errors = report.inputs.iter().filter(|i| i.error.is_some()).count();
    if errors > 0 {
        let _ = write!(out, " {} could not be analysed.", plural(errors, "input", "inputs"));
    }
    if !report.suppressed.is_empty() {
        let _ = write!(out, " {} suppressed by configuration.", plural(report.suppressed.len(), "finding", "findings"));
    }
    out.push_str("\n\n## Inputs\n\n");
    if report.inputs.is_empty() {
        out.push_str("No inputs.\n");
    } else {
        out.push_str("| Input | Kind | Reviewed by |\n| --- | --- | --- |\n");
        for input in &report.inputs {
            let kind = match (&input.error, input.kind) {
                (Some(e), _) => {
                    format!("**error** at {}:{}: {} ({})", e.line, e.column, message(&e.message), code(e.rule))
                }
                (None, Some(kind)) => code(kind),
                (None, None) => "unrecognised".to_owned(),
            };
            let reviewed = match input.reviewed_by {
                Some(0) => "**not reviewed**".to_owned(),
                Some(n) => plural(n, "check", "checks"),
                None => "—".to_owned(),
            };
            let _ = writeln!(out, "| {} | {kind} | {reviewed} |", cell(&input.name));
        }
        for input in &report.inputs {
            for n in &input.notes {
                let (name, message) = (cell(&input.name), message(&n.message));
                let _ = write!(
                    out,
                    "\nNote on {name} at {}:{}: {message} ({})\n",
                    n.location.line,
                    n.location.column,
                    code(n.rule)
                );
            }
        }
    }

    out.push_str("\n## Findings\n");
    if report.findings.is_empty() && report.fully_reviewed() {
        out.push_str("\nNo findings.\n");
    } else if report.findings.is_empty() {
        out.push_str("\nNo findings in what was reviewed: see *Not reviewed* below.\n");
    }
    for severity in Severity::ALL {
        let findings: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n### {} ({})\n\n| Rule | Resource | Message | Location |\n| --- | --- | --- | --- |\n",
            capitalized(severity.as_str()),
            findings.len()
        );
        for f in findings {
            let rule = format!("{} ({})", cell(f.title), code(f.rule));
            let _ = writeln!(
                out,
                "| {rule} | {} | {} | {} |",
                cell(&f.resource),
                message(&f.message),
                place(&f.input, &f.location)
            );
        }
    }

    write_skipped(&mut out, report);

    if !report.suppressed.is_empty() {
        let _ = write!(
            out,
            "\n## Suppressed ({})\n\n| Rule | Resource | Location | Reason |\n| --- | --- | --- | --- |\n",
            report.suppressed.len()
        );
        for s in &report.suppressed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code(s.rule),
                cell(&s.resource),
                place(&s.input, &s.location),
                cell(&s.reason)
            );
        }
    }
    out
}

/// What was not reviewed: the inputs no check ran on, and the checks that did not run for want
/// of an input, grouped by the input they need, with the command that collects it.
fn write_skipped(out: &mut String, report: &Report) {
    let unreviewed: Vec<_> = report.not_reviewed().collect();
    if report.skipped.is_empty() && unreviewed.is_empty() {
        return;
    }
    out.push_str("\n## Not reviewed\n");
    if !unreviewed.is_empty() {
        let _ = write!(
            out,
            "\nNo check ran on these inputs: no finding about them means nothing.\n\n| Input | Kind |\n| --- | --- |\n"
        );
        for input in unreviewed {
            let kind = input.kind.map(|k| message(&crate::base::code(crate::input::kinds::command_for(k))));
            let kind = kind.unwrap_or_default();
            let _ = writeln!(out, "| {} | {kind} |", cell(&input.name));
        }
    }
    if !report.skipped.is_empty() {
        let _ = write!(
            out,
            "\nThese checks did not run because an input they need was not given ({}): no finding from \
             them means nothing. The command that collects each input:\n\n| Needs | Checks |\n| --- | --- |\n",
            report.skipped.len()
        );
        for (need, rules) in super::skipped_by_need(&report.skipped) {
            let rules: Vec<String> = rules.iter().map(|r| code(r)).collect();
            let _ = writeln!(out, "| {} | {} |", message(&need), rules.join(", "));
        }
    }
}

/// A message as Markdown: its code spans (values quoted by `base::code`) as code spans, the
/// rest as escaped text; inside a table cell either way. A code span shows `<img>` or `*` as
/// themselves; only `|` (which GitHub reads as a cell break even there) and hidden characters
/// are escaped in it.
fn message(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (is_code, part) in crate::base::code_spans(s) {
        if !is_code {
            out.push_str(&cell(part));
            continue;
        }
        let mut inner = String::with_capacity(part.len());
        for c in part.chars() {
            match c {
                '|' => inner.push_str("\\|"),
                '\r' | '\n' | '\t' => inner.push(' '),
                c => {
                    if !crate::base::push_escaped(&mut inner, c) {
                        inner.push(c);
                    }
                }
            }
        }
        out.push_str(&crate::base::code(&inner));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn place(input: &str, location: &Location) -> String {
    if location.line == 0 {
        cell(input)
    } else {
        format!("{}:{}:{}", cell(input), location.line, location.column)
    }
}

/// An identifier as inline code when it is plain, escaped text otherwise.
fn code(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:/".contains(&b)) {
        format!("`{s}`")
    } else {
        cell(s)
    }
}

/// Text that renders as itself inside a table cell: Markdown punctuation is backslash-escaped,
/// `<`, `>` and `&` become entities, line breaks become `<br>`, and control and invisible
/// formatting characters are spelled out as `\u{..}`.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\t' => out.push(' '),
            c => {
                if !crate::base::push_escaped(&mut out, c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::{cell, write};
    use crate::report::sample::{self, finding};
    use crate::report::{InputSummary, Location, Report, Severity, Suppressed};

    fn report() -> Report {
        let inputs = vec![
            InputSummary {
                name: "policy.json".to_owned(),
                kind: Some("iam.policy"),
                error: None,
                reviewed_by: Some(1),
                notes: Vec::new(),
            },
            sample::broken_input("bad|name.json"),
        ];
        let findings = vec![
            finding(Severity::High, "statement `<img src=x onerror=alert(1)>` allows `*`", "Admin|Policy"),
            finding(Severity::Low, "line one\nline two", "Other"),
        ];
        let suppressed = vec![Suppressed {
            rule: "admin-access",
            resource: "BreakGlass".to_owned(),
            input: "policy.json".to_owned(),
            location: Location { pointer: "/Statement/1".to_owned(), line: 9, column: 5 },
            reason: "reviewed <b>quarterly</b>".to_owned(),
        }];
        Report::new(inputs, findings, suppressed)
    }

    #[test]
    fn html_and_pipes_render_as_text() {
        let out = write(&report());
        // HTML from an input appears only inside code spans, which show it as text.
        for line in out.lines() {
            for (is_code, part) in crate::base::code_spans(line) {
                assert!(is_code || !part.contains('<') || part.contains("<br>"), "{line}");
            }
        }
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("statement `<img src=x onerror=alert(1)>` allows `*`"), "{out}");
        assert!(out.contains("| Admin\\|Policy |"), "{out}");
        assert!(
            out.contains("| bad\\|name.json | **error** at 7:3: expected `,` or `}` (`input-not-json`) | — |"),
            "{out}"
        );
        assert!(out.contains("| line one<br>line two |"), "{out}");
        // Every table row keeps its column count: no unescaped pipe leaked from a cell.
        for line in out.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Severity")) {
            let unescaped = line.match_indices('|').filter(|&(i, _)| i == 0 || &line[i - 1..i] != "\\").count();
            assert!((3..=5).contains(&unescaped), "{line}");
        }
    }

    #[test]
    fn sections_and_grouping() {
        let out = write(&report());
        assert!(out.starts_with("# Posture report\n\n## Summary\n\n| Severity | Findings |\n| --- | ---: |\n| critical | 0 |\n| high | 1 |\n"));
        assert!(out.contains("| **total** | **2** |\n\n2 findings in 2 inputs. 1 input could not be analysed. 1 finding suppressed by configuration.\n"), "{out}");
        assert!(out.contains("| policy.json | `iam.policy` | 1 check |\n"), "{out}");
        let high = out.find("\n### High (1)\n").expect("high section");
        let low = out.find("\n### Low (1)\n").expect("low section");
        assert!(high < low);
        assert!(!out.contains("### Critical"));
        assert!(out
            .contains("| Policy allows every action on every resource (`admin-access`) | Admin\\|Policy | statement"));
        assert!(out.contains("| policy.json:3:5 |\n"), "{out}");
        assert!(out.contains("\n## Suppressed (1)\n\n| Rule | Resource | Location | Reason |\n| --- | --- | --- | --- |\n| `admin-access` | BreakGlass | policy.json:9:5 | reviewed &lt;b&gt;quarterly&lt;/b&gt; |\n"), "{out}");
    }

    #[test]
    fn notes_on_inputs_follow_the_inputs_table() {
        let mut input = InputSummary {
            name: "p|1.json".to_owned(),
            kind: Some("iam.policy"),
            error: None,
            reviewed_by: Some(1),
            notes: Vec::new(),
        };
        input.notes.push(crate::report::InputNote {
            rule: "redundant-statement",
            message: "judged in part".to_owned(),
            location: Location { pointer: "/Statement".to_owned(), line: 2, column: 3 },
        });
        let out = write(&Report::new(vec![input], Vec::new(), Vec::new()));
        assert!(out.contains("\nNote on p\\|1.json at 2:3: judged in part (`redundant-statement`)\n"), "{out}");
    }

    #[test]
    fn no_findings_is_said_plainly() {
        let report = Report::new(Vec::new(), Vec::new(), Vec::new());
        let out = write(&report);
        assert!(out.contains("\n## Findings\n\nNo findings.\n"), "{out}");
        assert!(!out.contains("Suppressed"));
    }

    #[test]
    fn what_was_not_reviewed_has_its_own_section() {
        let users = InputSummary {
            name: "users.json".to_owned(),
            kind: Some("iam.list-users"),
            error: None,
            reviewed_by: Some(0),
            notes: Vec::new(),
        };
        let mut report = Report::new(vec![users], Vec::new(), Vec::new());
        report.skipped =
            vec![crate::report::Skipped { rule: "vpc-flow-logs-disabled", needs: vec!["ec2.describe-flow-logs"] }];
        let out = write(&report);
        assert!(out.contains("\nNo findings in what was reviewed: see *Not reviewed* below.\n"), "{out}");
        assert!(!out.contains("\nNo findings.\n"), "{out}");
        assert!(out.contains("| users.json | `iam.list-users` | **not reviewed** |\n"), "{out}");
        assert!(out.contains("\n## Not reviewed\n"), "{out}");
        assert!(out.contains("| users.json | `aws iam list-users` |\n"), "{out}");
        assert!(
            out.contains("| `aws ec2 describe-flow-logs` | `vpc-flow-logs-disabled` |\n"),
            "the skipped check with the command that collects what it needs: {out}"
        );
    }

    #[test]
    fn values_with_backticks_stay_code_spans() {
        let sid = "`<img src=x>`";
        let message = format!("statement {} allows `*` \u{202e}|", crate::base::code(sid));
        let report = Report::new(Vec::new(), vec![finding(Severity::High, &message, "P")], Vec::new());
        let out = write(&report);
        assert!(out.contains("| statement `` `<img src=x>` `` allows `*` \\u{202e}\\| |"), "{out}");
        let hidden = format!("statement {} allows", crate::base::code("a\u{202e}b|c"));
        let report = Report::new(Vec::new(), vec![finding(Severity::High, &hidden, "P")], Vec::new());
        assert!(write(&report).contains("| statement `a\\u{202e}b\\|c` allows |"));
    }

    #[test]
    fn cells_escape_markdown_and_controls() {
        assert_eq!(cell("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(cell("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(cell("*bold* _em_ ~del~ \\"), "\\*bold\\* \\_em\\_ \\~del\\~ \\\\");
        assert_eq!(cell("&lt;\u{1b}[31m\u{202e}"), "&amp;lt;\\u{1b}\\[31m\\u{202e}");
    }
}
