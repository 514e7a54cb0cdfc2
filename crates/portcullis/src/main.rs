//! The `portcullis` binary.

fn main() {
    std::process::exit(portcullis::main());
}
