//! CycloneDX 1.5 JSON: the image as `metadata.component`, the operating system and every
//! package as components (bom-ref = purl), and vulnerabilities with ratings and `affects`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::license::{LicenseForm, classify_license};
use super::{SbomInput, SbomVulnerability, content_uuid, normalise_timestamp};
use crate::Package;

const IMAGE_REF: &str = "image";
const OS_REF: &str = "operating-system";

fn property(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

/// CycloneDX licence choice: either license objects, or a single expression.
fn licenses(p: &Package) -> Option<Value> {
    if p.licenses.is_empty() {
        return None;
    }
    let forms: Vec<LicenseForm> = p.licenses.iter().map(|l| classify_license(l)).collect();
    if let [LicenseForm::Expression(e)] = forms.as_slice() {
        return Some(json!([{ "expression": e }]));
    }
    let mut out = Vec::new();
    for (form, raw) in forms.iter().zip(&p.licenses) {
        let lic = match form {
            LicenseForm::Id(id) => json!({ "license": { "id": id } }),
            // Several strings, one compound: keep each as a named licence (1.5 forbids
            // mixing an expression with licence objects).
            LicenseForm::Expression(_) | LicenseForm::Name(_) => {
                json!({ "license": { "name": raw } })
            }
        };
        out.push(lic);
    }
    Some(Value::Array(out))
}

fn component(p: &Package, purl: &str) -> Value {
    let mut c = Map::new();
    c.insert("type".into(), json!("library"));
    c.insert("bom-ref".into(), json!(purl));
    c.insert("name".into(), json!(p.name));
    c.insert("version".into(), json!(p.version));
    if let Some(l) = licenses(p) {
        c.insert("licenses".into(), l);
    }
    c.insert("purl".into(), json!(purl));
    let mut props = vec![property("portcullis:package:type", kind_name(p))];
    if p.source_name != p.name || p.source_version != p.version {
        props.push(property("portcullis:package:source-name", &p.source_name));
        props.push(property(
            "portcullis:package:source-version",
            &p.source_version,
        ));
    }
    if let Some(a) = &p.arch {
        props.push(property("portcullis:package:arch", a));
    }
    if let Some(l) = &p.layer {
        props.push(property("portcullis:layer:diff-id", l));
    }
    props.push(property("portcullis:package:db-path", &p.db_path));
    c.insert("properties".into(), Value::Array(props));
    Value::Object(c)
}

pub(crate) fn kind_name(p: &Package) -> &'static str {
    match p.kind {
        crate::PackageKind::Dpkg => "dpkg",
        crate::PackageKind::Apk => "apk",
        crate::PackageKind::Rpm => "rpm",
    }
}

fn severity(s: &str) -> &'static str {
    match s.to_ascii_lowercase().as_str() {
        "critical" => "critical",
        "high" | "important" => "high",
        "medium" | "moderate" => "medium",
        "low" | "negligible" => "low",
        "info" => "info",
        "none" => "none",
        _ => "unknown",
    }
}

fn cvss_method(vector: Option<&str>) -> &'static str {
    match vector {
        Some(v) if v.starts_with("CVSS:3.1/") => "CVSSv31",
        Some(v) if v.starts_with("CVSS:3.0/") => "CVSSv3",
        Some(v) if v.starts_with("CVSS:4.0/") => "CVSSv4",
        Some(v) if v.starts_with("AV:") => "CVSSv2",
        _ => "other",
    }
}

