//! What the principal-level checks share: reporting a finding on a user, group or role, and
//! naming where each grant came from.

use crate::checks::{Check, RawFinding, Sink};
use crate::iam::account::{Effective, Holding};
use crate::iam::catalog::{ActionId, Catalog};
use crate::iam::eval::Grant;
use crate::model::Site;

/// "`DevOpsPolicy` (attached) statement `Pass`".
pub fn provenance(holding: &Holding, grant: &Grant) -> String {
    format!("{} {}", holding.describe(), grant.statement.label())
}

/// Where a grant's actions are written (the `Action`/`NotAction` element, else the statement).
pub fn action_site(holding: &Holding, grant: &Grant) -> Site {
    let st = grant.statement;
    holding.at(st.action.as_ref().or(st.not_action.as_deref()).map_or(st.span, |l| l.span))
}

/// "`iam:PassRole` from `DevOpsPolicy` (attached) statement `Pass`".
pub fn action_from(action: ActionId, holding: &Holding, grant: &Grant) -> String {
    format!("`{}` from {}", Catalog::get().qualified_name(action), provenance(holding, grant))
}

/// The path of a principal finding: the principal, then each grant it used.
pub fn path(e: &Effective, grants: &[(&Holding, &Grant)]) -> Vec<(String, Site)> {
    let mut path = vec![(e.label(), e.principal.arn.site)];
    for (holding, grant) in grants {
        let hop = (provenance(holding, grant), action_site(holding, grant));
        if !path.contains(&hop) {
            path.push(hop);
        }
    }
    path
}

/// Reports a finding on a principal: the resource is its name.
pub fn report(
    sink: &mut Sink,
    check: &'static Check,
    e: &Effective,
    site: Site,
    message: String,
    path: Vec<(String, Site)>,
    lowered: bool,
) {
    sink.findings.push(RawFinding {
        rule: &check.rule,
        resource: e.principal.name.clone(),
        message,
        site,
        lowered,
        path,
        raised: false,
        fixed: None,
    });
}
