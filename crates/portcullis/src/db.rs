//! `portcullis db import|update|status`: the offline vulnerability database.

use crate::cli::{DbCommand, DbPathArgs};
use crate::image::{db_path, unix_to_rfc3339};
use crate::run;
use portcullis_rules::config::Config;
use portcullis_vulndb::UpdateConfig;
use std::path::PathBuf;

fn config(args: &DbPathArgs) -> anyhow::Result<Config> {
    Ok(
        run::discover_config(args.config.as_ref(), Some(std::path::Path::new(".")))?
            .unwrap_or_default(),
    )
}

fn path(args: &DbPathArgs, cfg: &Config) -> PathBuf {
    db_path(args.db.as_ref(), cfg)
}

/// Runs a `db` subcommand.
pub fn run(cmd: &DbCommand) -> anyhow::Result<i32> {
    match cmd {
        DbCommand::Import(a) => {
            let cfg = config(&a.db)?;
            let db = path(&a.db, &cfg);
            if let Some(parent) = db.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let started = std::time::Instant::now();
            let stats = portcullis_vulndb::import(&db, &a.paths)?;
            eprintln!(
                "imported {} records from {} files ({} skipped) into {} in {:.2}s; {} entries written",
                stats.records,
                stats.files,
                stats.skipped,
                db.display(),
                started.elapsed().as_secs_f64(),
                stats.entries
            );
            for (eco, n) in &stats.ecosystems {
                eprintln!("  {eco:<20} {n}");
            }
            Ok(run::exit::OK)
        }
        DbCommand::Update(a) => {
            let cfg = config(&a.db)?;
            let db = path(&a.db, &cfg);
            if let Some(parent) = db.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut uc = UpdateConfig::default();
            if let Some(u) = a
                .url
                .clone()
                .or_else(|| std::env::var("PORTCULLIS_DB_URL").ok())
                .or_else(|| cfg.options.db.url.clone())
            {
                uc.base_url = u;
            }
            if !a.ecosystems.is_empty() {
                uc.ecosystems = a.ecosystems.clone();
            } else if let Some(e) = &cfg.options.db.ecosystems {
                uc.ecosystems = e.clone();
            }
            uc.ca_file = a.ca_file.clone();
            let stats = portcullis_vulndb::update(&db, &uc)?;
            for u in &stats.fetched {
                eprintln!("downloaded {u}");
            }
            for u in &stats.not_modified {
                eprintln!("unchanged  {u}");
            }
            eprintln!(
                "{} bytes, {} records, {} entries; database {}",
                stats.bytes,
                stats.records,
                stats.entries,
                db.display()
            );
            Ok(run::exit::OK)
        }
        DbCommand::Status(a) => {
            let cfg = config(&a.db)?;
            let db = path(&a.db, &cfg);
            let status = portcullis_vulndb::status(&db)?;
            let text = if a.json {
                serde_json::to_string_pretty(&status)? + "\n"
            } else {
                let mut s = format!(
                    "database   {}\nschema     {}\nsize       {} bytes\nbuilt      {}\nupdated    {} ({} days ago)\n",
                    status.path.display(),
                    status.schema_version,
                    status.size_bytes,
                    unix_to_rfc3339(status.built_at),
                    unix_to_rfc3339(status.updated_at),
                    status.age_secs / 86_400
                );
                s += "ecosystems\n";
                for (eco, n) in &status.ecosystems {
                    s += &format!("  {eco:<20} {n}\n");
                }
                s += "sources\n";
                for src in &status.sources {
                    s += &format!(
                        "  {} ({} records, {})\n",
                        src.location,
                        src.records,
                        unix_to_rfc3339(src.imported_at)
                    );
                }
                s
            };
            crate::write_stdout(text.as_bytes())?;
            Ok(run::exit::OK)
        }
    }
}
