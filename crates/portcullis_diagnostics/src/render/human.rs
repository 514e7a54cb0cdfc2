//! `human`: rustc-like diagnostics drawn by annotate-snippets (rustc's own
//! renderer): the location, the source line with the span underlined, notes
//! for the object and the standards, and a summary footer.

use super::{RenderOptions, clean, error_origin, finding_origin, object_label, visible};
use crate::{Finding, Report, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::Write;

fn level(sev: Severity) -> Level<'static> {
    let base = match sev {
        Severity::Critical | Severity::High => Level::ERROR,
        Severity::Medium => Level::WARNING,
        Severity::Low => Level::NOTE,
        Severity::Info => Level::INFO,
    };
    base.with_name(sev.as_str())
}

/// Byte range in `text` (the snippet lines joined by `\n`) of the finding's
/// character columns.
fn snippet_range(f: &Finding, text: &str, first_line: u32) -> std::ops::Range<usize> {
    let offset_of = |line: u32, column: u32| -> usize {
        let mut off = 0usize;
        for (i, l) in text.split('\n').enumerate() {
            if i as u32 + first_line == line {
                let col = column.max(1) as usize - 1;
                let within = l.char_indices().nth(col).map(|(b, _)| b).unwrap_or(l.len());
                return off + within;
            }
            off += l.len() + 1;
        }
        text.len()
    };
    let start = offset_of(f.location.line, f.location.column);
    let mut end = offset_of(f.location.end_line, f.location.end_column).max(start);
    if end == start {
        // Underline at least one character (or the rest of an empty line).
        end = text[start..]
            .char_indices()
            .nth(1)
            .map(|(b, _)| start + b)
            .unwrap_or(text.len());
    }
    start..end.min(text.len())
}

fn render_finding(f: &Finding, renderer: &Renderer) -> String {
    let message = clean(&f.message);
    let path = clean(&f.location.path);
    let title = level(f.severity)
        .primary_title(message.as_ref())
        .id(f.rule_id.as_str());
    let mut notes: Vec<String> = Vec::new();
    let obj = object_label(f);
    match (f.container.as_deref().map(clean), obj.is_empty()) {
        (Some(c), false) => notes.push(format!("object: {obj}, container: {c}")),
        (Some(c), true) => notes.push(format!("container: {c}")),
        (None, false) => notes.push(format!("object: {obj}")),
        (None, true) => {}
    }
    if !f.standards.is_empty() {
        notes.push(format!("standards: {}", f.standards.join(", ")));
    }
    for key in ["layer", "created_by", "fixed_version"] {
        if let Some(v) = f.properties.get(key).and_then(|v| v.as_str()) {
            notes.push(format!("{}: {v}", key.replace('_', " ")));
        }
    }
    if let Some(s) = &f.suppressed {
        let exp = s
            .expires
            .as_deref()
            .map(|d| format!(" (expires {d})"))
            .unwrap_or_default();
        notes.push(format!("suppressed ({}): {}{exp}", s.kind, s.reason));
    }
    notes.push(format!(
        "rule: {} — `portcullis explain {}`",
        f.rule_name, f.rule_id
    ));
    let snippet_text = f
        .snippet
        .as_ref()
        .map(|s| s.lines.join("\n"))
        .unwrap_or_default();
    // One group: title, location (with the snippet when there is one), then the
    // notes as rustc's `= note:` lines.
    let mut group = match (&f.snippet, f.location.line > 0) {
        (Some(s), true) if !s.lines.is_empty() => {
            let range = snippet_range(f, &snippet_text, s.first_line);
            title.element(
                Snippet::source(snippet_text.as_str())
                    .line_start(s.first_line as usize)
                    .path(path.as_ref())
                    .annotation(AnnotationKind::Primary.span(range)),
            )
        }
        _ => {
            let origin = clean(&finding_origin(f)).into_owned();
            title.element(annotate_snippets::Origin::path(origin))
        }
    };
    let notes: Vec<String> = notes.iter().map(|n| clean(n).into_owned()).collect();
    for n in &notes {
        group = group.element(Level::NOTE.no_name().message(n.as_str()));
    }
    let groups = [group];
    renderer.render(&groups).to_string()
}

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for f in visible(report, opts) {
        writeln!(out, "{}\n", render_finding(f, &renderer))?;
    }
    for e in &report.errors {
        // `error: path:line:col: message`, like a compiler's input errors.
        let text = format!("{}: {}", error_origin(e), e.message);
        let text = clean(&text);
        let group = Group::with_title(Level::ERROR.primary_title(text.as_ref()));
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    let s = &report.summary;
    let mut line = format!(
        "{} finding{} in {} file{}",
        s.findings,
        if s.findings == 1 { "" } else { "s" },
        s.files_scanned,
        if s.files_scanned == 1 { "" } else { "s" },
    );
    if !s.by_severity.is_empty() {
        let parts: Vec<String> = s
            .by_severity
            .iter()
            .rev()
            .map(|(sev, n)| format!("{n} {sev}"))
            .collect();
        line += &format!(" ({})", parts.join(", "));
    }
    if s.suppressed > 0 {
        line += &format!(", {} suppressed", s.suppressed);
        if !opts.show_suppressed {
            line += " (--show-suppressed lists them)";
        }
    }
    if s.errors > 0 {
        line += &format!(
            ", {} input error{}",
            s.errors,
            if s.errors == 1 { "" } else { "s" }
        );
    }
    if opts.color {
        let style = if s.findings > 0 {
            anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()))
        } else {
            anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Green.into()))
        };
        writeln!(out, "{style}{line}{style:#}")
    } else {
        writeln!(out, "{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, RenderOptions, sample};

    fn text(color: bool, show: bool) -> String {
        let opts = RenderOptions {
            color,
            show_suppressed: show,
            tool_version: "0.1.0".into(),
        };
        sample::rendered(Format::Human, &opts)
    }

    #[test]
    fn rustc_like_with_underline() {
        let t = text(false, false);
        assert!(
            t.contains("critical[KS003]: container \"web\" must not set"),
            "{t}"
        );
        assert!(t.contains("--> k8s dir/pod é.yaml:11:21"), "{t}");
        assert!(t.contains("11 |         privileged: true"), "{t}");
        assert!(t.contains("^^^^"), "{t}");
        assert!(t.contains("object: Pod apps/p, container: web"), "{t}");
        assert!(
            t.contains("error: bad.yaml:3:7: did not find expected key"),
            "{t}"
        );
        assert!(
            t.contains("1 finding in 3 files (1 critical), 1 suppressed"),
            "{t}"
        );
        assert!(!t.contains('\u{1b}'));
        assert!(!t.contains("DF001"));
    }

    #[test]
    fn colour_only_when_asked_and_suppressed_on_request() {
        assert!(text(true, false).contains('\u{1b}'));
        let t = text(false, true);
        assert!(
            t.contains("suppressed (inline): build image only (expires 2030-01-01)"),
            "{t}"
        );
    }
}
