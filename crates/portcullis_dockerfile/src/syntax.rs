//! The typed, span-keeping view of a Dockerfile that rules read: parser
//! directives, global `ARG`s, stages (with `--from` aliases resolved) and their
//! instructions. Built on `parse-dockerfile`; every value keeps its byte span.

use crate::shell::{self, Script};
use parse_dockerfile as pd;
use portcullis_source::Span;

/// Converts a `parse-dockerfile` range into our span.
pub(crate) fn span(r: &std::ops::Range<usize>) -> Span {
    Span::new(r.start as u32, r.end as u32)
}

/// A piece of text and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The value (unescaped, unquoted where the instruction does that).
    pub value: String,
    /// Byte span in the file.
    pub span: Span,
}

impl Text {
    fn new(value: impl Into<String>, span: Span) -> Self {
        Self {
            value: value.into(),
            span,
        }
    }
}

/// A `--name[=value]` flag of an instruction.
#[derive(Debug, Clone)]
pub struct Flag {
    /// Flag name without the dashes (`mount`, `from`, `chmod`).
    pub name: Text,
    /// The value after `=`, if any.
    pub value: Option<Text>,
    /// The whole flag, `--` included.
    pub span: Span,
}

/// One `key=value` (or `ARG name`) item of `ENV`, `ARG` or `LABEL`.
#[derive(Debug, Clone)]
pub struct KeyValue {
    /// The key.
    pub key: Text,
    /// The value; `None` for `ARG name` without default.
    pub value: Option<Text>,
    /// The whole item.
    pub span: Span,
}

/// A here-document attached to `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone)]
pub struct HereDoc {
    /// Body with leading tabs removed for `<<-`.
    pub value: String,
    /// Span of the body in the file.
    pub span: Span,
    /// False when the delimiter was quoted (no expansion).
    pub expand: bool,
}

/// The command of `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD`.
#[derive(Debug, Clone)]
pub enum Command {
    /// JSON (exec) form: `["executable", "arg"]`.
    Exec {
        /// The array items.
        args: Vec<Text>,
        /// The whole array.
        span: Span,
    },
    /// Shell form; `raw` keeps escapes, continuations and comments as written.
    Shell {
        /// The text as written.
        raw: Text,
    },
}

impl Command {
    /// The span of the whole command.
    pub fn span(&self) -> Span {
        match self {
            Command::Exec { span, .. } => *span,
            Command::Shell { raw } => raw.span,
        }
    }

    /// True for the shell form.
    pub fn is_shell(&self) -> bool {
        matches!(self, Command::Shell { .. })
    }
}

/// A source of `COPY` / `ADD`.
#[derive(Debug, Clone)]
pub enum Source {
    /// A path, glob or URL.
    Path(Text),
    /// An inline here-document.
    HereDoc(HereDoc),
}

/// What an instruction says, by kind.
#[derive(Debug, Clone)]
pub enum Args {
    /// `FROM image [AS name]`.
    From {
        /// The image reference as written.
        image: Text,
        /// The stage name.
        alias: Option<Text>,
    },
    /// `RUN`; `script` is the parsed shell (shell form and shell heredocs).
    Run {
        /// The command.
        command: Command,
        /// Here-documents.
        heredocs: Vec<HereDoc>,
        /// The shell program(s) the instruction runs, parsed.
        script: Script,
    },
    /// `CMD`.
    Cmd(Command),
    /// `ENTRYPOINT`.
    Entrypoint(Command),
    /// `HEALTHCHECK CMD ...` (`None` for `HEALTHCHECK NONE`).
    Healthcheck(Option<Command>),
    /// `COPY` and `ADD`.
    Copy {
        /// Sources.
        sources: Vec<Source>,
        /// Destination.
        dest: Text,
    },
    /// `ENV`, `ARG`, `LABEL`.
    KeyValues(Vec<KeyValue>),
    /// `EXPOSE`, `VOLUME`, `SHELL`.
    Words(Vec<Text>),
    /// `USER`, `WORKDIR`, `STOPSIGNAL`, `MAINTAINER`.
    Text(Text),
}

