//! The image configuration (`config.json` of OCI and docker images): the raw
//! JSON plus typed views of the fields the analysers use (user, env, ports,
//! health check, history, diff IDs).

use serde_json::Value;

/// One history entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The instruction (`/bin/sh -c #(nop) ENV ...`, `RUN ...`, `COPY ...`).
    pub created_by: String,
    /// True when the step created no layer.
    pub empty_layer: bool,
}

/// A parsed image configuration.
#[derive(Debug, Clone)]
pub struct ImageConfig {
    /// The whole JSON document.
    pub value: Value,
    /// `rootfs.diff_ids`, base layer first.
    pub diff_ids: Vec<String>,
    /// `history`.
    pub history: Vec<HistoryEntry>,
    /// `config.User`, when set.
    pub user: Option<String>,
    /// `config.Env`.
    pub env: Vec<String>,
    /// `config.ExposedPorts` keys (`22/tcp`).
    pub exposed_ports: Vec<String>,
    /// `config.Healthcheck.Test`, when a health check is present.
    pub healthcheck: Option<Vec<String>>,
    /// `os/architecture[/variant]`.
    pub platform: Option<String>,
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

impl ImageConfig {
    /// Parses a config document.
    pub fn parse(bytes: &[u8]) -> Result<ImageConfig, String> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if !value.is_object() {
            return Err("the image config is not a JSON object".into());
        }
        let cfg = value
            .get("config")
            .or_else(|| value.get("container_config"))
            .cloned()
            .unwrap_or(Value::Null);
        let diff_ids = value
            .pointer("/rootfs/diff_ids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(str_of).collect())
            .unwrap_or_default();
        let history = value
            .get("history")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|h| HistoryEntry {
                        created_by: h.get("created_by").and_then(str_of).unwrap_or_default(),
                        empty_layer: h
                            .get("empty_layer")
                            .and_then(Value::as_bool)
                            .unwrap_or(false),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let user = cfg.get("User").and_then(str_of);
        let env = cfg
            .get("Env")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(str_of).collect())
            .unwrap_or_default();
        let exposed_ports = cfg
            .get("ExposedPorts")
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let healthcheck = cfg.get("Healthcheck").map(|h| {
            h.get("Test")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(str_of).collect())
                .unwrap_or_default()
        });
        let platform = match (
            value.get("os").and_then(Value::as_str),
            value.get("architecture").and_then(Value::as_str),
        ) {
            (Some(os), Some(arch)) => Some(match value.get("variant").and_then(Value::as_str) {
                Some(v) => format!("{os}/{arch}/{v}"),
                None => format!("{os}/{arch}"),
            }),
            _ => None,
        };
        Ok(ImageConfig {
            value,
            diff_ids,
            history,
            user,
            env,
            exposed_ports,
            healthcheck,
            platform,
        })
    }

    /// The `created_by` of the history step that produced layer `index`
    /// (history entries with `empty_layer` are skipped).
    pub fn layer_created_by(&self, index: usize) -> Option<&str> {
        self.history
            .iter()
            .filter(|h| !h.empty_layer)
            .nth(index)
            .map(|h| h.created_by.as_str())
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fields_analysers_use() {
        let cfg = ImageConfig::parse(
            br#"{"os":"linux","architecture":"amd64","config":{"User":"root","Env":["A=1"],
            "ExposedPorts":{"22/tcp":{}}},"rootfs":{"type":"layers","diff_ids":["sha256:a","sha256:b"]},
            "history":[{"created_by":"base"},{"created_by":"ENV A=1","empty_layer":true},{"created_by":"COPY x"}]}"#,
        )
        .unwrap();
        assert_eq!(cfg.user.as_deref(), Some("root"));
        assert_eq!(cfg.exposed_ports, vec!["22/tcp"]);
        assert_eq!(cfg.layer_created_by(1), Some("COPY x"));
        assert_eq!(cfg.platform.as_deref(), Some("linux/amd64"));
        assert!(cfg.healthcheck.is_none());
        assert!(ImageConfig::parse(b"[]").is_err());
    }
}
