//! Kubernetes manifests (YAML and JSON): recognising objects in multi-document
//! streams and `List`s, extracting every pod template into the workload model,
//! and running the workload rules and the Kubernetes-only rules on them.

mod check;
pub mod extract;
mod object;
pub mod rules;
pub mod testing;

pub use check::{check_file, object_ref, rule_metas};
pub use object::K8sObject;
