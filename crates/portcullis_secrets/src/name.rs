//! Credential-bearing variable names: `MYSQL_ROOT_PASSWORD`, `apiKey`,
//! `GITHUB_TOKEN`... The name is split into lowercase words (on `_ - .` and
//! camelCase) so that settings *about* a secret (`PASSWORD_FILE`,
//! `TOKEN_EXPIRY`, `ALLOW_EMPTY_PASSWORD`) are not mistaken for the secret.

/// Words that make the whole name a credential (matched against each word).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "passcode",
    "pass",
    "pw",
    "pwd",
    "secret",
    "secrets",
    "token",
    "credential",
    "credentials",
    "creds",
    "apikey",
    "privatekey",
    "accesskey",
    "secretkey",
    "salt",
    "bearer",
    "htpasswd",
];

/// Sub-strings that mark a run-together word as a credential (`PGPASSWORD`,
/// `SECRETACCESSKEY`).
const SECRET_INFIXES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "apikey",
    "accesskey",
    "privatekey",
];

/// Words before `key` that make it a credential (`API_KEY`, `SIGNING_KEY`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "private",
    "access",
    "secret",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "decryption",
    "master",
    "license",
    "licence",
    "auth",
    "session",
    "app",
    "account",
    "storage",
    "shared",
    "hmac",
    "jwt",
    "cookie",
    "webhook",
    "cipher",
    "crypto",
    "aes",
    "ssh",
    "deploy",
    "subscription",
    "consumer",
    "tls",
    "ssl",
    "client",
    "service",
    "admin",
    "root",
    "bot",
];

/// Final words that make the name describe a secret rather than hold it.
const DENY_LAST: &[&str] = &[
    "file",
    "files",
    "filename",
    "path",
    "paths",
    "dir",
    "directory",
    "location",
    "mount",
    "length",
    "len",
    "expiry",
    "expires",
    "expiration",
    "ttl",
    "timeout",
    "lifetime",
    "duration",
    "age",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "version",
    "name",
    "names",
    "ref",
    "url",
    "uri",
    "urls",
    "endpoint",
    "host",
    "hostname",
    "port",
    "server",
    "issuer",
    "issuers",
    "audience",
    "scope",
    "scopes",
    "realm",
    "role",
    "user",
    "username",
    "policy",
    "class",
    "classname",
    "type",
    "mode",
    "method",
    "provider",
    "source",
    "prefix",
    "suffix",
    "interval",
    "header",
    "count",
    "size",
    "limit",
    "format",
    "algorithm",
    "alg",
    "bits",
    "command",
    "cmd",
    "helper",
    "script",
    "namespace",
    "label",
    "key",
    "keys",
    "field",
    "store",
    "rotation",
    "strength",
    "complexity",
    "required",
    "retries",
    "attempts",
    "env",
    "var",
    "id",
    "ids",
    "tokens",
    "generator",
    "converter",
    "authority",
    "permissions",
    "permission",
    "hash",
    "hashed",
    "digest",
    "checksum",
    "fingerprint",
    "hasher",
    "hashers",
    "rounds",
    "iterations",
    "seconds",
    "secs",
    "ms",
    "millis",
    "minutes",
    "mins",
    "hours",
    "days",
];

/// Words anywhere in the name that make it a switch or a limit about a secret.
const MODIFIERS: &[&str] = &[
    "allow", "empty", "random", "generate", "skip", "disable", "enable", "require", "use", "show",
    "hide", "no", "reset", "min", "max", "num", "number", "length", "expiry", "strict",
];

/// Words before a final `auth` that make it a switch (`DISABLE_AUTH`, `CLIENT_AUTH`).
const AUTH_NEGATORS: &[&str] = &["client", "basic", "oauth", "http", "proxy", "sasl", "ldap"];

