//! Whether an RDS engine enforces TLS when its parameter group leaves the setting at the
//! engine default: data, by engine family and major version, with the AWS page that states
//! it. Read by `rds-tls-not-enforced`.

/// The parameter that enforces TLS for an engine, and whether its default enforces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlsDefault {
    /// `rds.force_ssl` or `require_secure_transport`.
    pub parameter: &'static str,
    /// Whether the engine default is on.
    pub on: bool,
    /// Where AWS documents the default.
    pub source: &'static str,
}

const POSTGRES: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html";
const SQLSERVER: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html";
const MYSQL: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html";
const MARIADB: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html";

/// Engine family (the `Engine` value, or its prefix for SQL Server editions), the first major
/// version a row applies to, the parameter, whether it is on by default, and the source. Rows
/// of one family are in ascending version order; the last row whose version is at most the
/// instance's applies.
/// One row: family, first (major, minor) version, parameter, on by default, source.
type Row = (&'static str, (u32, u32), &'static str, bool, &'static str);

pub static DEFAULTS: &[Row] = &[
    // RDS for PostgreSQL 15 and later default `rds.force_ssl` to 1; 14 and older to 0.
    ("postgres", (0, 0), "rds.force_ssl", false, POSTGRES),
    ("postgres", (15, 0), "rds.force_ssl", true, POSTGRES),
    // RDS for SQL Server: `rds.force_ssl` defaults to 0 on every version.
    ("sqlserver", (0, 0), "rds.force_ssl", false, SQLSERVER),
    // RDS for MySQL: `require_secure_transport` defaults to OFF.
    ("mysql", (0, 0), "require_secure_transport", false, MYSQL),
    // RDS for MariaDB: OFF before 11.8, ON from 11.8.
    ("mariadb", (0, 0), "require_secure_transport", false, MARIADB),
    ("mariadb", (11, 8), "require_secure_transport", true, MARIADB),
];

/// The family of an `Engine` value this rule judges: `postgres`, `sqlserver` (every edition),
/// `mysql`, `mariadb`; `None` for Aurora (cluster parameter groups, out of scope) and others.
pub fn family(engine: &str) -> Option<&'static str> {
    match engine {
        "postgres" => Some("postgres"),
        "mysql" => Some("mysql"),
        "mariadb" => Some("mariadb"),
        e if e.starts_with("sqlserver-") => Some("sqlserver"),
        _ => None,
    }
}

/// The engine default for an engine family at `version` (`EngineVersion`, e.g. `15.4`,
/// `8.0.35`, `11.8.2`); an unreadable version takes the family's oldest row.
pub fn default_for(family: &str, version: Option<&str>) -> Option<TlsDefault> {
    let wanted = version.and_then(major_minor).unwrap_or((0, 0));
    DEFAULTS
        .iter()
        .rev()
        .find(|(f, from, ..)| *f == family && *from <= wanted)
        .map(|&(_, _, parameter, on, source)| TlsDefault { parameter, on, source })
}

/// `15.4` → (15, 4); `8.0.35` → (8, 0); `16` → (16, 0).
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_documented_versions() {
        let on = |f, v| default_for(f, Some(v)).unwrap().on;
        assert!(on("postgres", "15.4"));
        assert!(on("postgres", "16.1"));
        assert!(!on("postgres", "14.9"));
        assert!(!on("sqlserver", "15.00.4316.3.v1"));
        assert!(!on("mysql", "8.0.35"));
        assert!(!on("mariadb", "10.11.6"));
        assert!(!on("mariadb", "11.4.3"));
        assert!(on("mariadb", "11.8.2"));
        assert_eq!(default_for("postgres", Some("x")).unwrap().parameter, "rds.force_ssl");
        assert_eq!(family("sqlserver-ee"), Some("sqlserver"));
        assert_eq!(family("aurora-postgresql"), None);
    }
}
