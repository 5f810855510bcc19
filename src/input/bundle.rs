//! The snapshot bundle: one JSON file holding the outputs of many AWS CLI commands, as the
//! collection script writes it (`{"bundle": 1, "account", "region", "captured", "outputs"}`).

use super::kinds::{self, InputKind};
use crate::json::Value;

pub(super) fn is_bundle(value: &Value) -> bool {
    value.get("bundle").is_some() && value.get("outputs").is_some()
}

/// The value of `--flag VALUE` (or `--flag=VALUE`) in a bundle entry's command line.
pub(super) fn argument<'a>(command: Option<&'a str>, flag: &str) -> Option<&'a str> {
    let mut words = command?.split_whitespace();
    while let Some(word) = words.next() {
        if word == flag {
            return words.next().map(unquote);
        }
        if let Some(value) = word.strip_prefix(flag).and_then(|rest| rest.strip_prefix('=')) {
            return Some(unquote(value));
        }
    }
    None
}

/// The kind of a bundle entry that holds, instead of an output, the AWS error that answered its
/// command and states a fact (PRODUCT.md: `NoSuchBucketPolicy` means the bucket has no policy):
/// the kind its command line names. Why it failed (a message) when the entry cannot be read.
pub(super) fn fact_kind(command: Option<&str>, error: &Value) -> Result<&'static InputKind, String> {
    if error.get("code").and_then(Value::as_str).is_none() {
        return Err("a bundle entry's `error` needs a `code`".into());
    }
    let command = command.ok_or("a bundle entry with an `error` needs the `command` it answers")?;
    command_kind(command)
        .ok_or_else(|| format!("{} is not a command whose output Posture reads", crate::base::code(command)))
}

/// The kind of output a command line prints: `aws s3api get-bucket-policy --bucket b` gives
/// `s3api.get-bucket-policy`. `s3control get-public-access-block` (the account's settings)
/// prints the same shape as the bucket's and shares its kind.
fn command_kind(command: &str) -> Option<&'static InputKind> {
    let mut words = command.split_whitespace();
    let mut service = words.next()?;
    if service == "aws" {
        service = words.next()?;
    }
    let operation = words.next()?;
    let service = if service == "s3control" { "s3api" } else { service };
    // A command Posture knows but does not review has a kind too (`iam.list-users`).
    let known = kinds::KNOWN.iter().map(|k| &k.kind);
    kinds::ALL.iter().copied().chain(known).find(|k| k.id.split_once('.') == Some((service, operation)))
}

fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::{argument, fact_kind};
    use crate::json;

    #[test]
    fn finds_flag_values() {
        let cmd = Some("aws s3api get-bucket-policy --bucket my-bucket --output json");
        assert_eq!(argument(cmd, "--bucket"), Some("my-bucket"));
        assert_eq!(argument(Some("aws kms get-key-policy --key-id='k-1'"), "--key-id"), Some("k-1"));
        assert_eq!(argument(cmd, "--key-id"), None);
        assert_eq!(argument(None, "--bucket"), None);
    }

    #[test]
    fn a_stated_fact_takes_the_kind_of_its_command() {
        let error =
            json::parse(r#"{"code": "NoSuchBucketPolicy", "message": "The bucket policy does not exist"}"#).unwrap();
        let kind = |command| fact_kind(Some(command), &error).map(|k| k.id);
        assert_eq!(kind("aws s3api get-bucket-policy --bucket logs"), Ok("s3api.get-bucket-policy"));
        assert_eq!(kind("aws s3control get-public-access-block --account-id 1"), Ok("s3api.get-public-access-block"));
        assert_eq!(kind("iam get-account-password-policy"), Ok("iam.get-account-password-policy"));
        // A command Posture knows but does not review has its kind; an unknown one is an error.
        assert_eq!(kind("aws sts get-caller-identity"), Ok("sts.get-caller-identity"));
        assert!(kind("aws sts assume-role").unwrap_err().contains("not a command whose output Posture reads"));
        assert!(kind("aws").is_err());
        assert!(fact_kind(None, &error).unwrap_err().contains("needs the `command`"));
        let no_code = json::parse(r#"{"message": "no code"}"#).unwrap();
        assert!(fact_kind(Some("aws s3api get-bucket-policy"), &no_code).unwrap_err().contains("needs a `code`"));
    }
}
