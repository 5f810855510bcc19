use std::collections::HashSet;

use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// VPC sends S3 and DynamoDB traffic through a NAT gateway.
    ///
    /// ## What it checks
    /// VPCs with private subnets whose route table sends `0.0.0.0/0` to a NAT gateway (a table
    /// associated with a subnet, or the VPC's main table when `describe-subnets` shows a subnet
    /// that uses it), and no gateway endpoint for S3 or DynamoDB in
    /// `aws ec2 describe-vpc-endpoints`. One finding per VPC, at the NAT route.
    ///
    /// ## Why it matters
    /// Traffic from private subnets to S3 and DynamoDB then leaves through the NAT gateway and
    /// the internet path: it is billed per gigabyte, cannot be limited with an endpoint policy
    /// (for example to the organization's own buckets, a common data-exfiltration control), and
    /// depends on the NAT gateway being up. Gateway endpoints are free. AWS Security Hub control
    /// EC2.10 asks for them.
    ///
    /// ## How to fix
    /// Create gateway endpoints and add them to the private route tables:
    /// ```sh
    /// aws ec2 create-vpc-endpoint --vpc-id vpc-0123456789abcdef0 --vpc-endpoint-type Gateway --service-name com.amazonaws.eu-west-1.s3 --route-table-ids rtb-0123456789abcdef0
    /// ```
    pub static VPC_NO_GATEWAY_ENDPOINTS = {
        id: "vpc-no-gateway-endpoints",
        severity: Low,
        area: Network,
        controls: ["FSBP EC2.10"],
        run: Runner::Snapshot { needs: &["ec2.describe-route-tables", "ec2.describe-vpc-endpoints"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let with_endpoint: HashSet<&str> =
        model.vpc_endpoints.iter().filter(|e| e.is_storage_gateway()).filter_map(|e| e.vpc.as_deref()).collect();
    // VPCs some subnet of which has no explicit route table: their main table routes it.
    let explicit: HashSet<&str> =
        model.route_tables.iter().flat_map(|t| t.subnets.iter().map(String::as_str)).collect();
    let main_in_use: HashSet<&str> = model
        .subnets
        .iter()
        .filter(|s| !explicit.contains(s.id.value.as_str()))
        .filter_map(|s| s.vpc.as_deref())
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    for table in &model.route_tables {
        let Some(vpc) = table.vpc.as_deref() else { continue };
        if with_endpoint.contains(vpc) || reported.contains(vpc) {
            continue;
        }
        let serves_subnets = !table.subnets.is_empty() || (table.main && main_in_use.contains(vpc));
        let Some(route) = table.default_route(false).filter(|r| r.target.starts_with("nat-")) else { continue };
        if !serves_subnets {
            continue;
        }
        reported.insert(vpc);
        let message = format!(
            "{} routes private subnets through {} (route table {}) with no S3 or DynamoDB gateway endpoint",
            crate::base::code(vpc),
            crate::base::code(&route.target),
            crate::base::code(&table.id.value)
        );
        sink.report(&VPC_NO_GATEWAY_ENDPOINTS, vpc, route.site, message);
    }
}
