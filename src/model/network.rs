//! Network resources: security groups and their rules.
//!
//! The shared questions — does this rule let a port in, is this peer "anywhere" — are answered
//! here once, as AWS decides them, so the checks read like their decision rules.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Located, Site};

/// A security group from `aws ec2 describe-security-groups`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityGroup {
    /// `GroupId`, located at the group.
    pub id: Located<String>,
    pub name: Option<String>,
    pub vpc: Option<String>,
    /// `IpPermissions`: inbound rules.
    pub ingress: Vec<Permission>,
    /// `IpPermissionsEgress`: outbound rules.
    pub egress: Vec<Permission>,
}

impl SecurityGroup {
    /// `sg-0a1b2c3d (web)`, or the id alone.
    pub fn label(&self) -> String {
        match &self.name {
            // A name with a backtick is quoted, so it cannot open a code span of its own.
            Some(name) if name.contains('`') => {
                format!("{} ({})", crate::base::code(&self.id.value), crate::base::code(name))
            }
            Some(name) => format!("{} ({name})", crate::base::code(&self.id.value)),
            None => crate::base::code(&self.id.value),
        }
    }
}

/// One entry of `IpPermissions` or `IpPermissionsEgress`: a protocol, a port range and the
/// peers it applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    pub site: Site,
    pub protocol: Protocol,
    pub ports: Ports,
    pub peers: Vec<Located<Peer>>,
}

/// `IpProtocol`, by name or number as the output writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `-1`: every protocol.
    All,
    /// `tcp` or `6`.
    Tcp,
    /// `udp` or `17`.
    Udp,
    /// `icmp` or `1`.
    Icmp,
    /// `icmpv6` or `58`.
    Icmpv6,
    /// Another protocol number (`50`, ESP): "a protocol number other than tcp, udp, icmp, or
    /// icmpv6 allows traffic on all ports, regardless of any port range you specify" (EC2 API
    /// reference, `IpPermission`).
    Other(String),
}

impl Protocol {
    pub fn parse(text: &str) -> Protocol {
        match text.trim().to_ascii_lowercase().as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            "icmpv6" | "58" => Protocol::Icmpv6,
            _ => Protocol::Other(text.to_string()),
        }
    }

    /// How messages name it: `TCP`, `UDP`, `all traffic`, `protocol 50`.
    pub fn label(&self) -> String {
        match self {
            Protocol::All => "all traffic".into(),
            Protocol::Tcp => "TCP".into(),
            Protocol::Udp => "UDP".into(),
            Protocol::Icmp => "ICMP".into(),
            Protocol::Icmpv6 => "ICMPv6".into(),
            Protocol::Other(n) => format!("protocol `{n}`"),
        }
    }
}

/// The TCP/UDP ports a rule covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ports {
    pub from: u16,
    pub to: u16,
}

impl Ports {
    pub const ALL: Ports = Ports { from: 0, to: u16::MAX };

    /// `FromPort`..`ToPort` as written; `-1` or an absent bound is the end of the range, and a
    /// reversed range is read as written (AWS rejects it, so it names no port).
    pub fn from_bounds(from: Option<i64>, to: Option<i64>) -> Ports {
        let clamp = |n: Option<i64>, default: u16| match n {
            Some(n) if n >= 0 => u16::try_from(n).unwrap_or(u16::MAX),
            _ => default,
        };
        Ports { from: clamp(from, 0), to: clamp(to, u16::MAX) }
    }

    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    pub fn is_all(self) -> bool {
        self == Ports::ALL
    }

    /// `22`, `20-25`, `every port`.
    pub fn label(self) -> String {
        if self.is_all() {
            "every port".into()
        } else if self.from == self.to {
            format!("`{}`", self.from)
        } else {
            format!("`{}-{}`", self.from, self.to)
        }
    }
}

impl Permission {
    /// Whether the rule carries TCP or UDP traffic on `port`: `-1` and protocol numbers other
    /// than TCP, UDP, ICMP and ICMPv6 open every port whatever the range says.
    pub fn opens_port(&self, port: u16) -> bool {
        match self.protocol {
            Protocol::All => true,
            Protocol::Tcp | Protocol::Udp => self.ports.contains(port),
            Protocol::Icmp | Protocol::Icmpv6 | Protocol::Other(_) => false,
        }
    }

