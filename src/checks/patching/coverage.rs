//! Who patches what: which maintenance windows and State Manager associations install patches
//! on which instance, from their targets, resolved against the snapshot's instances. Each
//! schedule is resolved once and the instances it installs on are indexed, so asking about an
//! instance costs the same whatever the number of schedules.

use std::collections::HashMap;

use crate::model::schedule::{Owner, Schedule};
use crate::model::{Located, Model, Target};

use super::maintenance_window_no_patch_install::{task_does, Does};
use super::{is_patch_document, q};

/// Documents an association patches with: [`super::PATCH_DOCUMENTS`] and the one Quick Setup
/// patch associations run.
fn is_association_patch_document(name: &str) -> bool {
    is_patch_document(name) || name.rsplit('/').next() == Some("AWS-RunPatchBaselineAssociation")
}

/// The most schedules a message lists.
const LISTED: usize = 6;

/// What the snapshot says about patch installs on one instance.
pub enum Verdict {
    /// This schedule installs patches on it.
    Installed(String),
    /// A patch schedule targets it but the output does not show whether it installs.
    Undecided(String),
    /// Nothing installs: the schedules considered and why, and what the snapshot could not
    /// resolve, ready for a message.
    Uncovered(String),
}

/// Every schedule resolved against the snapshot.
pub struct Coverage<'m> {
    installs: HashMap<&'m str, String>,
    undecided: HashMap<&'m str, String>,
    /// An installer that targets every instance (`InstanceIds` `*`).
    everything: Option<String>,
    /// Why each schedule considered installs on none of the uncovered instances.
    considered: Vec<String>,
    /// What the snapshot cannot resolve, for every instance.
    caveats: Vec<String>,
    /// Installers that target by tag, for instances whose tags the snapshot lacks.
    by_tag: Vec<String>,
    instances_with_tags: std::collections::HashSet<&'m str>,
}

/// The instances a target list selects, by index.
struct Index<'m> {
    tags: HashMap<(&'m str, &'m str), Vec<&'m str>>,
    tag_keys: HashMap<&'m str, Vec<&'m str>>,
}

/// What a target list resolves to.
#[derive(Default)]
struct Resolved<'m> {
    instances: Vec<&'m str>,
    everything: bool,
    by_tag: bool,
    /// Targets the snapshot cannot resolve, described.
    unresolved: Vec<String>,
    /// The targets, described, for messages.
    described: Vec<String>,
}

impl<'m> Index<'m> {
    fn of(model: &'m Model) -> Self {
        let mut tags: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        let mut tag_keys: HashMap<&str, Vec<&str>> = HashMap::new();
        for instance in &model.instances {
            for (k, v) in &instance.tags {
                tags.entry((k.as_str(), v.as_str())).or_default().push(instance.id.value.as_str());
                tag_keys.entry(k.as_str()).or_default().push(instance.id.value.as_str());
            }
        }
        Index { tags, tag_keys }
    }

    /// Resolves `targets` (a task's or association's); `WindowTargetIds` through the window's
    /// registered targets.
    fn resolve(&self, model: &'m Model, targets: &'m [Located<Target>], window: Option<&str>, out: &mut Resolved<'m>) {
        for target in targets {
            let Target { key, values } = &target.value;
            let lower = key.to_ascii_lowercase();
            let listed = || values.iter().map(|v| q(v)).collect::<Vec<_>>().join(",");
            if lower == "instanceids" {
                out.described.push(listed());
                for v in values {
                    if v == "*" {
                        out.everything = true;
                    } else if let Some(managed) = model.managed_instances.get(v) {
                        out.instances.push(managed.id.value.as_str());
                    } else if let Some(instance) = model.instances.get(v) {
                        out.instances.push(instance.id.value.as_str());
                    }
                }
            } else if let Some(tag) = key.get(..4).filter(|p| p.eq_ignore_ascii_case("tag:")).and(key.get(4..)) {
                out.by_tag = true;
                out.described.push(format!("{}={}", q(&format!("tag:{tag}")), listed()));
                for v in values {
                    out.instances.extend(self.tags.get(&(tag, v.as_str())).into_iter().flatten());
                }
            } else if lower == "tag-key" {
                out.by_tag = true;
                out.described.push(format!("`tag-key`={}", listed()));
                for v in values {
                    out.instances.extend(self.tag_keys.get(v.as_str()).into_iter().flatten());
                }
            } else if lower == "windowtargetids" {
                let Some(window) = window else { continue };
                if !model.window_target_lists.contains(window) {
                    out.unresolved.push(format!("the targets of window `{window}` were not collected"));
                    continue;
                }
                for v in values {
                    match model.window_targets.get(v) {
                        Some(registered) => self.resolve(model, &registered.targets, None, out),
                        None => out.unresolved.push(format!("window target {} is not in the snapshot", q(v))),
                    }
                }
            } else if lower.starts_with("resource-groups:") {
                out.described.push(format!("{}={}", q(key), listed()));
                out.unresolved.push(format!("targets resource group {}, which the snapshot cannot resolve", listed()));
            } else {
                out.unresolved.push(format!("target {} cannot be resolved from the snapshot", q(key)));
            }
        }
    }
}

