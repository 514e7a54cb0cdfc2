//! Files that are sensitive because of where they are, whatever their bytes:
//! SSH keys, cloud and registry credentials, shell histories, `.env` files,
//! keystores. And paths where a match is most likely a test fixture or an
//! example, so image analysers can skip or downgrade it.

/// Shell and REPL history files (they keep typed passwords and tokens).
const HISTORY_FILES: &[&str] = &[
    ".bash_history",
    ".zsh_history",
    ".sh_history",
    ".ash_history",
    ".history",
    ".mysql_history",
    ".psql_history",
    ".python_history",
    ".node_repl_history",
    ".rediscli_history",
    ".sqlite_history",
    ".irb_history",
    ".mongorc.js",
    ".dbshell",
];

/// Suffixes of `.env` variants that are committed templates, not secrets.
const ENV_TEMPLATES: &[&str] = &[
    "example", "sample", "template", "dist", "defaults", "default", "tmpl", "tpl", "schema",
];

/// Directories of public certificates and keyrings (never private keys).
const PUBLIC_KEY_DIRS: &[&str] = &[
    "/etc/ssl/certs/",
    "/usr/share/ca-certificates/",
    "/etc/pki/ca-trust/",
    "/etc/pki/tls/certs/",
    "/usr/local/share/ca-certificates/",
    "/usr/share/keyrings/",
    "/etc/apt/",
    "/usr/share/doc/",
    "/etc/ca-certificates/",
    "/usr/share/gnupg/",
];

/// A stable kebab-case ID for a file that is sensitive by its path, or `None`.
///
/// IDs: `env-file`, `ssh-private-key`, `private-key-file`, `aws-credentials`,
/// `docker-config`, `kubeconfig`, `npmrc`, `pypirc`, `git-credentials`,
/// `netrc`, `pgpass`, `mysql-client-config`, `vault-token`, `gcloud-credentials`,
/// `azure-credentials`, `shell-history`, `git-directory` (reported for
/// `.git/config`, once per repository), `keepass-database`, `pkcs12-keystore`,
/// `java-keystore`, `putty-private-key`, `htpasswd`, `terraform-state`.
///
/// `private-key-file` (`*.key`, `*key*.pem`) is a guess from the name;
/// confirm it with [`crate::Scanner`] (a `private-key` match) before
/// reporting it as a key. Public certificate and keyring directories
/// (`/etc/ssl/certs`, `/usr/share/keyrings`, ...) never yield it.
pub fn sensitive_file_kind(path: &str) -> Option<&'static str> {
    let norm = path.replace('\\', "/");
    let p = norm.trim_start_matches("./");
    let name = p.rsplit('/').next().unwrap_or(p);
    let lower_name = name.to_ascii_lowercase();
    let with_slash = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    };
    let ends = |suffix: &str| with_slash.ends_with(suffix);

    if lower_name == ".env" {
        return Some("env-file");
    }
    if let Some(rest) = lower_name.strip_prefix(".env.") {
        if !ENV_TEMPLATES
            .iter()
            .any(|t| rest.split('.').any(|part| part == *t))
        {
            return Some("env-file");
        }
        return None;
    }
    if matches!(
        name,
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk"
    ) {
        return Some("ssh-private-key");
    }
    if ends("/.aws/credentials") {
        return Some("aws-credentials");
    }
    if ends("/.docker/config.json") || ends("/.dockercfg") {
        return Some("docker-config");
    }
    if ends("/.kube/config") {
        return Some("kubeconfig");
    }
    if name == ".npmrc" {
        return Some("npmrc");
    }
    if name == ".pypirc" {
        return Some("pypirc");
    }
    if name == ".git-credentials" {
        return Some("git-credentials");
    }
    if name == ".netrc" || name == "_netrc" {
        return Some("netrc");
    }
    if name == ".pgpass" {
        return Some("pgpass");
    }
    if name == ".my.cnf" {
        return Some("mysql-client-config");
    }
    if name == ".vault-token" {
        return Some("vault-token");
    }
    if ends("/.config/gcloud/credentials.db")
        || ends("/.config/gcloud/access_tokens.db")
        || name == "application_default_credentials.json"
    {
        return Some("gcloud-credentials");
    }
    if ends("/.azure/accessTokens.json") || ends("/.azure/msal_token_cache.json") {
        return Some("azure-credentials");
    }
    if HISTORY_FILES.contains(&name) {
        return Some("shell-history");
    }
    if ends("/.git/config") {
        return Some("git-directory");
    }
    if name == ".htpasswd" {
        return Some("htpasswd");
    }
    if lower_name == "terraform.tfstate" || lower_name == "terraform.tfstate.backup" {
        return Some("terraform-state");
    }
    let ext = lower_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "kdbx" | "kdb" => return Some("keepass-database"),
        "p12" | "pfx" => return Some("pkcs12-keystore"),
        "jks" | "keystore" => return Some("java-keystore"),
        "ppk" => return Some("putty-private-key"),
        _ => {}
    }
    if PUBLIC_KEY_DIRS.iter().any(|d| with_slash.contains(d)) {
        return None;
    }
    let public_name = [
        "pub", "public", "gpg", "asc", "cert", "crt", "chain", "bundle",
    ]
    .iter()
    .any(|w| lower_name.contains(w));
    if ext == "key" && !public_name {
        return Some("private-key-file");
    }
    let stem = lower_name.strip_suffix(".pem").unwrap_or("");
    if ext == "pem"
        && !public_name
        && (stem.ends_with("key") || stem.ends_with("priv") || stem.ends_with("private"))
    {
        return Some("private-key-file");
    }
    None
}