    /// Every protocol, or every TCP or UDP port.
    pub fn is_all_traffic(&self) -> bool {
        match self.protocol {
            Protocol::All => true,
            Protocol::Tcp | Protocol::Udp => self.ports.is_all(),
            _ => false,
        }
    }

    /// `TCP 22`, `UDP 0-1024`, `TCP on every port`, `all traffic`.
    pub fn describe(&self) -> String {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp if self.ports.is_all() => format!("{} on every port", self.protocol.label()),
            Protocol::Tcp | Protocol::Udp => format!("{} {}", self.protocol.label(), self.ports.label()),
            _ => self.protocol.label(),
        }
    }

    /// The peers that are "anywhere": `0.0.0.0/0` or `::/0`.
    pub fn from_anywhere(&self) -> impl Iterator<Item = &Located<Peer>> {
        self.peers.iter().filter(|p| p.value.is_anywhere())
    }
}

/// Who a rule lets in (or out to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    /// `IpRanges[].CidrIp`.
    V4 { net: Ipv4Addr, prefix: u8 },
    /// `Ipv6Ranges[].CidrIpv6`.
    V6 { net: Ipv6Addr, prefix: u8 },
    /// `UserIdGroupPairs[].GroupId`: members of another security group.
    Group(String),
    /// `PrefixListIds[].PrefixListId`: a managed list of ranges.
    PrefixList(String),
    /// A CIDR that does not parse, kept as written (never "anywhere").
    Malformed(String),
}

impl Peer {
    /// Reads `a.b.c.d/n` or an IPv6 CIDR. A CIDR without `/n` is one address.
    pub fn cidr(text: &str) -> Peer {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, p.parse::<u8>().ok()),
            None => (text, None),
        };
        if let Ok(net) = address.parse::<Ipv4Addr>() {
            let prefix = if text.contains('/') { prefix } else { Some(32) };
            if let Some(prefix) = prefix.filter(|p| *p <= 32) {
                return Peer::V4 { net, prefix };
            }
        } else if let Ok(net) = address.parse::<Ipv6Addr>() {
            let prefix = if text.contains('/') { prefix } else { Some(128) };
            if let Some(prefix) = prefix.filter(|p| *p <= 128) {
                return Peer::V6 { net, prefix };
            }
        }
        Peer::Malformed(text.to_string())
    }

    /// `0.0.0.0/0` or `::/0`: every address. (`0.0.0.0/1` is half of them, not "anywhere".)
    pub fn is_anywhere(&self) -> bool {
        matches!(self, Peer::V4 { prefix: 0, .. } | Peer::V6 { prefix: 0, .. })
    }

    /// Every address of one family: `0.0.0.0/0` (or `::/0` when `v6`).
    pub fn is_anywhere_in(&self, v6: bool) -> bool {
        match self {
            Peer::V4 { prefix: 0, .. } => !v6,
            Peer::V6 { prefix: 0, .. } => v6,
            _ => false,
        }
    }

    /// The prefix length of an address range; `None` for groups and prefix lists.
    pub fn prefix(&self) -> Option<u8> {
        match self {
            Peer::V4 { prefix, .. } | Peer::V6 { prefix, .. } => Some(*prefix),
            _ => None,
        }
    }

    /// As written in messages: `` `0.0.0.0/0` ``, `` `sg-0abc` ``.
    pub fn label(&self) -> String {
        match self {
            Peer::V4 { net, prefix } => format!("`{net}/{prefix}`"),
            Peer::V6 { net, prefix } => format!("`{net}/{prefix}`"),
            Peer::Group(id) | Peer::PrefixList(id) | Peer::Malformed(id) => crate::base::code(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Span;

    fn rule(protocol: &str, from: Option<i64>, to: Option<i64>) -> Permission {
        Permission {
            site: Site { doc: 0, span: Span::default() },
            protocol: Protocol::parse(protocol),
            ports: Ports::from_bounds(from, to),
            peers: Vec::new(),
        }
    }

    #[test]
    fn ports_and_protocols_as_aws_reads_them() {
        assert!(rule("tcp", Some(20), Some(25)).opens_port(22));
        assert!(!rule("tcp", Some(23), Some(25)).opens_port(22));
        assert!(rule("6", Some(22), Some(22)).opens_port(22));
        assert!(rule("udp", Some(1434), Some(1434)).opens_port(1434));
        assert!(rule("17", Some(0), Some(65535)).is_all_traffic());
        assert!(rule("-1", None, None).opens_port(3389));
        assert!(rule("-1", None, None).is_all_traffic());
        assert!(!rule("icmp", Some(-1), Some(-1)).opens_port(22));
        assert!(!rule("50", None, None).opens_port(22), "ESP has no ports");
        assert!(!rule("tcp", Some(0), Some(65534)).is_all_traffic());
        assert_eq!(rule("tcp", Some(20), Some(25)).describe(), "TCP `20-25`");
        assert_eq!(rule("-1", None, None).describe(), "all traffic");
    }

    #[test]
    fn anywhere_is_exactly_the_zero_prefix() {
        assert!(Peer::cidr("0.0.0.0/0").is_anywhere());
        assert!(Peer::cidr("::/0").is_anywhere());
        assert!(!Peer::cidr("0.0.0.0/1").is_anywhere());
        assert!(!Peer::cidr("10.0.0.0/8").is_anywhere());
        assert_eq!(Peer::cidr("10.1.2.3").prefix(), Some(32));
        assert_eq!(Peer::cidr("10.0.0.0/33"), Peer::Malformed("10.0.0.0/33".into()));
        assert_eq!(Peer::cidr("é/0"), Peer::Malformed("é/0".into()));
        assert_eq!(Peer::cidr("2001:db8::/32").prefix(), Some(32));
    }
}

/// A network ACL from `aws ec2 describe-network-acls`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkAcl {
    pub id: Located<String>,
    pub vpc: Option<String>,
    pub is_default: bool,
    /// The subnets it is associated with (`Associations[].SubnetId`).
    pub subnets: Vec<String>,
    /// Every entry, sorted by rule number (inbound and outbound together).
    pub entries: Vec<AclEntry>,
}

/// One entry of a network ACL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclEntry {
    pub site: Site,
    /// `RuleNumber`: entries are evaluated in increasing order and the first match decides;
    /// `32767` is the `*` entry that denies whatever no other entry matched.
    pub number: u32,
    pub egress: bool,
    pub allow: bool,
    pub protocol: Protocol,
    /// `PortRange`; absent means every port.
    pub ports: Ports,
    /// `CidrBlock` or `Ipv6CidrBlock`.
    pub cidr: Peer,
}

