//! `kaohe serve`: the workbench, a page on the user's own machine where a policy is
//! written with live diagnostics and a month is run, explained, compared and downloaded.
//!
//! [`router`] is the whole server as an axum `Router`: the page's files (built from
//! `web/` into `web/dist/`, embedded in the binary), and the JSON API ([`api`]), each
//! endpoint a thin wrapper over what the command line computes (`check_source`,
//! [`crate::evaluate_month`], the reports, [`crate::diff_revisions`], the formatter, the
//! worked examples), reading the closed months of the ledger it was given, if any, as
//! `kaohe eval --ledger` does. [`serve`] runs it on a listener with tokio's
//! current-thread runtime; the work of a request runs on tokio's blocking threads, one at
//! a time ([`LANGUAGE`]), in the language the page asks for.
//!
//! Safe by default (docs/serve.md): every request's `Host` must be one of the addresses
//! the server listens on (DNS rebinding), an `Origin`, when sent, must be the page's own;
//! the API wants the per-run token in the `token` query parameter (401 without, 403
//! wrong); bodies over [`Workbench::upload_limit`] get 413; nothing is written but by
//! `POST /api/save`, which replaces the policy file whole and refuses when the file
//! changed since the page loaded it. Every refusal and every malformed request is a 4xx
//! with `{"message": …}`; nothing a request sends makes a handler panic, and a panic of
//! a request's work would be a 500, not the end of the server.

mod api;
mod assets;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::i18n::{self, Lang};

/// The largest request body accepted (a month's two files and the policy): 200 MiB.
pub const UPLOAD_LIMIT: usize = 200 * 1024 * 1024;

/// The default port of `kaohe serve`.
pub const DEFAULT_PORT: u16 = 7878;

/// Held by a request's work while it runs (one at a time, and the process's language,
/// when [`Workbench::process_language`] sets it, is that request's).
static LANGUAGE: Mutex<()> = Mutex::new(());

/// What the server serves and whom it answers.
#[derive(Clone, Debug)]
pub struct Workbench {
    /// The policy file the page edits and saves; without one the page starts empty and
    /// cannot save or diff.
    pub policy: Option<PathBuf>,
    /// The ledger whose closed months a month reads (history expressions, the summary's
    /// months), read only as `kaohe eval --ledger` reads it; without one, no history.
    pub ledger: Option<PathBuf>,
    /// The per-run secret the API wants in `?token=`.
    pub token: String,
    /// The `Host` headers answered: `127.0.0.1:7878`, `localhost:7878` …
    pub hosts: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub upload_limit: usize,
    /// The language of messages when a request names none (`?lang=zh|en`).
    pub lang: Lang,
    /// Whether a request's language is made the process's while its work runs (messages
    /// are made on the checker's and the evaluator's own threads too): true for `kaohe
    /// serve`, whose process does nothing else; false where other work shares the
    /// process (the tests), whose requests' work then speaks the process's language
    /// (refusals and malformed requests are said in the request's either way).
    pub process_language: bool,
}

impl Workbench {
    /// A workbench for `policy` answering on `host:port` (and the loopback names of
    /// the same port), with a fresh token.
    pub fn new(policy: Option<PathBuf>, host: &str, port: u16) -> Workbench {
        Workbench {
            policy,
            ledger: None,
            token: new_token(),
            hosts: hosts_for(host, port),
            upload_limit: UPLOAD_LIMIT,
            lang: i18n::current(),
            process_language: true,
        }
    }

    /// The address of the page, with the token, for the first `Host`.
    pub fn url(&self) -> String {
        let host = self.hosts.first().map_or("127.0.0.1", String::as_str);
        format!("http://{host}/?token={}", self.token)
    }
}