impl<'m> Coverage<'m> {
    pub fn of(model: &'m Model) -> Self {
        let index = Index::of(model);
        let mut coverage = Coverage {
            installs: HashMap::new(),
            undecided: HashMap::new(),
            everything: None,
            considered: Vec::new(),
            caveats: Vec::new(),
            by_tag: Vec::new(),
            instances_with_tags: model.instances.iter().map(|i| i.id.value.as_str()).collect(),
        };
        let mut tasks_by_window: HashMap<&str, Vec<&crate::model::WindowTask>> = HashMap::new();
        for task in &model.window_tasks {
            if let Some(window) = &task.window {
                tasks_by_window.entry(window.as_str()).or_default().push(task);
            }
        }
        for window in &model.maintenance_windows {
            let id = window.id.value.as_str();
            let label = format!("window `{id}`");
            if window.enabled.as_ref().is_some_and(|e| !e.value) {
                coverage.considered.push(format!("{label} is disabled"));
                continue;
            }
            if !model.window_task_lists.contains(id) {
                coverage.caveats.push(format!("the tasks of {label} were not collected"));
                continue;
            }
            let tasks = tasks_by_window.get(id).map_or(&[][..], Vec::as_slice);
            let mut why = Vec::new();
            for task in tasks {
                let does = task_does(task);
                if let Does::Other(what) = does {
                    why.push(what);
                    continue;
                }
                let mut resolved = Resolved::default();
                index.resolve(model, &task.targets, Some(id), &mut resolved);
                let name = format!("{label} task `{}`", task.id.value);
                coverage.add(&name, matches!(does, Does::Installs), resolved, &mut why);
            }
            if tasks.is_empty() {
                why.push("has no tasks".into());
            }
            if !why.is_empty() {
                coverage.considered.push(format!("{label}: {}", why.join(", ")));
            }
        }
        for association in &model.associations {
            let Some(document) = &association.document else { continue };
            if !is_association_patch_document(&document.value) {
                continue;
            }
            let label = format!("association `{}` ({})", association.id.value, q(&document.value));
            let Some(schedule) = &association.schedule else {
                coverage.considered.push(format!("{label} has no schedule: it runs only when created or changed"));
                continue;
            };
            if let Err(why) = Schedule::parse(&schedule.value, Owner::Association) {
                coverage
                    .considered
                    .push(format!("{label}: its schedule {} cannot be parsed: {why}", q(&schedule.value)));
                continue;
            }
            let installs = match &association.operation {
                Some(op) if op.value == "Install" => true,
                Some(op) => {
                    coverage.considered.push(format!("{label} runs with `Operation` {}", q(&op.value)));
                    continue;
                }
                None => false,
            };
            let mut resolved = Resolved::default();
            index.resolve(model, &association.targets, None, &mut resolved);
            if let Some(instance) = &association.instance {
                resolved.described.push(q(instance));
                if let Some(managed) = model.managed_instances.get(instance) {
                    resolved.instances.push(managed.id.value.as_str());
                }
            }
            let mut why = Vec::new();
            coverage.add(&label, installs, resolved, &mut why);
            if !why.is_empty() {
                coverage.considered.push(format!("{label}: {}", why.join(", ")));
            }
        }
        coverage
    }

    /// Records a patch schedule: `installs` when its `Operation` is `Install`, else it is one
    /// whose operation the output does not show.
    fn add(&mut self, name: &str, installs: bool, resolved: Resolved<'m>, why: &mut Vec<String>) {
        for unresolved in resolved.unresolved {
            self.caveats.push(format!("{name}: {unresolved}"));
        }
        if resolved.by_tag {
            self.by_tag.push(name.to_string());
        }
        let map = if installs { &mut self.installs } else { &mut self.undecided };
        for instance in &resolved.instances {
            map.entry(instance).or_insert_with(|| name.to_string());
        }
        if resolved.everything && installs {
            self.everything.get_or_insert_with(|| name.to_string());
        }
        let targets = if resolved.described.is_empty() { "nothing".to_string() } else { resolved.described.join(" ") };
        if installs {
            why.push(format!("installs only on {targets}"));
        } else {
            why.push(format!("targets {targets}; whether it installs is not in the output"));
        }
    }

    /// What installs patches on the instance `id`.
    pub fn verdict(&self, id: &str) -> Verdict {
        if let Some(by) = self.installs.get(id).or(self.everything.as_ref()) {
            return Verdict::Installed(by.clone());
        }
        if let Some(by) = self.undecided.get(id) {
            return Verdict::Undecided(by.clone());
        }
        // What the snapshot could not resolve comes first: it is what a reader must check.
        let mut unresolved: Vec<String> = Vec::new();
        if !self.by_tag.is_empty() && !self.instances_with_tags.contains(id) {
            unresolved.push(format!("its tags, which {} match by, are not in the snapshot", self.by_tag.join(" and ")));
        }
        unresolved.extend(self.caveats.iter().cloned());
        if unresolved.is_empty() && self.considered.is_empty() {
            return Verdict::Uncovered("no maintenance window or patch association is in the snapshot".into());
        }
        let mut text = Vec::new();
        if !unresolved.is_empty() {
            text.push(format!("unresolved: {}", listed(&unresolved)));
        }
        if !self.considered.is_empty() {
            text.push(format!("considered: {}", listed(&self.considered)));
        }
        Verdict::Uncovered(text.join("; "))
    }
}

/// The first few of `items`, and how many more there are.
fn listed(items: &[String]) -> String {
    let more = items.len().saturating_sub(LISTED);
    let text = items.iter().take(LISTED).map(String::as_str).collect::<Vec<_>>().join("; ");
    if more > 0 {
        format!("{text}; and {more} more")
    } else {
        text
    }
}
