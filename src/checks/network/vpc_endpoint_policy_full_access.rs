use crate::checks::iam::common::is_public;
use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::eval::grant::ItemSet;

declare_check! {
    /// VPC endpoint policy allows everything.
    ///
    /// ## What it checks
    /// The policy of every VPC endpoint in `aws ec2 describe-vpc-endpoints` that has an `Allow`
    /// statement for every principal (`"*"` or `{"AWS": "*"}`), every action (`*`) and every
    /// resource (`*`) with no `Condition` — the policy AWS attaches when none is given.
    ///
    /// ## Why it matters
    /// An endpoint policy is where a VPC says which AWS resources its traffic may reach. With
    /// the full-access default, code in the VPC can copy data to any bucket of any account
    /// through the endpoint — the exfiltration path that a policy limited to the
    /// organization's own resources would close. IAM policies still apply; the endpoint adds
    /// no boundary of its own.
    ///
    /// ## How to fix
    /// Limit the endpoint to your organization's resources (and principals):
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*",
    ///   "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceOrgID": "o-a1b2c3d4e5"}}}]}
    /// ```
    pub static VPC_ENDPOINT_POLICY_FULL_ACCESS = {
        id: "vpc-endpoint-policy-full-access",
        severity: Low,
        area: Network,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.holder != Some("endpoint") {
        return;
    }
    for grant in policy.permissions.allows() {
        let st = grant.statement;
        let Some(principal) = st.principal.as_deref().filter(|p| is_public(p)) else { continue };
        if grant.not_action || st.has_condition() || !st.on_all_resources() || !grant.items.iter().any(ItemSet::is_all)
        {
            continue;
        }
        let message = format!(
            "endpoint `{}` lets any principal call every action on every resource ({})",
            policy.name,
            st.label()
        );
        sink.on_policy(&VPC_ENDPOINT_POLICY_FULL_ACCESS, policy, principal.span, message);
    }
}
