//! Compose files (the compose specification, `docker-compose.yml`): each
//! service is read into a typed [`ComposeService`] and into the same
//! pod-shaped `Workload` as a Kubernetes pod, so the shared workload rules
//! (privileged, host namespaces, runtime sockets, capabilities, secrets in
//! the environment...) fire on it with the same IDs; compose-only rules
//! (DC001–DC099) read the typed view. Env files are read next to the compose
//! file and their findings point into them.

mod check;
pub mod rules;
mod service;
pub mod syntax;
pub mod testing;

pub use check::{check_file, looks_like_compose, rule_metas};
pub use service::{BuildArg, ComposeService, EnvFile, EnvFileVar, PortSpec};
