//! `RUN` bodies as shell programs. The text is cleaned first (escape+newline
//! continuations, comment lines inside continuations and heredoc markers are
//! removed) with an offset map back to the file, then parsed with brush-parser.
//! The AST is flattened into simple commands that rules can query: wrappers
//! such as `sudo`, `env X=1`, `exec` and `nohup` are seen through, and
//! `sh -c '...'` bodies, `$(...)` and `<(...)` are parsed recursively.

use crate::syntax::{Command, HereDoc};
use brush_parser::ast;
use portcullis_source::Span;
use std::rc::Rc;

/// Shell interpreters whose `-c` argument or stdin is a script.
pub const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"];

/// How a nested command was reached from its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The body of `sh -c '...'` (or `su -c`).
    ShellC,
    /// A `$(...)` or backquoted substitution in one of the parent's words.
    CommandSubstitution,
    /// A `<(...)` process substitution in the parent's arguments or redirects.
    ProcessSubstitution,
}

/// One shell word.
#[derive(Debug, Clone)]
pub struct Word {
    /// The word with quotes and escapes removed (expansions kept as written).
    pub text: String,
    /// The word as written.
    pub raw: String,
    /// Where the word is in the Dockerfile (the enclosing word for nested
    /// scripts whose offsets cannot be mapped exactly).
    pub span: Span,
    /// Offset in the root cleaned text when exactly known.
    root: Option<usize>,
}

/// A variable assignment (`X=1 cmd`, `export X=1`, `env X=1 cmd`, `X=1`).
#[derive(Debug, Clone)]
pub struct Assignment {
    /// Variable name.
    pub name: String,
    /// The value word.
    pub value: Word,
}

/// One simple command after wrappers were seen through.
#[derive(Debug, Clone)]
pub struct SimpleCmd {
    /// The command name (`apt-get`).
    pub name: Word,
    /// The arguments.
    pub args: Vec<Word>,
    /// Wrappers seen through, outermost first (`sudo`, `env`, `exec`, `nohup`).
    pub wrappers: Vec<Word>,
    /// The pipeline this command belongs to (unique within the script).
    pub pipeline: u32,
    /// Position in the pipeline (0 = first).
    pub pipe_pos: u32,
    /// Number of commands in the pipeline.
    pub pipe_len: u32,
    /// Enclosing command (index into `Script::commands`) and how it was reached.
    pub parent: Option<(usize, Via)>,
    /// From the name (or first wrapper) to the last argument.
    pub span: Span,
}

impl SimpleCmd {
    /// The basename of the command (`/usr/bin/curl` -> `curl`).
    pub fn program(&self) -> &str {
        basename(&self.name.text)
    }

    /// True when any argument's text equals one of `flags`.
    pub fn has_arg(&self, flags: &[&str]) -> bool {
        self.args.iter().any(|a| flags.contains(&a.text.as_str()))
    }

    /// The first argument that equals one of `flags`.
    pub fn find_arg(&self, flags: &[&str]) -> Option<&Word> {
        self.args.iter().find(|a| flags.contains(&a.text.as_str()))
    }

    /// True when a short-option cluster (`-fsSLk`) contains `c`.
    pub fn has_short(&self, c: char) -> bool {
        self.args.iter().any(|a| {
            let t = a.text.as_str();
            t.starts_with('-')
                && !t.starts_with("--")
                && t.len() > 1
                && t[1..].chars().all(|x| x.is_ascii_alphanumeric())
                && t[1..].contains(c)
        })
    }

    /// Arguments that do not start with `-`.
    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        self.args.iter().filter(|a| !a.text.starts_with('-'))
    }

    /// The first operand (sub-command such as `install`).
    pub fn subcommand(&self) -> Option<&str> {
        self.operands().next().map(|w| w.text.as_str())
    }

    /// True when this runs as a shell interpreter.
    pub fn is_shell(&self) -> bool {
        SHELLS.contains(&self.program())
    }

    /// True when `sudo` was seen through.
    pub fn via_wrapper(&self, name: &str) -> Option<&Word> {
        self.wrappers.iter().find(|w| basename(&w.text) == name)
    }
}