/// The `Host` values a server on `host:port` answers to: the address itself, and for a
/// loopback address every loopback name of the port.
pub fn hosts_for(host: &str, port: u16) -> Vec<String> {
    let shown = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host.to_string() };
    let mut hosts = vec![format!("{shown}:{port}")];
    if is_loopback(host) {
        for name in ["127.0.0.1", "localhost", "[::1]"] {
            let h = format!("{name}:{port}");
            if !hosts.contains(&h) {
                hosts.push(h);
            }
        }
    }
    hosts
}

/// Whether `host` is a loopback address or `localhost`.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// 32 random hex digits from the system's random source (a clock-derived value if it
/// has none, which no supported system lacks).
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes = (nanos ^ u128::from(std::process::id()).rotate_left(64)).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The whole server: the page, the API and the guard in front of both.
pub fn router(workbench: Workbench) -> Router {
    let limit = workbench.upload_limit;
    let state = Arc::new(workbench);
    Router::new()
        .route("/api/policy", get(api::policy))
        .route("/api/words", get(api::words))
        .route("/api/check", post(api::check))
        .route("/api/eval", post(api::eval))
        .route("/api/explain", post(api::explain))
        .route("/api/diff", post(api::diff))
        .route("/api/fmt", post(api::fmt))
        .route("/api/test", post(api::test))
        .route("/api/save", post(api::save))
        .route("/api/{*rest}", get(api::unknown).post(api::unknown))
        .route("/", get(assets::index))
        .route("/{*path}", get(assets::file))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Serves the workbench on `listener` until the process ends.
pub fn serve(workbench: Workbench, listener: std::net::TcpListener) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(workbench)).await
    })
}

/// The language a request asks for (`?lang=en`), else the workbench's.
fn request_lang(workbench: &Workbench, query: Option<&str>) -> Lang {
    query_param(query, "lang").and_then(|l| Lang::parse(&l)).unwrap_or(workbench.lang)
}

/// The value of one parameter of a query string, percent-decoded.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(query?);
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn serde_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{query}").parse().unwrap_or_else(|_| axum::http::Uri::from_static("/")),
    )
    .map(|q| q.0)
    .unwrap_or_default()
}

/// A refusal or a malformed request: `{"message": …}` with its status.
pub(crate) fn failure(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "message": message }))).into_response()
}

/// Refuses what does not come from the page on this machine: a foreign `Host` or
/// `Origin` anywhere, a missing or wrong token on the API.
async fn guard(State(w): State<Arc<Workbench>>, request: Request, next: Next) -> Response {
    let lang = request_lang(&w, request.uri().query());
    let headers: &HeaderMap = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !w.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return failure(StatusCode::FORBIDDEN, crate::tr_in!(lang; "serve-host-refused", value = host));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !w.hosts.iter().any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))) {
            return failure(StatusCode::FORBIDDEN, crate::tr_in!(lang; "serve-origin-refused", value = origin));
        }
    }
    if request.uri().path().starts_with("/api/") {
        match query_param(request.uri().query(), "token") {
            None => return failure(StatusCode::UNAUTHORIZED, crate::tr_in!(lang; "serve-token-missing")),
            Some(t) if !same_secret(&t, &w.token) => {
                return failure(StatusCode::FORBIDDEN, crate::tr_in!(lang; "serve-token-wrong"));
            }
            Some(_) => {}
        }
    }
    next.run(request).await
}

/// Compares two secrets in time that depends only on their lengths.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Runs a request's work on a blocking thread with messages in `lang`; a panic of the
/// work is a 500.
pub(crate) async fn in_lang<T: Send + 'static>(
    workbench: &Workbench,
    lang: Lang,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    let process_wide = workbench.process_language;
    let task = tokio::task::spawn_blocking(move || {
        let _held = LANGUAGE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = i18n::current();
        if process_wide {
            i18n::set(lang);
        }
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        if process_wide {
            i18n::set(before);
        }
        out
    });
    match task.await {
        Ok(Ok(out)) => Ok(out),
        _ => Err(failure(StatusCode::INTERNAL_SERVER_ERROR, crate::tr_in!(lang; "serve-internal"))),
    }
}
