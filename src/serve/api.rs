//! The workbench's JSON API (docs/serve.md has each request and answer).
//!
//! Each handler reads its request whole (a body it cannot read is a 4xx with a message,
//! 413 past the limit), then does the command line's work in the request's language on a
//! blocking thread ([`super::in_lang`]). Diagnostics are `kaohe check --format json`'s
//! objects; those placed in the policy the page sent also carry `from` and `to`, their
//! span in UTF-16 code units of that text, which is how the page's editor counts.

use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{failure, in_lang, request_lang, Workbench};
use crate::eval::History;
use crate::i18n::Lang;
use crate::records::Month;
use crate::source::Source;
use crate::{report, snapshot, Diagnostic};

type Shared = State<Arc<Workbench>>;

/// The name the page's policy text is checked under when no file is open.
const UNSAVED: &str = "policy.kh";

/// `GET /api/policy`: the policy file as the page loads it, with the hash `save` wants back.
pub async fn policy(State(w): Shared, request: Request) -> Response {
    let lang = request_lang(&w, request.uri().query());
    let Some(path) = w.policy.clone() else {
        return axum::Json(json!({ "name": null, "path": null, "source": "", "hash": null })).into_response();
    };
    respond(&w, lang, move || {
        let shown = path.to_string_lossy().into_owned();
        let bytes = crate::read_bytes(&shown).map_err(|d| unprocessable(&[d], None))?;
        let hash = snapshot::sha256_hex(&bytes);
        let source = crate::policy_source(&shown, bytes).map_err(|d| unprocessable(&[d], None))?;
        Ok(axum::Json(json!({
            "name": name_of(&path),
            "path": shown,
            "source": source.text(),
            "hash": hash,
        }))
        .into_response())
    })
    .await
}

/// `GET /api/words`: the language's words in both dialects, from the keyword table,
/// for the page's highlighting and completion.
pub async fn words() -> Response {
    use crate::syntax::keywords::{Builtin, Dialect, Keyword, WORDS};
    let spell = |f: &dyn Fn(Dialect) -> Vec<&'static str>| -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Dialect::ALL.iter().flat_map(|d| f(*d)).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let keywords = spell(&|d| Keyword::ALL.iter().map(|k| k.spelling_in(d)).collect());
    let functions = spell(&|d| Builtin::ALL.iter().filter(|b| b.is_function()).map(|b| b.spelling_in(d)).collect());
    let builtins = spell(&|d| Builtin::ALL.iter().filter(|b| !b.is_function()).map(|b| b.spelling_in(d)).collect());
    let mut words: Vec<&str> = WORDS.iter().flat_map(|(_, w)| w.iter().copied()).collect();
    words.sort_unstable();
    words.dedup();
    axum::Json(json!({
        "keywords": keywords,
        "functions": functions,
        "builtins": builtins,
        "words": words,
        "types": crate::check::types::Type::NAMES,
        "units": crate::lsp::words::UNITS,
    }))
    .into_response()
}

/// Any other path under `/api/`.
pub async fn unknown(State(w): Shared, request: Request) -> Response {
    let lang = request_lang(&w, request.uri().query());
    failure(StatusCode::NOT_FOUND, crate::tr_in!(lang; "serve-no-such-endpoint", value = request.uri().path()))
}

#[derive(Deserialize)]
struct SourceBody {
    source: String,
    #[serde(default)]
    dialect: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}

/// `POST /api/check` `{"source"}` → `{"diagnostics"}`.
pub async fn check(State(w): Shared, request: Request) -> Response {
    let (lang, body) = match json_body(&w, request).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    respond(&w, lang, move || {
        let source = Source::new(UNSAVED, body.source);
        let checked = crate::check_source(&source);
        Ok(axum::Json(diagnostics_json(&checked.diagnostics, Some(&source))).into_response())
    })
    .await
}

/// `POST /api/fmt` `{"source", "dialect"?}` → `{"source", "changed"}`, or 422.
pub async fn fmt(State(w): Shared, request: Request) -> Response {
    let (lang, body) = match json_body(&w, request).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    use crate::syntax::keywords::Dialect;
    let dialect = match body.dialect.as_deref() {
        None | Some("") => None,
        Some("zh") => Some(Dialect::Chinese),
        Some("en") => Some(Dialect::English),
        Some(other) => {
            return failure(StatusCode::BAD_REQUEST, crate::tr_in!(lang; "serve-bad-dialect", value = other))
        }
    };
    respond(&w, lang, move || {
        let source = Source::new(UNSAVED, body.source);
        let formatted = crate::fmt::format_source_in(&source, dialect).map_err(|d| unprocessable(&d, Some(&source)))?;
        let changed = formatted != source.text();
        Ok(axum::Json(json!({ "source": formatted, "changed": changed })).into_response())
    })
    .await
}

