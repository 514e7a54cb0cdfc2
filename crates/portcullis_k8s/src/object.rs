//! A recognised Kubernetes object: its identity and its YAML tree.

use portcullis_rules::ObjectRef;
use portcullis_yaml::Node;

/// One Kubernetes object of a file (a document, or an item of a `List`).
#[derive(Debug, Clone, Copy)]
pub struct K8sObject<'a> {
    /// Identity: apiVersion, kind, namespace, name.
    pub object: &'a ObjectRef,
    /// The object's root mapping.
    pub root: &'a Node,
    /// Subject index in the file (for annotation suppressions).
    pub subject: u32,
}
