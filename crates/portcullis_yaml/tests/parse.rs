//! Unit tests of `parse_stream`: spans, multi-document streams, errors and
//! their positions, merge keys, duplicate keys, limits.

use std::time::{Duration, Instant};

use portcullis_yaml::{Node, NodeKind, Options, ParseOutput, ScalarStyle, parse_stream};

fn parse(text: &str) -> ParseOutput {
    parse_stream(text, &Options::default())
}

fn root(out: &ParseOutput, i: usize) -> &Node {
    out.documents[i].root.as_ref().expect("document has a root")
}

fn src<'a>(text: &'a str, n: &Node) -> &'a str {
    &text[n.span.start as usize..n.span.end as usize]
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

#[test]
fn block_mapping_spans() {
    let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web, \"tier\": 'front'}\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let r = root(&out, 0);
    let e = r.entry("kind").unwrap();
    assert_eq!(src(t, &e.key), "kind");
    assert_eq!(src(t, &e.value), "Pod");
    assert_eq!(src(t, r.path(&["metadata", "name"]).unwrap()), "web");
    let labels = r.path(&["metadata", "labels"]).unwrap();
    assert_eq!(src(t, labels), "{app: web, \"tier\": 'front'}");
    let tier = labels.entry("tier").unwrap();
    assert_eq!(src(t, &tier.key), "\"tier\"");
    assert_eq!(src(t, &tier.value), "'front'");
    assert_eq!(tier.value.as_str(), Some("front"));
    assert_eq!(
        src(t, r.get("metadata").unwrap()),
        "name: web\n  labels: {app: web, \"tier\": 'front'}"
    );
    assert_eq!(out.documents[0].span, r.span);
    assert_eq!(r.span.start, 0);
}

#[test]
fn sequence_and_flow_spans() {
    let t = "containers:\n- name: a\n  args: [\"x\", y, [1, 2]]\n- name: b\n";
    let out = parse(t);
    let r = root(&out, 0);
    let seq = r.get("containers").unwrap();
    assert_eq!(
        src(t, seq),
        "- name: a\n  args: [\"x\", y, [1, 2]]\n- name: b"
    );
    let items = seq.as_seq().unwrap();
    assert_eq!(src(t, &items[0]), "name: a\n  args: [\"x\", y, [1, 2]]");
    assert_eq!(src(t, &items[1]), "name: b");
    let args = items[0].get("args").unwrap();
    assert_eq!(src(t, args), "[\"x\", y, [1, 2]]");
    assert_eq!(src(t, &args.as_seq().unwrap()[2]), "[1, 2]");
}

#[test]
fn block_scalar_and_multiline_spans() {
    let t = "a: |\n  line1\n  line2\n\n# c\nb: >-\n  folded\n  text\nc: plain\n  continued\nd: \"two\n  lines\"\n";
    let out = parse(t);
    let r = root(&out, 0);
    let a = r.get("a").unwrap();
    assert_eq!(src(t, a), "|\n  line1\n  line2");
    assert_eq!(a.as_str(), Some("line1\nline2\n"));
    assert!(matches!(&a.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Literal));
    let b = r.get("b").unwrap();
    assert_eq!(src(t, b), ">-\n  folded\n  text");
    assert_eq!(b.as_str(), Some("folded text"));
    assert_eq!(src(t, r.get("c").unwrap()), "plain\n  continued");
    assert_eq!(r.get("c").unwrap().as_str(), Some("plain continued"));
    assert_eq!(src(t, r.get("d").unwrap()), "\"two\n  lines\"");
}

#[test]
fn block_scalar_indicator_with_comment_and_in_sequence() {
    let t = "cmd:\n- |  # the script, a > b\n  echo hi\n- >\n  x\n";
    let out = parse(t);
    let items = root(&out, 0).get("cmd").unwrap().as_seq().unwrap();
    assert_eq!(src(t, &items[0]), "|  # the script, a > b\n  echo hi");
    assert_eq!(src(t, &items[1]), ">\n  x");
}

