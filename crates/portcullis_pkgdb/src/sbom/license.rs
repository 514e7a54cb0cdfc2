//! Licence strings as package databases write them (`GPLv2+`, `MIT and (BSD or ASL 2.0)`,
//! `GPL-2.0-only`) turned into SPDX: a canonical expression when the `spdx` crate's lax
//! parser maps every term unambiguously, otherwise a `LicenseRef-` carrying the text.

/// What an SBOM can say about one declared licence string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenseForm {
    /// One SPDX licence identifier (`MIT`).
    Id(String),
    /// A compound SPDX expression (`GPL-2.0-or-later AND LGPL-2.1-or-later`).
    Expression(String),
    /// Not expressible in SPDX: the original text.
    Name(String),
}

/// Bare family names that the lax parser would map to one arbitrary version.
const AMBIGUOUS: &[&str] = &["bsd", "gpl", "lgpl", "agpl", "mpl", "apache", "cc-by"];

/// Classifies a declared licence string.
pub fn classify_license(text: &str) -> LicenseForm {
    let text = text.trim();
    let ambiguous = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '/')
        .any(|t| AMBIGUOUS.contains(&t.to_ascii_lowercase().as_str()));
    if text.is_empty() || ambiguous {
        return LicenseForm::Name(text.to_owned());
    }
    let canonical = match spdx::Expression::canonicalize(text) {
        Ok(Some(c)) => c,
        Ok(None) => text.to_owned(),
        Err(_) => return LicenseForm::Name(text.to_owned()),
    };
    match spdx::Expression::parse(&canonical) {
        Ok(expr) => {
            let mut reqs = expr.requirements();
            let single = reqs.next().is_some() && reqs.next().is_none();
            if single && spdx::license_id(&canonical).is_some() {
                LicenseForm::Id(canonical)
            } else {
                LicenseForm::Expression(canonical)
            }
        }
        Err(_) => LicenseForm::Name(text.to_owned()),
    }
}

/// `LicenseRef-` + the text with every character outside `[A-Za-z0-9.-]` replaced by `-`.
pub(crate) fn license_ref(text: &str) -> String {
    let mut s = String::from("LicenseRef-");
    for c in text.chars() {
        s.push(if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            c
        } else {
            '-'
        });
    }
    if text.is_empty() {
        s.push_str("empty");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(classify_license("MIT"), LicenseForm::Id("MIT".into()));
        assert_eq!(
            classify_license("GPL-2.0-or-later AND LGPL-2.1-or-later"),
            LicenseForm::Expression("GPL-2.0-or-later AND LGPL-2.1-or-later".into())
        );
        assert_eq!(
            classify_license("GPLv2+"),
            LicenseForm::Id("GPL-2.0-or-later".into())
        );
        assert_eq!(classify_license("BSD"), LicenseForm::Name("BSD".into()));
        assert_eq!(
            classify_license("Public Domain"),
            LicenseForm::Name("Public Domain".into())
        );
        assert_eq!(license_ref("Public Domain"), "LicenseRef-Public-Domain");
    }
}
