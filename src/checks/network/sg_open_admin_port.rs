use super::{open_ingress, risky_ports, SECURITY_GROUPS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Security group allows a high-risk port from anywhere.
    ///
    /// ## What it checks
    /// Inbound rules of every security group whose TCP or UDP port range includes a high-risk
    /// port — by default 20, 21, 22 (SSH), 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306,
    /// 3389 (RDP), 4333, 5000, 5432, 5500, 5601, 6379, 8080, 8088, 8888, 9200, 9300, 11211 and
    /// 27017; the configuration's `thresholds.high-risk-ports` changes the list — from
    /// `0.0.0.0/0` or `::/0`. A range counts when it includes the port (`20-25` includes 22);
    /// `IpProtocol` `tcp` and `6`, `udp` and `17` are the same. One finding per rule, listing the
    /// ports. A rule that allows all traffic is `sg-open-all-traffic`'s; a rule from a security
    /// group, a prefix list or a narrower range is not from anywhere.
    ///
    /// ## Why it matters
    /// Remote administration (SSH, RDP, Telnet), file sharing (SMB) and databases (MySQL,
    /// PostgreSQL, SQL Server, Redis, MongoDB, Elasticsearch, Memcached) are the services that
    /// automated attacks probe first, for default credentials, password spraying and
    /// unpatched vulnerabilities. AWS Security Hub controls EC2.19, EC2.53 and EC2.54 and CIS
    /// 5.2 and 5.3 fail for such a rule.
    ///
    /// ## How to fix
    /// Allow the port only from the addresses that administer the host, or remove the rule and
    /// use Systems Manager Session Manager, which needs no inbound port:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0
    /// aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 203.0.113.0/24
    /// ```
    pub static SG_OPEN_ADMIN_PORT = {
        id: "sg-open-admin-port",
        severity: High,
        area: Network,
        controls: ["FSBP EC2.19", "FSBP EC2.53", "FSBP EC2.54", "CIS 5.2", "CIS 5.3"],
        run: Runner::Snapshot { needs: SECURITY_GROUPS, run: check },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    for (group, rule, anywhere) in open_ingress(&model.security_groups) {
        if rule.is_all_traffic() {
            continue;
        }
        let ports = risky_ports(rule, &thresholds.high_risk_ports);
        if ports.is_empty() {
            continue;
        }
        let listed: Vec<String> = ports.iter().map(|p| format!("`{p}`")).collect();
        let noun = if ports.len() == 1 { "port" } else { "ports" };
        let message = format!(
            "{} allows {anywhere} to {}: high-risk {noun} {}",
            group.label(),
            rule.describe(),
            listed.join(", ")
        );
        sink.report(&SG_OPEN_ADMIN_PORT, group.id.value.clone(), rule.site, message);
    }
}
