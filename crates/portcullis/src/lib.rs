//! The `portcullis` command-line tool as a library, so integration tests can
//! reach the rule registry and the docs generator. `main.rs` only calls `main`.

pub mod cli;
pub mod db;
pub mod discover;
pub mod image;
pub mod registry;
pub mod run;
pub mod scan;

use clap::Parser;
use cli::{Cli, Command, RulesFormat};
use std::io::Write;

/// Parses the arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            let mut msg = format!("error: {e}");
            let mut last = e.to_string();
            for cause in e.chain().skip(1) {
                let text = cause.to_string();
                // Errors that already quote their source would print it twice.
                if !last.contains(&text) {
                    msg += &format!("\n  caused by: {text}");
                }
                last = text;
            }
            eprintln!("{msg}");
            run::exit::ERROR
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Scan(args) => {
            let prep = run::prepare(
                &args.out,
                args.paths.first().map(|p| p.as_path()),
                args.pss_version.as_deref(),
            )?;
            let (report, nothing) = scan::run(&args, &prep)?;
            run::emit(report, &args.out, &prep, nothing)
        }
        Command::Image(args) => image::image(&args),
        Command::Sbom(args) => image::sbom(&args),
        Command::Db(cmd) => db::run(&cmd),
        Command::Rules(args) => {
            let rules = registry::all_rules();
            let text = match args.format {
                RulesFormat::Json => {
                    let infos: Vec<_> = rules.iter().map(|m| m.info()).collect();
                    serde_json::to_string_pretty(&infos)? + "\n"
                }
                RulesFormat::Table => {
                    let w = rules.iter().map(|m| m.name.len()).max().unwrap_or(4);
                    let mut s = format!("{:<6} {:<w$} {:<9} SUMMARY\n", "ID", "NAME", "SEVERITY");
                    for m in rules {
                        s += &format!(
                            "{:<6} {:<w$} {:<9} {}\n",
                            m.id,
                            m.name,
                            m.severity.as_str(),
                            m.summary
                        );
                    }
                    s
                }
            };
            write_stdout(text.as_bytes())?;
            Ok(run::exit::OK)
        }
        Command::Explain(args) => match registry::find(&args.rule) {
            Some(m) => {
                write_stdout(registry::rule_page(m).as_bytes())?;
                Ok(run::exit::OK)
            }
            None => anyhow::bail!(
                "no rule is called `{}`; run `portcullis rules` to list them",
                args.rule
            ),
        },
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
