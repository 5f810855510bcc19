use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::Catalog;
use crate::input::PolicyKind;

declare_check! {
    /// Policy allows every action of a service.
    ///
    /// ## What it checks
    /// An `Allow` statement whose `Action` includes `service:*` for a known service (`s3:*`,
    /// `iam:*`, …). One finding per statement, listing the services. `*` alone is
    /// `admin-access`; unknown prefixes are `unknown-action`; trust policies are not checked.
    ///
    /// ## Why it matters
    /// A whole-service wildcard grants the destructive and permission-changing actions along
    /// with the ones the workload needs: `s3:*` includes `s3:DeleteBucket` and
    /// `s3:PutBucketPolicy`, `iam:*` is administrator access in disguise, and every action the
    /// service adds later is granted automatically.
    ///
    /// ## How to fix
    /// Name the actions the workload calls (CloudTrail or IAM last-accessed data shows them):
    /// ```json
    /// {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
    /// ```
    pub static SERVICE_WILDCARD = {
        id: "service-wildcard",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind == PolicyKind::Trust {
        return;
    }
    let catalog = Catalog::get();
    for st in &policy.statements {
        let Some(action) = &st.action else { continue };
        if !st.is_allow() {
            continue;
        }
        let mut services: Vec<&str> = Vec::new();
        let mut first = None;
        for item in action.iter() {
            let Some(prefix) = item.value.strip_suffix(":*") else { continue };
            if catalog.service(prefix).is_some() && !services.iter().any(|s| s.eq_ignore_ascii_case(prefix)) {
                services.push(prefix);
                first.get_or_insert(item.span);
            }
        }
        if let Some(span) = first {
            let names: Vec<String> = services.iter().map(|s| format!("`{s}:*`")).collect();
            let what = if names.len() == 1 { "every action of a service" } else { "every action of several services" };
            sink.on_policy(
                &SERVICE_WILDCARD,
                policy,
                span,
                format!("{} allows {what}: {}", st.label(), names.join(", ")),
            );
        }
    }
}
