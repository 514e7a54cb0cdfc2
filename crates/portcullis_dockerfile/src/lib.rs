//! Dockerfiles: a span-keeping parser (directives, heredocs, stages), `RUN`
//! bodies parsed as shell, and the Dockerfile rules DF001–DF099. Entry points:
//! [`check_file`] for Dockerfiles and [`check_history`] for the Dockerfile text
//! an image scanner synthesises from image history ([`history_to_dockerfile`]).

mod history;
pub mod rules;
pub mod shell;
pub mod syntax;

pub use history::history_to_dockerfile;
pub use rules::{RULES, StageCx};
pub use syntax::{Dockerfile, Instruction, Keyword, Stage};

use portcullis_rules::{
    Checker, FileOutcome, ObjectRef, RuleMeta, Settings, SourceError, SourceFile, run_rules,
};
use std::path::Path;

/// Checks one Dockerfile.
pub fn check_file(source: &SourceFile, settings: &Settings) -> FileOutcome {
    check(source, settings, false)
}

/// Checks Dockerfile text synthesised from image history (one instruction per
/// line). Rules that make no sense for history are skipped.
pub fn check_history(source: &SourceFile, settings: &Settings) -> FileOutcome {
    check(source, settings, true)
}

fn check(source: &SourceFile, settings: &Settings, history: bool) -> FileOutcome {
    let mut outcome = FileOutcome {
        recognized: true,
        ..FileOutcome::default()
    };
    let text = source.text();
    let df = if history {
        let (df, errors) = Dockerfile::parse_history(text);
        for e in errors {
            outcome.errors.push(SourceError {
                span: e.span,
                message: format!("cannot parse history entry: {}", e.message),
            });
        }
        df
    } else {
        match Dockerfile::parse(text) {
            Ok(df) => df,
            Err(e) => {
                outcome.errors.push(SourceError {
                    span: e.span,
                    message: format!("cannot parse Dockerfile: {}", e.message),
                });
                return outcome;
            }
        }
    };
    for ins in df.instructions() {
        let first = source.line_col(ins.span.start).line;
        let last = source
            .line_col(ins.span.end.saturating_sub(1).max(ins.span.start))
            .line;
        outcome.add_scope(first, last);
    }
    let mut cx = Checker::new(settings);
    for stage in &df.stages {
        cx.set_subject(
            Some(ObjectRef {
                kind: "Stage".into(),
                name: Some(stage.name()),
                ..ObjectRef::default()
            }),
            Some(stage.index as u32),
        );
        let subject = StageCx {
            df: &df,
            stage,
            text,
            history,
        };
        if history {
            let rules: Vec<_> = RULES
                .iter()
                .copied()
                .filter(|r| !rules::SKIP_IN_HISTORY.contains(&r.meta().id))
                .collect();
            run_rules(&rules, &subject, &mut cx);
        } else {
            run_rules(RULES, &subject, &mut cx);
        }
    }
    outcome.objects_checked = df.stages.len();
    outcome.hits = cx.take_hits();
    outcome
}

/// True for file names Docker and Podman treat as Dockerfiles: `Dockerfile`,
/// `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`,
/// `*.containerfile` (not the `Dockerfile.dockerignore` ignore files).
pub fn is_dockerfile_path(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    let suffixed = |suffix: &str| lower.ends_with(suffix) && lower.len() > suffix.len();
    lower == "dockerfile"
        || lower == "containerfile"
        // BuildKit's per-Dockerfile ignore file is not a Dockerfile.
        || (lower.starts_with("dockerfile.") && !lower.ends_with(".dockerignore"))
        || (lower.starts_with("containerfile.") && !lower.ends_with(".containerignore"))
        || suffixed(".dockerfile")
        || suffixed(".containerfile")
}

/// Metadata of every Dockerfile rule, in ID order.
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).collect()
}
