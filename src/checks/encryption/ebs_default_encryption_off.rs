use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

use super::{account, in_region};

declare_check! {
    /// EBS encryption by default is off.
    ///
    /// ## What it checks
    /// `aws ec2 get-ebs-encryption-by-default` with `EbsEncryptionByDefault` `false`. The
    /// setting is per region; the finding names the account and the snapshot's region.
    ///
    /// ## Why it matters
    /// With the setting off, every volume created without asking for encryption (by a
    /// launch template, an old AMI, a tool) is stored in the clear, and so are its
    /// snapshots. Turning it on makes encryption the rule for every new volume in the
    /// region, at no cost in performance. AWS Security Hub control EC2.7 fails.
    ///
    /// ## How to fix
    /// In each region used:
    /// ```sh
    /// aws ec2 enable-ebs-encryption-by-default --region eu-west-1
    /// ```
    pub static EBS_DEFAULT_ENCRYPTION_OFF = {
        id: "ebs-default-encryption-off",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP EC2.7"],
        run: Runner::Snapshot { needs: &["ec2.get-ebs-encryption-by-default"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    if let Some(flag) = model.ebs_encryption_by_default.as_ref().filter(|f| !f.value) {
        let region = in_region(model);
        let message = if region.is_empty() {
            "encryption by default of new EBS volumes is off in the snapshot's region (the input does not name it)"
                .to_string()
        } else {
            format!("encryption by default of new EBS volumes is off{region}")
        };
        sink.report(&EBS_DEFAULT_ENCRYPTION_OFF, account(model), flag.site, message);
    }
}
