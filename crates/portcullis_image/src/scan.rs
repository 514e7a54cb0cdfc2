//! The scan pipeline: resolve the input, stream each layer once through the
//! [`Collector`], then run the analysers on what it kept and turn everything
//! into findings, errors, the package inventory and report metadata.

use crate::analyse::{self, malware::MalwareEngine};
use crate::collect::{Collector, FileHit};
use crate::config::ImageConfig;
use crate::input::{self, LayerSource};
use crate::layer::{
    Budget, CapReader, CapState, CountingReader, Visitor, decompress, walk_dir, walk_tar,
};
use crate::rules;
use crate::{ImageError, ImageOptions, ImageScan, LayerInfo, Progress};
use portcullis_diagnostics::{Finding, InputError, Location, ObjectRef};
use portcullis_rules::{Checker, FileOutcome, Settings, SourceFile, finish_file};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

/// Scans the image at `input` (OCI layout, `docker save` archive, rootfs
/// tarball or folder). Errors that stop the scan (unreadable input, invalid
/// manifest, ambiguous platform) are returned; problems with single layers or
/// databases are listed in [`ImageScan::errors`] and the rest is still reported.
pub fn scan(
    input: &Path,
    opts: &ImageOptions,
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<ImageScan, ImageError> {
    let started = Instant::now();
    let input_name = input.display().to_string();
    let resolved = input::resolve(
        input,
        opts.platform.as_deref(),
        opts.tag.as_deref(),
        opts.max_total_bytes,
    )?;
    let today = opts
        .today
        .clone()
        .unwrap_or_else(portcullis_rules::suppress::today_utc);
    let config = match &resolved.config {
        Some(bytes) => Some(
            ImageConfig::parse(bytes)
                .map_err(|e| ImageError::Invalid(format!("image config: {e}")))?,
        ),
        None => None,
    };
    // A manifest list names platforms; a single image (docker save, lone OCI
    // manifest) has one in its config: refuse to scan another than the one asked for.
    if let (Some(wanted), Some(cfg)) = (opts.platform.as_deref(), &config)
        && resolved.platform.is_none()
        && let Some(have) = &cfg.platform
    {
        let mut it = have.split('/');
        let (os, arch, variant) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next());
        if !input::platform_matches(os, arch, variant, wanted) {
            return Err(ImageError::PlatformNotFound {
                platform: wanted.to_string(),
                available: vec![have.clone()],
            });
        }
    }
    let compiled;
    let engine = if !opts.detectors.malware {
        None
    } else if opts.yara_rules.is_empty() {
        MalwareEngine::builtin()
    } else {
        compiled = MalwareEngine::new(&opts.yara_rules)?;
        compiled.as_ref()
    };

    let mut collector = Collector::new(opts, engine);
    let mut errors: Vec<InputError> = Vec::new();
    let mut layers: Vec<LayerInfo> = Vec::new();
    let total = resolved.layers.len();
    let mut total_used = 0u64;
    for (i, layer) in resolved.layers.iter().enumerate() {
        let diff_id = config.as_ref().and_then(|c| c.diff_ids.get(i).cloned());
        let created_by = config
            .as_ref()
            .and_then(|c| c.layer_created_by(i))
            .map(str::to_string);
        let label = diff_id
            .clone()
            .or_else(|| layer.digest.clone())
            .unwrap_or_else(|| match &layer.source {
                LayerSource::Blob(b) => b.trim_start_matches('/').to_string(),
                LayerSource::File(p) | LayerSource::Dir(p) => p.display().to_string(),
            });
        progress.layer_start(i, total, &label, layer.size);
        collector.layer = i;
        let state = Rc::new(CapState::default());
        let budget = Budget {
            layer_cap: opts.max_layer_bytes,
            total_left: opts.max_total_bytes.saturating_sub(total_used),
        };
        let mut stored_size = None;
        let result = match &layer.source {
            LayerSource::Dir(p) => walk_dir(p, &mut collector),
            LayerSource::File(p) => std::fs::File::open(p)
                .and_then(|f| stream_layer(f, budget, &state, progress, &mut collector)),
            LayerSource::Blob(name) => match &resolved.store {
                Some(store) => store.open(name).and_then(|(r, size)| {
                    stored_size = Some(size);
                    stream_layer(r, budget, &state, progress, &mut collector)
                }),
                None => Err(io::Error::other("no image store")),
            },
        };
        total_used += state.used.get();
        let entries = match result {
            Ok(n) => n,
            Err(e) => {
                let what = format!("layer {} of {total} ({label})", i + 1);
                let message = match state.tripped.get() {
                    Some((limit, whole)) => format!(
                        "{what}: decompressed size exceeds the {} limit of {limit} bytes (possible decompression bomb); the rest of the layer was not scanned",
                        if whole { "per-image" } else { "per-layer" }
                    ),
                    None => format!(
                        "{what} is corrupt or unreadable: {e}; files before the error were scanned"
                    ),
                };
                errors.push(InputError {
                    path: input_name.clone(),
                    line: None,
                    column: None,
                    message,
                });
                0
            }
        };
        layers.push(LayerInfo {
            diff_id,
            digest: layer.digest.clone(),
            size: layer.size.or(stored_size),
            uncompressed_size: state.used.get(),
            created_by,
            entries,
        });
        progress.layer_done(i);
    }
    if collector.stats.findings_dropped > 0 {
        errors.push(InputError {
            path: input_name.clone(),
            line: None,
            column: None,
            message: format!(
                "{} more file findings were not recorded: the first {} are reported (the limit bounds memory); remove or suppress what is reported and scan again",
                collector.stats.findings_dropped, opts.max_file_findings
            ),
        });
    }
    for (l, msg) in &collector.db_errors {
        errors.push(InputError {
            path: input_name.clone(),
            line: None,
            column: None,
            message: format!("package database in layer {}: {msg}", l + 1),
        });
    }

    let object = ObjectRef {
        api_version: String::new(),
        kind: "Image".into(),
        namespace: None,
        name: resolved
            .reference
            .clone()
            .or_else(|| Some(input_name.clone())),
    };
    let mut findings: Vec<Finding> = Vec::new();

    // Image config and history.
    if let Some(cfg) = &config {
        let source = analyse::config::config_source(&input_name, cfg);
        let mut cx = Checker::new(settings);
        analyse::config::check(&source, cfg, resolved.reference.as_deref(), &mut cx);
        let outcome = FileOutcome {
            hits: cx.take_hits(),
            recognized: true,
            objects_checked: 1,
            ..FileOutcome::default()
        };
        let report = finish_file(&source, outcome, settings, &today);
        findings.extend(report.findings);
        errors.extend(report.errors);

        if !cfg.history.is_empty() {
            let created: Vec<String> = cfg.history.iter().map(|h| h.created_by.clone()).collect();
            let text = portcullis_dockerfile::history_to_dockerfile(&created);
            let source = SourceFile::new(format!("{input_name}!history"), text);
            let outcome = portcullis_dockerfile::check_history(&source, settings);
            let report = finish_file(&source, outcome, settings, &today);
            // History line N is history entry N-1; map it to its layer.
            let mut layer_of = Vec::with_capacity(cfg.history.len());
            let mut n = 0usize;
            for h in &cfg.history {
                if h.empty_layer {
                    layer_of.push(None);
                } else {
                    layer_of.push(Some(n));
                    n += 1;
                }
            }
            for mut f in report.findings {
                let idx = f.location.line.saturating_sub(1) as usize;
                f.properties.insert("history_index".into(), json!(idx));
                if let Some(Some(l)) = layer_of.get(idx) {
                    f.properties.insert("layer_index".into(), json!(l));
                    if let Some(d) = cfg.diff_ids.get(*l) {
                        f.properties.insert("diff_id".into(), json!(d));
                    }
                }
                findings.push(f);
            }
            errors.extend(report.errors);
        }
    }

    // Files, attack surface, accounts.
    let mut hits: Vec<FileHit> = std::mem::take(&mut collector.hits);
    let attack_surface = if opts.detectors.attack_surface {
        let (summary, surface_hits) = analyse::surface::analyse(&collector.nodes);
        hits.extend(surface_hits);
        let passwd = analyse::packages::small_text(&collector, "/etc/passwd");
        let shadow = analyse::packages::small_text(&collector, "/etc/shadow");
        hits.extend(analyse::accounts::analyse(passwd, shadow));
        summary
    } else {
        serde_json::Value::Null
    };
    for h in hits {
        if !settings.is_enabled(h.rule) {
            continue;
        }
        findings.push(file_finding(h, &input_name, &object, &layers, settings));
    }

    // Distribution and packages.
    let distro = analyse::packages::distro(&collector);
    if let Some(d) = &distro
        && settings.is_enabled(&rules::EndOfLifeDistro::META)
        && let Some((branch, date)) = analyse::eol::is_past_eol(d, &today)
    {
        let (path, line) = match analyse::packages::small_text(&collector, "/etc/os-release") {
            Some((text, _)) => (
                "/etc/os-release",
                text.lines()
                    .position(|l| l.starts_with("VERSION_ID="))
                    .map(|i| i as u32 + 1)
                    .unwrap_or(0),
            ),
            None => ("/etc/os-release", 0),
        };
        let name = d
            .pretty_name
            .clone()
            .unwrap_or_else(|| format!("{} {}", d.id, d.version_id));
        let mut properties = BTreeMap::new();
        properties.insert("distro".into(), json!(d.id));
        properties.insert("version".into(), json!(d.version_id));
        properties.insert("end_of_life".into(), json!(date));
        findings.push(Finding {
            rule_id: rules::EndOfLifeDistro::META.id.into(),
            rule_name: rules::EndOfLifeDistro::META.name.into(),
            severity: settings.severity(&rules::EndOfLifeDistro::META),
            message: format!("{name} (branch {branch}) reached end of life on {date}"),
            location: Location {
                path: format!("{input_name}!{path}"),
                line,
                column: if line > 0 { 1 } else { 0 },
                end_line: line,
                end_column: if line > 0 { 1 } else { 0 },
            },
            object: Some(object.clone()),
            container: None,
            standards: rules::EndOfLifeDistro::META
                .standards
                .iter()
                .map(|s| s.to_string())
                .collect(),
            suppressed: None,
            properties,
            snippet: None,
        });
    }
    let packages = if opts.detectors.packages {
        let diff_ids: Vec<Option<String>> = layers
            .iter()
            .map(|l| l.diff_id.clone().or_else(|| l.digest.clone()))
            .collect();
        analyse::packages::inventory(&collector, &|i| diff_ids.get(i).cloned().flatten())
    } else {
        Vec::new()
    };

    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut metadata = BTreeMap::new();
    metadata.insert("input_kind".into(), json!(resolved.kind.as_str()));
    if let Some(p) = resolved
        .platform
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.platform.clone()))
    {
        metadata.insert("platform".into(), json!(p));
    }
    if let Some(d) = &distro {
        metadata.insert("os".into(), json!(d));
        if let Some((_, date)) = analyse::eol::end_of_life(d) {
            metadata.insert("os_end_of_life".into(), json!(date));
        }
    }
    metadata.insert("files".into(), json!(collector.stats));
    metadata.insert("package_count".into(), json!(packages.len()));
    metadata.insert("decompressed_bytes".into(), json!(total_used));
    metadata.insert(
        "elapsed_ms".into(),
        json!(started.elapsed().as_millis() as u64),
    );
    metadata.insert("today".into(), json!(today));

    Ok(ImageScan {
        findings,
        errors,
        packages,
        distro,
        reference: resolved.reference.clone(),
        digest: resolved.digest.clone(),
        input_kind: resolved.kind.as_str().to_string(),
        layers,
        attack_surface,
        metadata,
    })
}

