//! The analysers that turn collected image state into findings and facts:
//! image config (IM001-IM005), attack surface and accounts (IM020-IM026),
//! cryptominers (IM030-IM031), distribution end of life (IM040) and the
//! package inventory.

pub mod accounts;
pub mod config;
pub mod eol;
pub mod malware;
pub mod packages;
pub mod surface;