/// The basename of a path.
pub fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// A parsed `RUN` (shell form and/or shell heredocs).
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// Every simple command, nested ones included, in source order of discovery.
    pub commands: Vec<SimpleCmd>,
    /// Every assignment seen.
    pub assignments: Vec<Assignment>,
    /// Shell parse errors (the commands parsed before the error are kept).
    pub errors: Vec<String>,
}

impl Script {
    /// Moves every span by `delta` bytes.
    pub(crate) fn shift(&mut self, delta: i64) {
        let sh = |s: &mut Span| {
            s.start = (s.start as i64 + delta).max(0) as u32;
            s.end = (s.end as i64 + delta).max(0) as u32;
        };
        for c in &mut self.commands {
            sh(&mut c.span);
            sh(&mut c.name.span);
            for w in c.args.iter_mut().chain(c.wrappers.iter_mut()) {
                sh(&mut w.span);
            }
        }
        for a in &mut self.assignments {
            sh(&mut a.value.span);
        }
    }

    /// Commands whose program is `name`.
    pub fn commands_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a SimpleCmd> + 'a {
        self.commands.iter().filter(move |c| c.program() == name)
    }

    /// Commands of the same pipeline as `cmd`, in order.
    pub fn pipeline_of<'a>(
        &'a self,
        cmd: &'a SimpleCmd,
    ) -> impl Iterator<Item = &'a SimpleCmd> + 'a {
        self.commands
            .iter()
            .filter(move |c| c.pipeline == cmd.pipeline)
    }
}

/// Maps offsets of a cleaned text back to the file.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    /// (offset in cleaned text, offset in file), ascending.
    segs: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn to_file(&self, off: usize) -> u32 {
        let i = self.segs.partition_point(|s| s.0 <= off);
        let (c, f) = if i == 0 { (0, 0) } else { self.segs[i - 1] };
        (f + (off - c)) as u32
    }
}

/// Removes escape+newline continuations and the comment/blank lines that
/// follow them, and blanks heredoc markers; returns the text and its map.
fn clean(raw: &str, base: usize, escape: u8) -> (String, OffsetMap) {
    let b = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut map = OffsetMap {
        segs: vec![(0, base)],
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] == escape {
            // escape, optional spaces, newline = continuation
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t' || b[j] == b'\r') {
                j += 1;
            }
            if j < b.len() && b[j] == b'\n' {
                j += 1;
                // skip comment and empty lines
                loop {
                    let mut k = j;
                    while k < b.len() && (b[k] == b' ' || b[k] == b'\t' || b[k] == b'\r') {
                        k += 1;
                    }
                    if k < b.len() && b[k] == b'#' {
                        while k < b.len() && b[k] != b'\n' {
                            k += 1;
                        }
                        j = (k + 1).min(b.len());
                    } else if k < b.len() && b[k] == b'\n' {
                        j = k + 1;
                    } else {
                        break;
                    }
                }
                out.push(b' ');
                map.segs.push((out.len(), base + j));
                i = j;
                continue;
            }
            if escape == b'\\' && i + 1 < b.len() {
                out.push(b[i]);
                out.push(b[i + 1]);
                i += 2;
                continue;
            }
        }
        if let Some(len) = heredoc_marker_len(b, i) {
            out.extend(std::iter::repeat_n(b' ', len));
            i += len;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    // Only ASCII bytes were inserted or removed at char boundaries.
    let text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (text, map)
}

/// The length of a heredoc marker (`<<EOF`, `<<-"X"`, `<<'X'`) at `i`.
pub(crate) fn heredoc_marker_len(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'<') || b.get(i + 1) != Some(&b'<') {
        return None;
    }
    if i > 0 && b[i - 1] == b'<' {
        return None;
    }
    let mut j = i + 2;
    if b.get(j) == Some(&b'<') {
        return None;
    }
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let quote = match b.get(j) {
        Some(q @ (b'"' | b'\'')) => {
            j += 1;
            Some(*q)
        }
        _ => None,
    };
    let start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    if j == start {
        return None;
    }
    if let Some(q) = quote {
        if b.get(j) != Some(&q) {
            return None;
        }
        j += 1;
    }
    Some(j - i)
}