/// What a network ACL decides for traffic from (or to) anywhere on one port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AclVerdict<'a> {
    /// The first entry that matches, for the whole address range, allows it.
    Allowed(&'a AclEntry),
    /// The first entry that matches the whole range denies it.
    Denied(&'a AclEntry),
    /// No entry covers the whole range (the output left out the `*` entry).
    Unmatched,
}

impl AclEntry {
    /// Whether the entry applies to TCP or UDP traffic on `port` (`-1` and protocols other than
    /// TCP, UDP and ICMP apply to every port, as for security groups).
    pub fn covers_port(&self, tcp: bool, port: u16) -> bool {
        match self.protocol {
            Protocol::All | Protocol::Other(_) => true,
            Protocol::Tcp => tcp && self.ports.contains(port),
            Protocol::Udp => !tcp && self.ports.contains(port),
            Protocol::Icmp | Protocol::Icmpv6 => false,
        }
    }
}

impl NetworkAcl {
    /// How the ACL treats TCP (or UDP) traffic on `port` from every address of one family
    /// (`v6`), inbound or outbound: the entries in rule-number order, the first that applies
    /// to the port and to the whole range (`0.0.0.0/0`, `::/0`) decides. An entry for a
    /// narrower range decides only for part of the internet: an allow there is not "from
    /// anywhere", and a deny there leaves the rest to later entries.
    pub fn verdict(&self, egress: bool, v6: bool, tcp: bool, port: u16) -> AclVerdict<'_> {
        for entry in self.entries.iter().filter(|e| e.egress == egress) {
            if entry.cidr.is_anywhere_in(v6) && entry.covers_port(tcp, port) {
                return if entry.allow { AclVerdict::Allowed(entry) } else { AclVerdict::Denied(entry) };
            }
        }
        AclVerdict::Unmatched
    }

    /// The entry that lets TCP return traffic out to anywhere on some client port (1024–65535):
    /// network ACLs are stateless, so a reply needs an outbound rule of its own.
    pub fn return_path(&self, v6: bool) -> Option<&AclEntry> {
        let mut candidates: Vec<u16> = vec![1024, 32768, 49152, u16::MAX];
        for e in self.entries.iter().filter(|e| e.egress) {
            candidates.push(e.ports.from);
            candidates.push(e.ports.to.saturating_add(1));
        }
        candidates.retain(|&p| p >= 1024);
        candidates.sort_unstable();
        candidates.dedup();
        candidates.into_iter().find_map(|port| match self.verdict(true, v6, true, port) {
            AclVerdict::Allowed(entry) => Some(entry),
            _ => None,
        })
    }
}

