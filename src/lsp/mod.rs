//! `kaohe lsp`: the language server, over a byte stream (stdin and stdout).
//!
//! One loop owns everything: the open documents, the requests waiting for an analysis,
//! and the only writer of the output. A thread reads and frames the input
//! ([`transport`]); each analysis runs on a thread of its own ([`analysis`]: exactly what
//! `kaohe check` reports, plus the symbol index), at most one per document at a time, so
//! a slow check holds up only the requests about that document, and never for longer
//! than [`Options::request_timeout`]. Diagnostics are published when a document is
//! opened and once its text has rested for [`Options::debounce`].
//!
//! The features each live in a module of their own and read one [`Analysis`]:
//! [`hover`], [`navigate`] (definition, references, highlights, rename), [`complete`],
//! [`format`], [`actions`] (fixes for diagnostics), [`outline`] (document symbols),
//! [`tokens`] (semantic tokens), [`lens`] (worked examples run from a code lens).
//! Positions pass through [`position`] and nowhere else.
//!
//! Nothing a client sends makes the server panic or stop answering: a message that is not
//! JSON-RPC is answered with a parse error, an unknown method with `MethodNotFound`, a
//! position out of range is clamped, and a handler that fails answers `InternalError`.

mod actions;
pub mod analysis;
mod complete;
mod diagnostics;
mod format;
mod hover;
mod lens;
mod navigate;
mod outline;
pub mod position;
mod tokens;
pub mod transport;
pub mod words;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions, CompletionOptions,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, ExecuteCommandOptions,
    HoverProviderCapability, MessageType, OneOf, PositionEncodingKind, RenameOptions, SemanticTokensFullOptions,
    SemanticTokensOptions, SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkDoneProgressOptions,
};
use serde_json::Value;

use crate::source::Source;
pub use analysis::Analysis;
use position::{Encoding, LineIndex};
use transport::Incoming;

/// How the server paces itself.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// How long a document's text must rest after a change before it is checked again.
    pub debounce: Duration,
    /// The longest a request waits for its document's analysis before it is answered
    /// with an error.
    pub request_timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options { debounce: Duration::from_millis(150), request_timeout: Duration::from_secs(20) }
    }
}

/// Serves the protocol on stdin and stdout until the client says `exit` or the input
/// ends. The exit status is 0 after a `shutdown`, 1 otherwise (as the protocol asks).
pub fn serve_stdio(options: Options) -> i32 {
    let stdout = std::io::stdout();
    serve(std::io::BufReader::new(std::io::stdin()), stdout.lock(), options)
}

/// Serves the protocol on any pair of streams.
pub fn serve(mut input: impl BufRead + Send + 'static, output: impl Write, options: Options) -> i32 {
    let (tx, rx) = channel();
    let reader = tx.clone();
    let spawned = std::thread::Builder::new().name("kaohe-lsp-reader".into()).spawn(move || loop {
        let incoming = transport::read(&mut input);
        let end = matches!(incoming, Incoming::End);
        if reader.send(Event::Incoming(incoming)).is_err() || end {
            break;
        }
    });
    if spawned.is_err() {
        return 1;
    }
    let mut server = Server::new(output, tx, options);
    loop {
        let timeout = server.next_deadline().map(|d| d.saturating_duration_since(Instant::now()));
        let event = match timeout {
            Some(t) => rx.recv_timeout(t),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let outcome = match event {
            Ok(event) => server.event(event),
            Err(RecvTimeoutError::Timeout) => Flow::Go,
            Err(RecvTimeoutError::Disconnected) => Flow::Exit(1),
        };
        if let Flow::Exit(code) = outcome {
            return code;
        }
        if let Flow::Exit(code) = server.tick() {
            return code;
        }
    }
}

enum Event {
    Incoming(Incoming),
    Analyzed(Uri, Arc<Analysis>),
}

enum Flow {
    Go,
    Exit(i32),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Running,
    ShutDown,
}

/// An open document.
struct Document {
    text: String,
    version: i32,
    /// The newest analysis, of whatever version.
    analysis: Option<Arc<Analysis>>,
    /// The newest analysis whose text parsed whole: the names completion offers while
    /// the current text does not parse.
    parsed: Option<Arc<Analysis>>,
    /// The version whose analysis is running, if one is.
    checking: Option<i32>,
    /// When the text will have rested long enough to be checked.
    due: Option<Instant>,
}

impl Document {
    fn current(&self) -> Option<&Arc<Analysis>> {
        self.analysis.as_ref().filter(|a| a.version == self.version)
    }
}

/// A request that needs an analysis not made yet.
struct Waiting {
    request: Request,
    uri: Uri,
    since: Instant,
}

/// What a feature reads: the document's current analysis, and the newest one that
/// parsed whole.
pub(crate) struct View<'a> {
    pub analysis: &'a Analysis,
    pub parsed: Option<&'a Analysis>,
    pub uri: &'a Uri,
}

