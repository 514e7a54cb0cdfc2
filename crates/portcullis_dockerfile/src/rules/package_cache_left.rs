//! DF017: package-manager caches left in the image.

use super::StageCx;
use super::packages::{Manager, install};
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports installs in the final stage that leave the package manager's
    /// cache or index in the layer: `apt-get install` without `rm -rf
    /// /var/lib/apt/lists/*` in the same `RUN`, `apk add` without `--no-cache`,
    /// `pip install` without `--no-cache-dir`, `yum`/`dnf`/`zypper install`
    /// without `clean all`. A `--mount=type=cache` for the cache directory is
    /// fine, and so are earlier build stages, which do not ship.
    ///
    /// ## Why is this bad?
    /// Stale package indexes and downloaded archives bloat every copy of the
    /// image, and an old index later used by `apt-get install` in a derived
    /// image installs outdated, possibly vulnerable versions.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.3 (no unnecessary packages)
    /// - hadolint DL3009, DL3019, DL3032, DL3036, DL3040, DL3042, DL3060;
    ///   Trivy DS015, DS017, DS019, DS020, DS025; Checkov CKV_DOCKER_5
    pub struct PackageCacheLeft {
        id: "DF017",
        name: "package-cache-left",
        domain: Dockerfile,
        severity: Low,
        summary: "Package manager cache is left in the image",
        tags: ["hygiene"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for PackageCacheLeft {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if !s.is_final() && !s.history {
            return;
        }
        let pip_env = s.with_keyword(Keyword::Env).any(|i| {
            i.key_values()
                .iter()
                .any(|kv| kv.key.value.eq_ignore_ascii_case("PIP_NO_CACHE_DIR"))
        });
        for (ins, script) in s.runs() {
            let cache_mount = |dir: &str| {
                ins.flags_named("mount").any(|f| {
                    f.value
                        .as_ref()
                        .is_some_and(|v| v.value.contains("type=cache") && v.value.contains(dir))
                })
            };
            let removes = |dir: &str| {
                script
                    .commands_named("rm")
                    .any(|c| c.args.iter().any(|a| a.text.starts_with(dir)))
            };
            let cleans = |prog: &str| script.commands_named(prog).any(|c| c.has_arg(&["clean"]));
            let mut reported = std::collections::HashSet::new();
            for c in &script.commands {
                let Some((mgr, _)) = install(c) else { continue };
                if !reported.insert(mgr as u8) {
                    continue;
                }
                let msg = match mgr {
                    Manager::Apt => {
                        if removes("/var/lib/apt/lists")
                            || cache_mount("/var/lib/apt")
                            || cache_mount("/var/cache/apt")
                        {
                            continue;
                        }
                        "`apt-get install` leaves /var/lib/apt/lists in the layer; add `&& rm -rf /var/lib/apt/lists/*`"
                    }
                    Manager::Apk => {
                        if c.has_arg(&["--no-cache"])
                            || removes("/var/cache/apk")
                            || cache_mount("/var/cache/apk")
                            || c.args.iter().any(|a| a.text.starts_with("--root"))
                        {
                            continue;
                        }
                        "`apk add` keeps its index cache; use `apk add --no-cache`"
                    }
                    Manager::Pip => {
                        if c.has_arg(&["--no-cache-dir", "--no-cache"])
                            || pip_env
                            || cache_mount("/root/.cache")
                            // rm -rf ~/.cache/pip, /root/.cache, $HOME/.cache
                            || script.commands_named("rm").any(|r| {
                                r.args.iter().any(|a| {
                                    let t = a.text.trim_end_matches(['/', '*']);
                                    t.contains(".cache/pip") || t.ends_with("/.cache")
                                })
                            })
                            // pip cache purge
                            || script.commands.iter().any(|p| {
                                p.program().starts_with("pip")
                                    && p.has_arg(&["cache"])
                                    && p.has_arg(&["purge"])
                            })
                            || script
                                .assignments
                                .iter()
                                .any(|a| a.name == "PIP_NO_CACHE_DIR")
                        {
                            continue;
                        }
                        "`pip install` keeps its download cache; use `pip install --no-cache-dir`"
                    }
                    Manager::Yum => {
                        let p = c.program();
                        if cleans(p)
                            || cleans("yum")
                            || cleans("dnf")
                            || cleans("microdnf")
                            || cleans("tdnf")
                            || removes("/var/cache/yum")
                            || removes("/var/cache/dnf")
                            || cache_mount("/var/cache/")
                        {
                            continue;
                        }
                        "`yum`/`dnf install` leaves its cache in the layer; add `&& yum clean all` (or `dnf clean all`)"
                    }
                    Manager::Zypper => {
                        if cleans("zypper") || removes("/var/cache/zypp") {
                            continue;
                        }
                        "`zypper install` leaves its cache in the layer; add `&& zypper clean`"
                    }
                    _ => continue,
                };
                cx.report(&Self::META, c.span, msg);
            }
        }
    }
}
