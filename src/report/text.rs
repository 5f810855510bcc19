//! The terminal format: one diagnostic per input error and per finding, each with a code
//! frame of the input around its location, then a summary.
//!
//! Everything that came from an input (names, messages, resources, pointers, source lines) is
//! untrusted: control characters, and the invisible characters that reorder or hide text, are
//! printed as `\u{..}` escapes, so a pasted policy can neither drive the terminal nor disguise
//! what it contains. Long lines (minified JSON) are shown as a window around the location.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Report, Severity, Utf16Range};
use crate::input::Source;

/// How the terminal report is written.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    /// Colour with ANSI escape sequences (the CLI sets this when writing to a terminal).
    pub color: bool,
}

/// Display cells of source shown per line; longer lines are windowed around the location.
const WINDOW: usize = 120;
/// Cells kept before the location when a line is windowed.
const LEAD: usize = 40;
/// Characters looked at per window, whatever their width (zero-width runs end a window too).
const MAX_CHARS: usize = WINDOW * 4;
/// Longest untrusted one-line field (message, resource, pointer, name) printed, in characters.
const MAX_FIELD: usize = 1000;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GUTTER: &str = "\x1b[1;34m";
const ERROR: &str = "\x1b[1;31m";

pub(super) fn write(report: &Report, sources: &[Source], options: TextOptions) -> String {
    let paint = Paint(options.color);
    let mut sources = Sources::new(sources);
    let mut out = String::new();
    for input in &report.inputs {
        if let Some(error) = &input.error {
            let diagnostic = Diagnostic {
                level: "error",
                color: ERROR,
                rule: error.rule,
                title: &error.message,
                message: "",
                input: &input.name,
                line: error.line,
                column: error.column,
                pointer: "",
                resource: "",
                underline: utf16_len(error.range),
                path: &[],
            };
            diagnostic.write(&mut out, &mut sources, paint);
        }
    }
    for finding in &report.findings {
        let diagnostic = Diagnostic {
            level: finding.severity.as_str(),
            color: severity_color(finding.severity),
            rule: finding.rule,
            title: finding.title,
            message: &finding.message,
            input: &finding.input,
            line: finding.location.line,
            column: finding.location.column,
            pointer: &finding.location.pointer,
            resource: &finding.resource,
            underline: utf16_len(finding.range),
            path: &finding.path,
        };
        diagnostic.write(&mut out, &mut sources, paint);
    }
    write_summary(&mut out, report, paint);
    out
}

fn utf16_len(range: Utf16Range) -> usize {
    usize::try_from(range.end.saturating_sub(range.start)).unwrap_or(usize::MAX)
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "\x1b[1;35m",
        Severity::High => ERROR,
        Severity::Medium => "\x1b[1;33m",
        Severity::Low => "\x1b[1;36m",
        Severity::Info => "\x1b[1;32m",
    }
}

fn write_summary(out: &mut String, report: &Report, paint: Paint) {
    let total: usize = Severity::ALL.iter().map(|&s| report.summary.count(s)).sum();
    let inputs = plural(report.inputs.len(), "input", "inputs");
    if total == 0 {
        // "No findings" only when everything was looked at; else say what it covers.
        let head = if report.fully_reviewed() {
            format!("no findings in {inputs}")
        } else {
            format!("no findings in what was reviewed ({inputs})")
        };
        let _ = writeln!(out, "{}", paint.paint(BOLD, &head));
    } else {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .filter(|&&s| report.summary.count(s) > 0)
            .map(|&s| paint.paint(severity_color(s), &format!("{} {}", report.summary.count(s), s.as_str())))
            .collect();
        let head = format!("{} in {inputs}:", plural(total, "finding", "findings"));
        let _ = writeln!(out, "{} {}", paint.paint(BOLD, &head), counts.join(", "));
    }
    let errors = report.inputs.iter().filter(|i| i.error.is_some()).count();
    if errors > 0 {
        let what = if errors == 1 { "input" } else { "inputs" };
        let _ = writeln!(out, "{} {what} could not be analysed", paint.paint(ERROR, &errors.to_string()));
    }
    if !report.suppressed.is_empty() {
        let _ = writeln!(out, "{} suppressed by configuration", plural(report.suppressed.len(), "finding", "findings"));
    }
    // A check that could not run must not read as a clean bill of health either.
    for (need, rules) in super::skipped_by_need(&report.skipped) {
        let checks =
            if rules.len() == 1 { "1 check needs".to_string() } else { format!("{} checks need", rules.len()) };
        let _ = writeln!(out, "not reviewed: {checks} {need} ({})", rules.join(", "));
    }
    // An input no check ran on must not read as a clean bill of health.
    for input in &report.inputs {
        for note in &input.notes {
            let (line, column) = (note.location.line, note.location.column);
            let _ =
                writeln!(out, "note[{}]: {}:{line}:{column}: {}", note.rule, clean(&input.name), clean(&note.message));
        }
    }
    for input in report.not_reviewed() {
        let kind = input.kind.map(crate::input::kinds::command_for).unwrap_or_default();
        let _ = writeln!(out, "not reviewed: {} ({}): no check ran on it", clean(&input.name), clean(&code(kind)));
    }
}