/// Parses what a `RUN` executes: the shell form (cleaned) and each heredoc
/// body that a shell reads.
pub fn parse_run(text: &str, escape: char, command: &Command, heredocs: &[HereDoc]) -> Script {
    let mut p = Builder::default();
    let Command::Shell { raw } = command else {
        if let Command::Exec { args, .. } = command {
            p.exec_form(text, args);
        }
        return p.script;
    };
    let esc = if escape == '`' { b'`' } else { b'\\' };
    let raw_text = text
        .get(raw.span.start as usize..raw.span.end as usize)
        .unwrap_or(raw.value.as_str());
    let (clean_text, map) = clean(raw_text, raw.span.start as usize, esc);
    let trimmed = clean_text.trim();
    let heredoc_is_shell = trimmed.is_empty()
        || {
            let mut words = trimmed.split_whitespace();
            let first = words.next().unwrap_or("");
            SHELLS.contains(&basename(first))
                && !words.any(|w| w.starts_with('-') && w.contains('c') && !w.starts_with("--"))
        }
        || heredoc_feeds_shell(raw_text);
    if !trimmed.is_empty() {
        p.parse_root(&clean_text, map);
    }
    if heredoc_is_shell {
        for h in heredocs {
            let body = text
                .get(h.span.start as usize..h.span.end as usize)
                .unwrap_or(h.value.as_str());
            if body.starts_with("#!")
                && !body
                    .lines()
                    .next()
                    .is_some_and(|l| SHELLS.iter().any(|s| l.ends_with(s)))
            {
                continue;
            }
            let map = OffsetMap {
                segs: vec![(0, h.span.start as usize)],
            };
            let (clean_body, _) = clean(body, 0, 0);
            p.parse_root(&clean_body, map);
        }
    }
    p.script
}

/// True when a heredoc marker in `raw` directly follows a shell name (`bash <<EOF`).
fn heredoc_feeds_shell(raw: &str) -> bool {
    let b = raw.as_bytes();
    for i in 0..b.len() {
        if heredoc_marker_len(b, i).is_some() {
            let before = raw[..i].trim_end();
            let seg = before
                .rsplit(['|', ';', '&', '\n', '('])
                .next()
                .unwrap_or(before);
            let mut words = seg.split_whitespace();
            if let Some(first) = words.next()
                && SHELLS.contains(&basename(first))
            {
                return true;
            }
        }
    }
    false
}

/// Where the text being parsed lies.
#[derive(Clone)]
enum Origin {
    /// Exactly at `base` of the root cleaned text mapped by `map`.
    Exact { map: Rc<OffsetMap>, base: usize },
    /// Somewhere inside `span`.
    Inside(Span),
}

#[derive(Default)]
struct Builder {
    script: Script,
    root_map: Option<Rc<OffsetMap>>,
    next_pipeline: u32,
    depth: u32,
}

const MAX_DEPTH: u32 = 8;

/// Deeper bracket nesting than this is not handed to the (recursive) shell
/// parser, so hostile input cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// The deepest nesting of `(`, `{` and `[` in `text` (quotes ignored: an
/// over-estimate is harmless).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

impl Builder {
    fn exec_form(&mut self, text: &str, args: &[crate::syntax::Text]) {
        let Some((first, rest)) = args.split_first() else {
            return;
        };
        // Offsets in the file are exact when the JSON string has no escapes.
        self.root_map = Some(Rc::new(OffsetMap { segs: vec![(0, 0)] }));
        let word = |t: &crate::syntax::Text| Word {
            text: t.value.clone(),
            raw: t.value.clone(),
            span: t.span,
            root: (text.get(t.span.start as usize..t.span.end as usize) == Some(t.value.as_str()))
                .then_some(t.span.start as usize),
        };
        let pipeline = self.next_pipeline;
        self.next_pipeline += 1;
        let name = word(first);
        let args: Vec<Word> = rest.iter().map(word).collect();
        let body = shell_c_body(&name, &args).cloned();
        let idx = self.push_command(name, args, Vec::new(), pipeline, 0, 1, None);
        if let Some(body) = body {
            self.nested(&body, (idx, Via::ShellC));
        }
    }

    fn parse_root(&mut self, text: &str, map: OffsetMap) {
        let map = Rc::new(map);
        self.root_map = Some(Rc::clone(&map));
        self.parse_text(text, Origin::Exact { map, base: 0 }, None);
    }

