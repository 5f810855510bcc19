//! Reading what the user gave: JSON text in, typed models with spans out.
//!
//! Each input is parsed, its kind recognised from the content alone, and the policy
//! documents it holds read into [`Policy`] models — including documents inside JSON strings
//! (`get-bucket-policy`) and URL-encoded ones (raw IAM API output), whose spans map back to
//! the pasted text. Several inputs, or one snapshot bundle, form one [`Snapshot`]. A bad input
//! becomes an input error on its own record and never stops the others.

// Everything here reads untrusted text: an index that could fall outside it, or inside a
// character, is a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

mod bundle;
pub mod kinds;
pub mod policy;
mod read;

use crate::base::{InputFault, Location, Utf16Range};
use crate::json::{self, LineIndex, OffsetMap, Span, Value};
use crate::model::Model;
pub use crate::model::Site;
pub use kinds::InputKind;
pub use policy::{Clause, Condition, Effect, List, Policy, PolicyKind, Principal, PrincipalType, Spanned, Statement};

/// One input as given: a file name (empty for an unnamed paste) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Why the input could not be read as text, and the byte offset where that showed.
    problem: Option<(usize, String)>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into(), problem: None }
    }

    /// An input read as bytes: UTF-8, or UTF-16 with a byte-order mark (what Windows
    /// PowerShell's `>` writes). Other bytes become an `input-not-json` error.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        let name = name.into();
        let utf16 = |little: bool| {
            let units = bytes.get(2..).unwrap_or_default().chunks_exact(2).map(|c| {
                let pair = <[u8; 2]>::try_from(c).unwrap_or_default();
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect::<String>()
        };
        match bytes.get(..2) {
            Some([0xFF, 0xFE]) => return Source::new(name, utf16(true)),
            Some([0xFE, 0xFF]) => return Source::new(name, utf16(false)),
            _ => {}
        }
        match String::from_utf8(bytes) {
            Ok(text) => Source::new(name, text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let byte = e.as_bytes().get(at).copied().unwrap_or_default();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let message = format!("the input is not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8 JSON");
                Source { name, text, problem: Some((at, message)) }
            }
        }
    }

    /// An input that could not be read at all (a missing file, say).
    pub fn unreadable(name: impl Into<String>, why: impl Into<String>) -> Self {
        Source { name: name.into(), text: String::new(), problem: Some((0, why.into())) }
    }

    /// The name reports use for this input.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            "pasted"
        } else {
            &self.name
        }
    }

    /// A paste, or standard input (`-`): no file name to learn a resource's name from.
    pub fn is_unnamed(&self) -> bool {
        self.name.is_empty() || self.name == "-"
    }

    /// The name without directory and extension, used as a policy's name when the input
    /// does not carry one (`policy` for an unnamed paste).
    pub fn stem(&self) -> String {
        if self.is_unnamed() {
            return "policy".into();
        }
        let file = self.name.rsplit(['/', '\\']).next().unwrap_or(&self.name);
        match file.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.into(),
            _ => file.into(),
        }
    }
}

/// A parsed JSON text: a whole input, or a document found inside a string of another.
#[derive(Debug)]
pub struct Doc {
    pub source: usize,
    pub value: Option<Value>,
    /// The input's own document, whose tree was dropped after reading: it is its input's whole
    /// text, parsed again on demand.
    reparse: bool,
    /// Maps from this document's offsets to the input's, innermost first.
    maps: Vec<OffsetMap>,
    /// JSON pointer, in the input, of the string this document was found in.
    prefix: String,
}

/// Why an input could not be analysed.
#[derive(Clone, Debug)]
pub struct InputProblem {
    pub rule: InputFault,
    pub message: String,
    pub site: Site,
}

/// One entry of the report's `inputs`: an input, or one output of a bundle.
#[derive(Clone, Debug)]
pub struct InputRecord {
    pub name: String,
    pub kind: Option<&'static InputKind>,
    pub error: Option<InputProblem>,
    /// What reading could not settle and says rather than guesses (which bucket a
    /// `get-bucket-policy` paste is about).
    pub remarks: Vec<(String, Site)>,
    /// How many policy documents were read from it (a bundle's own record counts those of
    /// every output).
    pub policies: usize,
    /// A bundle entry whose command failed without stating a fact (access denied, throttled):
    /// its kind is named, but nothing of it was read, so no check reviewed it.
    pub not_collected: bool,
}

/// Everything given at once, analysed together. It borrows the inputs' texts: a 1 GB
/// input is held once.
#[derive(Debug, Default)]
pub struct Snapshot<'a> {
    pub sources: &'a [Source],
    pub docs: Vec<Doc>,
    pub inputs: Vec<InputRecord>,
    pub policies: Vec<Policy>,
    /// The typed resources of every output, joined into one account.
    pub model: Model,
    lines: Vec<std::sync::OnceLock<LineIndex>>,
    /// Each large input's JSON tree, parsed again only if a site in it is located (see
    /// [`KEEP_TREE_BELOW`]).
    trees: Vec<std::sync::OnceLock<Option<Value>>>,
    /// The located error of the value being read when it was still read in part, for
    /// `settle` to record beside its kind.
    partial: Option<(String, Span)>,
}