/// A kind's command, quoted.
fn code(s: &str) -> String {
    crate::base::code(s)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// ANSI colouring, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, code: &str, s: &str) -> String {
        if self.0 {
            format!("{code}{s}{RESET}")
        } else {
            s.to_owned()
        }
    }
}

/// One input error or finding, as printed.
struct Diagnostic<'r> {
    level: &'static str,
    color: &'static str,
    rule: &'r str,
    title: &'r str,
    message: &'r str,
    input: &'r str,
    line: u32,
    column: u32,
    pointer: &'r str,
    resource: &'r str,
    /// Length of the underline in UTF-16 code units (0: a single caret).
    underline: usize,
    /// The hops of a finding that joins resources.
    path: &'r [crate::report::Hop],
}

impl Diagnostic<'_> {
    fn write(&self, out: &mut String, sources: &mut Sources<'_>, paint: Paint) {
        let head = format!("{}[{}]", self.level, clean(self.rule));
        let _ = writeln!(
            out,
            "{}{}",
            paint.paint(self.color, &head),
            paint.paint(BOLD, &format!(": {}", clean(self.title)))
        );
        if !self.message.is_empty() {
            let _ = writeln!(out, "  {}", clean(self.message));
        }
        let mut place = clean(self.input);
        if self.line > 0 {
            let _ = write!(place, ":{}:{}", self.line, self.column.max(1));
        }
        if !self.pointer.is_empty() {
            let _ = write!(place, " ({})", clean(self.pointer));
        }
        let _ = writeln!(out, "  {} {place}", paint.paint(GUTTER, "-->"));
        if !self.resource.is_empty() {
            let _ = writeln!(out, "  resource: {}", clean(self.resource));
        }
        for (i, hop) in self.path.iter().enumerate() {
            let place = format!("{}:{}:{}", clean(&hop.input), hop.location.line, hop.location.column.max(1));
            let _ = writeln!(out, "  path {}. {} ({place})", i + 1, clean(&hop.label));
        }
        if let Some(index) = sources.get(self.input) {
            let at = Caret { line: self.line, column: self.column, underline: self.underline };
            if let Some(frame) = frame(index, at) {
                frame.write(out, paint, self.color);
            }
        }
        out.push('\n');
    }
}

/// The inputs' texts by the name the report gives them, each indexed the first time a
/// diagnostic needs it.
struct Sources<'a> {
    by_name: BTreeMap<&'a str, (&'a str, Option<SourceIndex<'a>>)>,
}

impl<'a> Sources<'a> {
    fn new(sources: &'a [Source]) -> Self {
        let mut by_name = BTreeMap::new();
        for source in sources {
            by_name.entry(source.display_name()).or_insert((source.text.as_str(), None));
        }
        Sources { by_name }
    }

    /// The text of input `name`; a part of an input (`bundle.json#/outputs/3`) has the
    /// whole input's text, where its line and column point.
    fn get(&mut self, name: &str) -> Option<&SourceIndex<'a>> {
        let key = if self.by_name.contains_key(name) { name } else { name.split_once("#/")?.0 };
        let (text, index) = self.by_name.get_mut(key)?;
        let text: &'a str = text;
        Some(index.get_or_insert_with(|| SourceIndex::new(text)))
    }
}

/// Bytes between UTF-16 checkpoints: a column is found by a binary search and a short scan,
/// so thousands of findings on one 20 MB line stay cheap.
const CHECKPOINT_BYTES: usize = 1024;