#[test]
fn spans_are_bytes_after_non_ascii_text() {
    let t = "# commentaire: été ünïcødé 日本語\nnamé: \"ça va\"\nlist: [é, 日本]\nnext: |\n  ß\nlast: x\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let r = root(&out, 0);
    let e = r.entry("namé").unwrap();
    assert_eq!(src(t, &e.key), "namé");
    assert_eq!(src(t, &e.value), "\"ça va\"");
    let list = r.get("list").unwrap();
    assert_eq!(src(t, list), "[é, 日本]");
    assert_eq!(src(t, &list.as_seq().unwrap()[1]), "日本");
    assert_eq!(src(t, r.get("next").unwrap()), "|\n  ß");
    assert_eq!(src(t, r.get("last").unwrap()), "x");
}

#[test]
fn nulls_and_plain_scalars() {
    let t = "a:\nb: ~\nc: null\nd: NULL\ne: \"null\"\nf: yes\ng: 0x1F\nh: 'on'\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    for k in ["a", "b", "c", "d"] {
        assert!(r.get(k).unwrap().is_null(), "{k}");
    }
    assert_eq!(r.get("e").unwrap().as_str(), Some("null"));
    assert_eq!(r.get("f").unwrap().as_bool(), Some(true));
    assert_eq!(r.get("f").unwrap().as_str(), Some("yes"));
    assert_eq!(r.get("g").unwrap().as_i64(), Some(31));
    assert_eq!(r.get("h").unwrap().as_bool(), None);
}

#[test]
fn core_type_tags_resolve_quoted_scalars() {
    // Kubernetes (go-yaml) decodes `!!bool "true"` as the boolean true and
    // `!!int "0"` as 0; the tree must read them the same way.
    let t = "a: !!bool \"true\"\nb: !!int '0'\nc: \"true\"\nd: !!str true\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    assert_eq!(r.get("a").unwrap().as_bool(), Some(true));
    assert_eq!(src(t, r.get("a").unwrap()), "\"true\"");
    assert_eq!(r.get("b").unwrap().as_i64(), Some(0));
    assert_eq!(r.get("c").unwrap().as_bool(), None);
    assert_eq!(r.get("d").unwrap().as_str(), Some("true"));
}

#[test]
fn scalar_spans_leave_out_anchor_and_tag() {
    let t = "a: &x true\nb: !!bool \"true\"  # c\nc: &y !!int 0\nd: *x\ne: !!str |\n  text\nf: |\n  !x &y\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    assert_eq!(src(t, r.get("a").unwrap()), "true");
    assert_eq!(src(t, r.get("b").unwrap()), "\"true\"");
    assert_eq!(src(t, r.get("c").unwrap()), "0");
    assert_eq!(r.get("d").unwrap().as_bool(), Some(true));
    assert_eq!(src(t, r.get("e").unwrap()), "|\n  text");
    assert_eq!(src(t, r.get("f").unwrap()), "|\n  !x &y");
}

#[test]
fn json_input() {
    let t = "{\n\t\"kind\": \"Pod\",\n\t\"spec\": {\"containers\": [{\"name\": \"a\", \"privileged\": true}]}\n}\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let r = root(&out, 0);
    assert_eq!(r.get("kind").unwrap().as_str(), Some("Pod"));
    let c = &r.path(&["spec", "containers"]).unwrap().as_seq().unwrap()[0];
    assert_eq!(c.get("privileged").unwrap().as_bool(), Some(true));
    assert_eq!(src(t, c), "{\"name\": \"a\", \"privileged\": true}");
}

