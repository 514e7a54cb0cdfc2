//! SPDX 2.3 JSON: the image as the described package, the operating system and every OS
//! package as packages with purl external references, `DESCRIBES` / `CONTAINS`
//! relationships, and `LicenseRef-` entries for licence texts SPDX has no identifier for.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::cyclonedx::kind_name;
use super::license::{LicenseForm, classify_license, license_ref};
use super::{SbomInput, content_uuid, normalise_timestamp};
use crate::Package;

const NOASSERTION: &str = "NOASSERTION";
const IMAGE_ID: &str = "SPDXRef-Image";
const OS_ID: &str = "SPDXRef-OperatingSystem";

/// Keeps only the characters SPDX allows in an `SPDXRef-` idstring (`[A-Za-z0-9.-]`).
fn idstring(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A stable, unique SPDX ID for a package: kind, name and a short hash of its identity.
fn package_id(p: &Package, purl: &str) -> String {
    let mut h = Sha256::new();
    h.update(purl.as_bytes());
    h.update([0]);
    h.update(p.db_path.as_bytes());
    let d = h.finalize();
    let short: String = d[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "SPDXRef-Package-{}-{}-{short}",
        kind_name(p),
        idstring(&p.name)
    )
}

/// The declared licence of a package as one SPDX expression; texts SPDX cannot express are
/// registered in `extracted` (LicenseRef id -> original text).
fn declared(p: &Package, extracted: &mut BTreeMap<String, String>) -> String {
    let mut parts = Vec::new();
    for raw in &p.licenses {
        match classify_license(raw) {
            LicenseForm::Id(id) => parts.push(id),
            LicenseForm::Expression(e) => parts.push(format!("({e})")),
            LicenseForm::Name(name) if !name.is_empty() => {
                let id = license_ref(&name);
                extracted.entry(id.clone()).or_insert(name);
                parts.push(id);
            }
            LicenseForm::Name(_) => {}
        }
    }
    match parts.len() {
        0 => NOASSERTION.to_owned(),
        1 => {
            let only = parts.remove(0);
            only.strip_prefix('(')
                .and_then(|s| s.strip_suffix(')'))
                .map_or(only.clone(), str::to_owned)
        }
        _ => parts.join(" AND "),
    }
}

/// The SPDX 2.3 JSON document for `input`.
pub fn spdx_json(input: &SbomInput) -> Value {
    let distro = input.distro.as_ref();
    let uuid = content_uuid(input);
    let mut extracted = BTreeMap::new();
    let mut packages = Vec::with_capacity(input.packages.len() + 2);
    let mut relationships = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT",
        "relationshipType": "DESCRIBES",
        "relatedSpdxElement": IMAGE_ID,
    })];

    let mut image = Map::new();
    image.insert("SPDXID".into(), json!(IMAGE_ID));
    image.insert("name".into(), json!(input.name));
    if let Some(d) = &input.digest {
        image.insert("versionInfo".into(), json!(d));
        if let Some(hex) = d.strip_prefix("sha256:")
            && hex.len() == 64
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
        {
            image.insert(
                "checksums".into(),
                json!([{ "algorithm": "SHA256", "checksumValue": hex }]),
            );
        }
    }
    image.insert("downloadLocation".into(), json!(NOASSERTION));
    image.insert("filesAnalyzed".into(), json!(false));
    image.insert("primaryPackagePurpose".into(), json!("CONTAINER"));
    image.insert("licenseConcluded".into(), json!(NOASSERTION));
    image.insert("licenseDeclared".into(), json!(NOASSERTION));
    image.insert("copyrightText".into(), json!(NOASSERTION));
    packages.push(Value::Object(image));

    let parent = if let Some(d) = distro {
        packages.push(json!({
            "SPDXID": OS_ID,
            "name": d.id,
            "versionInfo": d.version_id,
            "downloadLocation": NOASSERTION,
            "filesAnalyzed": false,
            "primaryPackagePurpose": "OPERATING_SYSTEM",
            "licenseConcluded": NOASSERTION,
            "licenseDeclared": NOASSERTION,
            "copyrightText": NOASSERTION,
        }));
        relationships.push(json!({
            "spdxElementId": IMAGE_ID,
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": OS_ID,
        }));
        OS_ID
    } else {
        IMAGE_ID
    };

    let mut seen = HashSet::new();
    for p in &input.packages {
        let purl = p.purl(distro);
        let id = package_id(p, &purl);
        if !seen.insert(id.clone()) {
            continue;
        }
        let mut o = Map::new();
        o.insert("SPDXID".into(), json!(id));
        o.insert("name".into(), json!(p.name));
        o.insert("versionInfo".into(), json!(p.version));
        o.insert("downloadLocation".into(), json!(NOASSERTION));
        o.insert("filesAnalyzed".into(), json!(false));
        o.insert("primaryPackagePurpose".into(), json!("LIBRARY"));
        o.insert("licenseConcluded".into(), json!(NOASSERTION));
        o.insert("licenseDeclared".into(), json!(declared(p, &mut extracted)));
        o.insert("copyrightText".into(), json!(NOASSERTION));
        if p.source_name != p.name || p.source_version != p.version {
            o.insert(
                "sourceInfo".into(),
                json!(format!(
                    "built package from: {} {}",
                    p.source_name, p.source_version
                )),
            );
        }
        let mut comment = format!("database: {}", p.db_path);
        if let Some(layer) = &p.layer {
            comment.push_str(&format!("; layer: {layer}"));
        }
        o.insert("comment".into(), json!(comment));
        o.insert(
            "externalRefs".into(),
            json!([{
                "referenceCategory": "PACKAGE-MANAGER",
                "referenceType": "purl",
                "referenceLocator": purl,
            }]),
        );
        packages.push(Value::Object(o));
        relationships.push(json!({
            "spdxElementId": parent,
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": id,
        }));
    }

    let mut creation = Map::new();
    creation.insert(
        "created".into(),
        json!(normalise_timestamp(&input.timestamp)),
    );
    creation.insert(
        "creators".into(),
        json!([format!("Tool: portcullis-{}", input.tool_version)]),
    );
    if let Some(db) = &input.database {
        creation.insert(
            "comment".into(),
            json!(format!("vulnerability database: {db}")),
        );
    }
    let mut doc = Map::new();
    doc.insert("spdxVersion".into(), json!("SPDX-2.3"));
    doc.insert("dataLicense".into(), json!("CC0-1.0"));
    doc.insert("SPDXID".into(), json!("SPDXRef-DOCUMENT"));
    doc.insert("name".into(), json!(input.name));
    doc.insert(
        "documentNamespace".into(),
        json!(format!(
            "https://portcullis.dev/spdx/{}-{uuid}",
            idstring(&input.name)
        )),
    );
    doc.insert("creationInfo".into(), Value::Object(creation));
    doc.insert("packages".into(), Value::Array(packages));
    doc.insert("relationships".into(), Value::Array(relationships));
    if !extracted.is_empty() {
        let infos: Vec<Value> = extracted
            .into_iter()
            .map(|(id, text)| json!({ "licenseId": id, "extractedText": text, "name": text }))
            .collect();
        doc.insert("hasExtractedLicensingInfos".into(), Value::Array(infos));
    }
    Value::Object(doc)
}
