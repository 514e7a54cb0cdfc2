//! The kinds of secret this crate recognises, each with a stable kebab-case ID,
//! a human title and a severity hint for the rules that report them.

use portcullis_diagnostics::Severity;
use std::fmt;

/// A kind of credential found in a value or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SecretKind {
    /// A PEM or OpenSSH private key block (`-----BEGIN ... PRIVATE KEY-----`).
    PrivateKey,
    /// An AWS access key ID (`AKIA...` / `ASIA...`).
    AwsAccessKeyId,
    /// An AWS secret access key next to its `aws_secret_access_key` name.
    AwsSecretAccessKey,
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken,
    /// A GitLab personal/project access token (`glpat-`).
    GitlabToken,
    /// A Slack API token (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`).
    SlackToken,
    /// A Slack incoming-webhook URL (`hooks.slack.com/services/...`).
    SlackWebhook,
    /// A Stripe live secret or restricted key (`sk_live_`, `rk_live_`).
    StripeKey,
    /// An npm access token (`npm_...`).
    NpmToken,
    /// A PyPI API token (`pypi-AgEIcHlwaS5vcmc...`).
    PypiToken,
    /// A Google API key (`AIza...`).
    GoogleApiKey,
    /// A JSON Web Token (`eyJ...`.`eyJ...`.`...`).
    Jwt,
    /// A URL with an embedded password (`scheme://user:pass@host`).
    UrlCredentials,
    /// A registry `"auth"` entry in a Docker `config.json` (base64 `user:password`).
    DockerConfigAuth,
    /// An `_authToken` / `_auth` / `_password` entry in an `.npmrc`.
    NpmrcAuth,
    /// A `password = ...` assignment in a configuration file (`.pypirc`, ini, properties, env).
    PasswordAssignment,
}

impl SecretKind {
    /// Every kind, in declaration order.
    pub const ALL: [SecretKind; 16] = [
        SecretKind::PrivateKey,
        SecretKind::AwsAccessKeyId,
        SecretKind::AwsSecretAccessKey,
        SecretKind::GithubToken,
        SecretKind::GitlabToken,
        SecretKind::SlackToken,
        SecretKind::SlackWebhook,
        SecretKind::StripeKey,
        SecretKind::NpmToken,
        SecretKind::PypiToken,
        SecretKind::GoogleApiKey,
        SecretKind::Jwt,
        SecretKind::UrlCredentials,
        SecretKind::DockerConfigAuth,
        SecretKind::NpmrcAuth,
        SecretKind::PasswordAssignment,
    ];

    /// Stable kebab-case identifier, e.g. `github-token` (usable in finding properties).
    pub fn id(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "private-key",
            SecretKind::AwsAccessKeyId => "aws-access-key-id",
            SecretKind::AwsSecretAccessKey => "aws-secret-access-key",
            SecretKind::GithubToken => "github-token",
            SecretKind::GitlabToken => "gitlab-token",
            SecretKind::SlackToken => "slack-token",
            SecretKind::SlackWebhook => "slack-webhook-url",
            SecretKind::StripeKey => "stripe-secret-key",
            SecretKind::NpmToken => "npm-token",
            SecretKind::PypiToken => "pypi-token",
            SecretKind::GoogleApiKey => "google-api-key",
            SecretKind::Jwt => "jwt",
            SecretKind::UrlCredentials => "url-credentials",
            SecretKind::DockerConfigAuth => "docker-registry-auth",
            SecretKind::NpmrcAuth => "npmrc-auth-token",
            SecretKind::PasswordAssignment => "password-assignment",
        }
    }

    /// Human title, e.g. `GitHub token`.
    pub fn title(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "private key",
            SecretKind::AwsAccessKeyId => "AWS access key ID",
            SecretKind::AwsSecretAccessKey => "AWS secret access key",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::GitlabToken => "GitLab access token",
            SecretKind::SlackToken => "Slack token",
            SecretKind::SlackWebhook => "Slack webhook URL",
            SecretKind::StripeKey => "Stripe live secret key",
            SecretKind::NpmToken => "npm access token",
            SecretKind::PypiToken => "PyPI API token",
            SecretKind::GoogleApiKey => "Google API key",
            SecretKind::Jwt => "JSON Web Token",
            SecretKind::UrlCredentials => "password in URL",
            SecretKind::DockerConfigAuth => "Docker registry credentials",
            SecretKind::NpmrcAuth => "npm registry credentials",
            SecretKind::PasswordAssignment => "hardcoded password",
        }
    }

    /// Suggested severity for a finding about this kind (rules may override).
    pub fn severity(self) -> Severity {
        match self {
            SecretKind::PrivateKey
            | SecretKind::AwsSecretAccessKey
            | SecretKind::GithubToken
            | SecretKind::GitlabToken
            | SecretKind::StripeKey
            | SecretKind::PypiToken
            | SecretKind::NpmToken => Severity::Critical,
            SecretKind::SlackToken
            | SecretKind::DockerConfigAuth
            | SecretKind::NpmrcAuth
            | SecretKind::UrlCredentials
            | SecretKind::AwsAccessKeyId => Severity::High,
            SecretKind::SlackWebhook
            | SecretKind::GoogleApiKey
            | SecretKind::Jwt
            | SecretKind::PasswordAssignment => Severity::Medium,
        }
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