/// `POST /api/test` `{"source"}` → each worked example with pass or fail, or 422.
pub async fn test(State(w): Shared, request: Request) -> Response {
    let (lang, body) = match json_body(&w, request).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    respond(&w, lang, move || {
        let source = Source::new(UNSAVED, body.source);
        let (program, _) = crate::program_of(&source).map_err(|d| unprocessable(&d, Some(&source)))?;
        let outcomes = crate::worked::run_examples(&program);
        let passed = outcomes.iter().filter(|o| o.ok()).count();
        let examples: Vec<Value> = outcomes
            .iter()
            .map(|o| {
                json!({
                    "name": o.name,
                    "ok": o.ok(),
                    "passed": o.passed,
                    "failures": diagnostics_json(&o.failures, Some(&source))["diagnostics"],
                })
            })
            .collect();
        let failed = examples.len() - passed;
        Ok(axum::Json(json!({ "examples": examples, "passed": passed, "failed": failed })).into_response())
    })
    .await
}

/// `POST /api/save` `{"source", "hash"}`: replaces the policy file whole, unless it
/// changed on disk since the page loaded the text whose hash it sends (409).
pub async fn save(State(w): Shared, request: Request) -> Response {
    let (lang, body) = match json_body(&w, request).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(path) = w.policy.clone() else {
        return failure(StatusCode::CONFLICT, crate::tr_in!(lang; "serve-no-policy-file"));
    };
    respond(&w, lang, move || {
        let shown = path.to_string_lossy().into_owned();
        let now = std::fs::read(&path).ok().map(|b| snapshot::sha256_hex(&b));
        if now != body.hash {
            let mut r = failure(StatusCode::CONFLICT, crate::tr!("serve-file-changed", path = shown.as_str()));
            if let Some(h) = now.and_then(|h| axum::http::HeaderValue::from_str(&h).ok()) {
                r.headers_mut().insert("x-kaohe-hash", h);
            }
            return Err(r);
        }
        let bytes = body.source.into_bytes();
        crate::output::write_whole(&shown, &|out: &mut dyn std::io::Write| out.write_all(&bytes), &[])
            .map_err(|d| unprocessable(&[d], None))?;
        Ok(axum::Json(json!({ "hash": snapshot::sha256_hex(&bytes), "path": shown })).into_response())
    })
    .await
}

/// A month's form: the policy text, the month, the two files (and for `explain`, the agent).
struct MonthForm {
    policy: String,
    /// As sent: parsed in the request's language ([`month_of`]).
    month: String,
    agents: (String, Vec<u8>),
    incidents: (String, Vec<u8>),
    agent: Option<String>,
}

/// `POST /api/eval` (multipart) → `kaohe eval --format json`'s JSON (with `?summary=1`,
/// `kaohe eval --format json --summary`'s), with `?format=xlsx` the workbook; 422
/// `{"diagnostics"}` when the month cannot be evaluated.
pub async fn eval(State(w): Shared, request: Request) -> Response {
    let query = request.uri().query();
    let xlsx = super::query_param(query, "format").as_deref() == Some("xlsx");
    let summary = super::query_param(query, "summary").is_some_and(|v| v == "1" || v == "true");
    let ledger = w.ledger.clone();
    let (lang, form) = match month_form(&w, request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    respond(&w, lang, move || {
        let (source, program, result, history) = evaluate(form, ledger.as_deref())?;
        if !xlsx {
            let summary = if summary {
                let s = report::summary(&program, &result, &history).map_err(|d| unprocessable(&[d], None))?;
                Some(report::summary_json(&program, &s))
            } else {
                None
            };
            // `kaohe eval --format json`'s default layout.
            let mut body = Vec::new();
            let layout = report::Layout::Compact;
            let _ = report::write_month_json_as(&program, &result, layout, summary.as_ref(), &mut body);
            return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
        }
        let bytes = report::month_xlsx(&program, &result, &history).map_err(|e| {
            let d = Diagnostic::error(crate::Code::Io, crate::tr!("cli-workbook-not-written", reason = e.to_string()));
            unprocessable(&[d], Some(&source))
        })?;
        let file = format!("attachment; filename=\"kaohe-{}.xlsx\"", result.month);
        let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Ok(([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, file)], bytes).into_response())
    })
    .await
}

