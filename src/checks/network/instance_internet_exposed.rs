use super::risky_ports;
use crate::base::code;
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::join::Association;
use crate::model::{AclEntry, AclVerdict, Instance, Located, Model, Permission, Protocol, SecurityGroup, Site};

declare_check! {
    /// Instance is reachable from the internet on a high-risk port.
    ///
    /// ## What it checks
    /// Every running instance of `aws ec2 describe-instances`, followed the way a packet from
    /// the internet would go, for IPv4 and IPv6 separately:
    /// 1. a public address: a public IPv4 address on the instance or one of its interfaces
    ///    (an Elastic IP on a second interface counts), or an IPv6 address;
    /// 2. the subnet's route table — the one associated with the subnet, else the VPC's main
    ///    table (`aws ec2 describe-route-tables`) — sends `0.0.0.0/0` (or `::/0`) to an
    ///    internet gateway; a default route to a NAT, transit or egress-only gateway is no
    ///    way in;
    /// 3. when `aws ec2 describe-network-acls` is given, the subnet's network ACL lets the
    ///    port in from anywhere (first matching entry by rule number) and lets the replies out
    ///    to the client's ephemeral ports (ACLs are stateless);
    /// 4. one of the interface's security groups (`aws ec2 describe-security-groups`) lets a
    ///    high-risk port (see `sg-open-admin-port`) in from anywhere.
    ///
    /// The message gives the path, and the finding carries each hop with its location. When an
    /// input that a hop needs is absent (the subnet's route table, a security group, the ACL
    /// of a subnet when ACLs are given), the exposure is not claimed, and a note on the input
    /// says what could not be followed. The `sg-*` findings on the same rules stay.
    ///
    /// ## Why it matters
    /// This is the finding the others add up to: not a rule that could expose something, but
    /// a machine that is exposed now, with the port an attacker would use. Remote
    /// administration and database ports on a reachable instance are probed within minutes of
    /// it coming up; one weak password or unpatched service is then a foothold inside the VPC,
    /// with whatever the instance's role can do.
    ///
    /// ## How to fix
    /// Break the path at the security group (allow the port only from known networks), or
    /// move the instance to a private subnet and reach it with Session Manager:
    /// ```sh
    /// aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0
    /// aws ssm start-session --target i-0123456789abcdef0
    /// ```
    pub static INSTANCE_INTERNET_EXPOSED = {
        id: "instance-internet-exposed",
        severity: Critical,
        area: Network,
        controls: [],
        run: Runner::Snapshot {
            needs: &["ec2.describe-instances", "ec2.describe-security-groups", "ec2.describe-route-tables"],
            run: check,
        },
    }
}

/// Read when given: the network ACLs (step 3) and the internet gateways a route names.
pub(crate) static ALSO_READS: &[&str] = &["ec2.describe-network-acls", "ec2.describe-internet-gateways"];

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    for instance in model.instances.iter().filter(|i| i.is_running()) {
        let mut undecided = Vec::new();
        let found = exposure(model, instance, &thresholds.high_risk_ports, &mut undecided);
        if found.is_none() && !undecided.is_empty() {
            undecided.dedup();
            let message = format!(
                "whether {} is reachable from the internet was not decided: {}",
                code(&instance.id.value),
                undecided.join("; ")
            );
            sink.note_at(&INSTANCE_INTERNET_EXPOSED, instance.id.site, message);
        }
        if let Some(exposure) = found {
            let message = format!(
                "instance {} is reachable from the internet on {}: {}",
                code(&instance.id.value),
                exposure.ports_phrase(),
                exposure.route()
            );
            sink.report_path(
                &INSTANCE_INTERNET_EXPOSED,
                instance.id.value.clone(),
                instance.id.site,
                message,
                exposure.path,
            );
        }
    }
}

fn proto(tcp: bool) -> &'static str {
    if tcp {
        "TCP"
    } else {
        "UDP"
    }
}

/// The security group rule that lets a port in, with the ACL entries that admit it and its
/// replies (when ACLs were given).
type Opening<'m> = (&'m SecurityGroup, &'m Permission, Option<(&'m AclEntry, &'m AclEntry)>);

/// An exposure found: the ports (with TCP or UDP) and the hops of the first path.
pub(crate) struct Exposure {
    pub ports: Vec<(u16, bool)>,
    pub path: Vec<(String, Site)>,
}

impl Exposure {
    /// "TCP `22`, UDP `161`".
    pub fn ports_phrase(&self) -> String {
        let ports: Vec<String> = self.ports.iter().map(|(p, tcp)| format!("{} `{p}`", proto(*tcp))).collect();
        ports.join(", ")
    }

    /// The hops' labels joined by arrows, as the message shows the path.
    pub fn route(&self) -> String {
        let words: Vec<&str> = self.path.iter().map(|(label, _)| label.as_str()).collect();
        words.join(" → ")
    }
}

/// Whether `instance-internet-exposed` flags an instance (a running one with a way in), and
/// its first path: what the attack-path checks build on. What could not be followed is
/// dropped here; `instance-internet-exposed` notes it.
pub(crate) fn internet_exposure(model: &Model, instance: &Instance, high_risk: &[u16]) -> Option<Exposure> {
    if !instance.is_running() {
        return None;
    }
    exposure(model, instance, high_risk, &mut Vec::new())
}

