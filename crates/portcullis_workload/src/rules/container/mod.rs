//! Container hardening rules beyond the Pod Security Standards.

use crate::Workload;
use portcullis_rules::Rule;

/// The container rules in ID order.
pub static RULES: &[&dyn Rule<Workload>] = &[];