/// Line starts and UTF-16 checkpoints of one input's text.
struct SourceIndex<'a> {
    text: &'a str,
    /// Byte offset of each line start (lines end at `\n`, as the parser counts them).
    line_starts: Vec<usize>,
    /// `(byte, utf16)` offsets at character boundaries; empty for ASCII text.
    checkpoints: Vec<(usize, usize)>,
}

impl<'a> SourceIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let mut utf16 = 0;
            let mut next = 0;
            for (i, c) in text.char_indices() {
                if i >= next {
                    checkpoints.push((i, utf16));
                    next = i + CHECKPOINT_BYTES;
                }
                utf16 += c.len_utf16();
            }
        }
        SourceIndex { text, line_starts, checkpoints }
    }

    /// Byte range of 0-based line `i`, without its line break.
    fn line(&self, i: usize) -> Option<(usize, usize)> {
        let start = *self.line_starts.get(i)?;
        let end = self.line_starts.get(i + 1).map_or(self.text.len(), |&s| s.saturating_sub(1));
        let end = if self.text.get(start..end).is_some_and(|line| line.ends_with('\r')) { end - 1 } else { end };
        Some((start, end))
    }

    /// UTF-16 offset of a byte offset at a character boundary.
    fn utf16_at(&self, byte: usize) -> usize {
        if self.checkpoints.is_empty() {
            return byte;
        }
        let at = self.checkpoints.partition_point(|&(b, _)| b <= byte).saturating_sub(1);
        let Some(&(b, u)) = self.checkpoints.get(at) else { return byte };
        u + self.text.get(b..byte).map_or(0, |s| s.chars().map(char::len_utf16).sum())
    }

    /// Byte offset of the character holding UTF-16 offset `target` (the text's end past it).
    fn byte_at(&self, target: usize) -> usize {
        if self.checkpoints.is_empty() {
            return target.min(self.text.len());
        }
        let at = self.checkpoints.partition_point(|&(_, u)| u <= target).saturating_sub(1);
        let Some(&(b, mut u)) = self.checkpoints.get(at) else { return target.min(self.text.len()) };
        for (i, c) in self.text.get(b..).unwrap_or_default().char_indices() {
            u += c.len_utf16();
            if u > target {
                return b + i;
            }
        }
        self.text.len()
    }
}

/// What a code frame marks: a 1-based line and UTF-16 column, and the underline's length.
#[derive(Clone, Copy)]
struct Caret {
    line: u32,
    column: u32,
    underline: usize,
}

/// A rendered code frame: the marked line with one line of context either side.
struct Frame {
    gutter: usize,
    before: Option<(usize, String)>,
    line: (usize, String),
    /// Cells before the marker and the marker's width.
    marker: (usize, usize),
    after: Option<(usize, String)>,
}

fn frame(index: &SourceIndex<'_>, at: Caret) -> Option<Frame> {
    let line = usize::try_from(at.line).ok()?.checked_sub(1)?;
    let (start, end) = index.line(line)?;
    let column = usize::try_from(at.column).unwrap_or(usize::MAX).saturating_sub(1);
    let line_utf16 = index.utf16_at(start);
    let focus = index.byte_at(line_utf16.saturating_add(column)).clamp(start, end);
    let text = index.text;

    // Measure what follows the location, give the rest of the window to what precedes it.
    let (_, after_cells, _) = render(text, focus, end, WINDOW);
    let lead = WINDOW.saturating_sub(after_cells).max(LEAD);
    let shown_start = walk_back(text, start, focus, lead);
    let (head, head_cells, _) = render(text, shown_start, focus, WINDOW);
    let (tail, _, shown_end) = render(text, focus, end, WINDOW.saturating_sub(head_cells));

    let underline_end = if at.underline == 0 {
        focus
    } else {
        index.byte_at(index.utf16_at(focus).saturating_add(at.underline)).clamp(focus, shown_end)
    };
    let (_, underline_cells, _) = render(text, focus, underline_end, WINDOW);
    let open = shown_start > start;
    let mut shown = String::new();
    if open {
        shown.push('…');
    }
    shown.push_str(&head);
    shown.push_str(&tail);
    if shown_end < end {
        shown.push('…');
    }
    let marker = (head_cells + usize::from(open), underline_cells.max(1));

    // Context lines show the same columns as the marked line.
    let window_column = index.utf16_at(shown_start).saturating_sub(line_utf16);
    let context = |i: usize| -> Option<(usize, String)> {
        let (s, e) = index.line(i)?;
        if i + 1 == index.line_starts.len() && s == e {
            return None;
        }
        let from = index.byte_at(index.utf16_at(s).saturating_add(window_column)).clamp(s, e);
        let (body, _, to) = render(text, from, e, WINDOW);
        let mut shown = String::new();
        if from > s {
            shown.push('…');
        }
        shown.push_str(&body);
        if to < e {
            shown.push('…');
        }
        Some((i + 1, shown))
    };
    let before = line.checked_sub(1).and_then(context);
    let after = context(line + 1);
    let last = after.as_ref().map_or(line + 1, |(n, _)| *n);
    Some(Frame { gutter: last.to_string().len(), before, line: (line + 1, shown), marker, after })
}

