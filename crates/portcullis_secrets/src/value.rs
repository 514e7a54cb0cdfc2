//! Values: is this literal a stand-in (`${DB_PASSWORD}`, `<token>`, `xxx`,
//! `/run/secrets/db`) or a real credential, and does it have a recognisable
//! credential format regardless of the variable's name.
//!
//! Decision on weak defaults: `changeme`, `password`, `admin` are *not*
//! placeholders. They work as-is and are deployed as-is, so a hardcoded
//! `MYSQL_ROOT_PASSWORD=changeme` is a real (and weak) credential; rules can
//! use [`is_weak_default`] to say so. Words that announce documentation
//! (`example`, `dummy`, `fake`, `placeholder`, `your-token-here`,
//! `REPLACE_ME`, `<...>`) are placeholders.

use crate::kind::SecretKind;
use crate::scanner::Scanner;
use std::sync::LazyLock;

/// Shortest value considered a possible credential; shorter ones are placeholders.
pub const MIN_SECRET_LEN: usize = 4;

/// Words that, contained anywhere in a value (case-insensitively), mark it as
/// a documentation stand-in.
const PLACEHOLDER_INFIXES: &[&str] = &[
    "example",
    "dummy",
    "placeholder",
    "redacted",
    "replace_me",
    "replace-me",
    "replaceme",
    "replace_with",
    "replace-with",
    "insert_",
    "insert-",
    "your_",
    "your-",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "fake_",
    "fake-",
    "_here",
    "-here",
    "notreal",
    "not_real",
    "not-real",
    "sample",
];

/// Whole values (case-insensitive) that are not credentials.
const PLACEHOLDER_WORDS: &[&str] = &[
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "none",
    "null",
    "nil",
    "undefined",
    "empty",
    "todo",
    "tbd",
    "fixme",
    "fake",
    "test",
    "testing",
    "required",
    "optional",
    "secret-key-ref",
    "secretkeyref",
    "valuefrom",
    "redacted",
];

/// Prefixes of references to a secret stored elsewhere.
const REFERENCE_PREFIXES: &[&str] = &[
    "/run/secrets/",
    "/var/run/secrets/",
    "file://",
    "file:",
    "vault:",
    "ref+",
    "arn:aws:secretsmanager:",
    "arn:aws:ssm:",
    "sm://",
    "secretsmanager:",
    "awssm:",
    "gcpsm:",
    "azkv:",
    "op://",
    "keyvault:",
    "projects/",
];

/// Common weak or default passwords (case-insensitive, whole value).
const WEAK_DEFAULTS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "password",
    "passw0rd",
    "p@ssw0rd",
    "password1",
    "password123",
    "secret",
    "supersecret",
    "admin",
    "admin123",
    "administrator",
    "root",
    "toor",
    "guest",
    "default",
    "letmein",
    "qwerty",
    "123456",
    "12345678",
    "123456789",
    "postgres",
    "mysql",
    "redis",
    "minio123",
    "minioadmin",
    "rabbitmq",
    "elastic",
    "pass",
    "pass123",
];

fn strip_quotes(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].trim();
        }
    }
    v
}

/// True for a value that is not a literal credential: empty or shorter than
/// [`MIN_SECRET_LEN`]; a variable, command or template reference (`${VAR}`,
/// `$VAR`, `$(cmd)`, `{{ .Values.x }}`, `%VAR%`, `#{x}`); a `<...>` stand-in;
/// a mask (`xxx`, `***`, `...`); a boolean or number; an `UPPER_SNAKE` name of
/// another variable; a documentation word (`example`, `dummy`, `your-token-here`);
/// a password hash (`$2y$...` bcrypt, `$6$...`, `$argon2id$...`, `{SSHA}...`);
/// or a reference to a secret stored elsewhere (`/run/secrets/db`, an absolute
/// file path, `vault:...`, `arn:aws:secretsmanager:...`).
///
/// Weak defaults such as `changeme` are *not* placeholders; see [`is_weak_default`].
pub fn is_placeholder(value: &str) -> bool {
    let v = strip_quotes(value);
    if v.chars().count() < MIN_SECRET_LEN {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    // References to variables, commands and templates anywhere in the value.
    if v.contains("${") || v.contains("$(") || v.contains("{{") || v.contains("#{") {
        return true;
    }
    // Password hashes (`$2y$12$...` bcrypt, `$6$` sha512-crypt, `$argon2id$`,
    // `{SSHA}`): stored on purpose, not a plaintext credential.
    if [
        "$2a$", "$2b$", "$2y$", "$1$", "$5$", "$6$", "$y$", "$argon2", "$apr1$",
    ]
    .iter()
    .any(|p| v.starts_with(p))
        || [
            "{ssha}",
            "{sha}",
            "{ssha256}",
            "{ssha512}",
            "{bcrypt}",
            "{crypt}",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if let Some(rest) = v.strip_prefix('$')
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return true;
    }
    if v.len() >= 3 && v.starts_with('%') && v.ends_with('%') {
        return true;
    }
    // Format strings: `{password}`, `{0}`.
    if let (Some(a), Some(b)) = (v.find('{'), v.rfind('}'))
        && a < b
        && v[a + 1..b]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') {
        return true;
    }
    if v.starts_with('[') && v.ends_with(']') && !v.contains(',') {
        return true; // [your token]
    }
    // Masks: xxx, XXXX, ***, ..., ----, ????, 0000.
    let first = v.chars().next().unwrap_or('x');
    if v.chars().all(|c| "xX*.-_#?•".contains(c))
        || (v.chars().all(|c| c == first) && !first.is_ascii_alphanumeric())
        || (v.chars().all(|c| c == first) && v.len() < 12)
    {
        return true;
    }
    if lower.contains("xxxx") || lower.contains("****") || v.contains("...") {
        return true;
    }
    if PLACEHOLDER_WORDS.contains(&lower.as_str()) {
        return true;
    }
    // Numbers only: ports, counts, flags.
    if v.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return true;
    }
    // The name of another variable: `INSERT_ETCD_DISCOVERY_TOKEN`, `HF_TOKEN`.
    if v.contains('_')
        && v.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && v.starts_with(|c: char| c.is_ascii_uppercase())
    {
        return true;
    }
    if PLACEHOLDER_INFIXES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    if REFERENCE_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // An absolute or home-relative file path: `/etc/tls/tls.key`, `~/.ssh/id_rsa`.
    if (v.starts_with('/') || v.starts_with("~/") || v.starts_with("./"))
        && v[1..].contains('/')
        && !v.contains(char::is_whitespace)
    {
        return true;
    }
    false
}

