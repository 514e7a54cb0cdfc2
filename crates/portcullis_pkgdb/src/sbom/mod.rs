//! SBOM writers (placeholder).
