//! The configuration file: disable rules, change severities, ignore findings by rule and
//! resource (with a reason the report keeps).
//!
//! ```json
//! {
//!   "rules": { "service-wildcard": { "enabled": false }, "duplicate-sid": { "severity": "medium" } },
//!   "ignore": [ { "rule": "admin-access", "resource": "BreakGlass", "reason": "emergency role, reviewed 2026-10" } ]
//! }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::checks::{self, Rule, Thresholds};
use crate::report::Severity;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    /// Numbers the decision rules use (`{"high-risk-ports": [22, 3389]}`).
    #[serde(default)]
    pub thresholds: Thresholds,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub enabled: Option<bool>,
    pub severity: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    pub rule: String,
    /// The finding's resource; `*` for every resource.
    pub resource: String,
    pub reason: String,
}

impl Config {
    /// Parses and validates a configuration: unknown rule ids and severities are errors.
    pub fn from_json(text: &str) -> Result<Config, String> {
        let config: Config =
            serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        for (id, setting) in &config.rules {
            if checks::rule(id).is_none() {
                return Err(format!("unknown rule `{id}` in `rules`"));
            }
            if let Some(s) = &setting.severity {
                if Severity::parse(s).is_none() {
                    return Err(format!("rule `{id}`: unknown severity `{s}` (critical, high, medium, low, info)"));
                }
            }
        }
        for ignore in &config.ignore {
            if checks::rule(&ignore.rule).is_none() {
                return Err(format!("unknown rule `{}` in `ignore`", ignore.rule));
            }
            if ignore.reason.trim().is_empty() {
                return Err(format!("the ignore entry for `{}` on `{}` needs a reason", ignore.rule, ignore.resource));
            }
        }
        Ok(config)
    }

    /// The severity a rule's findings get, or `None` when the rule is disabled.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.rules.get(rule.id) {
            Some(RuleSetting { enabled: Some(false), .. }) => None,
            Some(RuleSetting { severity: Some(s), .. }) => Severity::parse(s).or(Some(rule.severity)),
            _ => Some(rule.severity),
        }
    }

    /// The reason a finding of `rule` on `resource` is ignored, if it is.
    pub fn ignored(&self, rule: &str, resource: &str) -> Option<&str> {
        self.ignore
            .iter()
            .find(|i| i.rule == rule && (i.resource == "*" || i.resource == resource))
            .map(|i| i.reason.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_rule_ids_and_severities() {
        assert!(Config::from_json(r#"{"rules": {"no-such-rule": {"enabled": false}}}"#)
            .unwrap_err()
            .contains("no-such-rule"));
        assert!(Config::from_json(r#"{"rules": {"admin-access": {"severity": "huge"}}}"#)
            .unwrap_err()
            .contains("huge"));
        assert!(Config::from_json(r#"{"rulez": {}}"#).is_err());
        let c = Config::from_json(
            r#"{"rules": {"duplicate-sid": {"severity": "high"}, "service-wildcard": {"enabled": false}},
                "ignore": [{"rule": "admin-access", "resource": "ops", "reason": "break-glass"}]}"#,
        )
        .unwrap();
        assert_eq!(c.severity(checks::rule("duplicate-sid").unwrap()), Some(Severity::High));
        assert_eq!(c.severity(checks::rule("service-wildcard").unwrap()), None);
        assert_eq!(c.ignored("admin-access", "ops"), Some("break-glass"));
        assert_eq!(c.ignored("admin-access", "other"), None);
    }

    #[test]
    fn thresholds_change_what_checks_decide() {
        assert_eq!(Config::default().thresholds, Thresholds::default());
        assert!(Config::from_json(r#"{"thresholds": {"high-risk-portz": [22]}}"#).is_err());
        let config = Config::from_json(r#"{"thresholds": {"high-risk-ports": [9000]}}"#).unwrap();
        assert_eq!(config.thresholds.high_risk_ports, [9000]);
        let sg = r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "app", "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9000, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#;
        let rules = |config: Config| -> Vec<&str> {
            let options = crate::Options { config, ..crate::Options::default() };
            crate::analyze(&[crate::Source::new("sg.json", sg)], &options).findings.iter().map(|f| f.rule).collect()
        };
        assert_eq!(rules(Config::default()), ["sg-open-to-world"]);
        assert_eq!(rules(config), ["sg-open-admin-port"]);
    }
}
