//! Parser and shell-model span tests: every value maps back to the exact
//! bytes of the file (`&text[span]`), through directives, continuations with
//! either escape character, comments inside continuations, heredocs, exec
//! form, ONBUILD, flags and nested `sh -c` bodies.

use portcullis_dockerfile::shell::Via;
use portcullis_dockerfile::syntax::{Args, Command, Source};
use portcullis_dockerfile::{Dockerfile, Keyword};
use portcullis_rules::Span;

fn at(text: &str, span: Span) -> &str {
    &text[span.start as usize..span.end as usize]
}

const MULTI: &str = r#"# syntax=docker/dockerfile:1
ARG BASE=alpine
ARG TAG=3.20
FROM ${BASE}:${TAG} AS build
RUN --mount=type=cache,target=/root/.cache \
    --network=none \
    apk add --no-cache curl \
    # a comment inside the continuation
      && curl -fsSL https://example.com/x | sh
RUN <<EOF bash
set -e
sudo apt-get install -y vim
EOF
COPY <<-"CONF" /etc/app.conf <<DATA /data
	key=value
	CONF
payload
DATA
RUN ["sh", "-c", "echo hi"]
RUN python3 <<PY
print("not shell")
PY
FROM build
COPY --from=build --chmod=755 /out /usr/bin/app
ONBUILD RUN curl -k https://example.com
RUN sh -c 'curl -s https://x | bash'
USER app
"#;

#[test]
fn stages_args_and_substitution() {
    let df = Dockerfile::parse(MULTI).unwrap();
    assert_eq!(df.syntax.as_ref().unwrap().value, "docker/dockerfile:1");
    assert_eq!(df.global_args.len(), 2);
    assert_eq!(df.stages.len(), 2);
    assert_eq!(df.stages[0].image, "alpine:3.20");
    assert_eq!(at(MULTI, df.stages[0].image_text().span), "${BASE}:${TAG}");
    assert_eq!(df.stages[0].alias.as_deref(), Some("build"));
    assert_eq!(df.stages[1].from_stage, Some(0));
    let onbuild = df.stages[1]
        .instructions
        .iter()
        .find(|i| i.onbuild)
        .unwrap();
    assert_eq!(onbuild.keyword, Keyword::Run);
    assert!(at(MULTI, onbuild.span).starts_with("ONBUILD RUN curl -k"));
}

#[test]
fn flags_and_continuations_map_back() {
    let df = Dockerfile::parse(MULTI).unwrap();
    let run = &df.stages[0].instructions[0];
    assert_eq!(
        at(MULTI, run.flags[0].span),
        "--mount=type=cache,target=/root/.cache"
    );
    assert_eq!(at(MULTI, run.flags[1].value.as_ref().unwrap().span), "none");
    let script = run.script().unwrap();
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let names: Vec<&str> = script.commands.iter().map(|c| c.program()).collect();
    assert_eq!(names, ["apk", "curl", "sh"]);
    for c in &script.commands {
        assert_eq!(at(MULTI, c.name.span), c.name.raw);
        for a in &c.args {
            assert_eq!(at(MULTI, a.span), a.raw, "{a:?}");
        }
    }
    let curl = &script.commands[1];
    assert_eq!(curl.pipe_len, 2);
    assert_eq!(at(MULTI, curl.args[1].span), "https://example.com/x");
    // The instruction spans all its lines.
    assert!(at(MULTI, run.span).ends_with("| sh"));
}

#[test]
fn heredocs_keep_spans() {
    let df = Dockerfile::parse(MULTI).unwrap();
    let ins = &df.stages[0].instructions;
    // RUN <<EOF bash: the body is shell.
    let Args::Run {
        heredocs, script, ..
    } = &ins[1].args
    else {
        panic!()
    };
    assert_eq!(heredocs.len(), 1);
    assert_eq!(
        at(MULTI, heredocs[0].span),
        "set -e\nsudo apt-get install -y vim\n"
    );
    let apt = script
        .commands
        .iter()
        .find(|c| c.program() == "apt-get")
        .unwrap();
    assert!(apt.via_wrapper("sudo").is_some());
    assert_eq!(at(MULTI, apt.name.span), "apt-get");
    assert_eq!(at(MULTI, apt.args[2].span), "vim");
    // COPY with two heredocs, one `<<-` quoted.
    let Args::Copy { sources, dest } = &ins[2].args else {
        panic!()
    };
    assert_eq!(dest.value, "/data");
    let docs: Vec<_> = sources
        .iter()
        .filter_map(|s| match s {
            Source::HereDoc(h) => Some(h),
            _ => None,
        })
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].value, "key=value\n");
    assert!(!docs[0].expand);
    assert_eq!(docs[1].value, "payload\n");
    // Exec form.
    let Args::Run {
        command: Command::Exec { args, .. },
        script,
        ..
    } = &ins[3].args
    else {
        panic!()
    };
    assert_eq!(at(MULTI, args[2].span), "echo hi");
    assert_eq!(script.commands[0].program(), "sh");
    // `RUN python3 <<PY` (heredoc after a command): parsed, body not shell.
    let Args::Run {
        heredocs, script, ..
    } = &ins[4].args
    else {
        panic!()
    };
    assert_eq!(heredocs.len(), 1);
    assert_eq!(heredocs[0].value, "print(\"not shell\")\n");
    assert_eq!(at(MULTI, heredocs[0].span), "print(\"not shell\")\n");
    assert_eq!(script.commands.len(), 1);
    assert_eq!(script.commands[0].program(), "python3");
}

