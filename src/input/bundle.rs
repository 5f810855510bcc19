//! The snapshot bundle: one JSON file holding the outputs of many AWS CLI commands, as the
//! collection script writes it (`{"bundle": 1, "account", "region", "captured", "outputs"}`).

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

fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::argument;

    #[test]
    fn finds_flag_values() {
        let cmd = Some("aws s3api get-bucket-policy --bucket my-bucket --output json");
        assert_eq!(argument(cmd, "--bucket"), Some("my-bucket"));
        assert_eq!(argument(Some("aws kms get-key-policy --key-id='k-1'"), "--key-id"), Some("k-1"));
        assert_eq!(argument(cmd, "--key-id"), None);
        assert_eq!(argument(None, "--bucket"), None);
    }
}
