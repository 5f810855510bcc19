use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::Catalog;

declare_check! {
    /// Policy names an action that does not exist.
    ///
    /// ## What it checks
    /// Every entry of `Action` and `NotAction`, wildcards included, against the embedded IAM
    /// action catalogue: an entry whose service prefix is unknown, or that matches no action
    /// of its service, is reported with the closest real action. Matching is
    /// case-insensitive, as in IAM. The catalogue's source and date are shown by
    /// `posture --version` and at the top of the rules reference.
    ///
    /// ## Why it matters
    /// IAM accepts a policy with a misspelt action and ignores that entry. An `Allow` then
    /// grants less than intended, which is a nuisance; a `Deny` or a `NotAction` then protects
    /// less than intended, which is a hole: `"Deny": "s3:DeleteObjects"` blocks nothing. API
    /// operation names are a common trap (`s3:GetBucketLifecycle` is an API call; the action
    /// is `s3:GetLifecycleConfiguration`).
    ///
    /// ## How to fix
    /// Use the action's exact name from the Service Authorization Reference:
    /// ```json
    /// {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::audit-logs/*"}
    /// ```
    pub static UNKNOWN_ACTION = {
        id: "unknown-action",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    let catalog = Catalog::get();
    let mut grants = policy.permissions.grants.iter().peekable();
    for st in &policy.statements {
        let Some((list, _)) = st.actions() else { continue };
        // The evaluation core expanded the items of statements with a valid `Effect` already.
        let expanded = grants.next_if(|g| std::ptr::eq(g.statement, st)).map(|g| &g.items);
        for (i, item) in list.iter().enumerate() {
            let known = |action: &str| match expanded {
                Some(items) => items.get(i).is_some_and(|set| !set.is_empty()),
                None => !catalog.expand(action).is_empty(),
            };
            let action = item.value.as_str();
            if action == "*" {
                continue;
            }
            // Known actions (nearly all of them) cost a bitset test; only the rest are explained.
            if action.contains(':') && known(action) {
                continue;
            }
            let quoted = crate::base::code(action);
            let message = match action.split_once(':') {
                None => format!("{quoted} is not an action: actions are written `service:Action`"),
                Some((prefix, _)) if !prefix.contains(['*', '?']) && catalog.service(prefix).is_none() => {
                    let date = catalog.updated_at().split('T').next().unwrap_or_default();
                    format!(
                        "{quoted} names the service prefix {}, which the IAM reference of {date} does not \
                         list (misspelt, or a retired service)",
                        crate::base::code(prefix)
                    )
                }
                Some(_) => {
                    let what = if action.contains(['*', '?']) { "matches no action" } else { "is not an action" };
                    format!("{quoted} {what} of the IAM catalogue")
                }
            };
            let hint = catalog.suggest(action).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            sink.on_policy(&UNKNOWN_ACTION, policy, item.span, format!("{message}{hint}"));
        }
    }
}