/// One way in: an interface (or the instance itself when the output lists no interfaces).
struct Door<'m> {
    id: &'m Located<String>,
    subnet: Option<&'m str>,
    vpc: Option<&'m str>,
    groups: &'m [String],
    ipv4: Option<&'m Located<String>>,
    ipv6: Option<&'m Located<String>>,
}

fn doors(instance: &Instance) -> Vec<Door<'_>> {
    if instance.interfaces.is_empty() {
        return vec![Door {
            id: &instance.id,
            subnet: instance.subnet.as_deref(),
            vpc: instance.vpc.as_deref(),
            groups: &instance.groups,
            ipv4: instance.public_ip.as_ref(),
            ipv6: None,
        }];
    }
    instance
        .interfaces
        .iter()
        .enumerate()
        .map(|(i, interface)| Door {
            id: &interface.id,
            subnet: interface.subnet.as_deref().or(instance.subnet.as_deref()),
            vpc: interface.vpc.as_deref().or(instance.vpc.as_deref()),
            groups: if interface.groups.is_empty() { &instance.groups } else { &interface.groups },
            // The instance's own public address belongs to its primary (first) interface.
            ipv4: interface.public_ips.first().or(if i == 0 { instance.public_ip.as_ref() } else { None }),
            ipv6: interface.ipv6.first(),
        })
        .collect()
}

/// The first way in from the internet, if any; what could not be followed for want of an
/// input goes to `undecided`.
fn exposure(model: &Model, instance: &Instance, high_risk: &[u16], undecided: &mut Vec<String>) -> Option<Exposure> {
    let acls_given = model.has("ec2.describe-network-acls");
    for door in doors(instance) {
        for v6 in [false, true] {
            let Some(address) = (if v6 { door.ipv6 } else { door.ipv4 }) else { continue };
            let Some(subnet) = door.subnet else {
                undecided.push(format!("{} names no subnet", code(&door.id.value)));
                continue;
            };
            let Some((table, association)) = model.route_table_of(subnet, door.vpc) else {
                undecided.push(format!(
                    "no route table for {} (associated, or its VPC's main table) in the snapshot",
                    code(subnet)
                ));
                continue;
            };
            let Some(route) = table.default_route(v6).filter(|r| r.to_internet_gateway()) else { continue };
            let acl = if acls_given {
                let Some(acl) = model.acl_of(subnet) else {
                    undecided.push(format!("no network ACL for {} in `describe-network-acls`", code(subnet)));
                    continue;
                };
                Some(acl)
            } else {
                None
            };
            let mut ports: Vec<(u16, bool)> = Vec::new();
            let mut first: Option<Opening<'_>> = None;
            for group_id in door.groups {
                let Some(group) = model.security_groups.get(group_id) else {
                    undecided.push(format!("security group {} is not in `describe-security-groups`", code(group_id)));
                    continue;
                };
                for rule in &group.ingress {
                    if !rule.peers.iter().any(|p| p.value.is_anywhere_in(v6)) {
                        continue;
                    }
                    for port in risky_ports(rule, high_risk) {
                        for &tcp in protocols(&rule.protocol) {
                            let entries = match acl {
                                Some(acl) => {
                                    let AclVerdict::Allowed(inbound) = acl.verdict(false, v6, tcp, port) else {
                                        continue;
                                    };
                                    let Some(outbound) = acl.return_path(v6) else { continue };
                                    Some((inbound, outbound))
                                }
                                None => None,
                            };
                            if !ports.contains(&(port, tcp)) {
                                ports.push((port, tcp));
                            }
                            first.get_or_insert((group, rule, entries));
                        }
                    }
                }
            }
            let Some((group, rule, entries)) = first else { continue };
            let mut path = Vec::new();
            let gateway = model.internet_gateways.get(&route.target).map_or(route.site, |g| g.id.site);
            path.push((format!("{}: internet gateway", code(&route.target)), gateway));
            let main = if association == Association::Main { " (the VPC's main table)" } else { "" };
            let family = if v6 { "::/0" } else { "0.0.0.0/0" };
            let (table_id, target) = (code(&table.id.value), code(&route.target));
            path.push((format!("{table_id}{main}: route `{family}` to {target}"), route.site));
            match (acl, entries) {
                (Some(acl), Some((inbound, outbound))) => {
                    path.push((
                        format!("{}: inbound entry `{}` allows it", code(&acl.id.value), inbound.number),
                        inbound.site,
                    ));
                    path.push((
                        format!("{}: outbound entry `{}` allows the replies", code(&acl.id.value), outbound.number),
                        outbound.site,
                    ));
                }
                // Without the ACLs the path is as far as the snapshot shows, and says so.
                _ => path.push(("network ACLs not given: not checked".to_string(), route.site)),
            }
            path.push((format!("{}: allows {} from `{family}`", code(&group.id.value), rule.describe()), rule.site));
            let via = if door.id.value == instance.id.value { "instance" } else { "interface" };
            let (door_id, shown) = (code(&door.id.value), code(&address.value));
            path.push((format!("{door_id} ({via}): public address {shown}"), address.site));
            path.push((format!("{}: running instance", code(&instance.id.value)), instance.id.site));
            return Some(Exposure { ports, path });
        }
    }
    None
}

/// The transports a rule's high-risk ports are open on: TCP, UDP, or both for `-1`.
fn protocols(protocol: &Protocol) -> &'static [bool] {
    match protocol {
        Protocol::Tcp => &[true],
        Protocol::Udp => &[false],
        Protocol::All => &[true, false],
        _ => &[],
    }
}