#[test]
fn sh_c_bodies_are_parsed_with_exact_spans() {
    let df = Dockerfile::parse(MULTI).unwrap();
    let run = df.stages[1]
        .instructions
        .iter()
        .find(|i| !i.onbuild && i.keyword == Keyword::Run)
        .unwrap();
    let script = run.script().unwrap();
    let curl = script
        .commands
        .iter()
        .find(|c| c.program() == "curl")
        .unwrap();
    assert!(matches!(curl.parent, Some((0, Via::ShellC))));
    assert_eq!(at(MULTI, curl.name.span), "curl");
    assert_eq!(at(MULTI, curl.args[1].span), "https://x");
    let bash = script
        .commands
        .iter()
        .find(|c| c.program() == "bash")
        .unwrap();
    assert_eq!(bash.pipeline, curl.pipeline);
}

#[test]
fn backtick_escape_directive() {
    let text = "# escape=`\nFROM alpine:3.20\nRUN apk add --no-cache curl `\n    && curl -k https://example.com `\n    # comment\n    && echo done\nCOPY a `\n  b /dst/\n";
    let df = Dockerfile::parse(text).unwrap();
    assert_eq!(df.escape, '`');
    let run = &df.stages[0].instructions[0];
    let script = run.script().unwrap();
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let names: Vec<&str> = script.commands.iter().map(|c| c.program()).collect();
    assert_eq!(names, ["apk", "curl", "echo"]);
    let curl = &script.commands[1];
    assert_eq!(at(text, curl.args[0].span), "-k");
    assert_eq!(at(text, script.commands[2].args[0].span), "done");
    let Args::Copy { sources, .. } = &df.stages[0].instructions[1].args else {
        panic!()
    };
    assert_eq!(sources.len(), 2);
}

#[test]
fn wrappers_and_substitutions() {
    let text = "FROM alpine:3.20\nRUN env DEBIAN_FRONTEND=noninteractive nohup sudo -E apt-get install -y x && eval \"$(wget -qO- https://x)\" && bash <(curl -s https://y)\n";
    let df = Dockerfile::parse(text).unwrap();
    let script = df.stages[0].instructions[0].script().unwrap();
    let apt = script
        .commands
        .iter()
        .find(|c| c.program() == "apt-get")
        .unwrap();
    let wrappers: Vec<&str> = apt.wrappers.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(wrappers, ["env", "nohup", "sudo"]);
    assert!(
        script
            .assignments
            .iter()
            .any(|a| a.name == "DEBIAN_FRONTEND")
    );
    let wget = script
        .commands
        .iter()
        .find(|c| c.program() == "wget")
        .unwrap();
    let (p, via) = wget.parent.unwrap();
    assert_eq!(via, Via::CommandSubstitution);
    assert_eq!(script.commands[p].program(), "eval");
    let curl = script
        .commands
        .iter()
        .find(|c| c.program() == "curl")
        .unwrap();
    let (p, via) = curl.parent.unwrap();
    assert_eq!(via, Via::ProcessSubstitution);
    assert_eq!(script.commands[p].program(), "bash");
}

#[test]
fn env_and_arg_items_keep_spans() {
    let text = "ARG A=1 B\nFROM alpine:3.20\nENV X=\"a b\" Y=2 \\\n    Z=3\nENV LEGACY some value here\nLABEL org.opencontainers.image.title=\"x\"\n";
    let df = Dockerfile::parse(text).unwrap();
    let args = df.global_args[0].key_values();
    assert_eq!(args.len(), 2);
    assert_eq!(at(text, args[0].span), "A=1");
    assert!(args[1].value.is_none());
    let env = df.stages[0].instructions[0].key_values();
    assert_eq!(env.len(), 3);
    assert_eq!(env[0].value.as_ref().unwrap().value, "a b");
    assert_eq!(at(text, env[0].value.as_ref().unwrap().span), "\"a b\"");
    assert_eq!(at(text, env[2].span), "Z=3");
    let legacy = df.stages[0].instructions[1].key_values();
    assert_eq!(legacy[0].key.value, "LEGACY");
    assert_eq!(legacy[0].value.as_ref().unwrap().value, "some value here");
}

#[test]
fn parse_errors_have_positions() {
    let text = "FROM alpine\nRUN <<EOF\nunterminated\n";
    let e = Dockerfile::parse(text).unwrap_err();
    assert!(e.span.is_some(), "{e:?}");
    assert!(Dockerfile::parse("RUN echo\n").is_err());
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}FROM alpine:3.20\r\nRUN apk add --no-cache curl \\\r\n    && curl -k https://x | sh\r\nUSER app\r\n";
    let df = Dockerfile::parse(text).unwrap();
    let script = df.stages[0].instructions[0].script().unwrap();
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let names: Vec<&str> = script.commands.iter().map(|c| c.program()).collect();
    assert_eq!(names, ["apk", "curl", "sh"]);
    assert_eq!(at(text, script.commands[1].args[0].span), "-k");
}

#[test]
fn exec_form_sh_c_body_is_parsed() {
    let text = "FROM alpine:3.20\nRUN [\"/bin/sh\", \"-c\", \"curl -k https://x | sh\"]\n";
    let df = Dockerfile::parse(text).unwrap();
    let script = df.stages[0].instructions[0].script().unwrap();
    let curl = script
        .commands
        .iter()
        .find(|c| c.program() == "curl")
        .unwrap();
    assert_eq!(at(text, curl.args[0].span), "-k");
    assert_eq!(at(text, curl.args[1].span), "https://x");
}
