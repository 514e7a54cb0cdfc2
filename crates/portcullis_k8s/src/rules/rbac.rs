//! RBAC `rules` of Roles and ClusterRoles read into a small view the RBAC
//! rules query: which API groups, resources and verbs a policy rule grants,
//! with the span of every entry.

use crate::K8sObject;
use portcullis_rules::{Checker, RuleMeta};
use portcullis_source::Span;
use portcullis_yaml::Node;

/// One string of a list (`verbs`, `resources`, ...) and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    /// The text.
    pub value: &'a str,
    /// Its span.
    pub span: Span,
}

/// One entry of a Role's `rules`.
#[derive(Debug, Clone)]
pub(crate) struct PolicyRule<'a> {
    /// Span of the list item.
    pub span: Span,
    /// `apiGroups`.
    pub api_groups: Vec<Item<'a>>,
    /// `resources`.
    pub resources: Vec<Item<'a>>,
    /// `verbs`.
    pub verbs: Vec<Item<'a>>,
    /// True when `resourceNames` restricts the rule to named objects.
    pub has_resource_names: bool,
    /// `resourceNames`.
    pub resource_names: Vec<Item<'a>>,
    /// `nonResourceURLs`.
    pub non_resource_urls: Vec<Item<'a>>,
}

fn items(node: Option<&Node>) -> Vec<Item<'_>> {
    let Some(node) = node else { return Vec::new() };
    match node.as_seq() {
        Some(seq) => seq
            .iter()
            .filter_map(|n| {
                n.as_str().map(|s| Item {
                    value: s,
                    span: n.span,
                })
            })
            .collect(),
        // A single string where a list belongs: read it as a one-item list.
        None => node
            .as_str()
            .map(|s| {
                vec![Item {
                    value: s,
                    span: node.span,
                }]
            })
            .unwrap_or_default(),
    }
}

/// True for `Role` and `ClusterRole` objects of the RBAC API.
pub(crate) fn is_role(obj: &K8sObject<'_>) -> bool {
    matches!(obj.object.kind.as_str(), "Role" | "ClusterRole")
        && obj
            .object
            .api_version
            .starts_with("rbac.authorization.k8s.io/")
}

/// True for `RoleBinding` and `ClusterRoleBinding` objects of the RBAC API.
pub(crate) fn is_binding(obj: &K8sObject<'_>) -> bool {
    matches!(
        obj.object.kind.as_str(),
        "RoleBinding" | "ClusterRoleBinding"
    ) && obj
        .object
        .api_version
        .starts_with("rbac.authorization.k8s.io/")
}

/// The policy rules of a Role or ClusterRole (empty for other objects).
pub(crate) fn policy_rules<'a>(obj: &K8sObject<'a>) -> Vec<PolicyRule<'a>> {
    if !is_role(obj) {
        return Vec::new();
    }
    let root: &'a Node = obj.root;
    let Some(rules) = root.get("rules").and_then(Node::as_seq) else {
        return Vec::new();
    };
    rules
        .iter()
        .map(|r| PolicyRule {
            span: r.span,
            api_groups: items(r.get("apiGroups")),
            resources: items(r.get("resources")),
            verbs: items(r.get("verbs")),
            has_resource_names: r
                .get("resourceNames")
                .and_then(Node::as_seq)
                .is_some_and(|s| !s.is_empty()),
            resource_names: items(r.get("resourceNames")),
            non_resource_urls: items(r.get("nonResourceURLs")),
        })
        .collect()
}

impl<'a> PolicyRule<'a> {
    /// True when the rule covers API group `group` (`""` is the core group).
    pub fn covers_group(&self, group: &str) -> bool {
        self.api_groups
            .iter()
            .any(|g| g.value == "*" || g.value == group)
    }

