use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// VPC has no flow log.
    ///
    /// ## What it checks
    /// Every VPC in `aws ec2 describe-vpcs` that no active flow log in
    /// `aws ec2 describe-flow-logs` records (a flow log whose `ResourceId` is the VPC). Flow
    /// logs on single subnets or interfaces do not cover the VPC. The check runs only when both
    /// outputs are given: a missing `describe-flow-logs` says nothing about flow logs.
    ///
    /// ## Why it matters
    /// Without flow logs there is no record of which addresses talked to which, on what ports:
    /// an intrusion, data exfiltration or a misrouted connection cannot be investigated after
    /// the fact. CIS 3.7 and AWS Security Hub control EC2.6 ask for them on every VPC.
    ///
    /// ## How to fix
    /// Record at least rejected traffic to CloudWatch Logs or S3:
    /// ```sh
    /// aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-0123456789abcdef0 --traffic-type REJECT --log-destination-type s3 --log-destination arn:aws:s3:::flow-logs-bucket
    /// ```
    pub static VPC_FLOW_LOGS_DISABLED = {
        id: "vpc-flow-logs-disabled",
        severity: Medium,
        area: Network,
        controls: ["FSBP EC2.6", "CIS 3.7"],
        run: Runner::Snapshot { needs: &["ec2.describe-vpcs", "ec2.describe-flow-logs"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let logged: std::collections::HashSet<&str> =
        model.flow_logs.iter().filter(|f| f.active).map(|f| f.resource.as_str()).collect();
    let inactive: std::collections::HashSet<&str> =
        model.flow_logs.iter().filter(|f| !f.active).map(|f| f.resource.as_str()).collect();
    for vpc in &model.vpcs {
        let id = vpc.id.value.as_str();
        if logged.contains(id) {
            continue;
        }
        let note = if inactive.contains(id) { " (its flow log is not active)" } else { "" };
        let message = format!("{} has no active flow log{note}", crate::base::code(id));
        sink.report(&VPC_FLOW_LOGS_DISABLED, id, vpc.id.site, message);
    }
}