/// Instruction keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `ADD`
    Add,
    /// `ARG`
    Arg,
    /// `CMD`
    Cmd,
    /// `COPY`
    Copy,
    /// `ENTRYPOINT`
    Entrypoint,
    /// `ENV`
    Env,
    /// `EXPOSE`
    Expose,
    /// `FROM`
    From,
    /// `HEALTHCHECK`
    Healthcheck,
    /// `LABEL`
    Label,
    /// `MAINTAINER`
    Maintainer,
    /// `RUN`
    Run,
    /// `SHELL`
    Shell,
    /// `STOPSIGNAL`
    Stopsignal,
    /// `USER`
    User,
    /// `VOLUME`
    Volume,
    /// `WORKDIR`
    Workdir,
}

/// One instruction.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// Which instruction.
    pub keyword: Keyword,
    /// Span of the keyword.
    pub keyword_span: Span,
    /// From the keyword (or `ONBUILD`) to the end of the instruction, heredocs included.
    pub span: Span,
    /// `--flags`.
    pub flags: Vec<Flag>,
    /// The arguments.
    pub args: Args,
    /// True when this is the trigger of an `ONBUILD`.
    pub onbuild: bool,
}

impl Instruction {
    /// The first flag named `name`.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.value == name)
    }

    /// All flags named `name`.
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name.value == name)
    }

    /// The key/value items of `ENV`, `ARG` and `LABEL`.
    pub fn key_values(&self) -> &[KeyValue] {
        match &self.args {
            Args::KeyValues(kv) => kv,
            _ => &[],
        }
    }

    /// The parsed shell of a `RUN`.
    pub fn script(&self) -> Option<&Script> {
        match &self.args {
            Args::Run { script, .. } => Some(script),
            _ => None,
        }
    }

    /// Names of `--mount=type=secret` targets: the `id`, `env` and target file
    /// basename of each secret mount.
    pub fn secret_mount_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in self.flags_named("mount") {
            let Some(v) = &f.value else { continue };
            let opts: Vec<(&str, &str)> = v
                .value
                .split(',')
                .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
                .collect();
            if !opts.iter().any(|(k, val)| *k == "type" && *val == "secret") {
                continue;
            }
            for (k, val) in opts {
                match k {
                    "id" | "env" => out.push(val.to_string()),
                    "target" | "dst" | "destination" => {
                        out.push(val.rsplit('/').next().unwrap_or(val).to_string())
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// 0-based position among the stages.
    pub index: usize,
    /// The `FROM` instruction (its `Args::From`).
    pub from: Instruction,
    /// The image with global `ARG` defaults substituted.
    pub image: String,
    /// `AS name`, lower-cased as Docker compares them.
    pub alias: Option<String>,
    /// True when the base is an earlier stage of this file.
    pub from_stage: Option<usize>,
    /// Instructions after `FROM`, `ONBUILD` triggers included (marked).
    pub instructions: Vec<Instruction>,
}

impl Stage {
    /// The image text as written.
    pub fn image_text(&self) -> &Text {
        match &self.from.args {
            Args::From { image, .. } => image,
            _ => unreachable_text(),
        }
    }

    /// `alias` or the index, for finding objects.
    pub fn name(&self) -> String {
        self.alias.clone().unwrap_or_else(|| self.index.to_string())
    }

    /// Instructions that take effect in this stage (not `ONBUILD` triggers).
    pub fn effective(&self) -> impl Iterator<Item = &Instruction> {
        self.instructions.iter().filter(|i| !i.onbuild)
    }
}

fn unreachable_text() -> &'static Text {
    static EMPTY: Text = Text {
        value: String::new(),
        span: Span::empty(0),
    };
    &EMPTY
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// `# syntax=` value, if any.
    pub syntax: Option<Text>,
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<Instruction>,
    /// Build stages in order.
    pub stages: Vec<Stage>,
}

/// A parse failure with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub message: String,
    /// Where (byte offset of the line that failed, when known).
    pub span: Option<Span>,
}

impl Dockerfile {
    /// Parses `text`. A file with no `FROM` gives an empty stage list.
    pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
        // parse-dockerfile skips a byte-order mark but reports offsets
        // relative to the text after it.
        const BOM: char = '\u{feff}';
        let Some(rest) = text.strip_prefix(BOM) else {
            return Self::parse_with(text);
        };
        let delta = BOM.len_utf8();
        let shift_err = |mut e: ParseError| {
            e.span = e.span.map(|sp| sp.shifted(delta as u32));
            e
        };
        let mut df = Self::parse_with(rest).map_err(shift_err)?;
        if let Some(t) = &mut df.syntax {
            t.span = t.span.shifted(delta as u32);
        }
        for ins in &mut df.global_args {
            shift_instruction(ins, delta as i64);
        }
        for stage in &mut df.stages {
            shift_instruction(&mut stage.from, delta as i64);
            for ins in &mut stage.instructions {
                shift_instruction(ins, delta as i64);
            }
        }
        Ok(df)
    }

    /// Parses Dockerfile text synthesised from image history (one instruction
    /// per line, no `FROM`): all lines form one implicit stage (the image
    /// itself). Lines that do not parse are skipped and returned as errors.
    pub fn parse_history(text: &str) -> (Dockerfile, Vec<ParseError>) {
        const PREFIX: &str = "FROM scratch\n";
        let mut df = Dockerfile {
            escape: '\\',
            ..Dockerfile::default()
        };
        let mut errors = Vec::new();
        let mut instructions = Vec::new();
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let padded = format!("{PREFIX}{line}");
            match Self::parse_with(&padded) {
                Ok(one) => {
                    for stage in one.stages {
                        for mut ins in stage.instructions {
                            shift_instruction(&mut ins, start as i64 - PREFIX.len() as i64);
                            instructions.push(ins);
                        }
                    }
                }
                Err(e) => errors.push(ParseError {
                    message: e.message,
                    span: Some(Span::new(
                        start as u32,
                        (start + line.trim_end().len()) as u32,
                    )),
                }),
            }
        }
        let at = instructions
            .first()
            .map_or(0, |i: &Instruction| i.span.start);
        df.stages.push(Stage {
            index: 0,
            from: Instruction {
                keyword: Keyword::From,
                keyword_span: Span::empty(at),
                span: Span::empty(at),
                flags: Vec::new(),
                args: Args::From {
                    image: Text::new("", Span::empty(at)),
                    alias: None,
                },
                onbuild: false,
            },
            image: String::new(),
            alias: None,
            from_stage: None,
            instructions,
        });
        (df, errors)
    }

    fn parse_with(text: &str) -> Result<Dockerfile, ParseError> {
        let (masked, extra) = match pd::parse(text) {
            Ok(_) => (None, Vec::new()),
            Err(e) if text.contains("<<") => match mask_heredocs(text) {
                Some((m, extra)) => (Some(m), extra),
                None => return Err(error_of(text, &e)),
            },
            Err(e) => return Err(error_of(text, &e)),
        };
        let source = masked.as_deref().unwrap_or(text);
        let parsed = pd::parse(source).map_err(|e| error_of(text, &e))?;
        let escape = parsed
            .parser_directives
            .escape
            .as_ref()
            .map(|d| d.value.value)
            .unwrap_or('\\');
        let syntax = parsed
            .parser_directives
            .syntax
            .as_ref()
            .map(|d| Text::new(d.value.value, span(&d.value.span)));
        let mut df = Dockerfile {
            escape,
            syntax,
            ..Dockerfile::default()
        };
        // RUN bodies are POSIX shell unless a stage says otherwise (Windows
        // images run cmd or PowerShell).
        let mut posix = true;
        for inst in &parsed.instructions {
            match inst {
                pd::Instruction::From(f) => {
                    let image = f.image.value.to_ascii_lowercase();
                    posix = !(image.contains("windows")
                        || image.contains("servercore")
                        || image.contains("nanoserver"));
                }
                pd::Instruction::Shell(sh) => {
                    posix = sh.arguments.first().is_some_and(|a| {
                        let exe = a.value.rsplit(['/', '\\']).next().unwrap_or("");
                        crate::shell::SHELLS.contains(&exe)
                    });
                }
                _ => {}
            }
            let Some(ins) = convert(source, escape, inst, false, &extra, posix) else {
                continue;
            };
            if ins.keyword == Keyword::From {
                let index = df.stages.len();
                let (image_text, alias) = match &ins.args {
                    Args::From { image, alias } => (
                        image.value.clone(),
                        alias.as_ref().map(|a| a.value.to_ascii_lowercase()),
                    ),
                    _ => (String::new(), None),
                };
                let image = substitute(&image_text, &df.global_args);
                let lower = image.to_ascii_lowercase();
                let from_stage = df
                    .stages
                    .iter()
                    .find(|s| s.alias.as_deref() == Some(lower.as_str()))
                    .map(|s| s.index);
                df.stages.push(Stage {
                    index,
                    from: ins,
                    image,
                    alias,
                    from_stage,
                    instructions: Vec::new(),
                });
            } else if let Some(stage) = df.stages.last_mut() {
                stage.instructions.push(ins);
            } else if ins.keyword == Keyword::Arg {
                df.global_args.push(ins);
            }
        }
        Ok(df)
    }

    /// The default value of global `ARG name`, if declared with one.
    pub fn global_arg_default(&self, name: &str) -> Option<&str> {
        global_default(&self.global_args, name)
    }

    /// The stage named `alias` (case-insensitive) or with index `alias`.
    pub fn stage_ref(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.stages
            .iter()
            .find(|s| s.alias.as_deref() == Some(lower.as_str()))
            .or_else(|| name.parse::<usize>().ok().and_then(|i| self.stages.get(i)))
    }

    /// Every instruction of the file in order (global ARGs, then stages with their FROM).
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.global_args.iter().chain(
            self.stages
                .iter()
                .flat_map(|s| std::iter::once(&s.from).chain(s.instructions.iter())),
        )
    }
}