impl Frame {
    fn write(&self, out: &mut String, paint: Paint, color: &str) {
        let width = self.gutter;
        let bar = |n: Option<usize>| {
            let number = n.map(|n| n.to_string()).unwrap_or_default();
            paint.paint(GUTTER, &format!("{number:>width$} |"))
        };
        let line = |out: &mut String, n: Option<usize>, body: &str| {
            if body.is_empty() {
                let _ = writeln!(out, "{}", bar(n));
            } else {
                let _ = writeln!(out, "{} {body}", bar(n));
            }
        };
        line(out, None, "");
        if let Some((n, body)) = &self.before {
            line(out, Some(*n), body);
        }
        line(out, Some(self.line.0), &self.line.1);
        let (pad, carets) = self.marker;
        let marker = format!("{}{}", " ".repeat(pad), paint.paint(color, &"^".repeat(carets)));
        line(out, None, &marker);
        if let Some((n, body)) = &self.after {
            line(out, Some(*n), body);
        }
    }
}

/// Renders `text[from..to]` (character boundaries) visibly, up to `budget` display cells:
/// the rendering, its width in cells, and where it stopped.
fn render(text: &str, from: usize, to: usize, budget: usize) -> (String, usize, usize) {
    let mut out = String::new();
    let mut cells = 0;
    let Some(slice) = text.get(from..to) else { return (out, 0, from) };
    for (n, (i, c)) in slice.char_indices().enumerate() {
        let mark = out.len();
        let width = push_visible(&mut out, c);
        if cells + width > budget || n >= MAX_CHARS {
            out.truncate(mark);
            return (out, cells, from + i);
        }
        cells += width;
    }
    (out, cells, to)
}

/// Where a window that ends at `focus` starts, spending at most `budget` cells, not before
/// `start`.
fn walk_back(text: &str, start: usize, focus: usize, budget: usize) -> usize {
    let Some(slice) = text.get(start..focus) else { return focus };
    let mut cells = 0;
    let mut at = focus;
    let mut scratch = String::new();
    for (n, (i, c)) in slice.char_indices().rev().enumerate() {
        scratch.clear();
        let width = push_visible(&mut scratch, c);
        if cells + width > budget || n >= MAX_CHARS {
            break;
        }
        cells += width;
        at = start + i;
    }
    at
}

/// An untrusted one-line field, made safe to print: escapes as in [`push_visible`], tabs
/// as spaces, and at most [`MAX_FIELD`] characters.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_FIELD));
    for (n, c) in s.chars().enumerate() {
        if n == MAX_FIELD {
            out.push('…');
            break;
        }
        push_visible(&mut out, c);
    }
    out
}

/// Pushes `c` as it should appear on a terminal and returns its width in cells. Control
/// characters (C0, DEL, C1: escape sequences, line breaks) and invisible formatting characters
/// (bidirectional overrides, zero-width characters, byte order mark) become `\u{..}`; a tab
/// becomes four spaces.
fn push_visible(out: &mut String, c: char) -> usize {
    if c == '\t' {
        out.push_str("    ");
        return 4;
    }
    let mark = out.len();
    if crate::base::push_escaped(out, c) {
        return out.len() - mark;
    }
    out.push(c);
    cell_width(c)
}