    fn parse_text(&mut self, text: &str, origin: Origin, parent: Option<(usize, Via)>) {
        if self.depth >= MAX_DEPTH || text.trim().is_empty() {
            return;
        }
        if nesting_depth(text) > MAX_NESTING {
            if parent.is_none() {
                self.script.errors.push(format!(
                    "shell text nested deeper than {MAX_NESTING} levels; not analysed"
                ));
            }
            return;
        }
        self.depth += 1;
        let safe = sanitize_heredocs(text);
        let text = safe.as_deref().unwrap_or(text);
        let options = brush_parser::ParserOptions::default();
        let mut parser = brush_parser::Parser::new(text.as_bytes(), &options);
        match parser.parse_program() {
            Ok(program) => {
                let chars = CharIndex::new(text);
                let cx = Cx {
                    origin,
                    chars: &chars,
                    parent,
                };
                for cc in &program.complete_commands {
                    self.compound_list(cc, &cx);
                }
            }
            Err(e) => {
                if parent.is_none() {
                    self.script.errors.push(e.to_string());
                }
            }
        }
        self.depth -= 1;
    }

    fn compound_list(&mut self, list: &ast::CompoundList, cx: &Cx<'_>) {
        for item in &list.0 {
            self.and_or(&item.0, cx);
        }
    }

    fn and_or(&mut self, list: &ast::AndOrList, cx: &Cx<'_>) {
        self.pipeline(&list.first, cx);
        for next in &list.additional {
            match next {
                ast::AndOr::And(p) | ast::AndOr::Or(p) => self.pipeline(p, cx),
            }
        }
    }

    fn pipeline(&mut self, p: &ast::Pipeline, cx: &Cx<'_>) {
        let id = self.next_pipeline;
        self.next_pipeline += 1;
        let len = p.seq.len() as u32;
        for (pos, cmd) in p.seq.iter().enumerate() {
            self.command(cmd, cx, id, pos as u32, len);
        }
    }

    fn command(&mut self, cmd: &ast::Command, cx: &Cx<'_>, pipeline: u32, pos: u32, len: u32) {
        match cmd {
            ast::Command::Simple(s) => self.simple(s, cx, pipeline, pos, len),
            ast::Command::Compound(c, redirects) => {
                self.compound(c, cx);
                if let Some(r) = redirects {
                    for io in &r.0 {
                        self.redirect_subst(io, cx, None);
                    }
                }
            }
            ast::Command::Function(f) => self.compound(&f.body.0, cx),
            ast::Command::ExtendedTest(..) => {}
        }
    }