/// Split a variable name into lowercase words on `_`, `-`, `.`, other
/// punctuation and camelCase boundaries (`apiKeyID` -> `api`, `key`, `id`).
pub fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // `fooBar` -> foo|Bar ; `APIKey` -> API|Key
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn is_secret_word(word: &str, word_count: usize) -> bool {
    if word == "pwd" {
        // `PWD` alone is the working directory; `MYSQL_PWD` is a password.
        return word_count > 1;
    }
    if SECRET_WORDS.contains(&word) {
        return true;
    }
    if SECRET_INFIXES.iter().any(|s| word.contains(s)) {
        return !word.starts_with("secretar"); // secretary
    }
    if word.len() > 5 && word.ends_with("token") {
        return true; // authtoken, bottoken, accesstoken
    }
    if word.len() > 4 && word.ends_with("pass") {
        return ![
            "bypass",
            "compass",
            "encompass",
            "overpass",
            "underpass",
            "trespass",
            "askpass", // GIT_ASKPASS, SSH_ASKPASS: the prompt program
        ]
        .contains(&word);
    }
    false
}

/// True when an environment variable / build argument with this name usually
/// holds a credential: `DB_PASSWORD`, `PGPASSWORD`, `GITHUB_TOKEN`, `apiKey`,
/// `AWS_SECRET_ACCESS_KEY`, `SECRET_KEY_BASE`, `AUTH`.
///
/// Names that only describe a secret are not: `PASSWORD_FILE`, `TOKEN_PATH`,
/// `SECRET_NAME`, `PASSWORD_LENGTH`, `TOKEN_EXPIRY`, `AUTH_ENABLED`,
/// `MYSQL_ALLOW_EMPTY_PASSWORD`, `AWS_ACCESS_KEY_ID`, `GPG_KEYS`,
/// `MAX_TOTAL_TOKENS`, `KEYCLOAK_URL`.
pub fn is_secret_name(name: &str) -> bool {
    let words = name_words(name);
    let Some(last) = words.last() else {
        return false;
    };
    let n = words.len();
    let is_last_deny = DENY_LAST.contains(&last.as_str());
    // `SECRET_ID` (Vault AppRole) and `API_KEY` are secrets even though
    // `id` / `key` alone would be denied.
    let special_last = (last == "id" && n >= 2 && words[n - 2] == "secret")
        || (last == "key" && n >= 2 && KEY_QUALIFIERS.contains(&words[n - 2].as_str()))
        || (last == "key" && n == 1);
    if n == 1 && last == "key" {
        return false;
    }
    if is_last_deny && !special_last {
        return false;
    }
    if words.iter().any(|w| MODIFIERS.contains(&w.as_str())) {
        return false;
    }
    // Kafka/Confluent `*_SSL_KEYSTORE_CREDENTIALS` name a credentials file.
    if last == "credentials"
        && n >= 2
        && ["keystore", "truststore", "key"].contains(&words[n - 2].as_str())
    {
        return false;
    }
    for (i, w) in words.iter().enumerate() {
        if is_secret_word(w, n) {
            return true;
        }
        if w == "key" && i > 0 && KEY_QUALIFIERS.contains(&words[i - 1].as_str()) {
            return true;
        }
        if w == "auth" && i + 1 == n && (i == 0 || !AUTH_NEGATORS.contains(&words[i - 1].as_str()))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(name_words("apiKeyID"), ["api", "key", "id"]);
        assert_eq!(name_words("APIKey"), ["api", "key"]);
        assert_eq!(
            name_words("MYSQL_ROOT_PASSWORD"),
            ["mysql", "root", "password"]
        );
        assert_eq!(
            name_words("spring.datasource-password"),
            ["spring", "datasource", "password"]
        );
        assert_eq!(name_words("clientSecret"), ["client", "secret"]);
        assert!(name_words("").is_empty());
        assert!(name_words("__").is_empty());
    }

    #[test]
    fn secret_names() {
        for n in [
            "PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "POSTGRES_PASSWORD",
            "PGPASSWORD",
            "WEBPASSWORD",
            "OWNERPASSWORD",
            "POSTGRES_PWD",
            "MYSQL_PWD",
            "DATA_SOURCE_PASS",
            "LDAP_ROOTPASS",
            "YOURLS_PASS",
            "GITHUB_TOKEN",
            "HUGGING_FACE_HUB_TOKEN",
            "HF_TOKEN",
            "OAUTH_ACCESS_TOKEN",
            "NPM_AUTHTOKEN",
            "API_KEY",
            "APIKEY",
            "apiKey",
            "OPENAI_API_KEY",
            "NGC_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "OBJECTSTORECONFIG_SECRETACCESSKEY",
            "OBJECTSTORECONFIG_ACCESSKEY",
            "MINIO_SECRET_KEY",
            "MINIO_ACCESS_KEY",
            "ACCESS_KEY",
            "PRIVATE_KEY",
            "privateKey",
            "TLS_KEY",
            "SECRET_KEY_BASE",
            "DJANGO_SECRET_KEY",
            "OAUTH2_PROXY_COOKIE_SECRET",
            "OAUTH2_PROXY_CLIENT_SECRET",
            "clientSecret",
            "REGISTRY_HTTP_SECRET",
            "SECRET_ID",
            "AUTH",
            "REDIS_AUTH",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
            "DOCKER_CREDENTIALS",
            "WORDPRESS_AUTH_KEY",
            "WORDPRESS_SECURE_AUTH_SALT",
            "LICENSE_KEY",
            "KAFKA_SSL_KEY_PASSWORD",
            "db.password",
            "ROOK_MON_SECRET",
        ] {
            assert!(is_secret_name(n), "{n} should be a secret name");
        }
    }

    #[test]
    fn non_secret_names() {
        for n in [
            "",
            "PWD",
            "OLDPWD",
            "PATH",
            "KEY",
            "HOME",
            "MYSQL_ROOT_PASSWORD_FILE",
            "POSTGRES_PASSWORD_FILE",
            "TOKEN_PATH",
            "SECRETS_DIR",
            "CA_CERT_PATH",
            "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_KEY_PATH",
            "AUTH_URL_PATH",
            "PASSWORD_LENGTH",
            "TOKEN_EXPIRY",
            "AUTH_ENABLED",
            "GF_AUTH_ANONYMOUS_ENABLED",
            "GF_AUTH_ANONYMOUS_ORG_ROLE",
            "ARGOCD_SERVER_DISABLE_AUTH",
            "KAFKA_SSL_CLIENT_AUTH",
            "POSTGRES_HOST_AUTH_METHOD",
            "KAFKA_AUTHORIZER_CLASS_NAME",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "MYSQL_RANDOM_ROOT_PASSWORD",
            "MAX_TOTAL_TOKENS",
            "MAX_INPUT_TOKENS",
            "GPG_KEYS",
            "GPG_KEY",
            "CONNECT_KEY_CONVERTER",
            "ARGOCD_REDIS_KEY_PREFIX",
            "KEYCLOAK_URL",
            "KEYCLOAK_HOSTNAME",
            "KEEPASSXC_VERSION",
            "AWS_ACCESS_KEY_ID",
            "OAUTH_CLIENT_ID",
            "WEBHOOK_SECRET_NAME",
            "SECRET_VERSION",
            "KAFKA_SSL_KEYSTORE_CREDENTIALS",
            "KAFKA_SSL_KEYSTORE_LOCATION",
            "CONNECT_VALUE_CONVERTER_BASIC_AUTH_CREDENTIALS_SOURCE",
            "PILOT_JWT_PUB_KEY_REFRESH_INTERVAL",
            "OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS",
            "ARGOCD_APPLICATIONSET_CONTROLLER_TOKENREF_STRICT_MODE",
            "NO_PROXY_BYPASS",
            "TOKEN_URL",
            "SSL_CERT_FILE",
            "NODE_EXTRA_CA_CERTS",
            "SECRETARY_NAME",
            "SECRETARY",
            "GITHUB_TOKEN_PERMISSIONS",
            "ADMIN_PASSWORD_HASH",
            "SSH_KEY_FINGERPRINT",
            "GIT_ASKPASS",
            "SUDO_ASKPASS",
            "TOKEN_REFRESH_SECONDS",
            "SESSION_TOKEN_LIFETIME_HOURS",
            "PASSWORD_SALT_ROUNDS",
            "PASSWORD_HASHERS",
        ] {
            assert!(!is_secret_name(n), "{n} should not be a secret name");
        }
    }
}