/// An input's JSON tree is kept after reading only when its text is smaller than this. A
/// larger one's tree (about 3.4 bytes for every byte of a policy) is dropped once its resources
/// are read, and parsed again when a finding in it is located, after the checks have run and the
/// model is gone: the peak memory then holds one of the two, never both (README, memory). Small
/// inputs keep theirs: parsing thousands of them twice would cost time for no memory worth
/// having.
const KEEP_TREE_BELOW: usize = 1 << 20;

/// What reading one value found: its kind, or why it was not recognised.
type Recognised = Result<&'static InputKind, Fault>;

/// Why a value could not be read: the input error's rule, its message and where.
struct Fault {
    rule: InputFault,
    message: String,
    span: Span,
}

impl Fault {
    /// Not a kind we know; located at the start of the value.
    fn unrecognized(message: String, value: Span) -> Fault {
        let at = Span { start: value.start, end: value.start };
        Fault { rule: InputFault::Unrecognized, message, span: at }
    }

    /// A recognised wrapper whose policy document cannot be read.
    fn not_json(message: String, span: Span) -> Fault {
        Fault { rule: InputFault::NotJson, message, span }
    }
}

/// What the parallel first pass makes of a source: its JSON, and the policy when the source is
/// a bare policy document. Empty for sources that are not parsed as JSON.
#[derive(Default)]
struct Parsed {
    value: Option<Result<Value, json::ParseError>>,
    policy: Option<Policy>,
}

/// Whether a value is a policy document itself rather than a command's output holding one.
fn is_bare_policy(value: &Value) -> bool {
    !bundle::is_bundle(value) && (value.get("Statement").is_some() || is_policy_version(value.get("Version")))
}

/// The context of one value being read: its document and that document's root.
#[derive(Clone, Copy)]
struct Cx<'a> {
    doc: u32,
    root: &'a Value,
    source: usize,
    /// The input's text (models are only read from an input's own document).
    text: &'a str,
    /// The bundle entry's command line, which names resources outputs do not carry.
    command: Option<&'a str>,
}

impl<'a> Snapshot<'a> {
    /// Reads every source. Never fails: problems become input errors.
    pub fn read(sources: &'a [Source]) -> Snapshot<'a> {
        let mut snapshot = Snapshot {
            sources,
            lines: sources.iter().map(|_| std::sync::OnceLock::new()).collect(),
            trees: sources.iter().map(|_| std::sync::OnceLock::new()).collect(),
            ..Snapshot::default()
        };
        // Parsing, and reading a bare policy document, are the bulk of the work and independent
        // per source: done on every core first. The policy's document number is set after.
        let parsed = crate::parallel::map(sources, |source| {
            let readable = source.problem.is_none() && u32::try_from(source.text.len()).is_ok();
            if !readable || is_credential_report_csv(&source.text) {
                return Parsed::default();
            }
            let value = json::parse(&source.text);
            let policy =
                value.as_ref().ok().filter(|v| is_bare_policy(v)).map(|v| Policy::read(0, v, None, source.stem()));
            Parsed { value: Some(value), policy }
        });
        for (i, (source, parsed)) in sources.iter().zip(parsed).enumerate() {
            snapshot.read_source(source, i, parsed);
        }
        // A key policy joins its key once every input (the aliases too) has been read.
        for (index, policy) in snapshot.policies.iter().enumerate() {
            if policy.holder == Some("key") {
                snapshot.model.link_key_policy(&policy.name, index);
            }
        }
        snapshot
    }

    fn read_source(&mut self, source: &Source, index: usize, parsed: Parsed) {
        let doc = self.new_doc(index, Vec::new(), String::new());
        let name = source.display_name().to_string();
        let record = self.inputs.len();
        self.inputs.push(InputRecord {
            name,
            kind: None,
            error: None,
            remarks: Vec::new(),
            policies: 0,
            not_collected: false,
        });
        if let Some((offset, message)) = &source.problem {
            self.fail(record, InputFault::NotJson, message.clone(), doc, Span::new(*offset, *offset));
            return;
        }
        if u32::try_from(source.text.len()).is_err() {
            self.fail(record, InputFault::NotJson, "the input is larger than 4 GiB".into(), doc, Span::default());
            return;
        }
        if let Some((count, first, at)) = hidden_characters(&source.text) {
            let (n, them) = if count == 1 {
                ("1 character that displays differently from what it is".to_string(), "it")
            } else {
                (format!("{count} characters that display differently from what they are"), "them")
            };
            let remark = format!(
                "this input holds {n} (control, bidirectional or zero-width; the first is U+{first:04X}, \
                 here): findings and the page show {them} escaped, never obeyed"
            );
            if let Some(input) = self.inputs.get_mut(record) {
                input.remarks.push((remark, Site { doc, span: Span::new(at, at) }));
            }
        }
        if is_credential_report_csv(&source.text) {
            let mut remarks = Vec::new();
            let result = read::read_credential_csv(doc, &source.text, &mut self.model, &mut remarks);
            self.remark(remarks);
            let result = result.map(|partial| {
                self.partial = partial.map(|f| (f.message, f.span));
                &kinds::CREDENTIAL_REPORT_CSV
            });
            self.settle(record, doc, result);
            return;
        }
        let value = match parsed.value.unwrap_or_else(|| json::parse(&source.text)) {
            Ok(value) => value,
            Err(e) => {
                let span = Span::new(e.offset, e.offset);
                self.fail(record, InputFault::NotJson, e.message, doc, span);
                return;
            }
        };
        let cx = Cx { doc, root: &value, source: index, text: &source.text, command: None };
        let before = self.policies.len();
        let result = if bundle::is_bundle(&value) {
            self.read_bundle(&cx, source, &value)
        } else if let Some(mut policy) = parsed.policy {
            policy.doc = doc;
            Ok(self.push_bare_policy(policy))
        } else {
            self.read_value(&cx, source, &value)
        };
        self.settle(record, doc, result);
        let read = self.policies.len().saturating_sub(before);
        if let Some(input) = self.inputs.get_mut(record) {
            input.policies = read;
        }
        if let Some(d) = self.docs.get_mut(doc as usize) {
            if source.text.len() < KEEP_TREE_BELOW {
                d.value = Some(value);
            } else {
                d.reparse = true;
            }
        }
    }

    /// Adds a policy document given as such (not in a wrapper); its kind is the policy's.
    fn push_bare_policy(&mut self, policy: Policy) -> &'static InputKind {
        let kind = match policy.kind {
            PolicyKind::Identity => &kinds::POLICY_IDENTITY,
            PolicyKind::Resource => &kinds::POLICY_RESOURCE,
            PolicyKind::Trust => &kinds::POLICY_TRUST,
        };
        self.policies.push(policy);
        kind
    }