pub(crate) type Reply = Result<Value, ResponseError>;

pub(crate) fn failed(message: impl Into<String>) -> ResponseError {
    ResponseError { code: ErrorCode::RequestFailed as i32, message: message.into(), data: None }
}

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError { code: code as i32, message: message.into(), data: None }
}

pub(crate) fn params<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ResponseError> {
    serde_json::from_value(value)
        .map_err(|e| error(ErrorCode::InvalidParams, tr!("lsp-refuse-invalid-params", reason = e.to_string())))
}

pub(crate) fn json(value: impl serde::Serialize) -> Reply {
    serde_json::to_value(value).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

/// The requests answered from a document's analysis.
const ANALYSED: [&str; 13] = [
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/codeLens",
    "textDocument/formatting",
    "workspace/executeCommand",
];

struct Server<W: Write> {
    out: W,
    tx: Sender<Event>,
    options: Options,
    encoding: Encoding,
    phase: Phase,
    docs: HashMap<Uri, Document>,
    waiting: Vec<Waiting>,
    /// The output is gone: stop.
    broken: bool,
}

impl<W: Write> Server<W> {
    fn new(out: W, tx: Sender<Event>, options: Options) -> Server<W> {
        Server {
            out,
            tx,
            options,
            encoding: Encoding::Utf16,
            phase: Phase::Starting,
            docs: HashMap::new(),
            waiting: Vec::new(),
            broken: false,
        }
    }

    fn send(&mut self, message: Message) {
        if transport::write(&mut self.out, &message).is_err() {
            self.broken = true;
        }
    }

    fn reply(&mut self, id: RequestId, reply: Reply) {
        self.send(Message::Response(Response { id, response_result: reply }));
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.to_string(), params)));
    }

    fn event(&mut self, event: Event) -> Flow {
        let flow = match event {
            Event::Incoming(Incoming::End) => Flow::Exit(if self.phase == Phase::ShutDown { 0 } else { 1 }),
            Event::Incoming(Incoming::Malformed(reason)) => {
                if transport::write_parse_error(&mut self.out, &reason).is_err() {
                    self.broken = true;
                }
                Flow::Go
            }
            Event::Incoming(Incoming::Message(Message::Request(r))) => {
                self.request(r);
                Flow::Go
            }
            Event::Incoming(Incoming::Message(Message::Notification(n))) => self.notification(n),
            // The server sends no requests, so a response answers nothing.
            Event::Incoming(Incoming::Message(Message::Response(_))) => Flow::Go,
            Event::Analyzed(uri, analysis) => {
                self.analyzed(uri, analysis);
                Flow::Go
            }
        };
        if self.broken {
            return Flow::Exit(1);
        }
        flow
    }

    fn request(&mut self, r: Request) {
        match (self.phase, r.method.as_str()) {
            (Phase::Starting, "initialize") => {
                let reply = self.initialize(&r.params);
                if reply.is_ok() {
                    self.phase = Phase::Running;
                }
                self.reply(r.id, reply);
            }
            (Phase::Starting, _) => {
                self.reply(r.id, Err(error(ErrorCode::ServerNotInitialized, tr!("lsp-refuse-not-initialized"))))
            }
            (Phase::ShutDown, _) => {
                self.reply(r.id, Err(error(ErrorCode::InvalidRequest, tr!("lsp-refuse-shutting-down"))))
            }
            (Phase::Running, "initialize") => {
                self.reply(r.id, Err(error(ErrorCode::InvalidRequest, tr!("lsp-refuse-already-initialized"))))
            }
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                for w in std::mem::take(&mut self.waiting) {
                    self.reply(w.request.id, Err(error(ErrorCode::InvalidRequest, tr!("lsp-refuse-shutting-down"))));
                }
                self.reply(r.id, Ok(Value::Null));
            }
            (Phase::Running, method) if ANALYSED.contains(&method) => self.analysed_request(r),
            (Phase::Running, method) => {
                let message = tr!("lsp-refuse-method-by-kaohe", method = method);
                self.reply(r.id, Err(error(ErrorCode::MethodNotFound, message)))
            }
        }
    }

    /// Reads only what the server uses (the position encodings), so a client whose
    /// other capabilities are unusual is still served.
    fn initialize(&mut self, params: &Value) -> Reply {
        if !params.is_object() {
            return Err(error(ErrorCode::InvalidParams, tr!("lsp-refuse-initialize-object")));
        }
        let offered: Option<Vec<PositionEncodingKind>> = params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(|v| serde_json::from_value(v.clone()).ok());
        self.encoding = Encoding::negotiate(offered.as_deref());
        json(serde_json::json!({
            "capabilities": capabilities(self.encoding),
            "serverInfo": ServerInfo { name: "kaohe".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
        }))
    }

    fn notification(&mut self, n: Notification) -> Flow {
        if n.method == "exit" {
            return Flow::Exit(if self.phase == Phase::ShutDown { 0 } else { 1 });
        }
        if self.phase != Phase::Running {
            return Flow::Go;
        }
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    let document = Document {
                        text: doc.text,
                        version: doc.version,
                        analysis: None,
                        parsed: None,
                        checking: None,
                        due: Some(Instant::now()),
                    };
                    self.docs.insert(doc.uri, document);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let (encoding, debounce) = (self.encoding, self.options.debounce);
                    if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                        for change in p.content_changes {
                            match change.range {
                                Some(range) => {
                                    let lines = LineIndex::new(&doc.text, encoding);
                                    let (start, end) = lines.span(&doc.text, range);
                                    doc.text.replace_range(start..end, &change.text);
                                }
                                None => doc.text = change.text,
                            }
                        }
                        doc.version = p.text_document.version;
                        doc.due = Some(Instant::now() + debounce);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(&p.text_document.uri);
                    let uri = p.text_document.uri;
                    for w in self.take_waiting(|w| w.uri == uri) {
                        self.reply(w.request.id, Err(failed(tr!("lsp-document-closed"))));
                    }
                    let params = serde_json::json!({ "uri": uri, "diagnostics": [] });
                    self.notify("textDocument/publishDiagnostics", params);
                }
            }
            "$/cancelRequest" => {
                let id = n.params.get("id").cloned().and_then(|id| serde_json::from_value::<RequestId>(id).ok());
                if let Some(id) = id {
                    for w in self.take_waiting(|w| w.request.id == id) {
                        self.reply(w.request.id, Err(error(ErrorCode::RequestCanceled, tr!("lsp-refuse-cancelled"))));
                    }
                }
            }
            _ => {}
        }
        Flow::Go
    }

    fn take_waiting(&mut self, pick: impl Fn(&Waiting) -> bool) -> Vec<Waiting> {
        let (taken, kept) = std::mem::take(&mut self.waiting).into_iter().partition(|w| pick(w));
        self.waiting = kept;
        taken
    }

    fn analysed_request(&mut self, r: Request) {
        let Some(uri) = request_uri(&r) else {
            return self.reply(r.id, Err(error(ErrorCode::InvalidParams, tr!("lsp-refuse-no-document"))));
        };
        let Some(doc) = self.docs.get_mut(&uri) else {
            let reply = if r.method == "workspace/executeCommand" {
                Err(failed(tr!("lsp-document-not-open")))
            } else {
                Ok(Value::Null)
            };
            return self.reply(r.id, reply);
        };
        if doc.current().is_some() {
            return self.answer(r, &uri);
        }
        // Check now rather than after the rest: someone is waiting.
        if doc.checking != Some(doc.version) {
            doc.due = Some(Instant::now());
        }
        self.waiting.push(Waiting { request: r, uri, since: Instant::now() });
    }

    /// Answers a request from the document's current analysis.
    fn answer(&mut self, r: Request, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else { return self.reply(r.id, Ok(Value::Null)) };
        let Some(analysis) = doc.current().cloned() else { return self.reply(r.id, Ok(Value::Null)) };
        let parsed = doc.parsed.clone();
        let view = View { analysis: &analysis, parsed: parsed.as_deref(), uri };
        let method = r.method.clone();
        // A rename of something the record files name too: they must be changed by hand.
        let warning = (method == "textDocument/rename")
            .then(|| serde_json::from_value(r.params.clone()).ok())
            .flatten()
            .and_then(|p| navigate::records_notice(&view, &p));
        let reply = catch_unwind(AssertUnwindSafe(|| dispatch(&method, r.params, &view)))
            .unwrap_or_else(|_| Err(error(ErrorCode::InternalError, tr!("lsp-refuse-bug"))));
        // Running a worked example from its lens also tells the user how it went.
        let shown = reply.as_ref().ok().filter(|_| method == "workspace/executeCommand").and_then(|v| v.get("message"));
        if let Some(message) = shown.cloned() {
            self.notify("window/showMessage", message);
        }
        if let (Some(message), Ok(_)) = (warning, &reply) {
            self.notify("window/showMessage", ShowMessageParams { typ: MessageType::WARNING, message });
        }
        self.reply(r.id, reply);
    }

    fn analyzed(&mut self, uri: Uri, analysis: Arc<Analysis>) {
        let Some(doc) = self.docs.get_mut(&uri) else { return };
        doc.checking = None;
        if analysis.checked.file.is_some() {
            doc.parsed = Some(analysis.clone());
        }
        let current = analysis.version == doc.version;
        doc.analysis = Some(analysis.clone());
        if !current {
            // A newer text came while this one was checked: its turn comes at `due`.
            doc.due.get_or_insert_with(Instant::now);
            return;
        }
        // Nothing changed since this check started: no other is due.
        doc.due = None;
        let params = diagnostics::publish(&analysis, &uri);
        self.notify("textDocument/publishDiagnostics", params);
        for w in self.take_waiting(|w| w.uri == uri) {
            self.answer(w.request, &uri);
        }
    }

    /// Starts the checks that are due; answers the requests that waited too long.
    fn tick(&mut self) -> Flow {
        let now = Instant::now();
        let encoding = self.encoding;
        for (uri, doc) in &mut self.docs {
            if doc.checking.is_some() || doc.due.is_none_or(|d| d > now) {
                continue;
            }
            doc.due = None;
            doc.checking = Some(doc.version);
            let (tx, uri, text, version) = (self.tx.clone(), uri.clone(), doc.text.clone(), doc.version);
            let run = move || {
                let name = uri.path().as_str().to_string();
                let source = Source::new(name, text);
                let analysis = catch_unwind(AssertUnwindSafe(|| Analysis::new(source.clone(), version, encoding)))
                    .unwrap_or_else(|_| Analysis::broken(source, version, encoding));
                let _ = tx.send(Event::Analyzed(uri, Arc::new(analysis)));
            };
            if std::thread::Builder::new().name("kaohe-lsp-check".into()).spawn(run).is_err() {
                doc.checking = None;
                doc.due = Some(now + self.options.debounce);
            }
        }
        let timeout = self.options.request_timeout;
        for w in self.take_waiting(|w| now.duration_since(w.since) >= timeout) {
            self.reply(w.request.id, Err(failed(tr!("lsp-still-checking"))));
        }
        if self.broken {
            return Flow::Exit(1);
        }
        Flow::Go
    }

    fn next_deadline(&self) -> Option<Instant> {
        let checks = self.docs.values().filter(|d| d.checking.is_none()).filter_map(|d| d.due);
        let waits = self.waiting.iter().map(|w| w.since + self.options.request_timeout);
        checks.chain(waits).min()
    }
}