    fn compound(&mut self, c: &ast::CompoundCommand, cx: &Cx<'_>) {
        use ast::CompoundCommand as C;
        match c {
            C::BraceGroup(b) => self.compound_list(&b.list, cx),
            C::Subshell(s) => self.compound_list(&s.list, cx),
            C::ForClause(f) => self.compound_list(&f.body.list, cx),
            C::ArithmeticForClause(f) => self.compound_list(&f.body.list, cx),
            C::CaseClause(cc) => {
                for item in &cc.cases {
                    if let Some(l) = &item.cmd {
                        self.compound_list(l, cx);
                    }
                }
            }
            C::IfClause(i) => {
                self.compound_list(&i.condition, cx);
                self.compound_list(&i.then, cx);
                for e in i.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        self.compound_list(c, cx);
                    }
                    self.compound_list(&e.body, cx);
                }
            }
            C::WhileClause(w) | C::UntilClause(w) => {
                self.compound_list(&w.0, cx);
                self.compound_list(&w.1.list, cx);
            }
            C::Coprocess(c) => self.command(&c.body, cx, u32::MAX, 0, 1),
            C::Arithmetic(_) => {}
        }
    }

    fn simple(&mut self, s: &ast::SimpleCommand, cx: &Cx<'_>, pipeline: u32, pos: u32, len: u32) {
        let mut words: Vec<Word> = Vec::new();
        let mut assigns: Vec<Assignment> = Vec::new();
        let mut procsubs: Vec<&ast::SubshellCommand> = Vec::new();
        let mut redirects: Vec<&ast::IoRedirect> = Vec::new();
        if let Some(prefix) = &s.prefix {
            for item in &prefix.0 {
                self.item(
                    item,
                    cx,
                    &mut words,
                    &mut assigns,
                    &mut procsubs,
                    &mut redirects,
                    true,
                );
            }
        }
        if let Some(name) = &s.word_or_name {
            words.push(cx.word(name));
        }
        if let Some(suffix) = &s.suffix {
            for item in &suffix.0 {
                self.item(
                    item,
                    cx,
                    &mut words,
                    &mut assigns,
                    &mut procsubs,
                    &mut redirects,
                    false,
                );
            }
        }
        self.script.assignments.extend(assigns);
        if words.is_empty() {
            for sub in procsubs {
                self.compound_list(&sub.list, cx);
            }
            return;
        }
        // See through wrappers.
        let mut wrappers = Vec::new();
        let mut rest: &[Word] = &words;
        while let Some((first, tail)) = rest.split_first() {
            let prog = basename(&first.text);
            let skip = match prog {
                "sudo" | "doas" => Some(skip_options(
                    tail,
                    &[
                        "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group",
                    ],
                )),
                "env" => {
                    let mut n = 0;
                    while n < tail.len() {
                        let t = &tail[n].text;
                        if let Some((k, _)) = t.split_once('=')
                            && !t.starts_with('-')
                            && !k.is_empty()
                            && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        {
                            let w = &tail[n];
                            let vstart = w.raw.find('=').map_or(0, |i| i + 1);
                            self.script.assignments.push(Assignment {
                                name: k.to_string(),
                                value: Word {
                                    text: t[k.len() + 1..].to_string(),
                                    raw: w.raw.get(vstart..).unwrap_or("").to_string(),
                                    span: w.span,
                                    root: None,
                                },
                            });
                            n += 1;
                        } else if t.starts_with('-') {
                            n += if t == "-u" || t == "-C" || t == "-S" {
                                2
                            } else {
                                1
                            };
                        } else {
                            break;
                        }
                    }
                    Some(n)
                }
                "exec" | "nohup" | "command" | "builtin" | "time" | "stdbuf" | "nice"
                | "ionice" | "chroot" | "gosu" | "su-exec" | "setpriv" | "tini" | "dumb-init" => {
                    let n = skip_options(tail, &["-n", "-o", "-e", "-i", "-c"]);
                    // gosu/su-exec take a user first
                    if matches!(prog, "gosu" | "su-exec" | "chroot") {
                        Some((n + 1).min(tail.len()))
                    } else {
                        Some(n)
                    }
                }
                _ => None,
            };
            match skip {
                Some(n) if n < tail.len() => {
                    wrappers.push(first.clone());
                    rest = &tail[n..];
                }
                _ => break,
            }
        }
        let Some((name, args)) = rest.split_first() else {
            return;
        };
        let idx = self.push_command(
            name.clone(),
            args.to_vec(),
            wrappers,
            pipeline,
            pos,
            len,
            cx.parent,
        );
        // `export X=1`
        if matches!(
            name.text.as_str(),
            "export" | "declare" | "typeset" | "readonly" | "local"
        ) {
            for a in args {
                if let Some((k, v)) = a.text.split_once('=') {
                    self.script.assignments.push(Assignment {
                        name: k.to_string(),
                        value: Word {
                            text: v.to_string(),
                            raw: a.raw.clone(),
                            span: a.span,
                            root: None,
                        },
                    });
                }
            }
        }
        // Nested scripts.
        let body_word = shell_c_body(name, args);
        if let Some(body) = body_word {
            let body = body.clone();
            self.nested(&body, (idx, Via::ShellC));
        }
        for w in std::iter::once(name).chain(args.iter()) {
            if body_word.is_some_and(|b| std::ptr::eq(b, w)) {
                continue;
            }
            self.substitutions(w, idx);
        }
        for sub in procsubs {
            let cx2 = Cx {
                origin: cx.origin.clone(),
                chars: cx.chars,
                parent: Some((idx, Via::ProcessSubstitution)),
            };
            self.compound_list(&sub.list, &cx2);
        }
        for io in redirects {
            self.redirect_subst(io, cx, Some(idx));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn item<'a>(
        &mut self,
        item: &'a ast::CommandPrefixOrSuffixItem,
        cx: &Cx<'_>,
        words: &mut Vec<Word>,
        assigns: &mut Vec<Assignment>,
        procsubs: &mut Vec<&'a ast::SubshellCommand>,
        redirects: &mut Vec<&'a ast::IoRedirect>,
        prefix: bool,
    ) {
        use ast::CommandPrefixOrSuffixItem as It;
        match item {
            It::Word(w) => words.push(cx.word(w)),
            It::AssignmentWord(a, w) => {
                let word = cx.word(w);
                if prefix {
                    let name = match &a.name {
                        ast::AssignmentName::VariableName(n) => n.clone(),
                        ast::AssignmentName::ArrayElementName(n, _) => n.clone(),
                    };
                    let vstart = word.raw.find('=').map_or(0, |i| i + 1);
                    let raw_value = word.raw.get(vstart..).unwrap_or("").to_string();
                    assigns.push(Assignment {
                        name,
                        value: Word {
                            text: crate::syntax::unquote(&raw_value),
                            raw: raw_value,
                            span: word.span,
                            root: None,
                        },
                    });
                } else {
                    words.push(word);
                }
            }
            It::ProcessSubstitution(_, sub) => procsubs.push(sub),
            It::IoRedirect(io) => redirects.push(io),
        }
    }

    fn redirect_subst(&mut self, io: &ast::IoRedirect, cx: &Cx<'_>, parent: Option<usize>) {
        if let ast::IoRedirect::File(_, _, ast::IoFileRedirectTarget::ProcessSubstitution(_, sub)) =
            io
        {
            let cx2 = Cx {
                origin: cx.origin.clone(),
                chars: cx.chars,
                parent: parent.map(|p| (p, Via::ProcessSubstitution)).or(cx.parent),
            };
            self.compound_list(&sub.list, &cx2);
        }
    }

    /// Parses `$(...)` and backquoted substitutions inside `w`.
    fn substitutions(&mut self, w: &Word, parent: usize) {
        if !w.raw.contains("$(") && !w.raw.contains('`') {
            return;
        }
        let options = brush_parser::ParserOptions::default();
        let Ok(pieces) = brush_parser::word::parse(&w.raw, &options) else {
            return;
        };
        let mut inner = Vec::new();
        collect_substitutions(&pieces, &mut inner);
        for text in inner {
            self.parse_text(
                &text,
                Origin::Inside(w.span),
                Some((parent, Via::CommandSubstitution)),
            );
        }
    }

    /// Parses the body of `sh -c BODY`.
    fn nested(&mut self, body: &Word, parent: (usize, Via)) {
        let raw = body.raw.as_str();
        let exact = match (raw.as_bytes().first(), body.root) {
            (Some(b'\''), Some(root))
                if raw.len() >= 2 && raw.ends_with('\'') && raw[1..raw.len() - 1] == body.text =>
            {
                Some(root + 1)
            }
            (Some(b'"'), Some(root))
                if raw.len() >= 2 && raw.ends_with('"') && raw[1..raw.len() - 1] == body.text =>
            {
                Some(root + 1)
            }
            (Some(_), Some(root)) if raw == body.text => Some(root),
            _ => None,
        };
        let origin = match (exact, &self.root_map) {
            (Some(base), Some(map)) => Origin::Exact {
                map: Rc::clone(map),
                base,
            },
            _ => Origin::Inside(body.span),
        };
        self.parse_text(&body.text.clone(), origin, Some(parent));
        // Substitutions in the body are found while parsing it.
    }

    #[allow(clippy::too_many_arguments)]
    fn push_command(
        &mut self,
        name: Word,
        args: Vec<Word>,
        wrappers: Vec<Word>,
        pipeline: u32,
        pipe_pos: u32,
        pipe_len: u32,
        parent: Option<(usize, Via)>,
    ) -> usize {
        let start = wrappers.first().map_or(name.span.start, |w| w.span.start);
        let end = args.last().map_or(name.span.end, |a| a.span.end);
        self.script.commands.push(SimpleCmd {
            span: Span::new(start.min(end), end.max(start)),
            name,
            args,
            wrappers,
            pipeline,
            pipe_pos,
            pipe_len,
            parent,
        });
        self.script.commands.len() - 1
    }
}

