//! True positives and true negatives for every detector. Token-looking test
//! data is assembled at runtime (`cat(...)`) so the repository holds no literal
//! that a push-protection scanner would block.

use portcullis_secrets::{ScanOptions, Scanner, SecretKind, classify_value};

fn cat(parts: &[&str]) -> String {
    parts.concat()
}

/// A deterministic random-looking base62 string of `n` chars.
fn rnd(seed: u64, n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            A[(x % 62) as usize] as char
        })
        .collect()
}

/// Same, from an alphabet.
fn rnd_from(seed: u64, n: usize, alphabet: &[u8]) -> String {
    let mut x = seed.wrapping_mul(0x9E3779B97F4A7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

fn b64(seed: u64, n: usize) -> String {
    rnd_from(
        seed,
        n,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    )
}

fn kinds(text: &str) -> Vec<SecretKind> {
    Scanner::new()
        .scan(text.as_bytes())
        .into_iter()
        .map(|m| m.kind)
        .collect()
}

fn pem(label: &str, lines: usize) -> String {
    let mut s = cat(&["-----BEGIN ", label, " PRIVATE KEY-----\n"]);
    for i in 0..lines {
        s.push_str(&b64(i as u64 + 7, 64));
        s.push('\n');
    }
    s.push_str(&cat(&["-----END ", label, " PRIVATE KEY-----\n"]));
    s
}

fn ghp() -> String {
    cat(&["gh", "p_", &rnd(1, 36)])
}

#[test]
fn private_keys() {
    for label in ["RSA", "EC", "OPENSSH", "DSA", "ENCRYPTED"] {
        let text = format!("some text\n{}trailer\n", pem(label, 10));
        let m = Scanner::new().scan(text.as_bytes());
        assert_eq!(m.len(), 1, "{label}: {m:?}");
        assert_eq!(m[0].kind, SecretKind::PrivateKey);
        assert_eq!(m[0].line, 2);
        assert_eq!(m[0].column, 1);
        assert!(m[0].preview.starts_with("-----BEGIN"));
        assert!(m[0].preview.len() < 60);
    }
    // Unlabelled PKCS#8.
    let p8 = pem("", 5).replacen("BEGIN  PRIVATE", "BEGIN PRIVATE", 1);
    let p8 = p8.replacen("END  PRIVATE", "END PRIVATE", 1);
    assert_eq!(kinds(&p8), [SecretKind::PrivateKey]);
    // JSON-escaped (GCP service account key).
    let body: Vec<String> = (0..8).map(|i| b64(i + 100, 64)).collect();
    let json = format!(
        "{{\"private_key\": \"{}{}\\n{}\\n{}\\n\"}}",
        "-----BEGIN PRIVATE ",
        "KEY-----",
        body.join("\\n"),
        cat(&["-----END PRIVATE", " KEY-----"])
    );
    assert_eq!(kinds(&json), [SecretKind::PrivateKey]);
    // Legacy encrypted PEM with headers.
    let enc = pem("RSA", 6).replacen(
        "-----\n",
        "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n",
        1,
    );
    assert_eq!(kinds(&enc), [SecretKind::PrivateKey]);
    // PGP.
    let pgp = pem("PGP", 6).replace("PRIVATE KEY-----", "PRIVATE KEY BLOCK-----");
    assert_eq!(kinds(&pgp), [SecretKind::PrivateKey]);
}

#[test]
fn private_keys_among_other_blocks() {
    let cert = cat(&[
        "-----BEGIN CERTIFICATE-----\n",
        &b64(70, 64),
        "\n-----END CERTIFICATE-----\n",
    ]);
    let mention = "The -----BEGIN RSA PRIVATE KEY----- line starts a key.\n";
    // Two keys, a certificate between them, a prose mention before.
    let text = format!("{mention}{}{cert}{}", pem("RSA", 6), pem("EC", 4));
    let m = Scanner::new().scan(text.as_bytes());
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!((m[0].line, m[1].line), (2, 13));
    // Bundle with the certificate first.
    assert_eq!(
        kinds(&format!(
            "{cert}{}",
            pem("", 3)
                .replace("BEGIN  ", "BEGIN ")
                .replace("END  ", "END ")
        )),
        [SecretKind::PrivateKey]
    );
}

#[test]
fn many_markers_stay_linear() {
    let begin = cat(&["-----BEGIN RSA PRIVATE", " KEY-----\n"]);
    let mut text = begin.repeat(200_000);
    text.push_str(&pem("RSA", 4));
    let t = std::time::Instant::now();
    let m = Scanner::new().scan(text.as_bytes());
    assert_eq!(m.len(), 1);
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    // One long line of mentions without BEGIN.
    let line = "PRIVATE KEY ".repeat(500_000);
    let t = std::time::Instant::now();
    assert!(Scanner::new().scan(line.as_bytes()).is_empty());
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
}

#[test]
fn private_key_negatives() {
    let begin = cat(&["-----BEGIN RSA PRIVATE", " KEY-----"]);
    let end = cat(&["-----END RSA PRIVATE", " KEY-----"]);
    for text in [
        // Code that looks for the marker.
        format!("if line == \"{begin}\":\n    in_key = True\n"),
        // Man page example with an elided body.
        format!("{begin}\nMIIEpAIBAAKCAQEA...\n...\n{end}\n"),
        // String concatenation.
        format!("pem = \"{begin}\\n\" + body + \"\\n{end}\""),
        // Short body.
        format!("{begin}\nMIIBOgIBAAJBAKj34GkxFhD9\n{end}\n"),
        // Placeholder body.
        format!("{begin}\n{}\n{}\n{end}\n", "x".repeat(64), "X".repeat(64)),
        // Public material only.
        cat(&[
            "-----BEGIN CERTIFICATE-----\n",
            &b64(3, 64),
            "\n-----END CERTIFICATE-----\n",
        ]),
        cat(&[
            "-----BEGIN PUBLIC KEY-----\n",
            &b64(4, 64),
            "\n-----END PUBLIC KEY-----\n",
        ]),
        // BEGIN without END.
        format!("{begin}\n{}\n", b64(5, 64)),
    ] {
        assert!(kinds(&text).is_empty(), "{text}");
    }
}

#[test]
fn aws() {
    let id = cat(&[
        "AKIA",
        &rnd_from(9, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    ]);
    let secret = b64(10, 40);
    let creds = format!("[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n");
    let m = Scanner::new().scan(creds.as_bytes());
    let k: Vec<_> = m.iter().map(|m| m.kind).collect();
    assert_eq!(
        k,
        [SecretKind::AwsAccessKeyId, SecretKind::AwsSecretAccessKey]
    );
    assert_eq!(m[0].line, 2);
    assert_eq!(m[0].column, 21);
    assert_eq!(&creds[m[0].offset..m[0].offset + m[0].len], id);
    assert_eq!(&creds[m[1].offset..m[1].offset + m[1].len], secret);
    assert!(!m[1].preview.contains(&secret[4..]));
    assert!(m[1].preview.starts_with("aws_secret_access_key = "));
    // Session key IDs too.
    let asia = cat(&[
        "AS",
        "IA",
        &rnd_from(11, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    ]);
    assert_eq!(classify_value(&asia), Some(SecretKind::AwsAccessKeyId));
    // The documentation pair never fires.
    let doc = cat(&[
        "aws_access_key_id = AKIAIOSFODNN7",
        "EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY",
        "EXAMPLEKEY\n",
    ]);
    assert!(kinds(&doc).is_empty());
    // Inside a longer word, or the secret without its name.
    assert!(
        kinds(&cat(&[
            "XAKIA",
            &rnd_from(9, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        ]))
        .is_empty()
    );
    assert!(kinds(&format!("checksum = {}\n", b64(12, 40))).is_empty());
}

#[test]
fn vendor_tokens() {
    let cases: Vec<(String, SecretKind)> = vec![
        (ghp(), SecretKind::GithubToken),
        (cat(&["gh", "s_", &rnd(2, 36)]), SecretKind::GithubToken),
        (
            cat(&["github", "_pat_", &rnd(3, 22), "_", &rnd(4, 59)]),
            SecretKind::GithubToken,
        ),
        (cat(&["gl", "pat-", &rnd(5, 20)]), SecretKind::GitlabToken),
        (
            cat(&[
                "xo",
                "xb-",
                &rnd_from(61, 13, b"0123456789"),
                "-",
                &rnd_from(62, 13, b"0123456789"),
                "-",
                &rnd(6, 24),
            ]),
            SecretKind::SlackToken,
        ),
        (
            cat(&[
                "https://hooks.slack.com/services/T",
                &rnd_from(7, 8, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
                "/B",
                &rnd_from(8, 8, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
                "/",
                &rnd(9, 24),
            ]),
            SecretKind::SlackWebhook,
        ),
        (cat(&["sk", "_live_", &rnd(10, 24)]), SecretKind::StripeKey),
        (cat(&["rk", "_live_", &rnd(11, 30)]), SecretKind::StripeKey),
        (cat(&["np", "m_", &rnd(12, 36)]), SecretKind::NpmToken),
        (
            cat(&["py", "pi-AgEIcHlwaS5vcmc", &rnd(13, 60)]),
            SecretKind::PypiToken,
        ),
    ];
    for (token, kind) in &cases {
        for text in [
            format!("TOKEN={token}\n"),
            format!("  token: \"{token}\"\n"),
            format!("curl -H 'Authorization: Bearer {token}' https://x\n"),
        ] {
            let m = Scanner::new().scan(text.as_bytes());
            assert_eq!(m.len(), 1, "{text} -> {m:?}");
            assert_eq!(m[0].kind, *kind, "{text}");
            assert_eq!(&text[m[0].offset..m[0].offset + m[0].len], token.as_str());
            assert!(
                !m[0].preview.contains(&token[token.len() - 8..]),
                "{}",
                m[0].preview
            );
        }
        assert_eq!(classify_value(token), Some(*kind), "{token}");
    }
}

#[test]
fn google_api_keys_are_value_only() {
    let key = cat(&["AI", "za", &rnd(14, 35)]);
    assert_eq!(classify_value(&key), Some(SecretKind::GoogleApiKey));
    assert!(kinds(&format!("KEY = '{key}'\n")).is_empty());
    let s = Scanner::with_options(ScanOptions {
        google_api_keys: true,
        ..ScanOptions::default()
    });
    assert_eq!(s.scan(format!("KEY = '{key}'\n").as_bytes()).len(), 1);
}

#[test]
fn vendor_token_negatives() {
    for text in [
        cat(&["token: gh", "p_", &"x".repeat(36)]),
        cat(&["token: gh", "p_", "EXAMPLE", &rnd(20, 29)]),
        cat(&["token: gh", "p_", "abc"]),
        cat(&["token: gh", "p_", &"a".repeat(18), &"b".repeat(18)]),
        cat(&["gl", "pat-", "XXXXXXXXXXXXXXXXXXXX"]),
        cat(&["xo", "xb-your-token-here-please"]),
        cat(&[
            "https://hooks.slack.com/services/T00000000/B00000000/",
            &"X".repeat(24),
        ]),
        cat(&["sk", "_test_", &rnd(21, 24)]),
        cat(&["sk", "_live_", "0000000000000000000000000"]),
        "npm_config_cache=/tmp/npm npm_package_name=foo".to_string(),
        cat(&["np", "m_", "abcdefghijklmnopqrstuvwxyzabcdefghij"]),
        cat(&["AI", "za", "SyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"]),
        // Prefix glued to a longer word.
        cat(&["foogh", "p_", &rnd(22, 36)]),
    ] {
        assert!(kinds(&text).is_empty(), "{text}");
    }
}

#[test]
fn docker_npm_pypi_git() {
    let auth = "dXNlcjpzM2NyM3QtUGFzcw=="; // base64("user:s3cr3t-Pass")
    let cfg = format!(
        "{{\n  \"auths\": {{\n    \"registry.example.io\": {{\n      \"auth\": \"{auth}\"\n    }}\n  }}\n}}\n"
    );
    let m = Scanner::new().scan(cfg.as_bytes());
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, SecretKind::DockerConfigAuth);
    assert_eq!(m[0].line, 4);
    assert!(m[0].preview.starts_with("\"auth\": \"dXNl"));
    // Not user:pass once decoded, or an empty password placeholder.
    assert!(kinds("{\"auth\": \"aGVsbG8gd29ybGQ=\"}").is_empty());
    assert!(kinds("{\"auth\": \"\"}").is_empty());
    assert!(kinds("{\"auth\": \"dXNlcjoke1BBU1N9\"}").is_empty()); // user:${PASS}

    let npmrc = cat(&["//registry.npmjs.org/:_auth", "Token=", &rnd(30, 36), "\n"]);
    assert_eq!(kinds(&npmrc), [SecretKind::NpmrcAuth]);
    assert!(kinds("//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n").is_empty());
    assert!(kinds("_auth_method = basic\n").is_empty());
    // npm's own man page and Python code that merely name the keys.
    assert!(kinds("//registry.npmjs.org/:_authToken=MYTOKEN1\n").is_empty());
    assert!(kinds("  _password = _messages.StringField(3)\n").is_empty());
    assert!(kinds("  ':_password=\"{password}\"',\n").is_empty());

    let pypirc = "[pypi]\nusername = alice\npassword = Tr0ub4dor&3x\n";
    assert_eq!(kinds(pypirc), [SecretKind::PasswordAssignment]);
    let tok = cat(&[
        "[pypi]\nusername = __token__\npassword = py",
        "pi-AgEIcHlwaS5vcmc",
        &rnd(31, 60),
        "\n",
    ]);
    assert_eq!(kinds(&tok), [SecretKind::PypiToken]);

    let gitcred = cat(&["https://alice:", &rnd(32, 20), "@github.com\n"]);
    assert_eq!(kinds(&gitcred), [SecretKind::UrlCredentials]);
    let m = Scanner::new().scan(gitcred.as_bytes());
    assert!(
        m[0].preview.starts_with("https://alice:"),
        "{}",
        m[0].preview
    );
}

#[test]
fn password_assignments() {
    for text in [
        "password = Tr0ub4dor&3x\n",
        "DB_PASSWORD=Zx9!kq2Lm\n",
        "spring.datasource.password=Zx9kq2Lm77\n",
        "export MYSQL_PASSWORD=\"s3cr3tP4ss\"\n",
        "  password: 'h4rd-C0ded'\n",
    ] {
        assert_eq!(kinds(text), [SecretKind::PasswordAssignment], "{text}");
    }
    for text in [
        "password = changeme\n",
        "password = password123\n",
        "password =\n",
        "password = ${DB_PASSWORD}\n",
        "password: \"{{ vault_db_password }}\"\n",
        "    password = self.password\n",
        "    password = os.environ['DB_PASSWORD']\n",
        "password = getpass.getpass()\n",
        "password_file = /run/secrets/db\n",
        "# password = Tr0ub4dor&3x\n",
        "; password = Tr0ub4dor&3x\n",
        "password: !vault |\n",
        "password = <your password>\n",
        "password = \"unbalanced\n",
        "password: str\n",
        "password = xxxxxxxx\n",
        "password=/run/secrets/db_password\n",
        "The password is required = yes\n",
        "base-passwd: no-debconf-config\n",
        "    password: Incomplete\n",
        "    password: SecretStr\n",
        "SET_PASSWORD = 'SetPassword'\n",
    ] {
        assert!(kinds(text).is_empty(), "{text}");
    }
    // Off when asked.
    let s = Scanner::with_options(ScanOptions {
        password_assignments: false,
        ..ScanOptions::default()
    });
    assert!(s.scan(b"password = Tr0ub4dor&3x\n").is_empty());
}

#[test]
fn url_credentials() {
    let pw = rnd(40, 16);
    assert_eq!(
        classify_value(&format!("postgres://app:{pw}@db:5432/app")),
        Some(SecretKind::UrlCredentials)
    );
    assert_eq!(
        classify_value("postgres://postgres:postgres@db:5432/app"),
        Some(SecretKind::UrlCredentials)
    );
    for v in [
        "postgres://app:${DB_PASSWORD}@db/app",
        "https://user:password@example.com/",
        "https://github.com/org/repo",
        "http://proxy:3128",
        "redis://:@redis:6379",
        "http://user:<password>@host",
    ] {
        assert_eq!(classify_value(v), None, "{v}");
    }
    // Files: only a URL alone on its line, and not in prose.
    assert!(kinds(&format!("see http://alice:{pw}@host.local/x for details\n")).is_empty());
    assert!(kinds("http://user:pass@host\n").is_empty());
}

#[test]
fn jwt_values_only() {
    let jwt = cat(&[
        "ey",
        "JhbGciOiJIUzI1NiJ9.ey",
        "JzdWIiOiIxMjM0NTY3ODkwIn0.",
        &rnd(50, 43),
    ]);
    assert_eq!(classify_value(&jwt), Some(SecretKind::Jwt));
    assert!(kinds(&format!("token: {jwt}\n")).is_empty());
    let s = Scanner::with_options(ScanOptions {
        jwt: true,
        ..ScanOptions::default()
    });
    assert_eq!(s.scan(jwt.as_bytes()).len(), 1);
}

#[test]
fn classify_negatives() {
    for v in [
        "",
        "hunter2",
        "changeme",
        "D95C03BC702BE9515344AE3374E44BC9067701A5",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "https://example.com/path?q=1",
        "Ple4seCh4ngeThisN0tAVerySecretV4lue",
    ] {
        assert_eq!(classify_value(v), None, "{v}");
    }
}

#[test]
fn binary_is_skipped_by_default() {
    let mut data = b"\x7fELF\x00\x00\x00".to_vec();
    data.extend_from_slice(pem("RSA", 8).as_bytes());
    data.extend_from_slice(ghp().as_bytes());
    assert!(Scanner::new().scan(&data).is_empty());
    let s = Scanner::with_options(ScanOptions {
        scan_binary: true,
        ..ScanOptions::default()
    });
    let k: Vec<_> = s.scan(&data).into_iter().map(|m| m.kind).collect();
    assert_eq!(k, [SecretKind::PrivateKey, SecretKind::GithubToken]);
}

#[test]
fn positions_are_sorted_and_unicode_aware() {
    let t = ghp();
    let text = format!("é = \"{t}\"\nfoo\n  {t}\n");
    let m = Scanner::new().scan(text.as_bytes());
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].line, m[0].column), (1, 6));
    assert_eq!((m[1].line, m[1].column), (3, 3));
}

#[test]
fn os_files_stay_silent() {
    // Shapes found in Debian images: public certs, docs that mention keys,
    // config templates, package metadata.
    let cert = cat(&[
        "-----BEGIN CERTIFICATE-----\n",
        &b64(60, 64),
        "\n",
        &b64(61, 64),
        "\n-----END CERTIFICATE-----\n",
    ]);
    let texts = [
        cert,
        "#PasswordAuthentication yes\nPermitRootLogin prohibit-password\n".to_string(),
        "password\trequisite\t\t\tpam_pwquality.so retry=3\npassword\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n".to_string(),
        "root:*:19000:0:99999:7:::\n".to_string(),
        "Description: the -----BEGIN RSA PRIVATE KEY----- marker starts a key\n".to_string(),
        "  -passin pass:secret   read the password from the argument\n".to_string(),
        "; mysql.default_password =\n".to_string(),
        "sk_test_ and sk_live_ prefixes identify Stripe keys\n".to_string(),
        "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n".to_string(),
        "Package: libssl3\nVersion: 3.0.11-1~deb12u2\nSHA256: 4f2c5e9c6a7d3e0b1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e\n".to_string(),
    ];
    for t in &texts {
        assert!(kinds(t).is_empty(), "{t}");
    }
}

#[test]
fn scanner_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scanner>();
    let scanner = std::sync::Arc::new(Scanner::new());
    let text = format!("TOKEN={}\n", ghp());
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let s = scanner.clone();
            let t = text.clone();
            std::thread::spawn(move || s.scan(t.as_bytes()).len())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().ok(), Some(1));
    }
}