/// True for paths where a secret-looking match is most likely a test
/// fixture, an example or documentation: `/usr/share/doc`, man pages,
/// `test`/`tests`/`testdata`/`fixtures`/`examples` directories (for example
/// inside Python or npm packages), third-party source caches
/// (`.cargo/registry`, `go/pkg/mod`), and Debian's generated
/// `ssl-cert-snakeoil.key`. Analysers should skip or downgrade there.
pub fn is_low_signal_path(path: &str) -> bool {
    let norm = path.replace('\\', "/").to_ascii_lowercase();
    let p = norm.trim_start_matches("./");
    if ["/.cargo/registry/", "/go/pkg/mod/", "/.rustup/toolchains/"]
        .iter()
        .any(|d| norm.contains(d))
        || p.ends_with("/ssl-cert-snakeoil.key")
    {
        return true;
    }
    if [
        "usr/share/doc/",
        "usr/share/man/",
        "usr/share/info/",
        "usr/share/help/",
    ]
    .iter()
    .any(|d| p.trim_start_matches('/').starts_with(d))
    {
        return true;
    }
    p.split('/').rev().skip(1).any(|dir| {
        matches!(
            dir,
            "test"
                | "tests"
                | "testing"
                | "testdata"
                | "test_data"
                | "test-data"
                | "__tests__"
                | "fixtures"
                | "fixture"
                | "testfixtures"
                | "examples"
                | "example"
                | "samples"
                | "spec"
                | "vectors"
                | "dummyserver"
                | "testcerts"
                | "test-certs"
                | "testkeys"
                | "docs"
                | "doc"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive() {
        let cases = [
            (".env", "env-file"),
            ("app/.env", "env-file"),
            ("/srv/app/.env.production", "env-file"),
            ("/root/.ssh/id_rsa", "ssh-private-key"),
            ("home/u/.ssh/id_ed25519", "ssh-private-key"),
            ("/etc/nginx/tls/server.key", "private-key-file"),
            ("/app/certs/privkey.pem", "private-key-file"),
            ("/root/.aws/credentials", "aws-credentials"),
            ("/root/.docker/config.json", "docker-config"),
            ("/root/.kube/config", "kubeconfig"),
            ("/app/.npmrc", "npmrc"),
            ("/root/.pypirc", "pypirc"),
            ("/root/.git-credentials", "git-credentials"),
            ("/root/.netrc", "netrc"),
            ("/root/.bash_history", "shell-history"),
            ("/root/.zsh_history", "shell-history"),
            ("/root/.mysql_history", "shell-history"),
            ("/app/.git/config", "git-directory"),
            ("/app/vault.kdbx", "keepass-database"),
            ("/app/client.p12", "pkcs12-keystore"),
            ("/app/client.PFX", "pkcs12-keystore"),
            ("/app/app.jks", "java-keystore"),
        ];
        for (p, k) in cases {
            assert_eq!(sensitive_file_kind(p), Some(k), "{p}");
        }
    }

    #[test]
    fn not_sensitive() {
        for p in [
            "/root/.ssh/id_rsa.pub",
            "/root/.ssh/id_ed25519.pub",
            "/root/.ssh/known_hosts",
            "/app/.env.example",
            "/app/.env.sample",
            "/app/.env.dist",
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/ssl/certs/ISRG_Root_X1.pem",
            "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt",
            "/usr/share/keyrings/debian-archive-keyring.gpg",
            "/etc/apt/keyrings/docker.key",
            "/usr/share/gnupg/sks-keyservers.netCA.pem",
            "/app/keyservers.pem",
            "/etc/apt/trusted.gpg.d/nodesource.gpg.key",
            "/app/cert.pem",
            "/app/fullchain.pem",
            "/app/public.key",
            "/app/.git/HEAD",
            "/app/.gitignore",
            "/app/README.md",
            "/usr/bin/env",
            "",
        ] {
            assert_eq!(sensitive_file_kind(p), None, "{p}");
        }
    }

    #[test]
    fn low_signal() {
        assert!(is_low_signal_path("/usr/share/doc/openssl/README"));
        assert!(is_low_signal_path(
            "usr/lib/python3/dist-packages/tornado/test/test.key"
        ));
        assert!(is_low_signal_path(
            "/app/node_modules/x/test/fixtures/key.pem"
        ));
        assert!(!is_low_signal_path("/app/config/prod.key"));
        assert!(!is_low_signal_path("/root/.ssh/id_rsa"));
        assert!(!is_low_signal_path("/tests"));
        assert!(is_low_signal_path("/etc/ssl/private/ssl-cert-snakeoil.key"));
        assert!(is_low_signal_path(
            "/root/.cargo/registry/src/index.crates.io-x/pem-4.0.0/src/lib.rs"
        ));
    }
}