fn global_default<'a>(args: &'a [Instruction], name: &str) -> Option<&'a str> {
    let mut found = None;
    for a in args {
        for kv in a.key_values() {
            if kv.key.value == name {
                found = kv.value.as_ref().map(|v| v.value.as_str());
            }
        }
    }
    found
}

/// Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` with
/// the defaults of `args` (unknown variables become empty, as in Docker).
pub fn substitute(text: &str, args: &[Instruction]) -> String {
    if !text.contains('$') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(body) = after.strip_prefix('{') {
            let Some(close) = body.find('}') else {
                out.push_str(&rest[pos..]);
                return out;
            };
            let inner = &body[..close];
            let (name, op_default) = match inner.find([':', '-', '+']) {
                Some(i) => (&inner[..i], Some(&inner[i..])),
                None => (inner, None),
            };
            let val = global_default(args, name);
            match op_default {
                Some(op) if op.starts_with(":-") || op.starts_with('-') => {
                    let d = op.trim_start_matches(':').trim_start_matches('-');
                    out.push_str(val.filter(|v| !v.is_empty()).unwrap_or(d));
                }
                Some(op) if op.starts_with(":+") || op.starts_with('+') => {
                    let d = op.trim_start_matches(':').trim_start_matches('+');
                    if val.is_some_and(|v| !v.is_empty()) {
                        out.push_str(d);
                    }
                }
                _ => out.push_str(val.unwrap_or("")),
            }
            rest = &body[close + 1..];
        } else {
            let len = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            if len == 0 {
                out.push('$');
                rest = after;
                continue;
            }
            out.push_str(global_default(args, &after[..len]).unwrap_or(""));
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

fn error_of(text: &str, e: &pd::Error) -> ParseError {
    // The error's Display carries "at line L column C"; map it to an offset.
    let msg = e.to_string();
    let span = msg.rfind(" at line ").and_then(|i| {
        let tail = &msg[i + 9..];
        let line: usize = tail.split_whitespace().next()?.parse().ok()?;
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        Some(Span::empty(start.min(text.len()) as u32))
    });
    ParseError { message: msg, span }
}

fn text_of(s: &pd::UnescapedString<'_>) -> Text {
    Text::new(s.value.as_ref(), span(&s.span))
}

fn flags_of(flags: &[pd::Flag<'_>]) -> Vec<Flag> {
    flags
        .iter()
        .map(|f| Flag {
            name: text_of(&f.name),
            value: f.value.as_ref().map(text_of),
            span: span(&f.span()),
        })
        .collect()
}

fn heredoc_of(h: &pd::HereDoc<'_>) -> HereDoc {
    HereDoc {
        value: h.value.to_string(),
        span: span(&h.span),
        expand: h.expand,
    }
}

fn command_of(c: &pd::Command<'_>) -> Command {
    match c {
        pd::Command::Exec(a) => Command::Exec {
            args: a.value.iter().map(text_of).collect(),
            span: span(&a.span),
        },
        pd::Command::Shell(s) => Command::Shell {
            raw: Text::new(s.value, span(&s.span)),
        },
        _ => Command::Exec {
            args: Vec::new(),
            span: Span::default(),
        },
    }
}

fn convert(
    text: &str,
    escape: char,
    inst: &pd::Instruction<'_>,
    onbuild: bool,
    extra: &ExtraHeredocs,
    posix: bool,
) -> Option<Instruction> {
    use pd::Instruction as I;
    let (keyword, kw, flags, args) = match inst {
        I::Add(i) => (
            Keyword::Add,
            &i.add,
            flags_of(&i.options),
            copy_args(&i.src, &i.dest),
        ),
        I::Copy(i) => (
            Keyword::Copy,
            &i.copy,
            flags_of(&i.options),
            copy_args(&i.src, &i.dest),
        ),
        I::Arg(i) => (
            Keyword::Arg,
            &i.arg,
            Vec::new(),
            Args::KeyValues(key_values(text, &i.arguments, false)),
        ),
        I::Env(i) => (
            Keyword::Env,
            &i.env,
            Vec::new(),
            Args::KeyValues(key_values(text, &i.arguments, true)),
        ),
        I::Label(i) => (
            Keyword::Label,
            &i.label,
            Vec::new(),
            Args::KeyValues(key_values(text, &i.arguments, true)),
        ),
        I::Cmd(i) => (
            Keyword::Cmd,
            &i.cmd,
            Vec::new(),
            Args::Cmd(command_of(&i.arguments)),
        ),
        I::Entrypoint(i) => (
            Keyword::Entrypoint,
            &i.entrypoint,
            Vec::new(),
            Args::Entrypoint(command_of(&i.arguments)),
        ),
        I::Expose(i) => (
            Keyword::Expose,
            &i.expose,
            Vec::new(),
            Args::Words(i.arguments.iter().map(text_of).collect()),
        ),
        I::From(i) => (
            Keyword::From,
            &i.from,
            flags_of(&i.options),
            Args::From {
                image: text_of(&i.image),
                alias: i.as_.as_ref().map(|(_, a)| text_of(a)),
            },
        ),
        I::Healthcheck(i) => (
            Keyword::Healthcheck,
            &i.healthcheck,
            flags_of(&i.options),
            Args::Healthcheck(match &i.arguments {
                pd::HealthcheckArguments::Cmd { arguments, .. } => Some(command_of(arguments)),
                _ => None,
            }),
        ),
        I::Maintainer(i) => (
            Keyword::Maintainer,
            &i.maintainer,
            Vec::new(),
            Args::Text(text_of(&i.name)),
        ),
        I::Onbuild(i) => {
            let mut inner = convert(text, escape, &i.instruction, true, extra, posix)?;
            inner.span = span(&i.onbuild.span).cover(inner.span);
            return Some(inner);
        }
        I::Run(i) => {
            let command = command_of(&i.arguments);
            let mut heredocs: Vec<HereDoc> = i.here_docs.iter().map(heredoc_of).collect();
            if heredocs.is_empty()
                && let Some((_, h)) = extra.iter().find(|(at, _)| *at == i.run.span.start)
            {
                heredocs = h.clone();
            }
            let script = if posix {
                shell::parse_run(text, escape, &command, &heredocs)
            } else {
                Script::default()
            };
            (
                Keyword::Run,
                &i.run,
                flags_of(&i.options),
                Args::Run {
                    command,
                    heredocs,
                    script,
                },
            )
        }
        I::Shell(i) => (
            Keyword::Shell,
            &i.shell,
            Vec::new(),
            Args::Words(i.arguments.iter().map(text_of).collect()),
        ),
        I::Stopsignal(i) => (
            Keyword::Stopsignal,
            &i.stopsignal,
            Vec::new(),
            Args::Text(text_of(&i.arguments)),
        ),
        I::User(i) => (
            Keyword::User,
            &i.user,
            Vec::new(),
            Args::Text(text_of(&i.arguments)),
        ),
        I::Volume(i) => (
            Keyword::Volume,
            &i.volume,
            Vec::new(),
            Args::Words(match &i.arguments {
                pd::JsonOrStringArray::Json(a) => a.value.iter().map(text_of).collect(),
                pd::JsonOrStringArray::String(a) => a.iter().map(text_of).collect(),
            }),
        ),
        I::Workdir(i) => (
            Keyword::Workdir,
            &i.workdir,
            Vec::new(),
            Args::Text(text_of(&i.arguments)),
        ),
        _ => return None,
    };
    let keyword_span = span(&kw.span);
    let mut end = keyword_span.end;
    for f in &flags {
        end = end.max(f.span.end);
    }
    end = end.max(args_end(&args));
    // A heredoc's span ends with its body; the instruction runs to the end
    // of the terminator line.
    let heredoc_ends = match &args {
        Args::Run { heredocs, .. } => heredocs.iter().map(|h| h.span.end).max(),
        Args::Copy { sources, .. } => sources
            .iter()
            .filter_map(|s| match s {
                Source::HereDoc(h) => Some(h.span.end),
                Source::Path(_) => None,
            })
            .max(),
        _ => None,
    };
    if let Some(h) = heredoc_ends {
        let h = h as usize;
        let line_end = text
            .get(h..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| h + i);
        end = end.max(line_end as u32);
    }
    Some(Instruction {
        keyword,
        keyword_span,
        span: Span::new(keyword_span.start, end),
        flags,
        args,
        onbuild,
    })
}

fn args_end(args: &Args) -> u32 {
    let cmd_end = |c: &Command| c.span().end;
    match args {
        Args::From { image, alias } => alias.as_ref().map_or(image.span.end, |a| a.span.end),
        Args::Run {
            command, heredocs, ..
        } => heredocs
            .iter()
            .map(|h| h.span.end)
            .fold(cmd_end(command), u32::max),
        Args::Cmd(c) | Args::Entrypoint(c) => cmd_end(c),
        Args::Healthcheck(c) => c.as_ref().map_or(0, cmd_end),
        Args::Copy { sources, dest } => sources
            .iter()
            .map(|s| match s {
                Source::Path(t) => t.span.end,
                Source::HereDoc(h) => h.span.end,
            })
            .fold(dest.span.end, u32::max),
        Args::KeyValues(kv) => kv.iter().map(|k| k.span.end).max().unwrap_or(0),
        Args::Words(w) => w.iter().map(|t| t.span.end).max().unwrap_or(0),
        Args::Text(t) => t.span.end,
    }
}

fn copy_args(src: &[pd::Source<'_>], dest: &pd::UnescapedString<'_>) -> Args {
    Args::Copy {
        sources: src
            .iter()
            .map(|s| match s {
                pd::Source::Path(p) => Source::Path(text_of(p)),
                pd::Source::HereDoc(h) => Source::HereDoc(heredoc_of(h)),
                _ => Source::Path(Text::new("", Span::default())),
            })
            .collect(),
        dest: text_of(dest),
    }
}

/// Splits the raw text of `ENV`/`ARG`/`LABEL` into items with spans. `legacy`
/// allows the old `ENV key value` form.
fn key_values(text: &str, args: &pd::UnescapedString<'_>, legacy: bool) -> Vec<KeyValue> {
    let base = args.span.start;
    let raw = text.get(args.span.clone()).unwrap_or("");
    let words = split_words(raw);
    let mut out = Vec::new();
    if legacy
        && let Some(first) = words.first()
        && !first.1.contains('=')
    {
        let key_span = Span::new(
            (base + first.0) as u32,
            (base + first.0 + first.1.len()) as u32,
        );
        let rest_start = first.0 + first.1.len();
        let rest = &raw[rest_start..];
        let trimmed = rest.trim_start();
        let vstart = base + rest_start + (rest.len() - trimmed.len());
        let value = unquote(trimmed.trim_end());
        out.push(KeyValue {
            key: Text::new(first.1, key_span),
            value: Some(Text::new(
                value,
                Span::new(vstart as u32, (vstart + trimmed.trim_end().len()) as u32),
            )),
            span: Span::new(key_span.start, (base + raw.trim_end().len()) as u32),
        });
        return out;
    }
    for (off, word) in words {
        let start = base + off;
        let wspan = Span::new(start as u32, (start + word.len()) as u32);
        match word.find('=') {
            Some(eq) => {
                let vstart = start + eq + 1;
                out.push(KeyValue {
                    key: Text::new(
                        unquote(&word[..eq]),
                        Span::new(start as u32, (start + eq) as u32),
                    ),
                    value: Some(Text::new(
                        unquote(&word[eq + 1..]),
                        Span::new(vstart as u32, wspan.end),
                    )),
                    span: wspan,
                });
            }
            None => out.push(KeyValue {
                key: Text::new(unquote(word), wspan),
                value: None,
                span: wspan,
            }),
        }
    }
    out
}

/// Splits on unquoted whitespace (continuations count as whitespace); returns
/// (offset, word) pairs.
fn split_words(raw: &str) -> Vec<(usize, &str)> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || is_continuation(b, i)) {
            i += if is_continuation(b, i) { 2 } else { 1 };
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) if c == b'\\' && q_is_double(quote) => i += 1,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'\\' && !is_continuation(b, i) => i += 1,
                None if c.is_ascii_whitespace() || is_continuation(b, i) => break,
                None => {}
            }
            i += 1;
        }
        let end = i.min(b.len());
        if let Some(w) = raw.get(start..end) {
            out.push((start, w));
        }
    }
    out
}