/// `POST /api/explain` (multipart, with `agent`) → `{"explanation", "text"}`: the agent's
/// derivation as `kaohe eval --explain ID` gives it, as JSON and as text.
pub async fn explain(State(w): Shared, request: Request) -> Response {
    let ledger = w.ledger.clone();
    let (lang, mut form) = match month_form(&w, request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(id) = form.agent.take() else {
        return failure(StatusCode::BAD_REQUEST, crate::tr_in!(lang; "serve-missing-field", value = "agent"));
    };
    respond(&w, lang, move || {
        let agents_file = form.agents.0.clone();
        let (_, program, result, _) = evaluate(form, ledger.as_deref())?;
        let agent = crate::find_agent(&result, &id, &agents_file).map_err(|d| {
            let mut r = unprocessable(&[d], None);
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        })?;
        let explanation: Value =
            serde_json::from_str(&report::explain_json(&program, result.month, agent)).unwrap_or(Value::Null);
        let text = report::explain_text(&program, result.month, agent);
        Ok(axum::Json(json!({ "explanation": explanation, "text": text })).into_response())
    })
    .await
}

/// `POST /api/diff` (multipart) → what the page's text changes against the saved file,
/// on the month: `kaohe diff --format json`'s JSON as `diff`, and its text as `text`.
pub async fn diff(State(w): Shared, request: Request) -> Response {
    let (lang, form) = match month_form(&w, request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(path) = w.policy.clone() else {
        return failure(StatusCode::CONFLICT, crate::tr_in!(lang; "serve-no-policy-file"));
    };
    let ledger = w.ledger.clone();
    respond(&w, lang, move || {
        let old = crate::read_policy(&path.to_string_lossy()).map_err(|d| unprocessable(&[d], None))?;
        let new = Source::new(UNSAVED, form.policy);
        let options = crate::EvalOptions::default().with_trace(crate::eval::Trace::Report);
        let agents = (form.agents.0.as_str(), form.agents.1.as_slice());
        let incidents = (form.incidents.0.as_str(), form.incidents.1.as_slice());
        let month = month_of(&form.month)?;
        let history = history_of(ledger.as_deref(), month)?;
        let r = crate::diff_revisions(&old, &new, month, agents, incidents, &options, &history)
            .map_err(|d| unprocessable(&d, Some(&new)))?;
        let doc: Value = serde_json::from_str(&crate::diff::render_json(&r.declarations, &r.agents, &r.totals))
            .unwrap_or(Value::Null);
        let text = crate::diff::render_text(&r.declarations, &r.agents, &r.totals, r.agent_count, new.text());
        Ok(axum::Json(json!({ "diff": doc, "text": text })).into_response())
    })
    .await
}

/// The month's evaluation: its policy (the form's text), the program, the result with
/// full derivations, and the closed months it read.
type Evaluated = (Arc<Source>, crate::Program, crate::eval::MonthResult, History);

/// Checks the form's policy and evaluates its month with full derivations, reading the
/// closed months of `ledger` (none without one).
fn evaluate(form: MonthForm, ledger: Option<&Path>) -> Result<Evaluated, Response> {
    let MonthForm { policy, month, agents, incidents, .. } = form;
    let month = month_of(&month)?;
    let source = Source::new(UNSAVED, policy);
    let (program, _) = crate::program_of(&source).map_err(|d| unprocessable(&d, Some(&source)))?;
    let history = history_of(ledger, month)?;
    let (agents, incidents) = ((agents.0.as_str(), agents.1), (incidents.0.as_str(), incidents.1));
    let options = crate::EvalOptions::default();
    let (result, _) = crate::evaluate_month_with_history(&program, month, agents, incidents, &options, &history)
        .map_err(|d| unprocessable(&d, Some(&source)))?;
    Ok((source, program, result, history))
}

/// The closed months before `month` in `ledger`, as `kaohe eval --ledger` reads them
/// (nothing is written); none without a ledger. 422 when the ledger cannot be read.
fn history_of(ledger: Option<&Path>, month: Month) -> Result<History, Response> {
    match ledger {
        None => Ok(History::none()),
        Some(path) => {
            crate::closing::history_for(&path.to_string_lossy(), month).map_err(|d| unprocessable(&[d], None))
        }
    }
}

/// The form's month, or 400 with why it is not one.
fn month_of(text: &str) -> Result<Month, Response> {
    text.parse::<Month>().map_err(|e| failure(StatusCode::BAD_REQUEST, crate::tr!("serve-bad-month", value = e)))
}

/// Runs an endpoint's work off the async threads in the request's language
/// ([`super::in_lang`]): its answer, its refusal, or 500 if it panicked.
async fn respond(
    w: &Workbench,
    lang: Lang,
    work: impl FnOnce() -> Result<Response, Response> + Send + 'static,
) -> Response {
    match in_lang(w, lang, work).await {
        Ok(Ok(r) | Err(r)) | Err(r) => r,
    }
}

/// A JSON body, or why it is not one: 413 over the limit, else 400 with serde's reason.
async fn json_body(w: &Workbench, request: Request) -> Result<(Lang, SourceBody), Response> {
    let lang = request_lang(w, request.uri().query());
    let bytes: Result<Bytes, BytesRejection> =
        <Bytes as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    let bytes = bytes.map_err(|e| body_refused(lang, w, e.status(), &e.body_text()))?;
    let body = serde_json::from_slice::<SourceBody>(&bytes)
        .map_err(|e| failure(StatusCode::BAD_REQUEST, crate::tr_in!(lang; "serve-bad-json", value = e.to_string())))?;
    Ok((lang, body))
}

fn body_refused(lang: Lang, w: &Workbench, status: StatusCode, reason: &str) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        let mib = (w.upload_limit / (1024 * 1024)).to_string();
        let bytes = w.upload_limit.to_string();
        return failure(status, crate::tr_in!(lang; "serve-too-large", mib = mib, bytes = bytes));
    }
    let status = if status.is_client_error() { status } else { StatusCode::BAD_REQUEST };
    failure(status, crate::tr_in!(lang; "serve-bad-body", value = reason))
}