/// True for a well-known weak or vendor-default password (`changeme`,
/// `password`, `admin`, `postgres`, `minio123`...), compared case-insensitively.
pub fn is_weak_default(value: &str) -> bool {
    let v = strip_quotes(value).to_ascii_lowercase();
    WEAK_DEFAULTS.contains(&v.as_str())
}

static VALUE_SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::for_values);

/// The credential format of a value, whatever the variable is called: AWS key
/// IDs, GitHub/GitLab/Slack/Stripe/npm/PyPI tokens, Google API keys, private
/// key blocks, JWTs and `scheme://user:password@host` URLs. `None` when the
/// value has no recognisable format (or is a placeholder). When a value holds
/// several, the most severe kind wins.
pub fn classify_value(value: &str) -> Option<SecretKind> {
    if value.len() < 8 {
        return None;
    }
    VALUE_SCANNER
        .scan(value.as_bytes())
        .into_iter()
        .map(|m| m.kind)
        .max_by_key(|k| (k.severity(), std::cmp::Reverse(*k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for v in [
            "",
            "  ",
            "abc",
            "${DB_PASSWORD}",
            "\"${DB_PASSWORD}\"",
            "$DB_PASSWORD",
            "$(cat /run/secrets/db)",
            "{{ .Values.password }}",
            "{{ vault_password }}",
            "prefix-${X}-suffix",
            "%PASSWORD%",
            "#{password}",
            "{password}",
            "{0}",
            "<your-password>",
            "<Client Secret>",
            "<token>",
            "xxx",
            "XXXXXXXX",
            "xxxx-xxxx",
            "***",
            "********",
            "...",
            "true",
            "False",
            "yes",
            "null",
            "12345",
            "3600",
            "1.5",
            "INSERT_ETCD_DISCOVERY_TOKEN",
            "HF_TOKEN",
            "ALLOYDB_SECRET_NAME_VAL",
            "example",
            "my-example-password",
            "dummy",
            "fake_password",
            "your-token-here",
            "REPLACE_ME",
            "/run/secrets/db_password",
            "/var/run/secrets/kubernetes.io/serviceaccount/token",
            "/etc/tls/tls.key",
            "~/.ssh/id_rsa",
            "vault:secret/data/db#password",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
            "file:///etc/secret",
            "$2y$12$4K/VkmDd1q1Orb3xAt82zu8gk7Ad6ReFR4LCP9UeYE90NLiN9Df72",
            "$6$rounds=5000$salt$hash",
            "{SSHA}abcdefghijkl",
        ] {
            assert!(is_placeholder(v), "{v:?} should be a placeholder");
        }
    }

    #[test]
    fn real_values() {
        for v in [
            "hunter22",
            "changeme",
            "password",
            "admin",
            "minio123",
            "supersecret",
            "Ple4seCh4ngeThisN0tAVerySecretV4lue",
            "fsociety",
            "lgNvGyhnUKpa5PJi",
            "s3cr3t!",
            "postgres://user:pw@db/app",
            "aaaaaaaaaaaaaaaaaaaa1",
        ] {
            assert!(!is_placeholder(v), "{v:?} should not be a placeholder");
        }
    }

    #[test]
    fn weak_defaults() {
        assert!(is_weak_default("changeme"));
        assert!(is_weak_default("\"Password\""));
        assert!(is_weak_default("minio123"));
        assert!(!is_weak_default("lgNvGyhnUKpa5PJi"));
    }
}
