use crate::checks::{declare_check, Reviewed, Runner, Sink};

declare_check! {
    /// Policy allows everything except a list of actions.
    ///
    /// ## What it checks
    /// A statement with `"Effect": "Allow"` and `NotAction` whose `Resource` includes `*`.
    /// `NotAction` with `Deny` is a sound pattern (deny everything but …) and is not flagged.
    ///
    /// ## Why it matters
    /// `Allow` + `NotAction` grants every action that is not listed — in every service,
    /// including services and actions AWS launches after the policy was written. A policy
    /// meant as "everything but IAM" still grants `organizations:*`, `account:*` and
    /// `sts:*`, and quietly grows with every AWS release.
    ///
    /// ## How to fix
    /// List what is allowed instead of what is not, or turn the statement into a `Deny`
    /// beside a positive `Allow`:
    /// ```json
    /// [
    ///   {"Effect": "Allow", "Action": ["ec2:*", "s3:*", "cloudwatch:*"], "Resource": "*"},
    ///   {"Effect": "Deny", "NotAction": ["ec2:*", "s3:*", "cloudwatch:*"], "Resource": "*"}
    /// ]
    /// ```
    pub static NOT_ACTION_ALLOW = {
        id: "not-action-allow",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    for st in &policy.statements {
        let Some(not_action) = &st.not_action else { continue };
        if !st.is_allow() || !st.on_all_resources() {
            continue;
        }
        let listed: Vec<String> = not_action.iter().take(4).map(|a| crate::base::code(&a.value)).collect();
        let more = not_action.items.len().saturating_sub(listed.len());
        let except = match (listed.is_empty(), more) {
            (true, _) => "nothing".to_string(),
            (false, 0) => listed.join(", "),
            (false, n) => format!("{} and {n} more", listed.join(", ")),
        };
        let condition = if st.has_condition() { " (under a condition)" } else { "" };
        sink.on_policy(
            &NOT_ACTION_ALLOW,
            policy,
            not_action.span,
            format!("{} allows every action except {except} on `*`{condition}", st.label()),
        );
    }
}
