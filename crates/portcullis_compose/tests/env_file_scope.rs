//! Env files are read only from inside the project: a compose file must not
//! make portcullis read (and print) files elsewhere on the machine.

use portcullis_rules::{Settings, SourceFile};

#[test]
fn env_files_outside_the_project_are_not_read() {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    // Built at run time so the repository holds no token-shaped literal.
    let secret = format!("API_TOKEN={}{}\n", "glpat-", "Zq8wX3vN7mK2pL5rT9yB");
    std::fs::write(project.join("inside.env"), &secret).unwrap();
    std::fs::write(t.path().join("outside.env"), &secret).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(t.path().join("outside.env"), project.join("link.env")).unwrap();
    let compose = "services:\n  a:\n    image: x:1\n    env_file: [inside.env]\n  \
                   b:\n    image: x:1\n    env_file: [../outside.env]\n  \
                   c:\n    image: x:1\n    env_file: [link.env]\n";
    let path = project.join("docker-compose.yml");
    std::fs::write(&path, compose).unwrap();
    let source = SourceFile::new(path.display().to_string(), compose);
    let outcome = portcullis_compose::check_file(&source, &project, &Settings::default());
    let in_env_files: Vec<String> = outcome
        .hits
        .iter()
        .filter_map(|h| h.source.as_ref().map(|s| s.path().to_string()))
        .collect();
    assert!(
        in_env_files.iter().any(|p| p.ends_with("inside.env")),
        "{in_env_files:?}"
    );
    assert!(
        !in_env_files
            .iter()
            .any(|p| p.ends_with("outside.env") || p.ends_with("link.env")),
        "{in_env_files:?}"
    );
}
