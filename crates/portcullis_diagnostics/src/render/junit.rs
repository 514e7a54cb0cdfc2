//! `junit`: JUnit XML for CI test reports. One test suite per rule, one test
//! case per finding (failed), and an `input` suite whose cases are input errors.

use super::{RenderOptions, clean, error_origin, finding_origin, subject_label, visible};
use crate::{Finding, Report};
use std::collections::BTreeMap;
use std::io::Write;

/// Escapes text for XML attributes and content. Control characters and bidi
/// overrides from scanned files are first shown escaped ([`clean`]), so CI
/// report viewers display them instead of acting on them.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut by_rule: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in visible(report, opts) {
        by_rule
            .entry((&f.rule_id, &f.rule_name))
            .or_default()
            .push(f);
    }
    let total: usize = by_rule.values().map(Vec::len).sum::<usize>() + report.errors.len();
    let failures: usize = by_rule
        .values()
        .flatten()
        .filter(|f| f.suppressed.is_none())
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="portcullis" tests="{total}" failures="{failures}" errors="{}">"#,
        report.errors.len()
    )?;
    for ((id, name), findings) in &by_rule {
        let fails = findings.iter().filter(|f| f.suppressed.is_none()).count();
        let skipped = findings.len() - fails;
        writeln!(
            out,
            r#"  <testsuite name="{} {}" tests="{}" failures="{fails}" errors="0" skipped="{skipped}">"#,
            esc(id),
            esc(name),
            findings.len()
        )?;
        for f in findings {
            let mut label = finding_origin(f);
            let subject = subject_label(f);
            if !subject.is_empty() {
                label += &format!(" {subject}");
            }
            writeln!(
                out,
                r#"    <testcase classname="{}" name="{}" file="{}">"#,
                esc(id),
                esc(&label),
                esc(&f.location.path)
            )?;
            match &f.suppressed {
                Some(s) => writeln!(
                    out,
                    r#"      <skipped message="suppressed ({}): {}"/>"#,
                    esc(&s.kind),
                    esc(&s.reason)
                )?,
                None => writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}: {} [{}]</failure>"#,
                    esc(&f.message),
                    f.severity,
                    esc(&finding_origin(f)),
                    esc(&f.message),
                    esc(&f.standards.join(", "))
                )?,
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !report.errors.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="input" tests="{n}" failures="0" errors="{n}">"#,
            n = report.errors.len()
        )?;
        for e in &report.errors {
            let loc = error_origin(e);
            writeln!(
                out,
                r#"    <testcase classname="input" name="{}" file="{}">"#,
                esc(&loc),
                esc(&e.path)
            )?;
            writeln!(out, r#"      <error message="{}"/>"#, esc(&e.message))?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::super::{Format, RenderOptions, sample};

    /// A small well-formedness check: tags balance and no raw `<`/`&` in text.
    fn well_formed(xml: &str) -> bool {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = xml;
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            if text.contains('>') || (text.contains('&') && !text.contains(';')) {
                return false;
            }
            let close = match rest[open..].find('>') {
                Some(c) => open + c,
                None => return false,
            };
            let tag = &rest[open + 1..close];
            if tag.starts_with('?') {
            } else if let Some(name) = tag.strip_prefix('/') {
                if stack.pop().as_deref() != Some(name.trim()) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
            }
            rest = &rest[close + 1..];
        }
        stack.is_empty()
    }

    #[test]
    fn junit_is_well_formed_and_escaped() {
        let opts = RenderOptions {
            show_suppressed: true,
            ..RenderOptions::default()
        };
        let xml = sample::rendered(Format::Junit, &opts);
        assert!(well_formed(&xml), "{xml}");
        assert!(xml.contains("container &quot;web&quot; must not"), "{xml}");
        assert_eq!(
            super::esc("<&> \"q\" \u{1}"),
            "&lt;&amp;&gt; &quot;q&quot; \\u{1}"
        );
        assert!(
            xml.contains(r#"tests="3" failures="1" errors="1""#),
            "{xml}"
        );
        assert!(xml.contains("<skipped message=\"suppressed (inline): build image only\"/>"));
        assert!(!well_formed("<a><b></a></b>"));
    }
}
