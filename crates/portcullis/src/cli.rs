//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Secure containers across their whole life, offline, with one binary.
///
/// portcullis checks Kubernetes manifests, Dockerfiles and compose files before
/// you push (`scan`), and tells you what is inside an image and what is wrong
/// with it (`image`, `sbom`), matching its packages against a local
/// vulnerability database (`db`).
#[derive(Debug, Parser)]
#[command(
    name = "portcullis",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Kubernetes manifests, Dockerfiles and compose files (files, folders, `-` for stdin).
    Scan(ScanArgs),
    /// Look inside a container image: configuration, secrets and malware in every layer,
    /// attack surface, end of life, OS packages and their known vulnerabilities.
    Image(ImageArgs),
    /// Write the image's OS package inventory as a CycloneDX or SPDX SBOM.
    Sbom(SbomArgs),
    /// Manage the offline vulnerability database.
    #[command(subcommand)]
    Db(DbCommand),
    /// List every rule: ID, name, severity, summary.
    Rules(RulesArgs),
    /// Show a rule's documentation, by ID (`KS002`) or name (`privileged-container`).
    Explain(ExplainArgs),
}

/// Output options shared by the checking commands.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Exit with code 1 when a finding is at or above this severity [default: high, or `fail-on` from portcullis.toml].
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Also list suppressed findings, with the reason they were suppressed.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (then exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Configuration file [default: portcullis.toml, looked for upward from the first path].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules: IDs, names, tags, `pss:baseline` or `pss:restricted` (repeatable, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Switch these rules off: IDs, names or tags (repeatable, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub disable: Vec<String>,
    /// Say on standard error what was skipped and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// `portcullis scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to check (folders recursively, honouring .gitignore); `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Treat every input as this type instead of detecting it.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub file_type: Option<FileTypeArg>,
    /// Kubernetes version whose Pod Security Standards apply: `1.0` … `1.37` or `latest`.
    #[arg(long, value_name = "VERSION")]
    pub pss_version: Option<String>,
    /// Report files larger than this many bytes as errors instead of reading them
    /// [default: 33554432, i.e. 32 MiB].
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024, hide_default_value = true)]
    pub max_file_size: u64,
    /// Output options.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `portcullis rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

/// `portcullis explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule ID (`KS002`) or name (`privileged-container`).
    pub rule: String,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable, like rustc: each finding with its source line, the span underlined.
    Human,
    /// One line per finding.
    Concise,
    /// The JSON report (see docs/json-output.md).
    Json,
    /// SARIF 2.1.0 for code-scanning UIs.
    Sarif,
    /// JUnit XML for CI test reports.
    Junit,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Forced input type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileTypeArg {
    /// Kubernetes YAML or JSON.
    K8s,
    /// Compose files (`compose.yaml`, `docker-compose.yml`).
    Compose,
    /// Dockerfiles and Containerfiles.
    Dockerfile,
}

/// `portcullis rules` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Table,
    /// A JSON array of rule metadata.
    Json,
}

/// Where the image is and which one to take.
#[derive(Debug, Args, Clone)]
pub struct ImageInputArgs {
    /// An OCI image layout folder, a `docker save` archive (.tar or .tar.gz), a rootfs
    /// tarball (.tar, .tar.gz, .tar.zst) or an unpacked rootfs folder.
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
    /// Platform to take from a multi-platform image, e.g. `linux/amd64`.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
    /// Image to take when the input holds several: its OCI `ref.name` or `repo:tag`.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

/// Vulnerability database options shared by `image` and `sbom`.
#[derive(Debug, Args, Clone)]
pub struct VulnArgs {
    /// Vulnerability database file [default: portcullis.toml `[db] path`, else the platform data folder].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Hide vulnerabilities that have no fixed version yet.
    #[arg(long)]
    pub ignore_unfixed: bool,
    /// Refuse a database older than this many days [default: 7, or `[db] max-age-days`].
    #[arg(long, value_name = "DAYS")]
    pub max_db_age: Option<u64>,
    /// Use the database however old it is.
    #[arg(long)]
    pub skip_db_age_check: bool,
}

/// `portcullis image`.
#[derive(Debug, Args)]
pub struct ImageArgs {
    /// The image.
    #[command(flatten)]
    pub input: ImageInputArgs,
    /// Vulnerability matching.
    #[command(flatten)]
    pub vuln: VulnArgs,
    /// Do not match packages against the vulnerability database.
    #[arg(long)]
    pub skip_vulnerabilities: bool,
    /// Do not look for secrets in files.
    #[arg(long)]
    pub skip_secrets: bool,
    /// Do not look for malware.
    #[arg(long)]
    pub skip_malware: bool,
    /// Extra YARA rule files for the malware scan (repeatable).
    #[arg(long, value_name = "FILE")]
    pub yara_rules: Vec<PathBuf>,
    /// Stop reading a layer after this many decompressed bytes, a guard against
    /// decompression bombs [default: 34359738368, i.e. 32 GiB].
    #[arg(long, value_name = "BYTES")]
    pub max_layer_bytes: Option<u64>,
    /// Output options.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `portcullis sbom`.
#[derive(Debug, Args)]
pub struct SbomArgs {
    /// The image.
    #[command(flatten)]
    pub input: ImageInputArgs,
    /// SBOM format.
    #[arg(long, short = 'f', value_enum, default_value_t = SbomFormat::Cyclonedx)]
    pub format: SbomFormat,
    /// Write the SBOM to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Add known vulnerabilities from the local database (CycloneDX `vulnerabilities`).
    #[arg(long)]
    pub with_vulnerabilities: bool,
    /// Vulnerability matching.
    #[command(flatten)]
    pub vuln: VulnArgs,
}

/// SBOM formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SbomFormat {
    /// CycloneDX 1.5 JSON.
    Cyclonedx,
    /// SPDX 2.3 JSON.
    Spdx,
}

/// `portcullis db ...`.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Build or extend the database from feed files: OSV JSON (records, folders, all.zip),
    /// Alpine secdb (YAML or JSON), Debian security tracker (JSON export, DSA/DLA lists).
    Import(DbImportArgs),
    /// Download the OSV archives of the configured ecosystems over HTTPS (only what changed).
    Update(DbUpdateArgs),
    /// Show the database's ecosystems, record counts, sources and age.
    Status(DbStatusArgs),
}

/// Selects the database file.
#[derive(Debug, Args, Clone)]
pub struct DbPathArgs {
    /// Database file [default: portcullis.toml `[db] path`, else the platform data folder].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Configuration file [default: portcullis.toml, looked for upward from the current folder].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `portcullis db import`.
#[derive(Debug, Args)]
pub struct DbImportArgs {
    /// Feed files or folders.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Database selection.
    #[command(flatten)]
    pub db: DbPathArgs,
}

/// `portcullis db update`.
#[derive(Debug, Args)]
pub struct DbUpdateArgs {
    /// Base URL of the OSV archives (`{URL}/{ecosystem}/all.zip`), or a local mirror folder
    /// [default: $PORTCULLIS_DB_URL, then `[db] url`, then the OSV project's bucket].
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Ecosystems to download (repeatable) [default: `[db] ecosystems`, else Debian, Alpine, Ubuntu...].
    #[arg(long = "ecosystem", value_name = "NAME")]
    pub ecosystems: Vec<String>,
    /// PEM file of CA certificates to trust (a mirror with a private CA).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Database selection.
    #[command(flatten)]
    pub db: DbPathArgs,
}

/// `portcullis db status`.
#[derive(Debug, Args)]
pub struct DbStatusArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Database selection.
    #[command(flatten)]
    pub db: DbPathArgs,
}