#[test]
fn multi_document_stream() {
    let t = "# leading\n---\n# about a\na: 1\n---\n---\nb: 2\n...\n---\n- c\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.documents.len(), 4);
    let d0 = &out.documents[0];
    assert_eq!(&t[d0.span.start as usize..d0.span.end as usize], "a: 1");
    assert!(out.documents[1].root.is_none());
    assert_eq!(root(&out, 2).get("b").unwrap().as_i64(), Some(2));
    assert_eq!(src(t, root(&out, 3)), "- c");
    for (i, d) in out.documents.iter().enumerate() {
        assert_eq!(d.index, i);
    }
}

#[test]
fn document_start_with_block_scalar_on_marker_line() {
    let t = "--- |\n  text\n---\nk: v\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(root(&out, 0).as_str(), Some("text\n"));
    assert_eq!(root(&out, 1).get("k").unwrap().as_str(), Some("v"));
}

#[test]
fn broken_document_does_not_stop_the_stream() {
    let t = "a: 1\n---\nb: [1, 2\nc: d\n---\ne: 3\n";
    let out = parse(t);
    assert_eq!(out.documents.len(), 3);
    assert!(out.documents[0].root.is_some());
    assert!(out.documents[1].root.is_none());
    assert_eq!(root(&out, 2).get("e").unwrap().as_i64(), Some(3));
    let fatal: Vec<_> = out.errors.iter().filter(|e| e.fatal).collect();
    assert_eq!(fatal.len(), 1);
    let line = line_of(t, fatal[0].span.start);
    assert!(
        (3..=5).contains(&line),
        "error on line {line}: {}",
        fatal[0].message
    );
    assert!(fatal[0].message.contains("; "), "{}", fatal[0].message);
}

#[test]
fn error_positions_are_absolute() {
    let t = "a: 1\n---\nx: 1\ny: : :\n";
    let out = parse(t);
    let e = out.errors.iter().find(|e| e.fatal).expect("fatal error");
    assert_eq!(line_of(t, e.span.start), 4, "{e:?}");
}

#[test]
fn lenient_fallback_accepts_pyyaml_indentation() {
    // A quoted scalar continued at a smaller indentation than its block:
    // saphyr-parser rejects it, PyYAML and granit-parser accept it.
    let t = "# été 日本\nb:\n  c: \"one é\n two\"\n  d: [x, \"ü\"]\n  e: |\n    ß\n---\nz: 1\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let b = root(&out, 0).get("b").unwrap();
    assert_eq!(b.get("c").unwrap().as_str(), Some("one é two"));
    assert_eq!(src(t, b.get("c").unwrap()), "\"one é\n two\"");
    assert_eq!(src(t, b.get("d").unwrap()), "[x, \"ü\"]");
    assert_eq!(src(t, b.get("e").unwrap()), "|\n    ß");
    assert_eq!(src(t, &b.entry("e").unwrap().key), "e");
    assert_eq!(root(&out, 1).get("z").unwrap().as_i64(), Some(1));
}

#[test]
fn tabs_as_indentation_are_reported() {
    let t = "a:\n\tb: 1\n---\nok: 1\n";
    let out = parse(t);
    let e = out.errors.iter().find(|e| e.fatal).expect("tab error");
    assert!(e.message.contains("indent with spaces"), "{}", e.message);
    assert_eq!(line_of(t, e.span.start), 2);
    assert_eq!(&t[e.span.start as usize..e.span.end as usize], "\t");
    assert!(out.documents[1].root.is_some());
}

#[test]
fn duplicate_keys_keep_the_last_value() {
    let t = "spec:\n  replicas: 1\n  selector: a\n  replicas: 3\n";
    let out = parse(t);
    assert_eq!(out.errors.len(), 1);
    let e = &out.errors[0];
    assert!(!e.fatal);
    assert_eq!(
        e.message,
        "duplicate key `replicas` (first defined at line 2); the last value is used"
    );
    assert_eq!(&t[e.span.start as usize..e.span.end as usize], "replicas");
    assert_eq!(line_of(t, e.span.start), 4);
    let spec = root(&out, 0).get("spec").unwrap();
    assert_eq!(spec.get("replicas").unwrap().as_i64(), Some(3));
    assert_eq!(spec.as_map().unwrap().len(), 2);
}

