//! `update` against a real TLS server on 127.0.0.1 (rustls + an rcgen CA):
//! first fetch imports, the second gets 304, a client killed mid-download
//! leaves the old database byte-identical and usable, a held lock fails with
//! a clear message, and an untrusted server is refused.

mod common;

use common::{distro, pkg};
use portcullis_pkgdb::PackageKind::Dpkg;
use portcullis_vulndb::{Database, DbError, MatchOptions, UpdateConfig, update};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// What the server answers for `/Debian/all.zip`.
struct Served {
    body: Vec<u8>,
    etag: String,
    /// Send half the body, then stall.
    stall: bool,
}

struct Server {
    url: String,
    served: Arc<Mutex<Served>>,
    log: Arc<Mutex<Vec<u16>>>,
    half_sent: mpsc::Receiver<()>,
}

/// An OSV archive: `n` records for package `foo` in Debian:12, fixed at `fix`.
fn archive(n: usize, fix: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..n {
        w.start_file(format!("DEBIAN-CVE-2024-{i}.json"), opts)
            .unwrap();
        let pkgname = if i == 0 {
            "foo".to_string()
        } else {
            format!("pkg{i}")
        };
        let rec = format!(
            r#"{{"id":"DEBIAN-CVE-2024-{i}","upstream":["CVE-2024-{i}"],"details":"{pad}","affected":[{{"package":{{"ecosystem":"Debian:12","name":"{pkgname}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"{fix}"}}]}}]}}]}}"#,
            pad = "x".repeat(300)
        );
        w.write_all(rec.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn start_server(dir: &Path, served: Served) -> (Server, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "portcullis test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();

    // The ring provider, as the client uses (no aws-lc-rs in this build).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let served = Arc::new(Mutex::new(served));
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel();
    {
        let served = served.clone();
        let log = log.clone();
        std::thread::spawn(move || {
            // Bounded: a test makes a handful of requests.
            for stream in listener.incoming().take(32) {
                let Ok(stream) = stream else { continue };
                let config = config.clone();
                let served = served.clone();
                let log = log.clone();
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, config, &served, &log, &tx);
                });
            }
        });
    }
    let server = Server {
        url: format!("https://127.0.0.1:{port}/osv"),
        served,
        log,
        half_sent: rx,
    };
    (server, ca_file)
}

fn serve_one(
    stream: std::net::TcpStream,
    config: Arc<rustls::ServerConfig>,
    served: &Mutex<Served>,
    log: &Mutex<Vec<u16>>,
    half_sent: &mpsc::Sender<()>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, stream);
    let mut reader = BufReader::new(&mut tls);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(v.trim().to_string());
        }
    }
    drop(reader);
    let (body, etag, stall) = {
        let s = served.lock().unwrap();
        (s.body.clone(), s.etag.clone(), s.stall)
    };
    if !request_line.starts_with("GET /osv/Debian/all.zip ") {
        log.lock().unwrap().push(404);
        tls.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return tls.flush();
    }
    if if_none_match.as_deref() == Some(etag.as_str()) {
        log.lock().unwrap().push(304);
        write!(
            tls,
            "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n"
        )?;
        return tls.flush();
    }
    log.lock().unwrap().push(200);
    write!(
        tls,
        "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nETag: {etag}\r\nLast-Modified: Wed, 01 May 2024 00:00:00 GMT\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if stall {
        tls.write_all(&body[..body.len() / 2])?;
        tls.flush()?;
        let _ = half_sent.send(());
        // Hold the connection open (bounded) until the client is killed.
        let mut buf = [0u8; 16];
        let _ = tls.sock.set_read_timeout(Some(Duration::from_secs(30)));
        let _ = tls.read(&mut buf);
        return Ok(());
    }
    tls.write_all(&body)?;
    tls.flush()
}

fn config(url: &str, ca: &Path) -> UpdateConfig {
    UpdateConfig {
        base_url: url.to_string(),
        ecosystems: vec!["Debian".to_string()],
        ca_file: Some(ca.to_path_buf()),
        timeout: Duration::from_secs(60),
        ..UpdateConfig::default()
    }
}

fn foo_fix(db_path: &Path) -> Vec<Option<String>> {
    let db = Database::open(db_path).unwrap();
    let pk = vec![pkg(Dpkg, "libfoo1", "1.0-1", "foo", "1.0-1")];
    db.match_packages(&distro("debian", "12", None), &pk, &MatchOptions::default())
        .unwrap()
        .into_iter()
        .map(|m| m.fixed_version)
        .collect()
}

/// Runs an update in this process when spawned as the child of
/// `killed_mid_download_keeps_old_database`; a no-op otherwise.
#[test]
fn child_update_process() {
    let (Ok(db), Ok(url), Ok(ca)) = (
        std::env::var("PORTCULLIS_TEST_CHILD_DB"),
        std::env::var("PORTCULLIS_TEST_CHILD_URL"),
        std::env::var("PORTCULLIS_TEST_CHILD_CA"),
    ) else {
        return;
    };
    let _ = update(Path::new(&db), &config(&url, Path::new(&ca)));
}

