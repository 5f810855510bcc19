use std::collections::HashMap;

use super::{power, Power};
use crate::base::code;
use crate::checks::network::instance_internet_exposed::internet_exposure;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::iam::account::Account;
use crate::model::{Instance, InstanceProfile, Principal, PrincipalKind, Site};

declare_check! {
    /// Internet-exposed instance whose role is administrator or can escalate.
    ///
    /// ## What it checks
    /// Every running instance that `instance-internet-exposed` flags (a public address, a
    /// default route to an internet gateway, the network ACLs when given, and a security group
    /// open to the internet on a high-risk port), joined to its role: the instance's
    /// `IamInstanceProfile.Arn` (`aws ec2 describe-instances`) matched to a role's
    /// `InstanceProfileList` in `aws iam get-account-authorization-details`. The instance is
    /// reported when that role's effective permissions have principal-level `admin-access` or
    /// `privilege-escalation`, or `data-exfiltration` on every resource through an action
    /// other than `ssm:GetParameter`, `ssm:GetParameters` and `ssm:GetDocument` (which the AWS
    /// managed `AmazonSSMManagedInstanceCore`, needed by every managed instance, grants on
    /// `*`).
    ///
    /// The message gives the exposure path, the role, what it can do, and whether the
    /// instance's metadata service answers without a session token (`IMDSv1`); the finding's
    /// path runs from the internet gateway to the instance, its profile, the role and the
    /// grants that make it powerful, each hop located in its own input.
    ///
    /// ## Why it matters
    /// Code execution through the open port, or a server-side request forgery to
    /// `169.254.169.254` (without any code execution when `IMDSv1` is allowed), gives the
    /// attacker the role's temporary credentials, and with them everything the role can do,
    /// from anywhere. This is the combination behind the best-known cloud breaches: each half
    /// looks tolerable in its own console.
    ///
    /// ## How to fix
    /// Break either half, best both: close the port to the internet, and give the instance a
    /// role with only what its software calls, requiring `IMDSv2`:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0
    /// aws iam detach-role-policy --role-name web --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
    /// aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 --http-tokens required
    /// ```
    pub static EXPOSED_INSTANCE_PRIVILEGED_ROLE = {
        id: "exposed-instance-privileged-role",
        severity: Critical,
        area: Iam,
        controls: [],
        run: Runner::Joined {
            needs: &[
                "iam.get-account-authorization-details",
                "ec2.describe-instances",
                "ec2.describe-security-groups",
                "ec2.describe-route-tables",
            ],
            run: check,
        },
    }
}

fn check(account: &Account, thresholds: &Thresholds, sink: &mut Sink) {
    let model = account.model;
    // Each instance profile's roles, indexed once (linear in the roles' profiles); what each
    // role can do is worked out once, however many instances use it.
    let mut holders: HashMap<&str, Vec<(&Principal, &InstanceProfile)>> = HashMap::new();
    for role in account.principals().filter(|p| p.kind == PrincipalKind::Role) {
        for profile in &role.instance_profiles {
            holders.entry(profile.arn.value.as_str()).or_default().push((role, profile));
        }
    }
    let mut powers: HashMap<&str, Option<(String, Power)>> = HashMap::new();
    for instance in &model.instances {
        let Some(arn) = instance.profile.as_deref() else { continue };
        let Some(roles) = holders.get(arn) else { continue };
        let Some(exposure) = internet_exposure(model, instance, &thresholds.high_risk_ports) else { continue };
        for &(role, profile) in roles {
            let found = powers.entry(role.arn.value.as_str()).or_insert_with(|| {
                let e = account.effective(role);
                power(&e, true).map(|p| (e.label(), p))
            });
            let Some((label, power)) = found.as_ref() else { continue };
            let (imds, imds_hop) = metadata(instance);
            let at = instance.profile_site.unwrap_or(instance.id.site);
            let mut path = exposure.path.clone();
            if let Some(hop) = imds_hop {
                path.push(hop);
            }
            path.push((format!("{}: instance profile {}", code(&instance.id.value), code(arn)), at));
            path.push((format!("{}: holds {label}", code(arn)), profile.arn.site));
            path.extend(power.hops.iter().cloned());
            let message = format!(
                "instance {} is reachable from the internet on {} ({}) and its instance profile gives {label}, which has {}; {imds}",
                code(&instance.id.value),
                exposure.ports_phrase(),
                exposure.route(),
                power.what
            );
            sink.report_path(&EXPOSED_INSTANCE_PRIVILEGED_ROLE, instance.id.value.clone(), at, message, path);
        }
    }
}

/// Whether the metadata service hands the credentials to a plain `GET` (as
/// `instance-imdsv1-enabled` decides), in words, and the hop that shows it when it does.
fn metadata(instance: &Instance) -> (String, Option<(String, Site)>) {
    match &instance.metadata {
        Some(m) if m.value.0 == "optional" && m.value.1 != "disabled" => (
            "IMDSv1 is allowed (`HttpTokens` `optional`): a request forgery alone reads the credentials".to_string(),
            Some(("`HttpTokens` `optional`: IMDSv1 allowed".to_string(), m.site)),
        ),
        Some(m) if m.value.1 == "disabled" => {
            ("the metadata service is disabled (`HttpEndpoint` `disabled`)".to_string(), None)
        }
        Some(m) => (format!("IMDSv1 is not allowed (`HttpTokens` `{}`)", m.value.0), None),
        None => ("whether IMDSv1 is allowed is unknown (no `MetadataOptions` in the input)".to_string(), None),
    }
}
