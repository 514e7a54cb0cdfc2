//! `portcullis.toml`: options as the user writes them. Resolution into
//! `Settings` happens in the CLI, which knows the flags.
