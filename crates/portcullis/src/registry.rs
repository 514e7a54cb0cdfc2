//! The one rule table: every domain's rules, looked up by ID or name, plus the
//! redirects of retired IDs, and the generator of `docs/rules/`.

use portcullis_rules::RuleMeta;
use std::sync::OnceLock;

/// Retired or renamed rule IDs and names, and what replaced them. IDs are never reused.
pub static REDIRECTS: &[(&str, &str)] = &[];

/// Every rule of every domain, sorted by ID.
pub fn all_rules() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleMeta> = Vec::new();
        v.extend(portcullis_k8s::rule_metas());
        v.extend(portcullis_compose::rule_metas());
        v.extend(portcullis_dockerfile::rule_metas());
        v.extend(portcullis_image::rule_metas());
        v.extend(portcullis_vulndb::rule_metas());
        v.extend(portcullis_rules::suppress::META_RULES.iter().copied());
        v.sort_by_key(|m| m.id);
        v.dedup_by_key(|m| m.id);
        v
    })
}

/// Finds a rule by ID (any case) or name, following redirects.
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    let key = REDIRECTS
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(key))
        .map(|(_, new)| *new)
        .unwrap_or(key);
    all_rules()
        .iter()
        .copied()
        .find(|m| m.id.eq_ignore_ascii_case(key) || m.name == key)
}

/// The Markdown page of one rule, as written to `docs/rules/ID.md`.
pub fn rule_page(m: &RuleMeta) -> String {
    let mut s = format!("# {} `{}`\n\n", m.id, m.name);
    s += &format!("- **Severity:** {}\n", m.severity);
    s += &format!("- **Applies to:** {}\n", m.domain.tag());
    if !m.tags.is_empty() {
        s += &format!("- **Tags:** {}\n", m.tags.join(", "));
    }
    if !m.standards.is_empty() {
        s += &format!("- **Standards:** {}\n", m.standards.join(", "));
    }
    if !m.default_enabled {
        s += "- **Off by default:** enable it with `[rules] enable = [\"";
        s += m.id;
        s += "\"]`\n";
    }
    s += &format!("\n{}\n\n", m.summary);
    s += &m.docs_text();
    s
}

/// The index page `docs/rules/README.md`.
pub fn index_page() -> String {
    let mut s = String::from(
        "# Rule catalogue\n\nGenerated from the rules' own documentation by \
         `PORTCULLIS_BLESS=1 cargo test -p portcullis --test registry`; do not edit by hand.\n\n\
         | ID | name | severity | applies to | summary |\n|---|---|---|---|---|\n",
    );
    for m in all_rules() {
        s += &format!(
            "| [{id}]({id}.md) | `{name}` | {sev} | {dom} | {sum} |\n",
            id = m.id,
            name = m.name,
            sev = m.severity,
            dom = m.domain.tag(),
            sum = m.summary.replace('|', "\\|")
        );
    }
    s
}