#[test]
fn duplicate_keys_in_large_maps() {
    let mut t = String::new();
    for i in 0..100 {
        t.push_str(&format!("k{i}: {i}\n"));
    }
    t.push_str("k50: last\n");
    let out = parse(&t);
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].message.contains("line 51"),
        "{}",
        out.errors[0].message
    );
    assert_eq!(root(&out, 0).get("k50").unwrap().as_str(), Some("last"));
    assert_eq!(root(&out, 0).as_map().unwrap().len(), 100);
}

#[test]
fn aliases_are_expanded_with_the_alias_span() {
    let t = "base: &b {image: nginx}\ncopy: *b\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let copy = root(&out, 0).get("copy").unwrap();
    assert_eq!(src(t, copy), "*b");
    assert_eq!(copy.get("image").unwrap().as_str(), Some("nginx"));
}

#[test]
fn merge_keys() {
    let t = "x-base: &base\n  image: nginx\n  restart: always\nx-extra: &extra\n  user: root\n  restart: never\nweb:\n  <<: [*base, *extra]\n  image: custom\nsingle:\n  <<: *extra\n";
    let out = parse(t);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let web = root(&out, 0).get("web").unwrap();
    let keys: Vec<_> = web
        .as_map()
        .unwrap()
        .iter()
        .map(|e| e.key.as_str().unwrap())
        .collect();
    assert_eq!(keys, ["restart", "user", "image"]);
    assert_eq!(web.get("image").unwrap().as_str(), Some("custom"));
    // earlier sources win
    let restart = web.get("restart").unwrap();
    assert_eq!(restart.as_str(), Some("always"));
    // merged entries keep the spans where they were written
    assert_eq!(line_of(t, restart.span.start), 3);
    assert_eq!(src(t, restart), "always");
    let single = root(&out, 0).get("single").unwrap();
    assert_eq!(single.get("user").unwrap().as_str(), Some("root"));

    let yaml12 = Options {
        yaml11: false,
        ..Options::default()
    };
    let out = parse_stream(t, &yaml12);
    let web = out.documents[0].root.as_ref().unwrap().get("web").unwrap();
    assert!(web.get("<<").is_some());
}

#[test]
fn alias_bomb_is_stopped_quickly() {
    let t = r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
after: 1
"#;
    let start = Instant::now();
    let out = parse(t);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    let e = out
        .errors
        .iter()
        .find(|e| e.fatal)
        .expect("alias bomb error");
    assert!(e.message.contains("billion laughs"), "{}", e.message);
    assert!(out.documents[0].root.is_none());
    assert!(out.documents[1].root.is_some());
}

#[test]
fn big_string_alias_bomb_is_stopped() {
    let big = "x".repeat(1 << 20);
    let mut t = format!("a: &a \"{big}\"\nb: [");
    for _ in 0..200 {
        t.push_str("*a, ");
    }
    t.push_str("]\n");
    let start = Instant::now();
    let out = parse(&t);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(
        out.errors
            .iter()
            .any(|e| e.fatal && e.message.contains("billion laughs"))
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let t = "[".repeat(100_000);
    let start = Instant::now();
    let out = parse(&t);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    let e = out.errors.iter().find(|e| e.fatal).expect("depth error");
    assert!(
        e.message.contains("nesting is deeper than"),
        "{}",
        e.message
    );
    assert!((250..=260).contains(&e.span.start), "{e:?}");

    let mut t = String::new();
    for i in 0..10_000 {
        t.push_str(&" ".repeat(i));
        t.push_str("k:\n");
    }
    let out = parse(&t);
    assert!(
        out.errors
            .iter()
            .any(|e| e.fatal && e.message.contains("deeper"))
    );

    let t = format!("a: {}1{}\n---\nb: 2\n", "[".repeat(300), "]".repeat(300));
    let out = parse(&t);
    assert!(out.documents[0].root.is_none());
    assert!(out.documents[1].root.is_some());
}

#[test]
fn no_content_no_documents() {
    assert!(parse("").documents.is_empty());
    assert!(parse("# only a comment\n\n").documents.is_empty());
    let out = parse("---\n");
    assert_eq!(out.documents.len(), 1);
    assert!(out.documents[0].root.is_none());
}

#[test]
fn quoted_scalar_followed_by_comment() {
    let t = "a: \"x\" # note \"quoted\"\nb: 'it''s'   # c\nc: \"multi\n  line\" #t\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    assert_eq!(src(t, r.get("a").unwrap()), "\"x\"");
    assert_eq!(src(t, r.get("b").unwrap()), "'it''s'");
    assert_eq!(r.get("b").unwrap().as_str(), Some("it's"));
    assert_eq!(src(t, r.get("c").unwrap()), "\"multi\n  line\"");
}