/// Reads a month's multipart form: `policy`, `month`, files `agents` and `incidents`,
/// and `agent` (for explanations).
async fn month_form(w: &Workbench, request: Request) -> Result<(Lang, MonthForm), Response> {
    let lang = request_lang(w, request.uri().query());
    let bad = |message: String| failure(StatusCode::BAD_REQUEST, message);
    let multipart = <Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    let mut multipart =
        multipart.map_err(|e| bad(crate::tr_in!(lang; "serve-bad-multipart", value = e.body_text())))?;
    let (mut policy, mut month, mut agents, mut incidents, mut agent) = (None, None, None, None, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(body_refused(lang, w, e.status(), &e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        let file = field.file_name().map(base_name);
        let bytes = field.bytes().await.map_err(|e| body_refused(lang, w, e.status(), &e.body_text()))?;
        let text = || {
            String::from_utf8(bytes.to_vec())
                .map_err(|_| bad(crate::tr_in!(lang; "serve-field-not-text", value = name.as_str())))
        };
        match name.as_str() {
            "policy" => policy = Some(text()?),
            "month" => month = Some(text()?),
            "agent" => agent = Some(text()?),
            "agents" => agents = Some((file.unwrap_or_else(|| "agents.csv".into()), bytes.to_vec())),
            "incidents" => incidents = Some((file.unwrap_or_else(|| "incidents.csv".into()), bytes.to_vec())),
            _ => {}
        }
    }
    let missing = |field: &str| bad(crate::tr_in!(lang; "serve-missing-field", value = field));
    let form = MonthForm {
        policy: policy.ok_or_else(|| missing("policy"))?,
        month: month.ok_or_else(|| missing("month"))?,
        agents: agents.ok_or_else(|| missing("agents"))?,
        incidents: incidents.ok_or_else(|| missing("incidents"))?,
        agent,
    };
    Ok((lang, form))
}

/// The last part of an uploaded file's name (a browser may send a whole path).
fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if base.is_empty() {
        "upload".to_string()
    } else {
        base.to_string()
    }
}

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(|| path.to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned())
}

/// 422 `{"diagnostics"}`.
fn unprocessable(diags: &[Diagnostic], policy: Option<&Arc<Source>>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(diagnostics_json(diags, policy))).into_response()
}

/// `{"diagnostics": […]}`: `kaohe check --format json`'s objects, with `from` and `to`
/// (UTF-16 offsets) for those placed in `policy`.
fn diagnostics_json(diags: &[Diagnostic], policy: Option<&Arc<Source>>) -> Value {
    let list: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d.to_json()).unwrap_or(Value::Null);
            if let (Some(span), Some(policy), Value::Object(m)) = (&d.span, policy, &mut v) {
                if Arc::ptr_eq(&span.source, policy) {
                    let text = policy.text();
                    let units = |at: usize| text.get(..at).map_or(0, |s| s.encode_utf16().count());
                    m.insert("from".into(), json!(units(span.start)));
                    m.insert("to".into(), json!(units(span.end)));
                }
            }
            v
        })
        .collect();
    json!({ "diagnostics": list })
}