#[test]
fn fetch_304_kill_lock_and_untrusted() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = archive(2000, "1.2-1");
    let (server, ca) = start_server(
        dir.path(),
        Served {
            body: v1,
            etag: "\"v1\"".to_string(),
            stall: false,
        },
    );
    let db_path = dir.path().join("data").join("vuln.redb");
    let cfg = config(&server.url, &ca);

    // First fetch imports.
    let stats = update(&db_path, &cfg).unwrap();
    assert_eq!(stats.fetched.len(), 1);
    assert_eq!(stats.records, 2000);
    assert_eq!(stats.ecosystems["Debian:12"], 2000);
    assert_eq!(foo_fix(&db_path), vec![Some("1.2-1".to_string())]);
    let st = portcullis_vulndb::status(&db_path).unwrap();
    assert_eq!(st.sources[0].etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        st.sources[0].location,
        format!("{}/Debian/all.zip", server.url)
    );

    // Second fetch: 304, nothing downloaded.
    let stats = update(&db_path, &cfg).unwrap();
    assert!(stats.fetched.is_empty());
    assert_eq!(stats.not_modified.len(), 1);
    assert_eq!(stats.bytes, 0);
    assert_eq!(*server.log.lock().unwrap(), vec![200, 304]);
    assert_eq!(foo_fix(&db_path), vec![Some("1.2-1".to_string())]);

    // New content, but the server stalls half-way and the client is killed.
    {
        let mut s = server.served.lock().unwrap();
        s.body = archive(2000, "1.3-1");
        s.etag = "\"v2\"".to_string();
        s.stall = true;
    }
    let before = std::fs::read(&db_path).unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "child_update_process",
            "--exact",
            "--test-threads=1",
            "--nocapture",
        ])
        .env("PORTCULLIS_TEST_CHILD_DB", &db_path)
        .env("PORTCULLIS_TEST_CHILD_URL", &server.url)
        .env("PORTCULLIS_TEST_CHILD_CA", &ca)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server
        .half_sent
        .recv_timeout(Duration::from_secs(60))
        .expect("child started downloading");
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read(&db_path).unwrap(), before, "database changed");
    assert_eq!(foo_fix(&db_path), vec![Some("1.2-1".to_string())]);

    // A held lock makes a second writer fail with a clear message.
    {
        let lock = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.path().join("data").join("vuln.redb.lock"))
            .unwrap();
        lock.lock().unwrap();
        let mut c = cfg.clone();
        c.lock_wait = Duration::from_millis(200);
        let err = update(&db_path, &c).unwrap_err();
        assert!(matches!(err, DbError::Locked(_)), "{err}");
        assert!(err.to_string().contains("wait for it to finish"), "{err}");
    }

    // The killed run left its lock released; the next run completes and
    // removes the temporary files the killed one left behind.
    server.served.lock().unwrap().stall = false;
    let stats = update(&db_path, &cfg).unwrap();
    assert_eq!(stats.fetched.len(), 1);
    assert_eq!(foo_fix(&db_path), vec![Some("1.3-1".to_string())]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("data"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Without the custom CA the server is not trusted; the database is untouched.
    let before = std::fs::read(&db_path).unwrap();
    let mut c = cfg.clone();
    c.ca_file = None;
    let err = update(&db_path, &c).unwrap_err();
    assert!(matches!(err, DbError::Download { .. }), "{err}");
    assert_eq!(std::fs::read(&db_path).unwrap(), before);

    // A CA file without certificates is refused.
    let bad = dir.path().join("bad.pem");
    std::fs::write(&bad, "nothing here").unwrap();
    c.ca_file = Some(bad);
    assert!(matches!(update(&db_path, &c), Err(DbError::CaFile { .. })));
}

#[test]
fn local_mirror_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = dir.path().join("mirror");
    std::fs::create_dir_all(mirror.join("Debian")).unwrap();
    std::fs::write(mirror.join("Debian/all.zip"), archive(3, "1.2-1")).unwrap();
    let db_path = dir.path().join("vuln.redb");
    let cfg = UpdateConfig {
        base_url: format!("file://{}", mirror.display()),
        ecosystems: vec!["Debian".to_string()],
        ..UpdateConfig::default()
    };
    // A locally imported record of the same ecosystem survives updates.
    let own = dir.path().join("own.json");
    std::fs::write(
        &own,
        r#"{"id":"CVE-2024-9","affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},"versions":["1.0-1"]}]}"#,
    )
    .unwrap();
    portcullis_vulndb::import(&db_path, &[own]).unwrap();
    let stats = update(&db_path, &cfg).unwrap();
    assert_eq!((stats.fetched.len(), stats.records), (1, 3));
    assert_eq!(foo_fix(&db_path), vec![Some("1.2-1".to_string()), None]);
    std::fs::write(mirror.join("Debian/all.zip"), archive(3, "1.4-1")).unwrap();
    let stats = update(&db_path, &cfg).unwrap();
    assert_eq!(stats.fetched.len(), 1);
    assert_eq!(foo_fix(&db_path), vec![Some("1.4-1".to_string()), None]);
    let stats = update(&db_path, &cfg).unwrap();
    assert_eq!(stats.not_modified.len(), 1);
    // A missing archive is an error naming the file.
    let cfg = UpdateConfig {
        ecosystems: vec!["Alpine".to_string()],
        ..cfg
    };
    let err = update(&db_path, &cfg).unwrap_err().to_string();
    assert!(err.contains("Alpine/all.zip"), "{err}");
}