    /// Records the kind, or the input error, on a record.
    fn settle(&mut self, record: usize, doc: u32, result: Recognised) {
        match (result, self.inputs.get_mut(record)) {
            (Ok(kind), Some(input)) => {
                input.kind = Some(kind);
                self.model.kinds.insert(kind.id);
                // Read in part: the kind counts, and the error is still the input's.
                if let Some((message, span)) = self.partial.take() {
                    self.fail(record, InputFault::NotJson, message, doc, span);
                }
            }
            (Err(fault), _) => self.fail(record, fault.rule, fault.message, doc, fault.span),
            (Ok(_), None) => {}
        }
    }

    fn fail(&mut self, record: usize, rule: InputFault, message: String, doc: u32, span: Span) {
        if let Some(input) = self.inputs.get_mut(record) {
            input.error = Some(InputProblem { rule, message, site: Site { doc, span } });
        }
    }

    fn new_doc(&mut self, source: usize, maps: Vec<OffsetMap>, prefix: String) -> u32 {
        self.docs.push(Doc { source, value: None, reparse: false, maps, prefix });
        u32::try_from(self.docs.len() - 1).unwrap_or(u32::MAX)
    }

    fn read_bundle(&mut self, cx: &Cx, source: &Source, value: &Value) -> Recognised {
        let Some(outputs) = value.get("outputs").and_then(Value::as_array) else {
            return Err(Fault::unrecognized("a bundle needs an `outputs` array".into(), value.span));
        };
        let meta = &mut self.model.meta;
        let text = |key| value.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()).map(String::from);
        // The first bundle names the account; outputs only fill in what no bundle said.
        if let Some(account) = text("account") {
            meta.account.get_or_insert(account);
        }
        if let Some(region) = text("region") {
            meta.region.get_or_insert(region);
        }
        if let Some(captured) = text("captured") {
            meta.captured.get_or_insert(captured);
        }
        for (i, entry) in outputs.iter().enumerate() {
            let record = self.inputs.len();
            self.inputs.push(InputRecord {
                name: format!("{}#/outputs/{i}", source.display_name()),
                kind: None,
                error: None,
                remarks: Vec::new(),
                policies: 0,
                not_collected: false,
            });
            let before = self.policies.len();
            let command = entry.get("command").and_then(Value::as_str);
            let result = match (entry.get("output"), entry.get("error")) {
                (Some(output), _) => {
                    let sub = Cx { command, ..*cx };
                    self.read_value(&sub, source, output)
                }
                (None, Some(error)) if self.not_collected(record, cx.doc, command, error, entry) => {
                    // Named, but not read: the checks that need it stay skipped.
                    if let Some(input) = self.inputs.get_mut(record) {
                        input.policies = 0;
                    }
                    continue;
                }
                (None, Some(error)) => {
                    let kind = bundle::fact_kind(command, error).map_err(|m| Fault::unrecognized(m, entry.span));
                    if let (Ok(kind), Some(code)) = (&kind, error.get("code").and_then(Value::as_str)) {
                        let mut origin = read::Origin { command, ..read::Origin::default() };
                        read::fact(kind, code, cx.doc, error, &mut origin, &mut self.model);
                        self.remark(origin.remarks);
                    }
                    self.read_fact(cx.doc, kind.as_ref().ok().copied(), error, entry);
                    kind
                }
                (None, None) => Err(Fault::unrecognized(
                    "a bundle entry needs `command` and `output` (or `error`)".into(),
                    entry.span,
                )),
            };
            self.settle(record, cx.doc, result);
            let read = self.policies.len().saturating_sub(before);
            if let Some(input) = self.inputs.get_mut(record) {
                input.policies = read;
            }
        }
        Ok(&kinds::BUNDLE)
    }

    /// Whether a bundle entry's error is an answer that states nothing (access denied,
    /// throttling, an expired token) or answers a command Posture does not review: if so the
    /// entry is recorded with its kind as not collected, with a note, and `true` is returned.
    fn not_collected(&mut self, record: usize, doc: u32, command: Option<&str>, error: &Value, entry: &Value) -> bool {
        let code = error.get("code").and_then(Value::as_str).unwrap_or_default();
        let Ok(kind) = bundle::fact_kind(command, error) else { return false };
        let known = kinds::KNOWN.iter().find(|k| k.kind.id == kind.id);
        let failed = [
            "AccessDenied",
            "Unauthorized",
            "AuthFailure",
            "Throttl",
            "RequestLimitExceeded",
            "Expired",
            "InvalidClientTokenId",
            "UnrecognizedClient",
            "OptInRequired",
            "ServiceUnavailable",
            "InternalError",
            "InternalFailure",
        ]
        .iter()
        .any(|word| code.contains(word));
        if known.is_none() && !failed {
            return false;
        }
        let note = match known {
            Some(known) => known.note(),
            None => format!(
                "not collected: the AWS answer was {} rather than the output, so the checks that need \
                 {} do not run",
                crate::base::code(code),
                crate::base::code(kind.label)
            ),
        };
        let at = Span { start: entry.span.start, end: entry.span.start };
        if let Some(input) = self.inputs.get_mut(record) {
            input.kind = Some(kind);
            input.not_collected = true;
            input.remarks.push((note, Site { doc, span: at }));
        }
        true
    }

    /// What a bundle entry's error says of the account: `NoSuchEntity` from
    /// `get-account-password-policy` means it has no password policy.
    fn read_fact(&mut self, doc: u32, kind: Option<&'static InputKind>, error: &Value, entry: &Value) {
        let code = error.get("code").and_then(Value::as_str);
        if kind == Some(&kinds::PASSWORD_POLICY) && code == Some("NoSuchEntity") && self.model.password_policy.is_none()
        {
            self.model.password_policy = Some(crate::model::PasswordPolicyState::None(Site { doc, span: entry.span }));
        }
    }

    /// What names the resource of `value`: the bundle entry's command line, or the file's name
    /// when the value is a file given on its own (not a bundle entry, not a paste).
    fn origin<'c>(cx: &Cx<'c>, source: &Source, value: &Value) -> read::Origin<'c> {
        let alone = std::ptr::eq(cx.root, value) && !source.is_unnamed();
        read::Origin { command: cx.command, stem: alone.then(|| source.stem()), remarks: Vec::new(), partial: None }
    }

    /// Recognises one value (an input, or a bundle output) and reads the models it holds.
    fn read_value(&mut self, cx: &Cx, source: &Source, value: &Value) -> Recognised {
        let named = |v: &Value, key| v.get(key).and_then(Value::as_str).map(String::from);
        if is_bare_policy(value) {
            return Ok(self.push_bare_policy(Policy::read(cx.doc, value, None, source.stem())));
        }
        if let Some(document) = value.at(&["PolicyVersion", "Document"]) {
            let name = bundle::argument(cx.command, "--policy-arn")
                .map_or_else(|| source.stem(), |arn| arn.rsplit('/').next().unwrap_or(arn).to_string());
            self.read_document(cx, document, PolicyKind::Identity, name)?;
            return Ok(&kinds::GET_POLICY_VERSION);
        }
        if let Some(role) = value.get("Role") {
            if let Some(document) = role.get("AssumeRolePolicyDocument") {
                let name = named(role, "RoleName").unwrap_or_else(|| source.stem());
                self.read_document(cx, document, PolicyKind::Trust, name)?;
                let arn = named(role, "Arn");
                let account = arn.as_deref().and_then(|arn| Some(arn.split(':').nth(4)?.to_string()));
                if let Some(policy) = self.policies.last_mut() {
                    policy.account = account.filter(|a| !a.is_empty());
                    policy.own = arn.into_iter().collect();
                }
                return Ok(&kinds::GET_ROLE);
            }
        }
        if let (Some(document), Some(name)) = (value.get("PolicyDocument"), named(value, "PolicyName")) {
            let kind = if value.get("RoleName").is_some() {
                &kinds::GET_ROLE_POLICY
            } else if value.get("UserName").is_some() {
                &kinds::GET_USER_POLICY
            } else if value.get("GroupName").is_some() {
                &kinds::GET_GROUP_POLICY
            } else {
                return Err(unrecognized(value));
            };
            self.read_document(cx, document, PolicyKind::Identity, name)?;
            return Ok(kind);
        }
        if let Some(found) = self.read_service_resource_policy(cx, source, value) {
            return found;
        }
        if let Some(document) = value.get("Policy").filter(|p| p.as_str().is_some()) {
            let is_key = value.get("PolicyName").is_some()
                || cx.command.is_some_and(|c| c.contains("get-key-policy"))
                || document.as_str().is_some_and(|text| text.contains("\"kms:"));
            let (kind, flag) =
                if is_key { (&kinds::GET_KEY_POLICY, "--key-id") } else { (&kinds::GET_BUCKET_POLICY, "--bucket") };
            // The output does not name its bucket or key: the bundle's command line does, else
            // the file's name (`reports-bucket.json`), else nothing, and the input says so.
            let mut origin = Self::origin(cx, source, value);
            let (what, example) = if is_key { ("key", "`my-key.json`") } else { ("bucket", "`my-bucket.json`") };
            let consequence = "so findings call it `policy`";
            let name = origin.named(flag, what, example, consequence, cx.doc, value).unwrap_or_else(|| "policy".into());
            self.remark(origin.remarks);
            self.read_document(cx, document, PolicyKind::Resource, name)?;
            let own = match bundle::argument(cx.command, flag) {
                Some(key) if is_key => own_key(key),
                Some(bucket) => vec![format!("arn:*:s3:::{bucket}"), format!("arn:*:s3:::{bucket}/*")],
                None => Vec::new(),
            };
            if let Some(policy) = self.policies.last_mut() {
                policy.holder = Some(if is_key { "key" } else { "bucket" });
                policy.own = own;
            }
            return Ok(kind);
        }
        let Some(kind) = kinds::recognize(value) else {
            // An output Posture knows but does not review: said quietly, not as an error.
            let known = kinds::known(value).ok_or_else(|| unrecognized(value))?;
            let at = Span { start: value.span.start, end: value.span.start };
            self.remark(vec![(known.note(), Site { doc: cx.doc, span: at })]);
            return Ok(&known.kind);
        };
        if kind == &kinds::VPC_ENDPOINTS {
            self.read_endpoint_policies(cx, value)?;
        }
        let mut origin = Self::origin(cx, source, value);
        let origin_stem = origin.stem.clone();
        read::read(kind, cx.doc, value, &mut origin, &mut self.model)?;
        self.partial = origin.partial.take();
        self.remark(origin.remarks);
        if kind == &kinds::AUTHZ_DETAILS {
            self.read_authorization_documents(cx, value);
        }
        if kind == &kinds::WINDOW_TASKS && read::window_named(cx.command, origin_stem.as_deref()).is_none() {
            let tasks = value.get("Tasks").and_then(Value::as_array).unwrap_or_default();
            if tasks.iter().any(|task| task.get("WindowId").is_none()) {
                let remark = "which maintenance window? these tasks do not name their window: give the file \
                              the window's id (`mw-0123456789abcdef0.json`) or collect it with the snapshot script";
                self.remark(vec![(remark.to_string(), Site { doc: cx.doc, span: value.span })]);
            }
        }
        Ok(kind)
    }

    /// Adds remarks to the input being read (the last record).
    fn remark(&mut self, remarks: Vec<(String, Site)>) {
        if let Some(record) = self.inputs.last_mut() {
            record.remarks.extend(remarks);
        }
    }

    /// The resource policies of Lambda, SQS, SNS, Secrets Manager and ECR, as their `get-…`
    /// commands print them (the policy is a JSON string). `None` when `value` is none of them.
    fn read_service_resource_policy(&mut self, cx: &Cx, source: &Source, value: &Value) -> Option<Recognised> {
        let text = |v: &Value, key| v.get(key).and_then(Value::as_str).map(String::from);
        let last = |arn: String| arn.rsplit([':', '/']).next().unwrap_or(&arn).to_string();
        let own: Option<String>;
        let (kind, holder, document, name) = if let Some(attributes) = value.get("Attributes") {
            let topic = text(attributes, "TopicArn");
            let is_topic = topic.is_some() || cx.command.is_some_and(|c| c.contains("get-topic-attributes"));
            let Some(document) = attributes.get("Policy").filter(|p| p.as_str().is_some()) else {
                // A queue or topic without a policy: recognised, nothing to review.
                return match (is_topic, attributes.get("QueueArn").is_some()) {
                    (true, _) => Some(Ok(&kinds::GET_TOPIC_ATTRIBUTES)),
                    (false, true) => Some(Ok(&kinds::GET_QUEUE_ATTRIBUTES)),
                    (false, false) => None,
                };
            };
            own = topic.clone().or_else(|| text(attributes, "QueueArn"));
            let name = topic
                .or_else(|| text(attributes, "QueueArn"))
                .or_else(|| bundle::argument(cx.command, "--topic-arn").map(String::from))
                .or_else(|| bundle::argument(cx.command, "--queue-url").map(String::from))
                .map(last);
            if is_topic {
                (&kinds::GET_TOPIC_ATTRIBUTES, "topic", document, name)
            } else {
                (&kinds::GET_QUEUE_ATTRIBUTES, "queue", document, name)
            }
        } else if let (Some(document), Some(_)) = (value.get("Policy"), value.get("RevisionId")) {
            let function = bundle::argument(cx.command, "--function-name");
            own = function.map(|f| {
                if f.starts_with("arn:") {
                    f.to_string()
                } else {
                    format!("arn:*:lambda:*:*:function:{f}")
                }
            });
            let name = function.map(|f| last(f.to_string()));
            (&kinds::GET_LAMBDA_POLICY, "function", document, name)
        } else if let Some(document) = value.get("ResourcePolicy") {
            own = text(value, "ARN");
            (&kinds::GET_SECRET_POLICY, "secret", document, text(value, "Name"))
        } else if let Some(document) = value.get("policyText") {
            own = text(value, "repositoryName").map(|repository| {
                let registry = text(value, "registryId").unwrap_or_else(|| "*".into());
                format!("arn:*:ecr:*:{registry}:repository/{repository}")
            });
            (&kinds::GET_REPOSITORY_POLICY, "repository", document, text(value, "repositoryName"))
        } else {
            return None;
        };
        let name = name.unwrap_or_else(|| source.stem());
        if let Err(fault) = self.read_document(cx, document, PolicyKind::Resource, name) {
            return Some(Err(fault));
        }
        if let Some(policy) = self.policies.last_mut() {
            policy.holder = Some(holder);
            // A function's policy also governs its versions and aliases (`function:name:qualifier`).
            policy.own = match own {
                Some(function) if holder == "function" => vec![format!("{function}:*"), function],
                own => own.into_iter().collect(),
            };
        }
        Some(Ok(kind))
    }

    /// The policy of each VPC endpoint (a JSON string), named by the endpoint's id.
    fn read_endpoint_policies(&mut self, cx: &Cx, value: &Value) -> Result<(), Fault> {
        let endpoints = value.get("VpcEndpoints").or(Some(value)).and_then(Value::as_array).unwrap_or_default();
        for endpoint in endpoints {
            if let Some(document) = endpoint.get("PolicyDocument") {
                let name = endpoint.get("VpcEndpointId").and_then(Value::as_str).unwrap_or("vpc-endpoint");
                self.read_document(cx, document, PolicyKind::Resource, name.to_string())?;
                if let Some(policy) = self.policies.last_mut() {
                    policy.holder = Some("endpoint");
                }
            }
        }
        Ok(())
    }

    /// The policy documents of `get-account-authorization-details`, each read as a policy of
    /// its own and linked to its holder in the model: inline policies (named `holder/policy`),
    /// roles' trust policies (named by the role, with the role's account), and each managed
    /// policy's default version (named by `PolicyName`; AWS managed ones marked so). A principal
    /// or policy given twice is read once, as the model keeps it. A document that cannot be
    /// read is a remark on the input; the rest are still read.
    fn read_authorization_documents(&mut self, cx: &Cx, value: &Value) {
        let lists = [
            ("UserDetailList", "UserName", "UserPolicyList"),
            ("GroupDetailList", "GroupName", "GroupPolicyList"),
            ("RoleDetailList", "RoleName", "RolePolicyList"),
        ];
        let here = |item: &Value| Site { doc: cx.doc, span: item.span };
        for (list, name_key, inline_key) in lists {
            for item in value.get(list).and_then(Value::as_array).unwrap_or_default() {
                let Some(arn) = item.get("Arn").and_then(Value::as_str) else { continue };
                // Only the entry the model kept (the first of duplicates).
                if self.model.principals.get(arn).map(|p| p.arn.site) != Some(here(item)) {
                    continue;
                }
                let holder = item.get(name_key).and_then(Value::as_str).unwrap_or_default();
                let mut inline = Vec::new();
                for policy in item.get(inline_key).and_then(Value::as_array).unwrap_or_default() {
                    let (Some(name), Some(document)) =
                        (policy.get("PolicyName").and_then(Value::as_str), policy.get("PolicyDocument"))
                    else {
                        inline.push(None);
                        continue;
                    };
                    inline.push(self.read_held(cx, document, PolicyKind::Identity, format!("{holder}/{name}")));
                }
                let trust = item.get("AssumeRolePolicyDocument").and_then(|document| {
                    let index = self.read_held(cx, document, PolicyKind::Trust, holder.to_string())?;
                    let policy = self.policies.get_mut(index)?;
                    policy.account = arn.split(':').nth(4).filter(|a| !a.is_empty()).map(String::from);
                    policy.own = vec![arn.to_string()];
                    Some(index)
                });
                if let Some(principal) = self.model.principals.get_mut(arn) {
                    principal.inline_documents = inline;
                    principal.trust_document = trust;
                }
            }
        }
        for item in value.get("Policies").and_then(Value::as_array).unwrap_or_default() {
            let Some(arn) = item.get("Arn").and_then(Value::as_str) else { continue };
            if self.model.managed_policies.get(arn).map(|p| p.arn.site) != Some(here(item)) {
                continue;
            }
            let default = item.get("DefaultVersionId").and_then(Value::as_str);
            let versions = item.get("PolicyVersionList").and_then(Value::as_array).unwrap_or_default();
            let chosen = versions.iter().find(|v| v.get("IsDefaultVersion").and_then(Value::as_bool) == Some(true));
            let chosen = chosen.or_else(|| {
                versions.iter().find(|v| default.is_some() && v.get("VersionId").and_then(Value::as_str) == default)
            });
            let Some(document) = chosen.and_then(|v| v.get("Document")) else { continue };
            let name = item
                .get("PolicyName")
                .and_then(Value::as_str)
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(arn))
                .to_string();
            let index = self.read_held(cx, document, PolicyKind::Identity, name);
            if let Some(policy) = index.and_then(|i| self.policies.get_mut(i)) {
                policy.aws_managed = crate::model::identity::is_aws_managed(arn);
            }
            if let Some(policy) = self.model.managed_policies.get_mut(arn) {
                policy.document = index;
            }
        }
    }

    /// Reads one document of authorization details: its index in `policies`, or `None` (and a
    /// remark on the input) when it cannot be read.
    fn read_held(&mut self, cx: &Cx, document: &Value, kind: PolicyKind, name: String) -> Option<usize> {
        match self.read_document(cx, document, kind, name) {
            Ok(()) => Some(self.policies.len() - 1),
            Err(fault) => {
                self.remark(vec![(fault.message, Site { doc: cx.doc, span: fault.span })]);
                None
            }
        }
    }

    /// Reads a policy document held by a wrapper: an object, a JSON string, or a
    /// URL-encoded JSON string.
    fn read_document(&mut self, cx: &Cx, value: &Value, kind: PolicyKind, name: String) -> Result<(), Fault> {
        let Some(text) = value.as_str() else {
            self.policies.push(Policy::read(cx.doc, value, Some(kind), name));
            return Ok(());
        };
        let raw = cx.text.get(value.span.start as usize..value.span.end as usize).unwrap_or_default();
        let (mut decoded, string_map) = OffsetMap::json_string(raw, value.span.start);
        let mut maps = vec![string_map];
        // A byte comparison: the text may start with a multi-byte character.
        if text.trim_start().as_bytes().get(..3).is_some_and(|start| start.eq_ignore_ascii_case(b"%7B")) {
            let Some((plain, percent_map)) = json::decode_percent(&decoded) else {
                return Err(Fault::not_json(
                    "the URL-encoded policy document has a malformed `%` escape or is not UTF-8".into(),
                    value.span,
                ));
            };
            decoded = plain;
            maps.insert(0, percent_map);
        }
        // `cx` is always an input's own document, so its offsets and pointers are the input's.
        let prefix = cx.root.pointer_to(value.span);
        let inner = match json::parse(&decoded) {
            Ok(v) => v,
            Err(e) => {
                let at = maps.iter().fold(json::Span::new(e.offset, e.offset).start, |o, m| m.to_source(o));
                let message = format!("the policy document in this string is not JSON: {}", e.message);
                return Err(Fault::not_json(message, Span { start: at, end: at }));
            }
        };
        let doc = self.new_doc(cx.source, maps, prefix);
        self.policies.push(Policy::read(doc, &inner, Some(kind), name));
        if let Some(d) = self.docs.get_mut(doc as usize) {
            d.value = Some(inner);
        }
        Ok(())
    }

    /// A document and the input it belongs to (every site is made for a document of this
    /// snapshot, so both exist).
    fn doc_source(&self, doc: u32) -> Option<(&Doc, &Source)> {
        let doc = self.docs.get(doc as usize)?;
        Some((doc, self.sources.get(doc.source)?))
    }

    /// The text of the input a document belongs to.
    pub fn source_text(&self, doc: u32) -> &str {
        self.doc_source(doc).map_or("", |(_, source)| source.text.as_str())
    }

    /// The input name a site belongs to.
    pub fn input_name(&self, site: Site) -> &str {
        self.doc_source(site.doc).map_or("", |(_, source)| source.display_name())
    }

    /// A site's byte range in its input's text.
    pub fn source_span(&self, site: Site) -> Span {
        let Some(doc) = self.docs.get(site.doc as usize) else { return site.span };
        let map = |o: u32| doc.maps.iter().fold(o, |o, m| m.to_source(o));
        let start = map(site.span.start);
        // Offsets just after an escape have a segment of their own, so the end maps exactly.
        let end = map(site.span.end);
        Span { start, end: end.max(start) }
    }

    /// Drops the typed resources and the policy documents once the checks have run: what is
    /// left (the texts, the documents' maps, the inputs' records) locates findings.
    pub fn release_model(&mut self) {
        self.model = Model::default();
        self.policies = Vec::new();
    }

    /// Where a site is, as the report gives it, plus its UTF-16 range for the page.
    pub fn locate(&self, site: Site) -> (Location, Utf16Range) {
        let found =
            self.doc_source(site.doc).and_then(|(doc, source)| Some((doc, source, self.lines.get(doc.source)?)));
        let Some((doc, source, lines)) = found else {
            return (Location { pointer: String::new(), line: 1, column: 1 }, Utf16Range::default());
        };
        let text = source.text.as_str();
        let lines = lines.get_or_init(|| LineIndex::new(text));
        let span = self.source_span(site);
        let (line, column) = lines.line_col(text, span.start);
        let tree = match &doc.value {
            Some(value) => Some(value),
            None if doc.reparse => {
                self.trees.get(doc.source).and_then(|t| t.get_or_init(|| json::parse(text).ok()).as_ref())
            }
            None => None,
        };
        let pointer = match tree {
            Some(value) => format!("{}{}", doc.prefix, value.pointer_to(site.span)),
            None => doc.prefix.clone(),
        };
        let range = Utf16Range { start: lines.utf16_offset(text, span.start), end: lines.utf16_offset(text, span.end) };
        (Location { pointer, line, column }, range)
    }
}

