//! Rules about Kubernetes objects themselves (Secrets, ConfigMaps, namespaces),
//! as opposed to the pod-level rules of `portcullis_workload`.

use crate::K8sObject;
use portcullis_rules::Rule;

/// The Kubernetes-only rules in ID order.
pub static RULES: &[&dyn for<'a> Rule<K8sObject<'a>>] = &[];