fn stream_layer(
    reader: impl Read,
    budget: Budget,
    state: &Rc<CapState>,
    progress: &dyn Progress,
    visitor: &mut dyn Visitor,
) -> io::Result<u64> {
    let mut on_bytes = |n: u64| progress.bytes(n);
    let counted = CountingReader::new(reader, &mut on_bytes);
    let decompressed = decompress(counted)?;
    let capped = CapReader::new(decompressed, budget, Rc::clone(state));
    walk_tar(capped, visitor)
}

fn file_finding(
    h: FileHit,
    input_name: &str,
    object: &ObjectRef,
    layers: &[LayerInfo],
    settings: &Settings,
) -> Finding {
    let mut properties = h.properties;
    let mut message = h.message;
    properties.insert("file".into(), json!(h.path));
    properties.insert("layer_index".into(), json!(h.layer));
    if let Some(l) = layers.get(h.layer) {
        if let Some(d) = &l.diff_id {
            properties.insert("diff_id".into(), json!(d));
        }
        if let Some(d) = &l.digest {
            properties.insert("layer_digest".into(), json!(d));
        }
        if let Some(c) = &l.created_by {
            properties.insert("created_by".into(), json!(c));
        }
    }
    if h.deleted {
        properties.insert("deleted_in_later_layer".into(), json!(true));
        message.push_str(" (deleted in a later layer, but still in the image)");
    } else if h.replaced {
        properties.insert("replaced_in_later_layer".into(), json!(true));
        message.push_str(" (replaced in a later layer, but still in the image)");
    }
    if layers.len() > 1 {
        message.push_str(&format!(" [layer {}]", h.layer + 1));
    }
    Finding {
        rule_id: h.rule.id.to_string(),
        rule_name: h.rule.name.to_string(),
        severity: settings.severity(h.rule),
        message,
        location: Location {
            path: format!("{input_name}!{}", h.path),
            line: h.line,
            column: h.column,
            end_line: h.line,
            end_column: h.column,
        },
        object: Some(object.clone()),
        container: None,
        standards: h.rule.standards.iter().map(|s| s.to_string()).collect(),
        suppressed: None,
        properties,
        snippet: None,
    }
}

/// Streams one in-memory layer (plain, gzip or zstd tar) through the collector
/// and the file analysers, returning the number of findings. Used by the fuzz
/// targets and the mutation test; never panics on any input.
pub fn analyse_layer_bytes(data: &[u8], opts: &ImageOptions) -> usize {
    let engine = if opts.detectors.malware {
        MalwareEngine::builtin()
    } else {
        None
    };
    let mut collector = Collector::new(opts, engine);
    let state = Rc::new(CapState::default());
    let budget = Budget {
        layer_cap: opts.max_layer_bytes,
        total_left: opts.max_total_bytes,
    };
    let _ = stream_layer(data, budget, &state, &crate::NoProgress, &mut collector);
    let (_, surface) = analyse::surface::analyse(&collector.nodes);
    let passwd = analyse::packages::small_text(&collector, "/etc/passwd");
    let shadow = analyse::packages::small_text(&collector, "/etc/shadow");
    let accounts = analyse::accounts::analyse(passwd, shadow);
    let _ = analyse::packages::distro(&collector);
    let packages = analyse::packages::inventory(&collector, &|_| None);
    collector.hits.len() + surface.len() + accounts.len() + packages.len()
}
