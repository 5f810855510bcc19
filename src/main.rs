//! The `posture` command line: arguments, files, printing. No analysis happens here.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use lexopt::ValueExt;

use posture::checks::{self, reference};
use posture::iam::eval::Decision;
use posture::report::TextOptions;
use posture::simulate::{context_pair, Question};
use posture::{analyze, Config, Options, Severity, Source};

// mimalloc rather than the system allocator: the analysis makes many small allocations
// (strings, sets, the policy model), and it is about a third faster with it (README, Benchmarks).
// Heap profilers see only the system allocator: `RUSTFLAGS='--cfg posture_system_alloc'`.
#[cfg(all(not(target_arch = "wasm32"), not(posture_system_alloc)))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
posture — review AWS configuration (IAM policies and AWS CLI outputs); nothing leaves your machine

Usage:
  posture check [OPTIONS] FILE...     analyse the files as one snapshot (`-` reads standard input)
  posture simulate --action A --resource R [--principal P] [--context KEY=VALUE]... [--format text|json] FILE...
                                      can P do A on R under the policies in the files? (decision and reasons)
  posture diff OLD NEW [--format text|json|sarif|markdown]
                                      does NEW grant anything OLD did not? each new access with a witness
                                      request (`posture simulate` confirms it), access removed, and what
                                      the comparison cannot decide; two `get-account-authorization-details`
                                      files are compared user by user and role by role
  posture rules [ID] [--format text|json|markdown]
                                      every check (or one) with what it checks, why it matters, how to fix
  posture methods [--format text|json|markdown]
                                      the privilege-escalation methods `privilege-escalation` looks for
  posture kinds [--format text|json]  every kind of input recognised, the command that collects it, and
                                      whether it is reviewed
  posture --version | --help