/// A VPC from `aws ec2 describe-vpcs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vpc {
    pub id: Located<String>,
    pub is_default: bool,
}

/// A subnet from `aws ec2 describe-subnets`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subnet {
    pub id: Located<String>,
    pub vpc: Option<String>,
    /// `MapPublicIpOnLaunch`, located at the member when it is `true`.
    pub map_public_ip: Option<Site>,
}

/// A route table from `aws ec2 describe-route-tables`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTable {
    pub id: Located<String>,
    pub vpc: Option<String>,
    /// Whether it is its VPC's main route table (an association with `Main` true).
    pub main: bool,
    /// The subnets explicitly associated with it.
    pub subnets: Vec<String>,
    pub routes: Vec<Route>,
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub site: Site,
    /// `DestinationCidrBlock` or `DestinationIpv6CidrBlock` (a prefix-list destination is kept
    /// as [`Peer::PrefixList`]).
    pub destination: Peer,
    /// The target's id: `igw-…`, `nat-…`, `tgw-…`, `eigw-…`, `local`, `pcx-…`, `eni-…`, `vpce-…`.
    pub target: String,
    /// `State` is `active` (a `blackhole` route carries nothing).
    pub active: bool,
}

impl Route {
    /// Whether the route sends traffic to an internet gateway (not a NAT, transit or
    /// egress-only gateway, which give no inbound path).
    pub fn to_internet_gateway(&self) -> bool {
        self.active && self.target.starts_with("igw-")
    }
}

impl RouteTable {
    /// The route traffic to every address of one family takes: the active default route
    /// (`0.0.0.0/0` or `::/0`), which is the longest-prefix match for an arbitrary internet
    /// address unless a narrower route covers it.
    pub fn default_route(&self, v6: bool) -> Option<&Route> {
        self.routes.iter().find(|r| r.active && r.destination.is_anywhere_in(v6))
    }
}

/// An internet gateway from `aws ec2 describe-internet-gateways`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InternetGateway {
    pub id: Located<String>,
    /// The VPCs it is attached to.
    pub vpcs: Vec<String>,
}

/// A NAT gateway from `aws ec2 describe-nat-gateways`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NatGateway {
    pub id: Located<String>,
    pub vpc: Option<String>,
}

/// A VPC endpoint from `aws ec2 describe-vpc-endpoints` (its policy is read as a policy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VpcEndpoint {
    pub id: Located<String>,
    pub vpc: Option<String>,
    /// `Gateway`, `Interface`, …
    pub kind: String,
    /// `com.amazonaws.eu-west-1.s3`.
    pub service: String,
    pub route_tables: Vec<String>,
}

impl VpcEndpoint {
    /// A gateway endpoint for S3 or DynamoDB: the private route to those services.
    pub fn is_storage_gateway(&self) -> bool {
        let service = self.service.rsplit('.').next().unwrap_or("");
        self.kind.eq_ignore_ascii_case("Gateway") && (service == "s3" || service == "dynamodb")
    }
}

/// A flow log from `aws ec2 describe-flow-logs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowLog {
    pub id: Located<String>,
    /// The VPC, subnet or interface it records (`vpc-…`, `subnet-…`, `eni-…`).
    pub resource: String,
    pub active: bool,
}