/// brush-parser 0.4 can allocate without bound on a heredoc redirect whose
/// delimiter is odd or never terminated. Docker strips heredocs before the
/// shell sees the text, so any `<<` without a well-formed delimiter and a
/// matching end line is blanked (same length, offsets unchanged).
fn sanitize_heredocs(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'<' || b[i + 1] != b'<' {
            i += 1;
            continue;
        }
        if b.get(i + 2) == Some(&b'<') {
            i += 3;
            continue;
        }
        let mut j = i + 2;
        let dash = b.get(j) == Some(&b'-');
        if dash {
            j += 1;
        }
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        let quote = match b.get(j) {
            Some(q @ (b'"' | b'\'')) => {
                j += 1;
                Some(*q)
            }
            _ => None,
        };
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'-' | b'.')) {
            j += 1;
        }
        let delim = &text[start..j];
        let closed = quote.is_none_or(|q| b.get(j) == Some(&q));
        let terminated = !delim.is_empty()
            && closed
            && text[j..].lines().skip(1).any(|l| {
                let l = if dash { l.trim_start_matches('\t') } else { l };
                l == delim
            });
        if !terminated {
            let o = out.get_or_insert_with(|| b.to_vec());
            o[i] = b' ';
            o[i + 1] = b' ';
        }
        i = j.max(i + 2);
    }
    out.map(|o| {
        String::from_utf8(o).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    })
}