fn q_is_double(q: Option<u8>) -> bool {
    q == Some(b'"')
}

fn is_continuation(b: &[u8], i: usize) -> bool {
    (b[i] == b'\\' || b[i] == b'`') && b.get(i + 1) == Some(&b'\n')
}

/// Removes shell-style quotes and backslash escapes from one word.
pub(crate) fn unquote(s: &str) -> String {
    if !s.contains(['"', '\'', '\\']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                if let Some(n) = chars.next()
                    && n != '\n'
                {
                    out.push(n);
                }
            }
            (Some(_), c) => out.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, c) => out.push(c),
        }
    }
    out
}

/// Heredocs found by [`mask_heredocs`], keyed by the `RUN` keyword's offset.
type ExtraHeredocs = Vec<(usize, Vec<HereDoc>)>;

/// parse-dockerfile only reads heredocs right after `RUN`; BuildKit reads them
/// anywhere in the line (`RUN python3 <<EOF`). This blanks such bodies (keeping
/// every offset) and returns them keyed by the `RUN` keyword's offset.
fn mask_heredocs(text: &str) -> Option<(String, ExtraHeredocs)> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0usize, |off, l| {
            let start = *off;
            *off += l.len();
            Some((start, l))
        })
        .collect();
    let mut masked = text.as_bytes().to_vec();
    let mut extra = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.trim().is_empty() {
            i += 1;
            continue;
        }
        // The logical instruction: continuation lines included.
        let first = i;
        while i < lines.len() {
            let l = lines[i].1.trim_end();
            i += 1;
            if !(l.ends_with('\\') || l.ends_with('`')) {
                break;
            }
        }
        let inst_end = lines.get(i).map_or(text.len(), |l| l.0);
        let inst = &text[start..inst_end];
        let mut words = inst.split_whitespace();
        let mut kw = words.next().unwrap_or("").to_ascii_uppercase();
        let mut kw_off = start + (line.len() - trimmed.len());
        if kw == "ONBUILD" {
            let rest = trimmed[7..].trim_start();
            kw_off = start + (line.len() - rest.len());
            kw = words.next().unwrap_or("").to_ascii_uppercase();
        }
        let markers = heredoc_markers(inst);
        if markers.is_empty() {
            continue;
        }
        let after_flags = words.find(|w| !w.starts_with("--")).unwrap_or("");
        let native = after_flags.starts_with("<<");
        let mask = kw == "RUN" && !native;
        let mut docs = Vec::new();
        for (delim, dash, expand) in markers {
            let body_start = lines.get(i).map_or(text.len(), |l| l.0);
            let mut value = String::new();
            let mut found = false;
            while i < lines.len() {
                let (off, l) = lines[i];
                i += 1;
                let content = l.trim_end_matches(['\n', '\r']);
                let cmp = if dash {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                if cmp == delim {
                    if mask {
                        for b in &mut masked[body_start..off + content.len()] {
                            if *b != b'\n' {
                                *b = b' ';
                            }
                        }
                    }
                    docs.push(HereDoc {
                        value: std::mem::take(&mut value),
                        span: Span::new(body_start as u32, off as u32),
                        expand,
                    });
                    found = true;
                    break;
                }
                value.push_str(if dash { l.trim_start_matches('\t') } else { l });
            }
            if !found {
                return None;
            }
        }
        if mask {
            changed = true;
            extra.push((kw_off, docs));
        }
        let _ = first;
    }
    changed
        .then(|| (String::from_utf8(masked).ok(), extra))
        .and_then(|(m, e)| m.map(|m| (m, e)))
}

