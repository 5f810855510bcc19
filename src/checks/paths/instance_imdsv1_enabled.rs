use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Running instance answers metadata requests without a session token.
    ///
    /// ## What it checks
    /// Every instance in `aws ec2 describe-instances` in state `running` whose
    /// `MetadataOptions.HttpTokens` is `optional` while its `HttpEndpoint` is not `disabled`:
    /// the instance metadata service answers plain `GET` requests without a session token
    /// (version 1 of the service, `IMDSv1`). An instance without a role is reported too, since a role can be attached at any
    /// time; the message says whether one is. An instance whose output has no
    /// `MetadataOptions` is not judged.
    ///
    /// ## Why it matters
    /// With version 1, any server-side request forgery in software on the instance — a proxy, a
    /// PDF renderer, a webhook fetcher — can read
    /// `http://169.254.169.254/latest/meta-data/iam/security-credentials/ROLE` and hand the
    /// role's temporary credentials to whoever sent the request. Version 2 (`IMDSv2`) requires a `PUT` to
    /// obtain a token first, which such forgeries cannot send, and stops the token at the
    /// first network hop. AWS Security Hub control EC2.8 asks for version 2 on every instance.
    ///
    /// ## How to fix
    /// Require session tokens (check first that the software on the instance uses a recent AWS
    /// SDK, which supports version 2):
    /// ```sh
    /// aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 \
    ///     --http-tokens required --http-endpoint enabled
    /// ```
    /// and make it the account's default for new instances:
    /// ```sh
    /// aws ec2 modify-instance-metadata-defaults --http-tokens required
    /// ```
    pub static INSTANCE_IMDSV1_ENABLED = {
        id: "instance-imdsv1-enabled",
        severity: Medium,
        area: Iam,
        controls: ["FSBP EC2.8"],
        run: Runner::Snapshot { needs: &["ec2.describe-instances"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for instance in model.instances.iter().filter(|i| i.is_running()) {
        let Some(metadata) = &instance.metadata else { continue };
        let (tokens, endpoint) = &metadata.value;
        if tokens != "optional" || endpoint == "disabled" {
            continue;
        }
        let role = match &instance.profile {
            Some(profile) => format!("its instance profile `{profile}` gives a role's credentials to any such request"),
            None => "no instance profile is attached now, but one can be at any time".to_string(),
        };
        let message = format!(
            "running instance `{}` answers metadata requests without a session token (`HttpTokens` `optional`): {role}",
            instance.id.value
        );
        sink.report(&INSTANCE_IMDSV1_ENABLED, instance.id.value.clone(), metadata.site, message);
    }
}
