//! Prints the tree of a YAML file with each node's source text: `dump FILE`.

use portcullis_yaml::{Node, NodeKind, Options, parse_stream};

fn show(text: &str, n: &Node, depth: usize) {
    let pad = "  ".repeat(depth);
    let src = text
        .get(n.span.start as usize..n.span.end as usize)
        .unwrap_or("<bad span>");
    match &n.kind {
        NodeKind::Map(entries) => {
            println!("{pad}map {:?}", n.span);
            for e in entries {
                println!(
                    "{pad}  key {:?} {:?}",
                    e.key.span,
                    text.get(e.key.span.start as usize..e.key.span.end as usize)
                );
                show(text, &e.value, depth + 2);
            }
        }
        NodeKind::Seq(items) => {
            println!("{pad}seq {:?}", n.span);
            for i in items {
                show(text, i, depth + 1);
            }
        }
        _ => println!("{pad}{:?} {:?} {src:?}", n.kind, n.span),
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let out = parse_stream(&text, &Options::default());
    for d in &out.documents {
        println!("--- doc {} {:?}", d.index, d.span);
        if let Some(r) = &d.root {
            show(&text, r, 0);
        }
    }
    for e in &out.errors {
        println!("error {:?} fatal={} {}", e.span, e.fatal, e.message);
    }
}