/// Approximate terminal width: combining marks take no cell, East Asian wide characters and
/// most emoji take two.
fn cell_width(c: char) -> usize {
    match u32::from(c) {
        0x300..=0x36f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff | 0x20d0..=0x20ff | 0xfe00..=0xfe0f | 0xfe20..=0xfe2f => 0,
        0x1100..=0x115f
        | 0x2e80..=0x303e
        | 0x3041..=0x33ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x1f300..=0x1f64f
        | 0x1f900..=0x1f9ff
        | 0x20000..=0x3fffd => 2,
        _ => 1,
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::{write, TextOptions};
    use crate::input::Source;
    use crate::report::{Area, Finding, InputError, InputSummary, Location, Report, Severity, Suppressed, Utf16Range};

    fn finding(input: &str, line: u32, column: u32, range: (u32, u32), message: &str) -> Finding {
        Finding {
            rule: "admin-access",
            severity: Severity::High,
            area: Area::Iam,
            title: "Policy allows every action on every resource",
            message: message.to_owned(),
            resource: "AdminPolicy".to_owned(),
            input: input.to_owned(),
            location: Location { pointer: "/Statement/0/Action".to_owned(), line, column },
            controls: &["CIS 1.16"],
            path: Vec::new(),
            range: Utf16Range { start: range.0, end: range.1 },
        }
    }

    fn source(name: &str, text: &str) -> Source {
        Source::new(name, text)
    }

    fn input(name: &str) -> InputSummary {
        InputSummary {
            name: name.to_owned(),
            kind: Some("iam.policy"),
            error: None,
            reviewed_by: Some(1),
            notes: Vec::new(),
        }
    }

    /// The code frame's source line and marker line for the only diagnostic of `out`.
    fn marked(out: &str) -> (&str, &str) {
        let lines: Vec<&str> = out.lines().collect();
        let marker = lines.iter().position(|l| l.contains('^')).expect("a marker line");
        (lines[marker - 1], lines[marker])
    }

    /// The display column (in chars, ASCII test data) where the marker's carets start.
    fn caret_column(marker: &str) -> usize {
        marker.find('^').expect("a caret")
    }

    #[test]
    fn frame_points_at_the_column_after_multibyte_characters() {
        // `é` is one UTF-16 unit (two bytes, one cell), `😀` two units (four bytes, two cells).
        let text = "{\n  \"é😀\": 1, \"Action\": \"*\"\n}\n";
        let start = text.encode_utf16().position(|u| u == u16::from(b'A')).expect("A") - 1;
        assert_eq!(start, 14);
        let f = finding("p.json", 2, 13, (14, 22), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", text)], TextOptions::default());
        let (line, marker) = marked(&out);
        assert_eq!(line, "2 |   \"é😀\": 1, \"Action\": \"*\"", "{out}");
        // `2 | ` and `  "é😀": 1, ` take 4 + 12 cells.
        assert_eq!(marker, format!("  | {}^^^^^^^^", " ".repeat(12)), "{out}");
        assert!(out.contains("  --> p.json:2:13 (/Statement/0/Action)\n"), "{out}");
        assert!(out.contains("\n1 | {\n"), "context before: {out}");
        assert!(out.contains("\n3 | }\n"), "context after: {out}");
    }

    #[test]
    fn frame_columns_count_display_cells_after_ascii_prefix() {
        let text = "{\"Sid\": \"x\", \"Action\": \"*\"}";
        let f = finding("p.json", 1, 14, (13, 21), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", text)], TextOptions::default());
        let (line, marker) = marked(&out);
        let at = caret_column(marker);
        assert_eq!(&line[at..at + 8], "\"Action\"", "{out}");
    }

    #[test]
    fn a_huge_one_line_source_is_windowed() {
        let mut text = String::from("{\"Statement\": [");
        while text.len() < 100_000 {
            text.push_str("{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}, ");
        }
        let offset = text.len();
        text.push_str("{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}");
        let column = u32::try_from(offset).expect("small") + 1;
        let f = finding("big.json", 1, column, (column - 1, column + 52), "allows `*`");
        let report = Report::new(vec![input("big.json")], vec![f], Vec::new());
        let out = write(&report, &[source("big.json", &text)], TextOptions::default());
        assert!(out.len() < 2_000, "output is {} bytes", out.len());
        let (line, marker) = marked(&out);
        assert!(line.starts_with("1 | …"), "{line}");
        assert!(line.chars().count() < 140, "{line}");
        let at = caret_column(marker);
        let under: String = line.chars().skip(marker[..at].chars().count()).take(10).collect();
        assert_eq!(under, "{\"Effect\":", "{out}");
        assert!(marker.trim_end().ends_with('^'));
    }

    #[test]
    fn columns_far_into_a_non_ascii_line_use_the_checkpoints() {
        let mut text = String::from("[");
        for _ in 0..20_000 {
            text.push_str("\"é😀\",");
        }
        let start = text.encode_utf16().count();
        text.push_str("\"Action\"]");
        let start = u32::try_from(start).expect("small");
        let f = finding("p.json", 1, start + 1, (start, start + 8), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", &text)], TextOptions::default());
        let (line, marker) = marked(&out);
        assert!(line.ends_with("😀\",\"Action\"]"), "{line}");
        // Every `😀` is two cells: count cells, not chars, up to the carets.
        let cells_before: usize =
            line.trim_end_matches("\"Action\"]").chars().map(|c| if c == '😀' { 2 } else { 1 }).sum();
        assert_eq!(caret_column(marker), cells_before, "{out}");
        assert_eq!(marker.matches('^').count(), 8);
    }

    #[test]
    fn a_long_line_is_cut_after_the_window() {
        let text = format!("{{\"Action\": \"*\", \"Padding\": \"{}\"}}", "x".repeat(500));
        let f = finding("p.json", 1, 2, (1, 9), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", &text)], TextOptions::default());
        let (line, marker) = marked(&out);
        assert!(line.starts_with("1 | {\"Action\""), "{line}");
        assert!(line.ends_with('…'), "{line}");
        assert_eq!(caret_column(marker), "1 | {".len());
    }

    #[test]
    fn escape_sequences_from_the_input_are_not_emitted() {
        let text = "{\"Sid\": \"\u{1b}[31mred\u{1b}[0m\",\t\"Action\": \"*\"}";
        let start = u32::try_from(text.find("\"Action\"").expect("key")).expect("small");
        let name = "p\u{1b}]0;title\u{7}.json";
        let mut f = finding(name, 1, start + 1, (start, start + 8), "statement `\u{1b}[2Jboom` allows `*`");
        f.resource = "res\u{9b}31m\u{202e}".to_owned();
        let report = Report::new(vec![input(name)], vec![f], Vec::new());
        let sources = [source(name, text)];
        for color in [false, true] {
            let out = write(&report, &sources, TextOptions { color });
            let raw_escapes = out.matches('\u{1b}').count();
            let ours = if color { out.matches("\u{1b}[0m").count() * 2 } else { 0 };
            assert_eq!(raw_escapes, ours, "only our own colour codes: {out:?}");
            assert!(!out.contains('\u{9b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'), "{out:?}");
            assert!(out.contains("statement `\\u{1b}[2Jboom` allows `*`"), "{out}");
            assert!(out.contains("resource: res\\u{9b}31m\\u{202e}"), "{out}");
        }
        let out = write(&report, &sources, TextOptions::default());
        // The tab is four spaces and the escapes are spelled out, and the caret still lands on the key.
        let (line, marker) = marked(&out);
        let at = caret_column(marker);
        assert_eq!(&line[at..at + 8], "\"Action\"", "{out}");
    }

    #[test]
    fn input_errors_come_first_with_their_frame() {
        let text = "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}";
        let bad = InputSummary {
            name: "bad.json".to_owned(),
            kind: None,
            error: Some(InputError {
                rule: "input-not-json",
                message: "expected `,` or `}`".to_owned(),
                line: 3,
                column: 3,
                range: Utf16Range::default(),
            }),
            reviewed_by: None,
            notes: Vec::new(),
        };
        let f = finding("p.json", 1, 1, (0, 1), "allows `*`");
        let report = Report::new(vec![bad, input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("bad.json", text)], TextOptions::default());
        assert!(out.starts_with("error[input-not-json]: expected `,` or `}`\n  --> bad.json:3:3\n"), "{out}");
        assert!(out.find("error[").expect("error") < out.find("high[").expect("finding"));
        let (line, marker) = marked(&out);
        assert_eq!(line, "3 |   \"Statement\": []");
        assert_eq!(marker, "  |   ^");
        assert!(out.contains("1 input could not be analysed"), "{out}");
    }

    #[test]
    fn bundle_parts_and_unnamed_pastes_find_their_text() {
        let text = "{\"bundle\": 1,\n \"outputs\": [{\"command\": \"x\"}]}";
        let part = InputSummary {
            name: "snap.json#/outputs/0".to_owned(),
            kind: None,
            error: Some(InputError {
                rule: "input-unrecognized",
                message: "a bundle entry needs `command` and `output`".to_owned(),
                line: 2,
                column: 14,
                range: Utf16Range { start: 27, end: 43 },
            }),
            reviewed_by: None,
            notes: Vec::new(),
        };
        let f = finding("pasted", 1, 2, (1, 9), "allows `*`");
        let report = Report::new(vec![input("snap.json"), part, input("pasted")], vec![f], Vec::new());
        let sources = [source("snap.json", text), source("", "{\"bundle\": 2}")];
        let out = write(&report, &sources, TextOptions::default());
        assert!(
            out.contains("2 |  \"outputs\": [{\"command\": \"x\"}]}\n  |              ^^^^^^^^^^^^^^^^\n"),
            "{out}"
        );
        assert!(out.contains("1 | {\"bundle\": 2}\n  |  ^^^^^^^^\n"), "{out}");
    }

    #[test]
    fn notes_on_inputs_are_shown_with_their_place() {
        let mut a = input("a.json");
        a.notes.push(crate::report::InputNote {
            rule: "redundant-statement",
            message: "the policy has 600 statements\u{1b}[31m".to_owned(),
            location: Location { pointer: "/Statement".to_owned(), line: 2, column: 3 },
        });
        let report = Report::new(vec![a], Vec::new(), Vec::new());
        let out = write(&report, &[], TextOptions::default());
        assert!(out.contains("note[redundant-statement]: a.json:2:3: the policy has 600 statements"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn recognised_but_unreviewed_inputs_are_named() {
        let keys = InputSummary {
            name: "keys.json".to_owned(),
            kind: Some("kms.list-keys"),
            error: None,
            reviewed_by: Some(0),
            notes: Vec::new(),
        };
        let report = Report::new(vec![keys, input("a.json")], Vec::new(), Vec::new());
        let out = write(&report, &[], TextOptions::default());
        assert!(out.starts_with("no findings in what was reviewed (2 inputs)\n"), "{out}");
        assert!(out.contains("not reviewed: keys.json (`aws kms list-keys`): no check ran on it\n"), "{out}");
        assert!(!out.contains("a.json"), "{out}");
    }

    #[test]
    fn skipped_checks_are_named_with_what_they_need() {
        let mut report = Report::new(vec![input("a.json")], Vec::new(), Vec::new());
        let needs = vec!["ec2.describe-security-groups"];
        report.skipped = vec![
            super::super::Skipped { rule: "sg-open-admin-port", needs: needs.clone() },
            super::super::Skipped { rule: "sg-wide-cidr", needs },
        ];
        let out = write(&report, &[], TextOptions::default());
        assert!(out.starts_with("no findings in what was reviewed (1 input)\n"), "{out}");
        assert!(
            out.contains(
                "not reviewed: 2 checks need `aws ec2 describe-security-groups` (sg-open-admin-port, sg-wide-cidr)\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn summary_counts_and_no_findings() {
        let report = Report::new(vec![input("a.json"), input("b.json")], Vec::new(), Vec::new());
        assert_eq!(write(&report, &[], TextOptions::default()), "no findings in 2 inputs\n");

        let mut low = finding("a.json", 1, 1, (0, 0), "one");
        low.severity = Severity::Low;
        let suppressed = Suppressed {
            rule: "admin-access",
            resource: "Other".to_owned(),
            input: "a.json".to_owned(),
            location: Location { pointer: String::new(), line: 1, column: 1 },
            reason: "break-glass role".to_owned(),
        };
        let report = Report::new(
            vec![input("a.json")],
            vec![finding("a.json", 1, 1, (0, 0), "two"), low, finding("a.json", 2, 1, (0, 0), "three")],
            vec![suppressed],
        );
        let out = write(&report, &[], TextOptions::default());
        assert!(
            out.ends_with("3 findings in 1 input: 2 high, 1 low\n1 finding suppressed by configuration\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'));
        let coloured = write(&report, &[], TextOptions { color: true });
        assert!(coloured.contains("\u{1b}[1;31mhigh[admin-access]\u{1b}[0m"), "{coloured}");
    }

    #[test]
    fn locations_outside_the_text_print_no_frame() {
        let f = finding("p.json", 9, 50, (0, 0), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", "{}")], TextOptions::default());
        assert!(!out.contains(" | "), "{out}");
        let f = finding("p.json", 1, 50, (0, 4), "allows `*`");
        let report = Report::new(vec![input("p.json")], vec![f], Vec::new());
        let out = write(&report, &[source("p.json", "{}\n")], TextOptions::default());
        assert_eq!(marked(&out), ("1 | {}", "  |   ^"), "{out}");
    }
}
