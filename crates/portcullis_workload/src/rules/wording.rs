//! Message wording by origin. Kubernetes findings keep the Pod Security
//! Admission wording (field paths such as `securityContext.privileged`);
//! compose findings name the compose key the user wrote and what to write
//! instead (`privileged: true`, `cap_drop: [ALL]`, `security_opt`).

use crate::{Container, Origin, Workload};

/// The Kubernetes message or the compose one, by `w`'s origin; only the
/// chosen closure runs.
pub(crate) fn say(
    w: &Workload,
    k8s: impl FnOnce() -> String,
    compose: impl FnOnce() -> String,
) -> String {
    match w.origin {
        Origin::Kubernetes => k8s(),
        Origin::Compose => compose(),
    }
}

/// True for a compose service.
pub(crate) fn is_compose(w: &Workload) -> bool {
    w.origin == Origin::Compose
}

/// `service "web"`: the compose service a workload was read from.
pub(crate) fn service(w: &Workload) -> String {
    format!("service {:?}", w.object.name.as_deref().unwrap_or(""))
}

/// `service "web"` for the container of a compose service (which carries
/// the service's name).
pub(crate) fn service_of(c: &Container) -> String {
    format!("service {:?}", c.name_str())
}

/// ``container `web` `` for Kubernetes, ``service `web` `` for compose: how
/// the container rules name what they report on.
pub(crate) fn subject(w: &Workload, c: &Container) -> String {
    let unit = if is_compose(w) {
        "service"
    } else {
        "container"
    };
    format!("{unit} `{}`", c.name_str())
}

/// The Kubernetes field or the compose key, by origin (for messages that
/// differ only in the name of the setting).
pub(crate) fn key<'a>(w: &Workload, k8s: &'a str, compose: &'a str) -> &'a str {
    if is_compose(w) { compose } else { k8s }
}

/// What a compose service should do instead of a literal secret in
/// `environment`.
pub(crate) const COMPOSE_ENV_HINT: &str =
    "; use a `${VAR}` placeholder or a file under the top-level `secrets:` instead";