/// The ARN patterns of the key `--key-id` names: a key ARN, or a key id in any region and
/// account. An alias names no key by itself.
fn own_key(key: &str) -> Vec<String> {
    if key.starts_with("arn:") {
        vec![key.to_string()]
    } else if key.starts_with("alias/") {
        Vec::new()
    } else {
        vec![format!("arn:*:kms:*:*:key/{key}")]
    }
}

/// Characters that display differently from what they are — raw, or written as a JSON escape
/// (`\u202E`) — other than whitespace and a leading byte-order mark: how many, the first one
/// and its byte offset. One pass over the text.
fn hidden_characters(text: &str) -> Option<(usize, u32, usize)> {
    let hidden = |c: char| crate::base::is_hidden(c) && !matches!(c, '\t' | '\r' | '\n');
    let mut found: Option<(usize, u32, usize)> = None;
    let mut note = |c: char, at: usize| match &mut found {
        Some((count, _, _)) => *count += 1,
        None => found = Some((1, u32::from(c), at)),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    // Printable ASCII other than a backslash is never hidden: it is skipped a byte at a time,
    // without decoding. Decoding every character made this pass 7% of the analysis of the AWS
    // managed policies.
    let plain = |b: &u8| (0x20..0x7f).contains(b) && *b != b'\\';
    while let Some(skip) = bytes.get(at..).and_then(|rest| rest.iter().position(|b| !plain(b))) {
        at += skip;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { break };
        let leading_bom = at == 0 && c == '\u{feff}';
        if hidden(c) && !leading_bom {
            note(c, at);
        } else if c == '\\' && bytes.get(at + 1) == Some(&b'u') {
            // A backslash that is itself escaped (`\\u…`) is ruled out by the byte before it.
            let escaped = at > 0 && bytes.get(at - 1) == Some(&b'\\');
            let code = text.get(at + 2..at + 6).and_then(|h| u32::from_str_radix(h, 16).ok());
            if let (false, Some(c)) = (escaped, code.and_then(char::from_u32)) {
                if hidden(c) && c != '\u{feff}' {
                    note(c, at);
                }
            }
        }
        at += c.len_utf8();
    }
    found
}

/// The raw IAM credential report (`aws iam get-credential-report --query Content --output
/// text | base64 -d`, or the console's download) starts with this header.
fn is_credential_report_csv(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("user,arn,user_creation_time,")
}

fn is_policy_version(value: Option<&Value>) -> bool {
    value.and_then(Value::as_str).is_some_and(|v| v == "2012-10-17" || v == "2008-10-17")
}

/// The `input-unrecognized` message: what was found, what it most resembles, and where the
/// list of supported kinds is (`posture kinds`; the page folds it behind a link).
fn unrecognized(value: &Value) -> Fault {
    let closest = match kinds::closest(value) {
        Some(kinds::Resemblance { kind, misspelt: Some((expected, found)), .. }) => {
            format!("; closest: `{}` (expected a `{expected}` key, found {})", kind.label, crate::base::code(&found))
        }
        Some(r) if r.missing.is_empty() => format!("; closest: `{}`", r.kind.label),
        Some(r) => {
            let missing: Vec<String> = r.missing.iter().map(|k| format!("`{k}`")).collect();
            format!("; closest: `{}` (missing {})", r.kind.label, missing.join(", "))
        }
        None => String::new(),
    };
    let keys = |members: &[json::Member]| {
        let keys: Vec<String> = members.iter().take(4).map(|m| crate::base::code(&short(&m.key))).collect();
        format!("{}{}", keys.join(", "), if members.len() > 4 { ", …" } else { "" })
    };
    let first = value.as_array().and_then(<[Value]>::first).and_then(Value::as_object);
    let what = match (value.as_object(), first) {
        (Some(members), _) if !members.is_empty() => format!("an object with keys {}", keys(members)),
        (None, Some(members)) if !members.is_empty() => format!("a list of objects with keys {}", keys(members)),
        _ => value.type_name().to_string(),
    };
    let message = format!(
        "not a supported kind of input: found {what}{closest}; {} supported kinds: see `posture kinds`",
        kinds::ALL.len()
    );
    Fault::unrecognized(message, value.span)
}

/// A key as a message quotes it: at most 40 characters.
fn short(key: &str) -> String {
    match key.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", key.get(..at).unwrap_or_default()),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// What `hidden_characters` finds, decoded character by character: the reference its
    /// skipping of plain ASCII must agree with.
    fn reference(text: &str) -> Option<(usize, u32, usize)> {
        let hidden = |c: char| crate::base::is_hidden(c) && !matches!(c, '\t' | '\r' | '\n');
        let mut found: Option<(usize, u32, usize)> = None;
        let bytes = text.as_bytes();
        for (at, c) in text.char_indices() {
            let escaped = (c == '\\'
                && bytes.get(at + 1) == Some(&b'u')
                && !(at > 0 && bytes.get(at - 1) == Some(&b'\\')))
            .then(|| text.get(at + 2..at + 6).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32))
            .flatten()
            .filter(|&e| hidden(e) && e != '\u{feff}');
            let raw = (hidden(c) && !(at == 0 && c == '\u{feff}')).then_some(c);
            if let Some(c) = raw.or(escaped) {
                match &mut found {
                    Some((count, _, _)) => *count += 1,
                    None => found = Some((1, u32::from(c), at)),
                }
            }
        }
        found
    }

    proptest! {
        #[test]
        fn hidden_characters_agree_with_decoding_every_character(
            parts in proptest::collection::vec(prop_oneof![
                "[ -~]{0,12}",
                Just("\\u202E".to_string()), Just("\\\\u202e".to_string()), Just("\\u00".to_string()),
                Just("\u{feff}".to_string()), Just("\u{202e}".to_string()), Just("\u{1b}[31m".to_string()),
                Just("\t\r\n".to_string()), Just("é漢🦀".to_string()), Just("\u{85}\u{7f}".to_string()),
            ], 0..12)
        ) {
            let text = parts.concat();
            prop_assert_eq!(super::hidden_characters(&text), reference(&text));
        }
    }
}