/// `(delimiter, strip_tabs, expand)` for each heredoc marker in `inst`.
fn heredoc_markers(inst: &str) -> Vec<(String, bool, bool)> {
    let b = inst.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None if c == b'#' && (i == 0 || b[i - 1] == b'\n') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            None => {
                if let Some(len) = crate::shell::heredoc_marker_len(b, i) {
                    let m = &inst[i + 2..i + len];
                    let dash = m.starts_with('-');
                    let m = m.trim_start_matches('-');
                    let expand = !m.starts_with(['"', '\'']);
                    out.push((m.trim_matches(['"', '\'']).to_string(), dash, expand));
                    i += len;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Moves every span of `ins` by `delta` bytes.
fn shift_instruction(ins: &mut Instruction, delta: i64) {
    let sh = |s: &mut Span| {
        s.start = (s.start as i64 + delta).max(0) as u32;
        s.end = (s.end as i64 + delta).max(0) as u32;
    };
    sh(&mut ins.keyword_span);
    sh(&mut ins.span);
    for f in &mut ins.flags {
        sh(&mut f.span);
        sh(&mut f.name.span);
        if let Some(v) = &mut f.value {
            sh(&mut v.span);
        }
    }
    let cmd = |c: &mut Command| match c {
        Command::Exec { args, span } => {
            sh(span);
            for a in args {
                sh(&mut a.span);
            }
        }
        Command::Shell { raw } => sh(&mut raw.span),
    };
    match &mut ins.args {
        Args::From { image, alias } => {
            sh(&mut image.span);
            if let Some(a) = alias {
                sh(&mut a.span);
            }
        }
        Args::Run {
            command,
            heredocs,
            script,
        } => {
            cmd(command);
            for h in heredocs {
                sh(&mut h.span);
            }
            script.shift(delta);
        }
        Args::Cmd(c) | Args::Entrypoint(c) => cmd(c),
        Args::Healthcheck(c) => {
            if let Some(c) = c {
                cmd(c);
            }
        }
        Args::Copy { sources, dest } => {
            sh(&mut dest.span);
            for src in sources {
                match src {
                    Source::Path(t) => sh(&mut t.span),
                    Source::HereDoc(h) => sh(&mut h.span),
                }
            }
        }
        Args::KeyValues(kvs) => {
            for kv in kvs {
                sh(&mut kv.span);
                sh(&mut kv.key.span);
                if let Some(v) = &mut kv.value {
                    sh(&mut v.span);
                }
            }
        }
        Args::Words(ws) => {
            for w in ws {
                sh(&mut w.span);
            }
        }
        Args::Text(t) => sh(&mut t.span),
    }
}
