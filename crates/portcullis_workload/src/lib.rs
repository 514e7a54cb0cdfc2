//! The normalised workload model: a pod-shaped view of a Kubernetes pod
//! template or a compose service, every field with the span where it was
//! written, and the rules that read it. One concern, one rule: a privileged
//! container is reported by the same rule whatever file it came from.

pub mod model;
pub mod rules;

pub use model::*;
