//! `concise`: one line per finding, `path:line:col: SEVERITY ID [name] message (object container=x)`.

use super::{RenderOptions, clean, error_origin, finding_origin, subject_label, visible};
use crate::Report;
use std::io::Write;

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for f in visible(report, opts) {
        write!(
            out,
            "{}: {} {} [{}] {}",
            clean(&finding_origin(f)),
            f.severity.as_str().to_ascii_uppercase(),
            f.rule_id,
            f.rule_name,
            clean(&f.message)
        )?;
        let subject = subject_label(f);
        if !subject.is_empty() {
            write!(out, " ({subject})")?;
        }
        if let Some(s) = &f.suppressed {
            write!(out, " [suppressed ({}): {}]", s.kind, clean(&s.reason))?;
        }
        writeln!(out)?;
    }
    for e in &report.errors {
        writeln!(
            out,
            "{}: ERROR {}",
            clean(&error_origin(e)),
            clean(&e.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Format, RenderOptions, sample};

    #[test]
    fn one_line_per_finding_and_error() {
        let opts = RenderOptions::default();
        let text = sample::rendered(Format::Concise, &opts);
        assert_eq!(
            text,
            "k8s dir/pod é.yaml:11:21: CRITICAL KS003 [privileged-container] container \"web\" must not set securityContext.privileged=true (Pod apps/p container=web)\n\
             bad.yaml:3:7: ERROR did not find expected key\n"
        );
        let opts = RenderOptions {
            show_suppressed: true,
            ..RenderOptions::default()
        };
        let text = sample::rendered(Format::Concise, &opts);
        assert!(text.contains("[suppressed (inline): build image only]"));
    }
}
