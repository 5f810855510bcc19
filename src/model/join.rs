//! The questions several checks ask of the model, answered through indexes built once: which
//! route table and network ACL a subnet uses, which internet gateway a VPC has. Every lookup is
//! a hash-map probe, so nothing is quadratic in the number of resources.

use std::collections::HashMap;

use super::{InternetGateway, Model, NetworkAcl, RouteTable};

/// Indexes by AWS id, built from the model on first use.
#[derive(Debug, Default)]
pub struct Joins {
    /// Subnet id → route table id, from explicit associations.
    explicit_route_table: HashMap<String, String>,
    /// VPC id → its main route table's id.
    main_route_table: HashMap<String, String>,
    /// Subnet id → network ACL id.
    acl: HashMap<String, String>,
    /// VPC id → an internet gateway attached to it.
    internet_gateway: HashMap<String, String>,
}

impl Joins {
    pub(super) fn build(model: &Model) -> Joins {
        let mut joins = Joins::default();
        for table in &model.route_tables {
            for subnet in &table.subnets {
                joins.explicit_route_table.entry(subnet.clone()).or_insert_with(|| table.id.value.clone());
            }
            if let (true, Some(vpc)) = (table.main, &table.vpc) {
                joins.main_route_table.entry(vpc.clone()).or_insert_with(|| table.id.value.clone());
            }
        }
        for acl in &model.network_acls {
            for subnet in &acl.subnets {
                joins.acl.entry(subnet.clone()).or_insert_with(|| acl.id.value.clone());
            }
        }
        for gateway in &model.internet_gateways {
            for vpc in &gateway.vpcs {
                joins.internet_gateway.entry(vpc.clone()).or_insert_with(|| gateway.id.value.clone());
            }
        }
        joins
    }
}

/// How a subnet came by its route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Association {
    /// The subnet is associated with the table.
    Explicit,
    /// No table names the subnet, so it uses its VPC's main route table.
    Main,
}

impl Model {
    fn joins(&self) -> &Joins {
        self.joins.get_or_init(|| Joins::build(self))
    }

    /// The route table a subnet uses: the one explicitly associated with it, else its VPC's
    /// main route table (`vpc` is the subnet's VPC, from the subnet or the resource in it).
    pub fn route_table_of(&self, subnet: &str, vpc: Option<&str>) -> Option<(&RouteTable, Association)> {
        let joins = self.joins();
        if let Some(table) = joins.explicit_route_table.get(subnet).and_then(|id| self.route_tables.get(id)) {
            return Some((table, Association::Explicit));
        }
        let vpc = vpc.or_else(|| self.subnets.get(subnet).and_then(|s| s.vpc.as_deref()))?;
        let table = joins.main_route_table.get(vpc).and_then(|id| self.route_tables.get(id))?;
        Some((table, Association::Main))
    }

    /// The network ACL a subnet is associated with (every subnet has exactly one).
    pub fn acl_of(&self, subnet: &str) -> Option<&NetworkAcl> {
        self.joins().acl.get(subnet).and_then(|id| self.network_acls.get(id))
    }

    /// The internet gateway attached to a VPC, when the snapshot lists it.
    pub fn internet_gateway_of(&self, vpc: &str) -> Option<&InternetGateway> {
        self.joins().internet_gateway.get(vpc).and_then(|id| self.internet_gateways.get(id))
    }
}
