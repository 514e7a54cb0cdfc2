//! Fuzz target: any bytes through `decode` and `parse_stream`; every span must
//! lie inside the text on character boundaries. The stable-Rust twin of this
//! body is `tests/hostile.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_source::Span;
use portcullis_yaml::{Node, NodeKind, Options, decode, parse_stream};

fuzz_target!(|data: &[u8]| {
    let text = match decode(data) {
        Ok(t) => t.into_owned(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let opts = Options {
        max_alias_nodes: 10_000,
        ..Options::default()
    };
    let out = parse_stream(&text, &opts);
    let ok = |s: Span| s.start <= s.end && text.get(s.start as usize..s.end as usize).is_some();
    for e in &out.errors {
        assert!(ok(e.span));
    }
    for d in &out.documents {
        assert!(ok(d.span));
        let Some(root) = &d.root else { continue };
        let mut stack: Vec<&Node> = vec![root];
        while let Some(n) = stack.pop() {
            assert!(ok(n.span));
            match &n.kind {
                NodeKind::Seq(items) => stack.extend(items),
                NodeKind::Map(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
                _ => {}
            }
        }
    }
});