    /// The first resource entry that names one of `resources` explicitly or
    /// through a sub-resource wildcard (`pods/*`, `*/exec`). A bare `*` is not
    /// matched: the wildcard rules report it.
    pub fn resource_named(&self, resources: &[&str]) -> Option<Item<'a>> {
        self.resources.iter().copied().find(|item| {
            resources.iter().any(|r| {
                if item.value == *r {
                    return true;
                }
                match (r.split_once('/'), item.value.split_once('/')) {
                    (Some((res, _)), Some((ires, "*"))) => ires == res,
                    (Some((_, sub)), Some(("*", isub))) => isub == sub,
                    _ => false,
                }
            })
        })
    }

    /// The first verb entry that is one of `verbs` or `*`.
    pub fn verb_in(&self, verbs: &[&str]) -> Option<Item<'a>> {
        self.verbs
            .iter()
            .copied()
            .find(|v| v.value == "*" || verbs.contains(&v.value))
    }

    /// What the rule applies to, for messages: its resources, or its
    /// non-resource URLs.
    pub fn targets(&self) -> String {
        let (what, items) = if self.resources.is_empty() && !self.non_resource_urls.is_empty() {
            ("URLs ", &self.non_resource_urls)
        } else {
            ("", &self.resources)
        };
        let list = items.iter().map(|i| i.value).collect::<Vec<_>>().join(", ");
        format!("{what}`{list}`")
    }

    /// The verbs this rule grants among `verbs`, for messages (`get, list`).
    pub fn granted(&self, verbs: &[&str]) -> String {
        if self.verbs.iter().any(|v| v.value == "*") {
            return "*".to_string();
        }
        self.verbs
            .iter()
            .filter(|v| verbs.contains(&v.value))
            .map(|v| v.value)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// When the rule grants one of `verbs` on one of `resources` in one of
    /// `groups`: the matching resource entry.
    pub fn grants(&self, groups: &[&str], resources: &[&str], verbs: &[&str]) -> Option<Item<'a>> {
        if !groups.iter().any(|g| self.covers_group(g)) {
            return None;
        }
        self.verb_in(verbs)?;
        self.resource_named(resources)
    }
}

/// A dangerous grant: one of `verbs` on one of `resources` in one of `groups`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grant {
    /// API groups of the resources.
    pub groups: &'static [&'static str],
    /// Resources whose grant is dangerous.
    pub resources: &'static [&'static str],
    /// Verbs that make the grant dangerous.
    pub verbs: &'static [&'static str],
}

/// Reports, for rule `meta`, every policy rule of `obj` that `skip` leaves
/// in and that makes `grant`: at the matching resource, saying which verbs
/// it grants on it and what that allows (`why`).
pub(crate) fn report_grants<'a>(
    obj: &K8sObject<'a>,
    cx: &mut Checker,
    meta: &'static RuleMeta,
    grant: Grant,
    skip: impl Fn(&PolicyRule<'a>) -> bool,
    why: &str,
) {
    for r in policy_rules(obj) {
        if skip(&r) {
            continue;
        }
        if let Some(res) = r.grants(grant.groups, grant.resources, grant.verbs) {
            cx.report(
                meta,
                res.span,
                format!(
                    "{} grants `{}` on `{}`: {why}",
                    obj.object.kind,
                    r.granted(grant.verbs),
                    res.value
                ),
            );
        }
    }
}

/// `roleRef` of a binding: kind and name, with the span of the name.
pub(crate) fn role_ref<'a>(obj: &K8sObject<'a>) -> Option<(&'a str, Item<'a>)> {
    let root: &'a Node = obj.root;
    let r = root.get("roleRef")?;
    let kind = r.get("kind").and_then(Node::as_str).unwrap_or("");
    let name = r.get("name")?;
    Some((
        kind,
        Item {
            value: name.as_str()?,
            span: name.span,
        },
    ))
}

/// One subject of a binding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subject<'a> {
    /// `kind` (`User`, `Group`, `ServiceAccount`).
    pub kind: &'a str,
    /// `name`, with its span.
    pub name: Item<'a>,
    /// `namespace` (service accounts).
    pub namespace: Option<&'a str>,
}

/// The `subjects` of a binding.
pub(crate) fn subjects<'a>(obj: &K8sObject<'a>) -> Vec<Subject<'a>> {
    let root: &'a Node = obj.root;
    let Some(seq) = root.get("subjects").and_then(Node::as_seq) else {
        return Vec::new();
    };
    seq.iter()
        .filter_map(|s| {
            let name = s.get("name")?;
            Some(Subject {
                kind: s.get("kind").and_then(Node::as_str).unwrap_or(""),
                name: Item {
                    value: name.as_str()?,
                    span: name.span,
                },
                namespace: s.get("namespace").and_then(Node::as_str),
            })
        })
        .collect()
}