fn vulnerability(v: &SbomVulnerability, index: usize, known: &HashSet<String>) -> Value {
    let mut o = Map::new();
    o.insert("bom-ref".into(), json!(format!("vuln-{index}-{}", v.id)));
    o.insert("id".into(), json!(v.id));
    o.insert("source".into(), json!({ "name": v.source_name }));
    if !v.aliases.is_empty() {
        let refs: Vec<Value> = v
            .aliases
            .iter()
            .map(|a| json!({ "id": a, "source": { "name": v.source_name } }))
            .collect();
        o.insert("references".into(), Value::Array(refs));
    }
    let mut rating = Map::new();
    rating.insert("source".into(), json!({ "name": v.source_name }));
    if let Some(score) = v.cvss_score.filter(|s| s.is_finite()) {
        rating.insert("score".into(), json!(score));
    }
    rating.insert("severity".into(), json!(severity(&v.severity)));
    if v.cvss_score.is_some() || v.cvss_vector.is_some() {
        rating.insert(
            "method".into(),
            json!(cvss_method(v.cvss_vector.as_deref())),
        );
    }
    if let Some(vector) = &v.cvss_vector {
        rating.insert("vector".into(), json!(vector));
    }
    o.insert("ratings".into(), json!([Value::Object(rating)]));
    if let Some(d) = &v.description {
        o.insert("description".into(), json!(d));
    }
    if let Some(f) = &v.fixed_version {
        o.insert(
            "recommendation".into(),
            json!(format!("Upgrade to {f} or later")),
        );
    }
    // `affects.ref` must name a component; an unknown purl is kept as a property instead.
    if known.contains(&v.package_purl) {
        o.insert(
            "affects".into(),
            json!([{
                "ref": v.package_purl,
                "versions": [{ "version": v.installed_version, "status": "affected" }],
            }]),
        );
    }
    let mut props = vec![
        property("portcullis:package:purl", &v.package_purl),
        property("portcullis:installed-version", &v.installed_version),
    ];
    if let Some(f) = &v.fixed_version {
        props.push(property("portcullis:fixed-version", f));
    }
    o.insert("properties".into(), Value::Array(props));
    Value::Object(o)
}

/// The CycloneDX 1.5 JSON document for `input`.
pub fn cyclonedx_json(input: &SbomInput) -> Value {
    let distro = input.distro.as_ref();
    let mut seen: HashSet<String> = HashSet::new();
    let mut components = Vec::with_capacity(input.packages.len() + 1);
    let mut package_refs = Vec::with_capacity(input.packages.len());
    if let Some(d) = distro {
        components.push(json!({
            "type": "operating-system",
            "bom-ref": OS_REF,
            "name": d.id,
            "version": d.version_id,
            "description": d.pretty_name.clone().unwrap_or_default(),
        }));
    }
    for p in &input.packages {
        let purl = p.purl(distro);
        // The same package seen in two databases (or twice in one) is one component.
        if !seen.insert(purl.clone()) {
            continue;
        }
        components.push(component(p, &purl));
        package_refs.push(Value::String(purl));
    }
    let mut dependencies = Vec::new();
    if distro.is_some() {
        dependencies.push(json!({ "ref": IMAGE_REF, "dependsOn": [OS_REF] }));
        dependencies.push(json!({ "ref": OS_REF, "dependsOn": package_refs }));
    } else {
        dependencies.push(json!({ "ref": IMAGE_REF, "dependsOn": package_refs }));
    }

    let mut image = Map::new();
    image.insert("type".into(), json!("container"));
    image.insert("bom-ref".into(), json!(IMAGE_REF));
    image.insert("name".into(), json!(input.name));
    if let Some(d) = &input.digest {
        image.insert("version".into(), json!(d));
    }
    let mut meta_props = Vec::new();
    if let Some(db) = &input.database {
        meta_props.push(property("portcullis:vulnerability-database", db));
    }
    let mut metadata = Map::new();
    metadata.insert(
        "timestamp".into(),
        json!(normalise_timestamp(&input.timestamp)),
    );
    metadata.insert(
        "tools".into(),
        json!({ "components": [{
            "type": "application",
            "author": "portcullis",
            "name": "portcullis",
            "version": input.tool_version,
        }]}),
    );
    metadata.insert("component".into(), Value::Object(image));
    if !meta_props.is_empty() {
        metadata.insert("properties".into(), Value::Array(meta_props));
    }

    let mut bom = Map::new();
    bom.insert(
        "$schema".into(),
        json!("http://cyclonedx.org/schema/bom-1.5.schema.json"),
    );
    bom.insert("bomFormat".into(), json!("CycloneDX"));
    bom.insert("specVersion".into(), json!("1.5"));
    bom.insert(
        "serialNumber".into(),
        json!(format!("urn:uuid:{}", content_uuid(input))),
    );
    bom.insert("version".into(), json!(1));
    bom.insert("metadata".into(), Value::Object(metadata));
    bom.insert("components".into(), Value::Array(components));
    bom.insert("dependencies".into(), Value::Array(dependencies));
    if !input.vulnerabilities.is_empty() {
        let vulns: Vec<Value> = input
            .vulnerabilities
            .iter()
            .enumerate()
            .map(|(i, v)| vulnerability(v, i, &seen))
            .collect();
        bom.insert("vulnerabilities".into(), Value::Array(vulns));
    }
    Value::Object(bom)
}
