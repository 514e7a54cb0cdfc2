//! Every rule over the workload model: Pod Security Standards controls
//! (`pss`) and further container hardening checks (`container`).

pub mod container;
pub mod pss;
pub(crate) mod wording;

use crate::Workload;
use portcullis_rules::Rule;

/// All workload rules, PSS first.
pub fn rules() -> Vec<&'static dyn Rule<Workload>> {
    pss::RULES
        .iter()
        .chain(container::RULES.iter())
        .copied()
        .collect()
}