#[test]
fn block_sequence_starts_at_its_dash() {
    let t = "from:\n- {}\nrules:\n  - # first rule\n    # more words\n    issuer: x\n  - [a]\n";
    let out = parse(t);
    let r = root(&out, 0);
    let from = r.get("from").unwrap();
    assert_eq!(src(t, from), "- {}");
    assert_eq!(src(t, &from.as_seq().unwrap()[0]), "{}");
    let rules = r.get("rules").unwrap();
    assert_eq!(
        src(t, rules),
        "- # first rule\n    # more words\n    issuer: x\n  - [a]"
    );
    assert_eq!(src(t, &rules.as_seq().unwrap()[1]), "[a]");
    let t = "- [a, b]\n- c\n";
    let out = parse(t);
    assert_eq!(src(t, root(&out, 0)), "- [a, b]\n- c");
    assert_eq!(src(t, &root(&out, 0).as_seq().unwrap()[0]), "[a, b]");
}

#[test]
fn empty_values_sit_after_the_colon() {
    let t = "a:\nb:   # comment\nc: 1\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    assert_eq!(r.get("a").unwrap().span.start, 2);
    assert!(r.get("a").unwrap().span.is_empty());
    assert_eq!(r.get("b").unwrap().span.start, 5);
}

#[test]
fn explicit_str_tag_keeps_null_text() {
    let t = "a: !!str null\nb: !!str\nc: ~\n";
    let r = parse(t).documents[0].root.clone().unwrap();
    assert_eq!(r.get("a").unwrap().as_str(), Some("null"));
    assert_eq!(r.get("b").unwrap().as_str(), Some(""));
    assert!(r.get("c").unwrap().is_null());
}

#[test]
fn json_with_tabs_and_a_syntax_error_is_not_a_tab_error() {
    let t = "{\n\t\"a\": 1,\n\t\"b\": [1, 2\n}\n";
    let out = parse(t);
    let e = out.errors.iter().find(|e| e.fatal).expect("error");
    assert!(!e.message.contains("tab"), "{}", e.message);
    let t = "a:\n  b: 1\n\tc: 2\n";
    let out = parse(t);
    let e = out.errors.iter().find(|e| e.fatal).expect("error");
    assert!(e.message.contains("indent with spaces"), "{}", e.message);
    assert_eq!(line_of(t, e.span.start), 3);
}

#[test]
fn document_span_skips_marker_and_leading_comments() {
    let t = "--- # first\n# about\n\nkind: Pod\nspec:\n  x: 1\n# trailing\n---\n\n- a\n";
    let out = parse(t);
    let spans: Vec<&str> = out
        .documents
        .iter()
        .map(|d| &t[d.span.start as usize..d.span.end as usize])
        .collect();
    assert_eq!(spans, ["kind: Pod\nspec:\n  x: 1", "- a"]);
    let t = "a: [1\n---\nb: 2\n";
    let out = parse(t);
    let d = &out.documents[0];
    assert_eq!(&t[d.span.start as usize..d.span.end as usize], "a: [1");
}
