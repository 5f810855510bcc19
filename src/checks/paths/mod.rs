//! Attack paths: checks that join what the areas found (exposure, roles and their effective
//! permissions, credentials, patch state) into what an attacker would chain. The area of each
//! is the one RULES.md gives it.

pub mod exposed_instance_privileged_role;
pub mod exposed_instance_unpatched;
pub mod instance_imdsv1_enabled;
pub mod privileged_user_weak_credentials;
pub mod role_chain_to_admin;
pub mod role_graph;

use crate::checks::iam::admin_access::{principal_admin, Admin};
use crate::checks::iam::principals;
use crate::checks::iam::privilege_escalation::principal_escalation;
use crate::iam::account::{Effective, Held};
use crate::iam::catalog::Catalog;
use crate::iam::sensitive::EXFILTRATION_ACTIONS;
use crate::model::Site;

/// What a principal can do that an attack path hands out: a phrase for the message, and the
/// hops that show it (the principal, then the grants it uses).
pub(crate) struct Power {
    pub what: String,
    pub hops: Vec<(String, Site)>,
}

/// What `AmazonSSMManagedInstanceCore`, which every managed instance needs, grants on `*`:
/// not counted as data exfiltration on an instance's role (RULES.md).
const MANAGED_INSTANCE_READS: [&str; 3] = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetDocument"];

/// How many escalation methods a message names before "and N more".
const NAMED: usize = 3;

/// Whether a principal has principal-level `admin-access`, else `privilege-escalation`, else
/// (when `exfiltration`) `data-exfiltration` on every resource through an action other than
/// [`MANAGED_INSTANCE_READS`]: the first that holds, decided as those rules decide.
pub(crate) fn power(e: &Effective, exfiltration: bool) -> Option<Power> {
    if let Some(admin) = principal_admin(e) {
        return Some(match admin {
            Admin::Grant(h, g) => Power {
                what: format!("administrator access (`*` on `*` from {})", principals::provenance(h, g)),
                hops: principals::path(e, &[(h, g)]),
            },
            Admin::ByArn(site, held) => {
                let of = match held {
                    Held::Group { group, .. } => format!(" of group `{group}`"),
                    _ => String::new(),
                };
                Power {
                    what: format!("administrator access (the AWS managed `AdministratorAccess`{of})"),
                    hops: vec![
                        (e.label(), e.principal.arn.site),
                        (format!("`AdministratorAccess` (attached){of}"), site),
                    ],
                }
            }
        });
    }
    if let Some((methods, uncertain, hops)) = principal_escalation(e) {
        let shown: Vec<String> = methods.iter().take(NAMED).map(|m| format!("`{m}`")).collect();
        let rest = methods.len().saturating_sub(NAMED);
        let more = if rest > 0 { format!(" and {rest} more") } else { String::new() };
        let caveat = if uncertain { " (only under conditions, or given a target to take over)" } else { "" };
        let noun = if methods.len() == 1 { "method" } else { "methods" };
        return Some(Power { what: format!("privilege escalation ({noun} {}{more}){caveat}", shown.join(", ")), hops });
    }
    if !exfiltration {
        return None;
    }
    let names: Vec<&'static str> =
        EXFILTRATION_ACTIONS.iter().map(|s| s.action).filter(|a| !MANAGED_INSTANCE_READS.contains(a)).collect();
    let found = e.on_everything(&names);
    let catalog = Catalog::get();
    let first = catalog.find_action(found.first()?)?;
    let (holding, grant) = e.allows().find(|(_, g)| g.actions.contains(first) && g.on_unbounded_resources())?;
    let shown: Vec<String> = found.iter().take(NAMED).map(|a| format!("`{a}`")).collect();
    let rest = found.len().saturating_sub(NAMED);
    let more = if rest > 0 { format!(" and {rest} more") } else { String::new() };
    Some(Power {
        what: format!("data exfiltration ({}{more} on every resource)", shown.join(", ")),
        hops: principals::path(e, &[(holding, grant)]),
    })
}
