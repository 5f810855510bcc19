use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{AccessLevel, Action, ActionSet, Catalog};
use crate::iam::eval::grant::ItemSet;
use crate::input::{List, PolicyKind};

use std::sync::OnceLock;

use super::common::{acts_on_any_resource, only_non_narrowing_conditions, report_statement};

declare_check! {
    /// Policy allows write actions on every resource.
    ///
    /// ## What it checks
    /// An identity policy `Allow` statement without a `Condition` whose `Resource` includes
    /// `*` and whose actions include any at access level *Write*, *Permissions management* or
    /// *Tagging* that supports resource-level permissions — so a narrower ARN was possible.
    /// Actions that only work on `*` (such as `ec2:DescribeInstances` or
    /// `s3:ListAllMyBuckets`) are not counted, nor are those whose ordinary use names no
    /// resource: a single resource type the Service Authorization Reference marks optional
    /// (`cloudwatch:PutMetricData`, which may name a `dataset` but usually names none). One finding per statement, naming the actions;
    /// a statement that allows every action is `admin-access` instead. A statement whose
    /// `Condition` does not narrow the resources — only TLS, region, the calling service, the
    /// account or organization, or the time — is reported one severity lower, naming the
    /// condition; any other condition (tags, for example) leaves it alone.
    ///
    /// ## Why it matters
    /// `Resource: "*"` extends each write to every present and future resource of its type in
    /// the account: a role that should update one table can overwrite or delete all of them,
    /// and permission-management actions on `*` can change any policy. This is the single
    /// most common over-grant found in reviews.
    ///
    /// ## How to fix
    /// Scope each write to the ARNs it needs (wildcards inside the ARN are fine):
    /// ```json
    /// {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem"],
    ///  "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"}
    /// ```
    pub static WRITE_ON_ALL_RESOURCES = {
        id: "write-on-all-resources",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// How many action names a message lists before summarising the rest.
const LISTED: usize = 5;

/// The actions a narrower ARN could scope: Write, Permissions management or Tagging, with
/// resource-level permissions. Built once.
fn scopable_writes() -> &'static ActionSet {
    static SET: OnceLock<ActionSet> = OnceLock::new();
    SET.get_or_init(|| {
        let catalog = Catalog::get();
        catalog
            .expand("*")
            .iter()
            .filter(|&id| {
                let info = catalog.action_info(id);
                let level = info.access_level();
                matches!(level, AccessLevel::Write | AccessLevel::PermissionsManagement | AccessLevel::Tagging)
                    && info.supports_resource_level_permissions()
                    && !resource_optional(info)
            })
            .collect()
    })
}

/// Whether an action's ordinary use names no resource, so that it needs `"Resource": "*"`: its
/// one resource type is optional (`cloudwatch:PutMetricData` may name a `dataset`, and usually
/// names none; `account:CloseAccount` without an account closes the caller's own). Two or more
/// optional types are alternatives for the resource acted on (`s3:PutObject`'s `object` or
/// `accesspointobject`: the reference marks neither required because either will do), and
/// tagging and resource-policy actions always act on the resource they tag.
fn resource_optional(info: &Action) -> bool {
    let mut types = info.resource_types();
    let name = info.name();
    let acts_on_named_resource = ["Tag", "Untag"].iter().any(|p| name.starts_with(p)) || acts_on_any_resource(name);
    types.len() == 1 && types.next().is_some_and(|t| !t.required()) && !acts_on_named_resource
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Identity {
        return;
    }
    let catalog = Catalog::get();
    for grant in policy.permissions.allows() {
        let st = grant.statement;
        if grant.not_action || (st.has_condition() && !only_non_narrowing_conditions(st)) || !st.on_all_resources() {
            continue;
        }
        if grant.items.iter().any(ItemSet::is_all) {
            continue;
        }
        let writes = grant.actions.intersect(scopable_writes());
        if writes.is_empty() {
            continue;
        }
        let names: Vec<String> =
            writes.iter().take(LISTED).map(|id| format!("`{}`", catalog.qualified_name(id))).collect();
        let rest = writes.len().saturating_sub(LISTED);
        let list = if rest > 0 { format!("{} and {rest} more", names.join(", ")) } else { names.join(", ") };
        let count = writes.len();
        let noun = if count == 1 { "write action" } else { "write actions" };
        let star = st.resource.iter().flat_map(List::iter).find(|r| r.value == "*").map_or(st.span, |r| r.span);
        let message = format!("{} allows {count} {noun} on `*` that can be scoped to resources: {list}", st.label());
        report_statement(sink, &WRITE_ON_ALL_RESOURCES, policy, st, star, message);
    }
}
