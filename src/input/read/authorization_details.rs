//! `aws iam get-account-authorization-details`: users, groups, roles and managed policies.
//! (The policy documents it holds are not read here.)

use super::{
    id, located_date, located_integer, located_string, optional_bool, optional_list, optional_string, site, string,
    strings, Fault,
};
use crate::json::Value;
use crate::model::{InstanceProfile, Located, ManagedPolicy, Model, Principal, PrincipalKind};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let lists = [
        ("UserDetailList", PrincipalKind::User, "UserName", "UserPolicyList"),
        ("GroupDetailList", PrincipalKind::Group, "GroupName", "GroupPolicyList"),
        ("RoleDetailList", PrincipalKind::Role, "RoleName", "RolePolicyList"),
    ];
    for (list, kind, name, inline) in lists {
        for item in optional_list(value, list)? {
            let principal = principal(doc, item, kind, name, inline)?;
            if model.meta.account.is_none() {
                model.meta.account = account_of(&principal.arn.value);
            }
            model.principals.insert(&principal.arn.value.clone(), principal);
        }
    }
    for item in optional_list(value, "Policies")? {
        let read = ManagedPolicy {
            arn: id(doc, item, "Arn")?,
            name: optional_string(item, "PolicyName")?.map(String::from),
            default_version: optional_string(item, "DefaultVersionId")?.map(String::from),
            attachment_count: located_integer(doc, item, "AttachmentCount")?,
            boundary_usage_count: located_integer(doc, item, "PermissionsBoundaryUsageCount")?,
            is_attachable: optional_bool(doc, item, "IsAttachable")?,
            document: None,
        };
        model.managed_policies.insert(&read.arn.value.clone(), read);
    }
    Ok(())
}

fn principal(doc: u32, item: &Value, kind: PrincipalKind, name: &str, inline: &str) -> Result<Principal, Fault> {
    let mut attached = Vec::new();
    for policy in one_or_many(item, "AttachedManagedPolicies")? {
        attached.push(Located { value: string(policy, "PolicyArn")?.to_string(), site: site(doc, policy) });
    }
    let mut inline_names = Vec::new();
    for policy in optional_list(item, inline)? {
        inline_names.push(Located { value: string(policy, "PolicyName")?.to_string(), site: site(doc, policy) });
    }
    let boundary = match item.get("PermissionsBoundary") {
        Some(boundary) => located_string(doc, boundary, "PermissionsBoundaryArn")?,
        None => None,
    };
    let mut instance_profiles = Vec::new();
    for profile in optional_list(item, "InstanceProfileList")? {
        let mut roles = Vec::new();
        for role in optional_list(profile, "Roles")? {
            if let Some(arn) = optional_string(role, "Arn")? {
                roles.push(arn.to_string());
            }
        }
        instance_profiles.push(InstanceProfile {
            arn: id(doc, profile, "Arn")?,
            name: optional_string(profile, "InstanceProfileName")?.map(String::from),
            roles,
        });
    }
    let last_used = match item.get("RoleLastUsed") {
        Some(used) => located_date(doc, used, "LastUsedDate")?,
        None => None,
    };
    Ok(Principal {
        kind,
        arn: id(doc, item, "Arn")?,
        name: string(item, name)?.to_string(),
        path: optional_string(item, "Path")?.map(String::from),
        attached,
        inline: inline_names,
        inline_documents: Vec::new(),
        groups: strings(item, "GroupList")?,
        boundary,
        instance_profiles,
        trust_document: None,
        trust: item.get("AssumeRolePolicyDocument").map(|document| site(doc, document)),
        created: located_date(doc, item, "CreateDate")?,
        last_used,
    })
}

/// The account an ARN names (`arn:aws:iam::123456789012:user/x` → `123456789012`).
pub(super) fn account_of(arn: &str) -> Option<String> {
    arn.split(':').nth(4).filter(|a| !a.is_empty()).map(String::from)
}

/// A list member that may be written as its one object (the AWS CLI's own example of this
/// command has `"AttachedManagedPolicies": {…}`).
fn one_or_many<'v>(item: &'v Value, key: &str) -> Result<&'v [Value], Fault> {
    match item.get(key) {
        Some(one) if one.as_object().is_some() => Ok(std::slice::from_ref(one)),
        _ => optional_list(item, key),
    }
}