Options for check:
  --format text|json|sarif|markdown|csv   output format (default text; coloured on a terminal)
  --min-severity LEVEL                    leave out findings below LEVEL
  --fail-on LEVEL                         exit 1 when a finding is at or above LEVEL (default high)
  --config FILE                           JSON configuration: disable rules, change severities, ignore findings
  --now RFC3339                           the time age-based checks count from (default: the snapshot's, else now)
  --color auto|always|never               colour in the text format (default auto; NO_COLOR is honoured)

Options for simulate:
  --principal P      account id, user/role/session ARN, service (`lambda.amazonaws.com`), identity
                     provider, or `*` (anonymous); omitted: the holder of the identity policies.
                     With `get-account-authorization-details`, a user or role name or ARN: its own
                     policies, its groups' and its permissions boundary answer
  --context K=V      a request context key (`aws:SourceIp=203.0.113.7`); repeat a key for several values

Levels: critical, high, medium, low, info.
Exit status of check: 0 no finding at or above --fail-on; 1 some finding is; 2 usage error or an
input that could not be read or recognised (the other inputs are still analysed and reported).
Exit status of simulate: 0 allowed; 1 denied (explicitly or implicitly); 2 usage error.
Exit status of diff: 0 NEW grants nothing new; 1 it grants new access, or the comparison cannot
decide for some statement; 2 usage error, an unreadable input, or an input without a policy.";

struct UsageError(String);

impl From<lexopt::Error> for UsageError {
    fn from(e: lexopt::Error) -> Self {
        UsageError(e.to_string())
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(UsageError(message)) => {
            eprintln!("posture: {message}\n\nRun `posture --help` for usage.");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, UsageError> {
    let mut args = lexopt::Parser::from_env();
    let command = match args.next()? {
        Some(lexopt::Arg::Value(v)) => v.string()?,
        Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h')) | None => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(lexopt::Arg::Long("version") | lexopt::Arg::Short('V')) => {
            println!(
                "posture {} (IAM catalogue: {})",
                env!("CARGO_PKG_VERSION"),
                posture::iam::catalog::Catalog::get().provenance()
            );
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(other.unexpected().into()),
    };
    match command.as_str() {
        "check" => check(args),
        "rules" => rules(args),
        "simulate" => simulate(args),
        "diff" => diff(args),
        "methods" => methods(args),
        "kinds" => kinds(args),
        other => Err(UsageError(format!(
            "unknown command `{other}` (expected `check`, `simulate`, `diff`, `rules`, `methods` or `kinds`)"
        ))),
    }
}

fn level(value: &str, flag: &str) -> Result<Severity, UsageError> {
    Severity::parse(value)
        .ok_or_else(|| UsageError(format!("{flag}: unknown level `{value}` (critical, high, medium, low, info)")))
}

fn check(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Short, Value};
    let mut files = Vec::new();
    let mut format = "text".to_string();
    let mut fail_on = Severity::High;
    let mut options = Options::default();
    let mut color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    while let Some(arg) = args.next()? {
        match arg {
            Long("format") => format = args.value()?.string()?,
            Long("min-severity") => options.min_severity = Some(level(&args.value()?.string()?, "--min-severity")?),
            Long("fail-on") => fail_on = level(&args.value()?.string()?, "--fail-on")?,
            Long("config") => {
                let path = args.value()?.string()?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| UsageError(format!("--config: cannot read `{path}`: {e}")))?;
                options.config = Config::from_json(&text).map_err(|e| UsageError(format!("--config `{path}`: {e}")))?;
            }
            Long("now") => {
                let now = args.value()?.string()?;
                // The same reading as every time of the input (`model::time`).
                if posture::model::time::parse(&now).is_none() {
                    return Err(UsageError(format!(
                        "--now: `{now}` is not an RFC 3339 time such as 2026-11-20T10:00:00Z"
                    )));
                }
                options.now = Some(now);
            }
            Long("color") => {
                color = match args.value()?.string()?.as_str() {
                    "always" => true,
                    "never" => false,
                    "auto" => color,
                    other => {
                        return Err(UsageError(format!("--color: expected auto, always or never, found `{other}`")))
                    }
                }
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(file) => files.push(file.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    if !["text", "json", "sarif", "markdown", "csv"].contains(&format.as_str()) {
        return Err(UsageError(format!("--format: expected text, json, sarif, markdown or csv, found `{format}`")));
    }
    if files.is_empty() {
        return Err(UsageError("check: no input files (use `-` for standard input)".into()));
    }
    // "Now" is the snapshot's own time, else `--now`, else the clock.
    options.now = options.now.or_else(clock);
    // The IAM catalogue loads on another core while the files are read.
    std::thread::spawn(|| posture::iam::catalog::Catalog::get().len());
    let sources: Vec<Source> = files.iter().map(|f| read_source(f)).collect();
    let report = analyze(&sources, &options);
    let rules: Vec<_> = checks::rules().collect();
    let out = match format.as_str() {
        "json" => report.to_json(),
        "sarif" => report.to_sarif(&rules),
        "markdown" => report.to_markdown(),
        "csv" => report.to_csv(),
        _ => report.to_text(&sources, TextOptions { color }),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`posture check … | head`) is not an error worth a panic.
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(if report.has_input_errors() {
        ExitCode::from(2)
    } else if report.fails_at(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn simulate(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Short, Value};
    let mut question = Question::default();
    let mut files = Vec::new();
    let mut format = "text".to_string();
    let mut questions = None;
    while let Some(arg) = args.next()? {
        match arg {
            // Undocumented: many questions, one JSON line each, answered one JSON line each (the
            // differential test asks thousands without a process per question).
            Long("questions") => questions = Some(args.value()?.string()?),
            Long("action") => question.action = args.value()?.string()?,
            Long("resource") => question.resource = args.value()?.string()?,
            Long("principal") => question.principal = Some(args.value()?.string()?),
            Long("context") => {
                let pair = args.value()?.string()?;
                question.context.push(context_pair(&pair).map_err(|e| UsageError(format!("--context: {e}")))?);
            }
            Long("format") => format = args.value()?.string()?,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(file) => files.push(file.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    if !["text", "json"].contains(&format.as_str()) {
        return Err(UsageError(format!("--format: expected text or json, found `{format}`")));
    }
    if files.is_empty() {
        return Err(UsageError("simulate: no policy files (use `-` for standard input)".into()));
    }
    let sources: Vec<Source> = files.iter().map(|f| read_source(f)).collect();
    if let Some(path) = questions {
        return simulate_many(&sources, &path);
    }
    let simulation =
        posture::simulate::simulate(&sources, &question).map_err(|e| UsageError(format!("simulate: {e}")))?;
    let out = if format == "json" { simulation.to_json() } else { simulation.to_text() };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(if simulation.decision == Decision::Allow { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn diff(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Short, Value};
    let mut files = Vec::new();
    let mut format = "text".to_string();
    while let Some(arg) = args.next()? {
        match arg {
            Long("format") => format = args.value()?.string()?,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(file) => files.push(file.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    if !["text", "json", "sarif", "markdown"].contains(&format.as_str()) {
        return Err(UsageError(format!("--format: expected text, json, sarif or markdown, found `{format}`")));
    }
    let [old, new] = files.as_slice() else {
        return Err(UsageError(format!("diff: give two files, OLD and NEW (got {})", files.len())));
    };
    let result = posture::diff::diff(&[read_source(old)], &[read_source(new)]);
    let out = match format.as_str() {
        "json" => result.to_json(),
        "sarif" => result.to_sarif(),
        "markdown" => result.to_markdown(),
        _ => result.to_text(),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    if let Some(why) = result.unusable() {
        eprintln!("posture: diff: {why}");
        return Ok(ExitCode::from(2));
    }
    Ok(if result.widens() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Answers each line of `path`, `{"principal"?, "action", "resource", "context"?: [[key,
/// value], …]}`, with a line `{"decision", "summary", "notes"}` or `{"error"}`.
fn simulate_many(sources: &[Source], path: &str) -> Result<ExitCode, UsageError> {
    let text = std::fs::read_to_string(path).map_err(|e| UsageError(format!("--questions: {path}: {e}")))?;
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let answer = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| e.to_string())
            .and_then(|v| posture::simulate::simulate(sources, &question_of(&v)));
        let json = match answer {
            Ok(sim) => serde_json::json!({"decision": sim.decision, "summary": sim.summary, "notes": sim.notes}),
            Err(e) => serde_json::json!({ "error": e }),
        };
        out.push_str(&json.to_string());
        out.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(ExitCode::SUCCESS)
}

fn question_of(v: &serde_json::Value) -> Question {
    let text = |key: &str| v.get(key).and_then(serde_json::Value::as_str).map(String::from);
    let pairs = v.get("context").and_then(serde_json::Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let context =
        pairs.iter().filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_str()?.to_string()))).collect();
    Question {
        principal: text("principal"),
        action: text("action").unwrap_or_default(),
        resource: text("resource").unwrap_or_default(),
        context,
    }
}

fn read_source(file: &str) -> Source {
    if file == "-" {
        let mut bytes = Vec::new();
        return match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => Source::from_bytes("-", bytes),
            Err(e) => Source::unreadable("-", format!("cannot read standard input: {e}")),
        };
    }
    match std::fs::read(file) {
        Ok(bytes) => Source::from_bytes(file, bytes),
        Err(e) => Source::unreadable(file, format!("cannot read the file: {e}")),
    }
}

/// The current time as RFC 3339 in UTC (`2026-12-03T12:00:00Z`).
fn clock() -> Option<String> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let (days, rest) = (i64::try_from(secs / 86_400).ok()?, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, sec) = (rest / 3600, rest % 3600 / 60, rest % 60);
    Some(format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}Z"))
}

fn methods(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::Long;
    let mut format = "text".to_string();
    while let Some(arg) = args.next()? {
        match arg {
            Long("format") => format = args.value()?.string()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let out = match format.as_str() {
        "text" => reference::methods_text(),
        "json" => reference::methods_json(),
        "markdown" => reference::methods_markdown(),
        _ => return Err(UsageError(format!("--format: expected text, json or markdown, found `{format}`"))),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(ExitCode::SUCCESS)
}

fn kinds(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::Long;
    use std::fmt::Write as _;
    let mut format = "text".to_string();
    while let Some(arg) = args.next()? {
        match arg {
            Long("format") => format = args.value()?.string()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let kinds = posture::input::kinds::described();
    let out = match format.as_str() {
        "json" => serde_json::to_string_pretty(&kinds).unwrap_or_default() + "\n",
        "text" => {
            let width = kinds.iter().map(|k| k.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for k in &kinds {
                let status = match (k.supported, k.reviewed, k.instead) {
                    (true, true, _) => String::new(),
                    (true, false, _) => "  (recognised; no check reads it yet)".to_string(),
                    (false, _, Some(instead)) => format!("  (not reviewed; the same data is in `{instead}`)"),
                    (false, _, None) => "  (not reviewed)".to_string(),
                };
                let _ = writeln!(out, "{:width$}  {}{status}", k.id, k.command);
            }
            out
        }
        _ => return Err(UsageError(format!("--format: expected text or json, found `{format}`"))),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(ExitCode::SUCCESS)
}

fn rules(mut args: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Value};
    let mut format = "text".to_string();
    let mut ids = Vec::new();
    while let Some(arg) = args.next()? {
        match arg {
            Long("format") => format = args.value()?.string()?,
            Value(id) => ids.push(id.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let mut selected = Vec::new();
    for id in &ids {
        let Some(rule) = checks::rule(id) else {
            let known: Vec<&str> = checks::rules().map(|r| r.id).collect();
            return Err(UsageError(format!("no rule `{id}`; the rules are: {}", known.join(", "))));
        };
        selected.push(rule);
    }
    if ids.is_empty() {
        selected = checks::rules().collect();
    }
    let out = match format.as_str() {
        "text" => reference::text(selected.iter()),
        "json" => reference::json(selected.iter()),
        "markdown" if ids.is_empty() => reference::markdown(),
        _ => {
            return Err(UsageError(format!("--format: expected text, json or markdown (all rules), found `{format}`")))
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(ExitCode::SUCCESS)
}
