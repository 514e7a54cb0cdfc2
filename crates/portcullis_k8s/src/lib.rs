//! Kubernetes manifests (YAML and JSON): recognising objects in multi-document
//! streams and `List`s, extracting every pod template into the workload model,
//! and running the workload rules and the Kubernetes-only rules on them.

mod object;
pub mod rules;

pub use object::K8sObject;
