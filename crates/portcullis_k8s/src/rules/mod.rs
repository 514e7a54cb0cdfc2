//! Rules about Kubernetes objects themselves (Secrets, ConfigMaps, RBAC,
//! ServiceAccounts, Ingresses), as opposed to the pod-level rules of
//! `portcullis_workload`. Each reads the object's YAML tree.

mod configmap_credential;
mod default_service_account_automount;
mod ingress_nginx_snippet;
mod ingress_without_tls;
mod rbac;
mod rbac_cluster_admin_binding;
mod rbac_configmap_write;
mod rbac_csr_approval;
mod rbac_default_service_account_binding;
mod rbac_escalation_verb;
mod rbac_full_wildcard;
mod rbac_modify_rbac;
mod rbac_network_write;
mod rbac_nodes_proxy;
mod rbac_pod_exec;
mod rbac_public_group_binding;
mod rbac_secrets_access;
mod rbac_webhook_config;
mod rbac_wildcard;
mod rbac_workload_create;
mod secret_in_manifest;
mod service_external_ips;

pub use configmap_credential::ConfigmapCredential;
pub use default_service_account_automount::DefaultServiceAccountAutomount;
pub use ingress_nginx_snippet::IngressNginxSnippet;
pub use ingress_without_tls::IngressWithoutTls;
pub use rbac_cluster_admin_binding::RbacClusterAdminBinding;
pub use rbac_configmap_write::RbacConfigmapWrite;
pub use rbac_csr_approval::RbacCsrApproval;
pub use rbac_default_service_account_binding::RbacDefaultServiceAccountBinding;
pub use rbac_escalation_verb::RbacEscalationVerb;
pub use rbac_full_wildcard::RbacFullWildcard;
pub use rbac_modify_rbac::RbacModifyRbac;
pub use rbac_network_write::RbacNetworkWrite;
pub use rbac_nodes_proxy::RbacNodesProxy;
pub use rbac_pod_exec::RbacPodExec;
pub use rbac_public_group_binding::RbacPublicGroupBinding;
pub use rbac_secrets_access::RbacSecretsAccess;
pub use rbac_webhook_config::RbacWebhookConfig;
pub use rbac_wildcard::RbacWildcard;
pub use rbac_workload_create::RbacWorkloadCreate;
pub use secret_in_manifest::SecretInManifest;
pub use service_external_ips::ServiceExternalIps;

use crate::K8sObject;
use portcullis_rules::Rule;

/// The Kubernetes-only rules in ID order.
pub static RULES: &[&dyn for<'a> Rule<K8sObject<'a>>] = &[
    &SecretInManifest,
    &ConfigmapCredential,
    &DefaultServiceAccountAutomount,
    &RbacFullWildcard,
    &RbacWildcard,
    &RbacSecretsAccess,
    &RbacPodExec,
    &RbacWorkloadCreate,
    &RbacEscalationVerb,
    &RbacModifyRbac,
    &RbacNodesProxy,
    &RbacCsrApproval,
    &RbacWebhookConfig,
    &RbacClusterAdminBinding,
    &RbacPublicGroupBinding,
    &RbacDefaultServiceAccountBinding,
    &IngressWithoutTls,
    &IngressNginxSnippet,
    &RbacNetworkWrite,
    &RbacConfigmapWrite,
    &ServiceExternalIps,
];
