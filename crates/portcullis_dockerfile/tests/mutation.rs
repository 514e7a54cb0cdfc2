//! The fuzz target's body on stable Rust: fixtures and hand-written seeds are
//! mutated (byte flips, truncations, splices, inserted Dockerfile and shell
//! syntax) with a fixed-seed generator, and every result must be checked
//! without a panic and with in-bounds, char-aligned spans.

use portcullis_rules::{Settings, SourceFile};
use portcullis_testkit::Rng;
use std::path::PathBuf;

const TOKENS: &[&str] = &[
    "\\\n",
    "`\n",
    "<<EOF\n",
    "\nEOF\n",
    "<<-\"X\"",
    "$(",
    ")",
    "`",
    "'",
    "\"",
    "#",
    "\n# c\n",
    "&&",
    "|",
    "sh -c '",
    "RUN ",
    "FROM ",
    "ONBUILD ",
    "--mount=type=secret,id=x ",
    "${A:-b}",
    "<(",
    "\t",
    "é",
    "\r\n",
    "# escape=`\n",
    "\u{feff}",
    "[\"a\",",
    "]",
    "=",
    " AS x",
    "COPY --from=0 ",
    "ENV A ",
    "ARG ",
    "HEALTHCHECK CMD ",
];

fn check(text: &str) {
    if let Ok(p) = std::env::var("PORTCULLIS_MUTATION_LAST") {
        std::fs::write(&p, text).expect("write last input");
        eprintln!("{} bytes", text.len());
    }
    let settings = Settings {
        enable: vec!["dockerfile".to_string()],
        ..Settings::default()
    };
    let src = SourceFile::new("Dockerfile", text);
    for outcome in [
        portcullis_dockerfile::check_file(&src, &settings),
        portcullis_dockerfile::check_history(&src, &settings),
    ] {
        for hit in &outcome.hits {
            let (s, e) = (hit.span.start as usize, hit.span.end as usize);
            assert!(
                s <= e && e <= text.len(),
                "span {s}..{e} out of bounds for {text:?}"
            );
            assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "span not on char boundary"
            );
        }
    }
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let h = portcullis_dockerfile::history_to_dockerfile(&lines);
    assert_eq!(h.lines().count(), lines.len());
}

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut b = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 => {
                let i = rng.below(b.len() + 1);
                b.truncate(i);
            }
            2 if !b.is_empty() => {
                let i = rng.below(b.len());
                let j = i + rng.below(b.len() - i);
                b.drain(i..j);
            }
            _ => {
                let i = rng.below(b.len() + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(i..i, t.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn mutated_inputs_never_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    seeds.sort();
    seeds.push(String::new());
    seeds.push("FROM a\nRUN <<A <<B\nx\nA\ny\nB\n".into());
    seeds.push("\u{feff}FROM a\r\nRUN curl -k x | sh \\\r\n  && chmod 777 /y\r\n".into());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let rounds: usize = std::env::var("PORTCULLIS_MUTATION_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    for seed in &seeds {
        check(seed);
        for _ in 0..rounds {
            check(&mutate(&mut rng, seed));
        }
    }
}

#[test]
fn odd_heredoc_delimiters_do_not_exhaust_memory() {
    // Found by the mutation test: brush-parser 0.4 grows without bound on these.
    check("FROM a\nRUN <<\u{c} <<B\nx\n\u{fffd}\ny AS x\n\u{fffd}\n");
    check("FROM a\nRUN cat <<\u{c}\nx\n");
    check("FROM a\nRUN <<EOF\ncat <<X\nunterminated\nEOF\n");
    check("FROM a\nRUN sh -c 'cat << ; echo'\n");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("FROM a\nRUN {}echo{}\n", "(".repeat(5000), ")".repeat(5000));
    check(&deep);
    let subst = format!(
        "FROM a\nRUN echo {}x{}\n",
        "$(".repeat(3000),
        ")".repeat(3000)
    );
    check(&subst);
    let shc = format!("FROM a\nRUN {} true\n", "sh -c ".repeat(2000));
    check(&shc);
}