fn collect_substitutions(
    pieces: &[brush_parser::word::WordPieceWithSource],
    out: &mut Vec<String>,
) {
    use brush_parser::word::WordPiece as P;
    for p in pieces {
        match &p.piece {
            P::CommandSubstitution(s) | P::BackquotedCommandSubstitution(s) => out.push(s.clone()),
            P::DoubleQuotedSequence(inner) | P::GettextDoubleQuotedSequence(inner) => {
                collect_substitutions(inner, out)
            }
            _ => {}
        }
    }
}

/// The script argument of `sh -c SCRIPT` (also `bash -ec`, `su -c`).
fn shell_c_body<'w>(name: &Word, args: &'w [Word]) -> Option<&'w Word> {
    let prog = basename(&name.text);
    if !(SHELLS.contains(&prog) || prog == "su") {
        return None;
    }
    let mut saw_c = false;
    for a in args {
        let t = a.text.as_str();
        if saw_c {
            if !t.starts_with('-') {
                return Some(a);
            }
        } else if (t.starts_with('-') && !t.starts_with("--") && t.contains('c'))
            || t == "--command"
        {
            saw_c = true;
        }
    }
    None
}

/// Number of leading option words (and values of options in `with_value`).
fn skip_options(words: &[Word], with_value: &[&str]) -> usize {
    let mut n = 0;
    while n < words.len() {
        let t = words[n].text.as_str();
        if t == "--" {
            return n + 1;
        }
        if !t.starts_with('-') || t == "-" {
            break;
        }
        n += if with_value.contains(&t) { 2 } else { 1 };
    }
    n.min(words.len())
}

/// Char index -> byte offset for a text (identity when ASCII).
struct CharIndex {
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| {
            let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            v.push(text.len());
            v
        });
        Self {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            Some(v) => v.get(char_index).copied().unwrap_or(self.len),
            None => char_index.min(self.len),
        }
    }
}

struct Cx<'a> {
    origin: Origin,
    chars: &'a CharIndex,
    parent: Option<(usize, Via)>,
}

impl Cx<'_> {
    fn word(&self, w: &ast::Word) -> Word {
        let text = brush_parser::unquote_str(&w.value);
        let (span, root) = match (&self.origin, &w.loc) {
            (Origin::Exact { map, base }, Some(loc)) => {
                let s = *base + self.chars.byte(loc.start.index);
                let e = *base + self.chars.byte(loc.end.index);
                (Span::new(map.to_file(s), map.to_file(e.max(s))), Some(s))
            }
            (Origin::Inside(span), _) => (*span, None),
            (Origin::Exact { map, base }, None) => (Span::empty(map.to_file(*base)), None),
        };
        Word {
            text,
            raw: w.value.clone(),
            span,
            root,
        }
    }
}