/// The document a request is about.
fn request_uri(r: &Request) -> Option<Uri> {
    let value = if r.method == "workspace/executeCommand" {
        r.params.get("arguments")?.get(0)?.clone()
    } else {
        r.params.get("textDocument")?.get("uri")?.clone()
    };
    serde_json::from_value(value).ok()
}

fn dispatch(method: &str, params: Value, view: &View) -> Reply {
    match method {
        "textDocument/hover" => hover::hover(view, self::params(params)?),
        "textDocument/definition" => navigate::definition(view, self::params(params)?),
        "textDocument/references" => navigate::references(view, self::params(params)?),
        "textDocument/documentHighlight" => navigate::highlights(view, self::params(params)?),
        "textDocument/prepareRename" => navigate::prepare_rename(view, self::params(params)?),
        "textDocument/rename" => navigate::rename(view, self::params(params)?),
        "textDocument/completion" => complete::completion(view, self::params(params)?),
        "textDocument/codeAction" => actions::code_actions(view, self::params(params)?),
        "textDocument/documentSymbol" => outline::document_symbols(view),
        "textDocument/semanticTokens/full" => tokens::semantic_tokens(view),
        "textDocument/codeLens" => lens::code_lenses(view),
        "textDocument/formatting" => format::formatting(view),
        "workspace/executeCommand" => lens::execute(view, self::params(params)?),
        _ => Err(error(ErrorCode::MethodNotFound, tr!("lsp-refuse-method", method = method))),
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "(".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![lens::RUN_TEST.into()],
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so a failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below.max(1) as u64) as usize
        }
    }

    /// The bundled policy cut and patched at random places: what an editor holds while
    /// someone types.
    fn mangled(rng: &mut Rng) -> String {
        let mut text: Vec<char> = include_str!("../../policies/customer-service.kh").chars().collect();
        let pieces =
            ["agent.", "count(", "）", "“", "😀", "\n", "{", "}", "=", " 30 ", "最低", "tier.", "///", "\"", "TBD"];
        for _ in 0..1 + rng.next(6) {
            let at = rng.next(text.len());
            if rng.next(2) == 0 {
                let len = rng.next(40).min(text.len() - at);
                text.drain(at..at + len);
            } else {
                let piece = pieces[rng.next(pieces.len())];
                for (k, c) in piece.chars().enumerate() {
                    text.insert(at + k, c);
                }
            }
        }
        text.into_iter().collect()
    }

    /// The requests about a whole document.
    const WHOLE: [&str; 5] = [
        "textDocument/documentSymbol",
        "textDocument/semanticTokens/full",
        "textDocument/codeLens",
        "textDocument/formatting",
        "workspace/executeCommand",
    ];

    #[test]
    fn no_feature_panics_on_text_being_typed_or_positions_out_of_range() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let uri: Uri = "file:///t.kh".parse().unwrap();
        for round in 0..12 {
            let text = mangled(&mut rng);
            let encoding = [Encoding::Utf16, Encoding::Utf8, Encoding::Utf32][round % 3];
            let analysis = Analysis::new(Source::new("t.kh", text.clone()), 1, encoding);
            let view = View { analysis: &analysis, parsed: None, uri: &uri };
            let lines = text.lines().count() as u32;
            // The features that read no position, once.
            let doc = serde_json::json!({ "textDocument": { "uri": "file:///t.kh" } });
            for method in ANALYSED.iter().filter(|m| WHOLE.contains(m)) {
                let params = if *method == "workspace/executeCommand" {
                    serde_json::json!({ "command": lens::RUN_TEST, "arguments": ["file:///t.kh", "旷工一次扣10分"] })
                } else {
                    doc.clone()
                };
                let _ = dispatch(method, params, &view);
            }
            for _ in 0..25 {
                let line = rng.next(lines as usize + 3) as u32;
                let character = rng.next(120) as u32;
                let position = serde_json::json!({ "line": line, "character": character });
                let doc = serde_json::json!({ "uri": "file:///t.kh" });
                let at = serde_json::json!({ "textDocument": doc, "position": position });
                let range = serde_json::json!({ "start": position, "end": { "line": line + 2, "character": 0 } });
                for method in ANALYSED.iter().filter(|m| !WHOLE.contains(m)) {
                    let params = match *method {
                        "textDocument/references" => {
                            serde_json::json!({ "textDocument": doc, "position": position, "context": { "includeDeclaration": true } })
                        }
                        "textDocument/rename" => {
                            serde_json::json!({ "textDocument": doc, "position": position, "newName": "新名" })
                        }
                        "textDocument/codeAction" => {
                            serde_json::json!({ "textDocument": doc, "range": range, "context": { "diagnostics": [] } })
                        }
                        _ => at.clone(),
                    };
                    let _ = dispatch(method, params, &view);
                }
            }
        }
    }
}
