//! Input errors. They are found while reading (see `input`), reported on the input rather
//! than as findings, and documented here like every other check.

use super::{declare_check, Runner};

declare_check! {
    /// Input is not JSON.
    ///
    /// ## What it checks
    /// That each input parses as JSON (RFC 8259): the whole text, and any policy document
    /// held inside a JSON string (`aws s3api get-bucket-policy`, `aws kms get-key-policy`) or
    /// URL-encoded (raw IAM API output). The raw IAM credential report, which is CSV, is
    /// accepted too. The error names the first problem with its line and column; nesting
    /// deeper than 256 levels is refused.
    ///
    /// ## Why it matters
    /// A truncated copy, a stray comma or a single-quoted string means Posture cannot see the
    /// configuration at all, and neither can AWS: a policy that is not JSON is rejected when
    /// you try to save it. The other inputs are still analysed, so one broken file never hides
    /// the findings of the rest.
    ///
    /// ## How to fix
    /// Copy the whole output again, or write it to a file so nothing is cut off:
    /// ```sh
    /// aws iam get-role-policy --role-name app --policy-name app-s3 --output json > app-s3.json
    /// ```
    /// JSON needs double quotes and no trailing commas: `{"Effect": "Allow"}`, not `{'Effect': 'Allow',}`.
    pub static INPUT_NOT_JSON = {
        id: "input-not-json",
        severity: High,
        area: Input,
        controls: [],
        run: Runner::Input,
    }
}

declare_check! {
    /// Input is not a supported kind.
    ///
    /// ## What it checks
    /// That each JSON input is one Posture recognises from its content: an IAM policy
    /// document (identity, resource or trust), a supported `aws … get-*`/`describe-*` output,
    /// or a snapshot bundle. The error names the closest supported kind — the one whose keys,
    /// and its list elements' keys, overlap the input's most — with the key it expected, and
    /// says where the full list is (`posture kinds`; a link on the page).
    ///
    /// Real AWS outputs that Posture knows but does not review (`aws iam list-users`,
    /// `aws ec2 describe-instance-attribute`, `aws sts get-caller-identity`, …) are not this
    /// error: they are recognised by their shape, listed as not reviewed, and a note on the
    /// input says which reviewed output holds the same data, when one does.
    ///
    /// ## Why it matters
    /// An input that is not recognised is not reviewed: without this error a misspelt key
    /// (`Statment`) or an unsupported command's output would pass silently, and an empty
    /// findings list would look like a clean bill of health.
    ///
    /// ## How to fix
    /// Give the command's JSON output as the AWS CLI prints it (`--output json`), without
    /// `--query` reshaping, or the bare policy document:
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
    /// ```
    pub static INPUT_UNRECOGNIZED = {
        id: "input-unrecognized",
        severity: High,
        area: Input,
        controls: [],
        run: Runner::Input,
    }
}

#[cfg(test)]
mod tests {
    use crate::base::InputFault;

    #[test]
    fn the_input_layer_names_these_rules() {
        assert_eq!(InputFault::NotJson.id(), super::INPUT_NOT_JSON.rule.id);
        assert_eq!(InputFault::Unrecognized.id(), super::INPUT_UNRECOGNIZED.rule.id);
    }
}
