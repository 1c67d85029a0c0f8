//! The workbench's API (`kaohe serve`, docs/serve.md): each endpoint against what the
//! command line prints for the same input, and the security cases (token, Host, Origin,
//! upload limit, malformed requests, stale saves). Requests go to the router itself
//! (`tower::ServiceExt::oneshot`), no socket; one test starts the binary and talks HTTP
//! to it over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use kaohe::i18n::Lang;
use kaohe::serve::{hosts_for, is_loopback, router, Workbench, UPLOAD_LIMIT};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::kaohe;

const HOST: &str = "127.0.0.1:7878";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const TYPO: (&str, &str) = ("本月赔偿扣款, 最低工资)", "本月赔偿扣款, 最低工姿)");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn zh_policy() -> String {
    std::fs::read_to_string(root().join("policies/customer-service.zh.kh")).unwrap()
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(root().join("examples/2024-10").join(name)).unwrap()
}

fn workbench(policy: Option<PathBuf>) -> Workbench {
    let mut w = Workbench::new(policy, "127.0.0.1", 7878);
    w.token = TOKEN.to_string();
    w.lang = Lang::En;
    // Other tests share this process: only the request's thread changes language.
    w.process_language = false;
    w
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn message(&self) -> String {
        self.json()["message"].as_str().unwrap_or_else(|| panic!("no message: {}", self.json())).to_string()
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

fn send(w: &Workbench, request: Request<Body>) -> Answer {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(async {
        let response = router(w.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Answer { status, headers, body }
    })
}

fn post(uri: &str, content_type: &str) -> axum::http::request::Builder {
    Request::builder().method("POST").uri(uri).header(header::HOST, HOST).header(header::CONTENT_TYPE, content_type)
}

fn post_json(w: &Workbench, path: &str, value: Value) -> Answer {
    let body = serde_json::to_vec(&value).unwrap();
    let uri = format!("/api/{path}?token={TOKEN}");
    send(w, post(&uri, "application/json").body(Body::from(body)).unwrap())
}

/// A multipart form of text fields and files (`(name, Some(file name), bytes)`).
fn form(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "kaohe-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn month_fields<'a>(
    policy: &'a str,
    agents: &'a [u8],
    incidents: &'a [u8],
) -> Vec<(&'a str, Option<&'a str>, &'a [u8])> {
    vec![
        ("policy", None, policy.as_bytes()),
        ("month", None, b"2024-10"),
        ("agents", Some("agents.csv"), agents),
        ("incidents", Some("incidents.csv"), incidents),
    ]
}

fn post_form(w: &Workbench, path_and_query: &str, fields: &[(&str, Option<&str>, &[u8])]) -> Answer {
    let (kind, body) = form(fields);
    let sep = if path_and_query.contains('?') { '&' } else { '?' };
    let uri = format!("/api/{path_and_query}{sep}token={TOKEN}");
    send(w, post(&uri, &kind).body(Body::from(body)).unwrap())
}

fn sample_month(w: &Workbench, path: &str, policy: &str) -> Answer {
    let (a, i) = (sample("agents.csv"), sample("incidents.csv"));
    post_form(w, path, &month_fields(policy, &a, &i))
}

/// A folder of its own under the target folder, with the Chinese policy in it.
fn policy_folder(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("kaohe-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.kh");
    std::fs::write(&file, zh_policy()).unwrap();
    (dir, file)
}

fn sha256(bytes: &[u8]) -> String {
    kaohe::snapshot::sha256_hex(bytes)
}

fn utf16_slice(text: &str, from: u64, to: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[from as usize..to as usize]).unwrap()
}

#[test]
fn check_answers_kaohe_check_json_with_the_span_in_utf16() {
    let bad = zh_policy().replace(TYPO.0, TYPO.1);
    let a = post_json(&workbench(None), "check", json!({ "source": bad }));
    assert_eq!(a.status, StatusCode::OK);
    let list = a.json()["diagnostics"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "{list:?}");
    let d = &list[0];
    assert_eq!(d["code"], "kaohe::undefined");
    assert_eq!(d["severity"], "error");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(156), Some(39)));
    assert_eq!(utf16_slice(&bad, d["from"].as_u64().unwrap(), d["to"].as_u64().unwrap()), "最低工姿");
    // The rest is `kaohe check --format json`'s object for the same text.
    let source = kaohe::Source::new("policy.kh", bad.clone());
    let expected = serde_json::to_value(kaohe::check_source(&source).diagnostics[0].to_json()).unwrap();
    let mut got = d.clone();
    got.as_object_mut().unwrap().retain(|k, _| k != "from" && k != "to");
    assert_eq!(got, expected);

    let clean = post_json(&workbench(None), "check", json!({ "source": zh_policy() }));
    assert_eq!(clean.json(), json!({ "diagnostics": [] }));
}

#[test]
fn eval_answers_exactly_what_kaohe_eval_prints() {
    let a = sample_month(&workbench(None), "eval", &zh_policy());
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(a.text(), cli_month(&["--format", "json"]));
    let month = a.json();
    let a013 = month["agents"].as_array().unwrap().iter().find(|x| x["id"] == "A013").unwrap();
    assert_eq!(a013["points"], "23");
}

/// `kaohe eval` of the sample month with `extra` arguments, as the command prints it.
fn cli_month(extra: &[&str]) -> String {
    let args = [
        "eval",
        "policies/customer-service.zh.kh",
        "--month",
        "2024-10",
        "--agents",
        "examples/2024-10/agents.csv",
        "--incidents",
        "examples/2024-10/incidents.csv",
    ];
    let out = kaohe(&[&args[..], extra].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn eval_with_summary_answers_exactly_what_kaohe_eval_summary_prints() {
    let a = sample_month(&workbench(None), "eval?summary=1", &zh_policy());
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(a.text(), cli_month(&["--format", "json", "--summary"]));
    let summary = &a.json()["summary"];
    assert_eq!(summary["pay_line"], "实发工资");
    let tiers: Vec<&str> = summary["tiers"].as_array().unwrap().iter().map(|t| t["tier"].as_str().unwrap()).collect();
    assert_eq!(tiers, ["初级客服", "中级客服", "高级客服", "资深客服"]);
    let agents: u64 = summary["tiers"].as_array().unwrap().iter().map(|t| t["agents"].as_u64().unwrap()).sum();
    assert_eq!(agents, 30);
    let binned: u64 = summary["points"].as_array().unwrap().iter().map(|b| b["agents"].as_u64().unwrap()).sum();
    assert_eq!(binned, 30);
    assert_eq!(summary["points"][0]["label"], "0");
    // No ledger, no months.
    assert_eq!(summary["months"], json!([]));
    // Without the parameter, the plain month.
    let plain = sample_month(&workbench(None), "eval?summary=0", &zh_policy());
    assert!(plain.json().get("summary").is_none());
}

/// The sample month's incidents moved to `month` (its dates past the month's end on the
/// last day), as a later month's files.
fn incidents_of(month: &str, last_day: u32) -> String {
    let text = String::from_utf8(sample("incidents.csv")).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let moved = line.replacen(",2024-10-", &format!(",{month}-"), 1);
        let day = |l: &str| l.split(',').nth(1).and_then(|d| d.get(8..10)).and_then(|d| d.parse::<u32>().ok());
        let fixed = match day(&moved) {
            Some(d) if d > last_day => moved.replacen(&format!("{month}-{d:02}"), &format!("{month}-{last_day:02}"), 1),
            _ => moved,
        };
        out.push_str(&fixed);
        out.push('\n');
    }
    out
}

/// A ledger with 2024-10 (the sample month) and 2024-11 closed, and the files of 2024-12:
/// the folder, the ledger's path and the month's files.
fn ledger_folder(name: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let (dir, policy) = policy_folder(name);
    let db = dir.join("kaohe.db");
    let close = |month: &str, agents: &Path, incidents: &Path| {
        let (p, a, i, d) =
            (policy.to_str().unwrap(), agents.to_str().unwrap(), incidents.to_str().unwrap(), db.to_str().unwrap());
        let out = kaohe(&["close", p, "--month", month, "--agents", a, "--incidents", i, "--ledger", d]);
        assert!(out.status.success(), "close {month}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let agents = root().join("examples/2024-10/agents.csv");
    close("2024-10", &agents, &root().join("examples/2024-10/incidents.csv"));
    let november = dir.join("incidents-2024-11.csv");
    std::fs::write(&november, incidents_of("2024-11", 30)).unwrap();
    close("2024-11", &agents, &november);
    let december = dir.join("incidents.csv");
    std::fs::write(&december, incidents_of("2024-12", 31)).unwrap();
    (dir, db, agents, december)
}

#[test]
fn with_a_ledger_eval_explain_and_diff_read_the_closed_months_as_the_commands_do() {
    let (dir, db, agents, incidents) = ledger_folder("ledger");
    let before = std::fs::read(&db).unwrap();
    let mut w = workbench(Some(dir.join("policy.kh")));
    w.ledger = Some(db.clone());
    let policy = zh_policy();
    let (a, i) = (std::fs::read(&agents).unwrap(), std::fs::read(&incidents).unwrap());
    let mut fields = month_fields(&policy, &a, &i);
    fields[1] = ("month", None, &b"2024-12"[..]);
    let (d, ag, inc) = (db.to_str().unwrap(), agents.to_str().unwrap(), incidents.to_str().unwrap());
    let month = ["--month", "2024-12", "--agents", ag, "--incidents", inc, "--ledger", d];
    let cli = |args: &[&str]| {
        let out = kaohe(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };

    let answer = post_form(&w, "eval?summary=1", &fields);
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let expected =
        cli(&[&["eval", "policies/customer-service.zh.kh"], &month[..], &["--format", "json", "--summary"]].concat());
    assert_eq!(answer.text(), expected);
    let months = answer.json()["summary"]["months"].clone();
    let shown: Vec<(&str, bool)> = months
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap(), m["current"].as_bool().unwrap()))
        .collect();
    assert_eq!(shown, [("2024-10", false), ("2024-11", false), ("2024-12", true)]);
    assert_eq!(months[2]["agents"], 30);
    // The carried-over compensation is history: it differs from the month without the ledger.
    let alone = post_form(&workbench(None), "eval?summary=1", &fields).json();
    assert_eq!(alone["summary"]["months"], json!([]));
    assert_ne!(alone["agents"], answer.json()["agents"]);

    // The workbook has the months chart too (four charts without a ledger, five with).
    let charts = |a: &Answer| {
        assert_eq!(a.status, StatusCode::OK, "{}", String::from_utf8_lossy(&a.body));
        let zip = zip::ZipArchive::new(std::io::Cursor::new(a.body.clone())).unwrap();
        zip.file_names().filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml")).count()
    };
    assert_eq!(charts(&post_form(&w, "eval?format=xlsx", &fields)), 5);
    assert_eq!(charts(&post_form(&workbench(None), "eval?format=xlsx", &fields)), 4);

    let mut with_agent = fields.clone();
    with_agent.push(("agent", None, &b"A013"[..]));
    let explained = post_form(&w, "explain", &with_agent);
    assert_eq!(explained.status, StatusCode::OK, "{}", explained.text());
    let text = cli(&[&["eval", "policies/customer-service.zh.kh"], &month[..], &["--explain", "A013"]].concat());
    assert_eq!(explained.json()["text"].as_str().unwrap(), text);

    let revised = policy.replace("设 最低工资 = 2420 元", "设 最低工资 = 3600 元");
    let revised_file = dir.join("revised.kh");
    std::fs::write(&revised_file, &revised).unwrap();
    let mut diff_fields = fields.clone();
    diff_fields[0] = ("policy", None, revised.as_bytes());
    let diffed = post_form(&w, "diff", &diff_fields);
    assert_eq!(diffed.status, StatusCode::OK, "{}", diffed.text());
    let (old, new) = (dir.join("policy.kh"), revised_file);
    let json_cli =
        cli(&[&["diff", old.to_str().unwrap(), new.to_str().unwrap()], &month[..], &["--format", "json"]].concat());
    assert_eq!(diffed.json()["diff"], serde_json::from_str::<Value>(&json_cli).unwrap());
    assert_eq!(std::fs::read(&db).unwrap(), before, "the ledger is only read");

    // A ledger that went missing is the month's 422, as `kaohe eval --ledger` refuses it.
    w.ledger = Some(dir.join("typo.db"));
    let missing = post_form(&w, "eval?summary=1", &fields);
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["diagnostics"][0]["code"], "kaohe::ledger::invalid");
    assert!(!dir.join("typo.db").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn diff_gives_each_changed_pay_of_the_summary_pay_line() {
    // The impact chart: from the diff, every agent whose pay line (the summary's) changes.
    let (dir, file) = policy_folder("impact");
    let revised = zh_policy().replace("设 最低工资 = 2420 元", "设 最低工资 = 3600 元");
    let w = workbench(Some(file));
    let line = sample_month(&w, "eval?summary=1", &revised).json()["summary"]["pay_line"].as_str().unwrap().to_string();
    assert_eq!(line, "实发工资");
    let saved = sample_month(&w, "eval", &zh_policy()).json();
    let diff = sample_month(&w, "diff", &revised).json();
    let mut rises = Vec::new();
    for a in diff["diff"]["agents"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let change = a["changes"].as_array().unwrap().iter().find(|c| c["figure"] == line.as_str());
        let change = change.unwrap_or_else(|| panic!("{id}: no {line} change in {a}"));
        let old = saved["agents"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap()["pay"][&line].clone();
        assert_eq!(change["old"], old, "{id}");
        assert_eq!(change["new"], "3600.00", "{id}");
        rises.push(id.to_string());
    }
    assert_eq!(rises.len(), 10);
    assert!(rises.contains(&"A001".to_string()));
    // A comment changes nobody's pay: the impact chart is empty.
    let none = sample_month(&w, "diff", &format!("{}\n// 修订\n", zh_policy())).json();
    assert_eq!(none["diff"]["agents"], json!([]));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn eval_as_xlsx_is_the_workbook() {
    let a = sample_month(&workbench(None), "eval?format=xlsx", &zh_policy());
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(a.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"kaohe-2024-10.xlsx\"");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.body.clone())).unwrap();
    let mut book = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut book).unwrap();
    assert!(book.contains("<sheet name=\"results\""), "{book}");
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut strings).unwrap();
    assert!(strings.contains("张晓雯") && strings.contains("A030"));
}

#[test]
fn eval_reads_workbooks_and_gbk_csv_as_kaohe_eval_does() {
    let csv = sample_month(&workbench(None), "eval", &zh_policy()).text();
    let book = |name: &str| std::fs::read(root().join("tests/fixtures/2024-10").join(name)).unwrap();
    let (agents, incidents) = (book("agents.xlsx"), book("incidents.xlsx"));
    let policy = zh_policy();
    let fields = [
        ("policy", None, policy.as_bytes()),
        ("month", None, &b"2024-10"[..]),
        ("agents", Some("agents.xlsx"), agents.as_slice()),
        ("incidents", Some("incidents.xlsx"), incidents.as_slice()),
    ];
    let a = post_form(&workbench(None), "eval", &fields);
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.text(), csv);
    // GBK, as Excel saves CSV on a Chinese Windows.
    let gbk = |name: &str| {
        let text = String::from_utf8(sample(name)).unwrap();
        encoding_rs::GBK.encode(&text).0.into_owned()
    };
    let (agents, incidents) = (gbk("agents.csv"), gbk("incidents.csv"));
    assert!(std::str::from_utf8(&agents).is_err());
    let a = post_form(&workbench(None), "eval", &month_fields(&policy, &agents, &incidents));
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.text(), csv);
}

#[test]
fn eval_that_cannot_run_is_422_with_the_diagnostics() {
    let bad = zh_policy().replace(TYPO.0, TYPO.1);
    let a = sample_month(&workbench(None), "eval", &bad);
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = &a.json()["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64()), (Some("kaohe::undefined"), Some(156)));
    assert!(d["from"].is_u64());

    // A record file's problem names the uploaded file.
    let agents = b"id,name\nA001,x\n".to_vec();
    let a = post_form(&workbench(None), "eval", &month_fields(&zh_policy(), &agents, &sample("incidents.csv")));
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = &a.json()["diagnostics"][0];
    assert_eq!(d["file"], "agents.csv");
    assert!(d["code"].as_str().unwrap().starts_with("kaohe::record"), "{d}");
    assert!(d.get("from").is_none());
}

#[test]
fn explain_gives_kaohe_eval_explain() {
    let (a, i) = (sample("agents.csv"), sample("incidents.csv"));
    let policy = zh_policy();
    let mut fields = month_fields(&policy, &a, &i);
    fields.push(("agent", None, b"A013"));
    let answer = post_form(&workbench(None), "explain", &fields);
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["text"].as_str().unwrap(), cli_month(&["--explain", "A013"]));
    assert_eq!(json["explanation"]["agent"]["id"], "A013", "{}", json["explanation"]);

    let mut fields = month_fields(&policy, &a, &i);
    fields.push(("agent", None, b"A0133"));
    let answer = post_form(&workbench(None), "explain", &fields);
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let d = &answer.json()["diagnostics"][0];
    assert_eq!(d["code"], "kaohe::record::unknown_agent");
    assert_eq!(d["help"], "did you mean `A013`?");

    let answer = post_form(&workbench(None), "explain", &month_fields(&policy, &a, &i));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.message(), "the form has no `agent`");
}

#[test]
fn diff_compares_the_text_with_the_saved_file_as_kaohe_diff_does() {
    let (dir, file) = policy_folder("diff");
    let revised = zh_policy().replace("设 最低工资 = 2420 元", "设 最低工资 = 3600 元");
    assert_ne!(revised, zh_policy());
    let a = sample_month(&workbench(Some(file.clone())), "diff", &revised);
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let revised_file = dir.join("revised.kh");
    std::fs::write(&revised_file, &revised).unwrap();
    let (old, new) = (file.to_string_lossy().into_owned(), revised_file.to_string_lossy().into_owned());
    let args = [
        "--month",
        "2024-10",
        "--agents",
        "examples/2024-10/agents.csv",
        "--incidents",
        "examples/2024-10/incidents.csv",
    ];
    let cli_json = kaohe(&[&["diff", &old, &new], &args[..], &["--format", "json"]].concat());
    let cli_text = kaohe(&[&["diff", &old, &new], &args[..]].concat());
    let expected: Value = serde_json::from_slice(&cli_json.stdout).unwrap();
    let got = a.json();
    assert_eq!(got["diff"], expected);
    assert_eq!(got["text"].as_str().unwrap(), String::from_utf8(cli_text.stdout).unwrap());
    let agents: Vec<&str> =
        got["diff"]["agents"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    // Exactly those the new minimum wage lifts: paid under 3600 by the saved file.
    let saved = sample_month(&workbench(None), "eval", &zh_policy()).json();
    let lifted: Vec<&str> = saved["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["pay"]["实发工资"].as_str().unwrap().parse::<f64>().unwrap() < 3600.0)
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(agents, lifted);
    assert_eq!(agents.len(), 10);

    let a = sample_month(&workbench(None), "diff", &revised);
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.message().starts_with("no policy file is open"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn fmt_gives_kaohe_fmt_and_refuses_what_does_not_parse() {
    let messy = zh_policy().replace("  基本工资     = 等级.base_salary", "  基本工资 =   等级.base_salary");
    let a = post_json(&workbench(None), "fmt", json!({ "source": messy }));
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json(), json!({ "source": zh_policy(), "changed": true }));
    let a = post_json(&workbench(None), "fmt", json!({ "source": zh_policy(), "dialect": "en" }));
    let english = a.json()["source"].as_str().unwrap().to_string();
    assert!(
        english.starts_with("/// 客服考核及工资考核标准") && english.contains("\npolicy \"客服考核及工资考核标准\" {")
    );
    let a = post_json(&workbench(None), "fmt", json!({ "source": "规定 {" }));
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["diagnostics"][0]["code"], "kaohe::syntax");
    let a = post_json(&workbench(None), "fmt", json!({ "source": "", "dialect": "fr" }));
    assert_eq!((a.status, a.message()), (StatusCode::BAD_REQUEST, "unknown dialect `fr`: zh or en".to_string()));
}

#[test]
fn test_runs_the_worked_examples() {
    let a = post_json(&workbench(None), "test", json!({ "source": zh_policy() }));
    assert_eq!(a.status, StatusCode::OK);
    let j = a.json();
    let examples = j["examples"].as_array().unwrap();
    assert_eq!((j["passed"].as_u64(), j["failed"].as_u64()), (Some(examples.len() as u64), Some(0)));
    assert!(examples.len() >= 20, "{}", examples.len());
    assert_eq!(examples[0]["name"], "旷工一次扣10分");

    let wrong = zh_policy().replacen("预期 A1.扣分 == 10 分", "预期 A1.扣分 == 11 分", 1);
    assert_ne!(wrong, zh_policy());
    let j = post_json(&workbench(None), "test", json!({ "source": wrong })).json();
    assert_eq!(j["failed"], 1);
    let failing: Vec<&Value> = j["examples"].as_array().unwrap().iter().filter(|e| e["ok"] == false).collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0]["failures"][0]["code"], "kaohe::test::failed");
}

#[test]
fn policy_is_loaded_with_its_hash() {
    let (dir, file) = policy_folder("load");
    let a = send(
        &workbench(Some(file.clone())),
        Request::get(format!("/api/policy?token={TOKEN}")).header(header::HOST, HOST).body(Body::empty()).unwrap(),
    );
    assert_eq!(a.status, StatusCode::OK);
    let j = a.json();
    assert_eq!(j["name"], "policy.kh");
    assert_eq!(j["source"].as_str().unwrap(), zh_policy());
    assert_eq!(j["hash"].as_str().unwrap(), sha256(zh_policy().as_bytes()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn save_replaces_the_file_whole_and_refuses_a_stale_one() {
    let (dir, file) = policy_folder("save");
    let w = workbench(Some(file.clone()));
    let loaded = sha256(zh_policy().as_bytes());
    let edited = format!("{}// 修订\n", zh_policy());
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap());
    let a = post_json(&w, "save", json!({ "source": edited, "hash": loaded }));
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    assert_eq!(a.json()["hash"].as_str().unwrap(), sha256(edited.as_bytes()));
    // Written through a temporary file renamed over it: a new file, nothing left beside it.
    #[cfg(unix)]
    assert_ne!(std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap()), inode);
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["policy.kh"]);

    // Saving again from the page's first load: the file changed since.
    let a = post_json(&w, "save", json!({ "source": "规定 \"x\" {}", "hash": loaded }));
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.message().contains("changed on disk since it was loaded"), "{}", a.message());
    assert_eq!(a.headers["x-kaohe-hash"], sha256(edited.as_bytes()).as_str());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    // Changed by someone else on disk.
    std::fs::write(&file, "// elsewhere\n").unwrap();
    let a = post_json(&w, "save", json!({ "source": "x", "hash": sha256(edited.as_bytes()) }));
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// elsewhere\n");

    // No hash at all is not a licence to write.
    let a = post_json(&w, "save", json!({ "source": "x" }));
    assert_eq!(a.status, StatusCode::CONFLICT);

    let a = post_json(&workbench(None), "save", json!({ "source": "x", "hash": null }));
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.message().starts_with("no policy file is open"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_api_wants_the_token() {
    let w = workbench(None);
    let body = || Body::from(r#"{"source":""}"#);
    let a = send(&w, post("/api/check", "application/json").body(body()).unwrap());
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.message().starts_with("the token is missing"));
    let a = send(&w, post("/api/check?token=0123", "application/json").body(body()).unwrap());
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.message().starts_with("the token is wrong"));
    let wrong = format!("/api/check?token={}", TOKEN.replace('0', "1"));
    assert_eq!(send(&w, post(&wrong, "application/json").body(body()).unwrap()).status, StatusCode::FORBIDDEN);
    let a = send(&w, post("/api/check?token=0123&lang=zh", "application/json").body(body()).unwrap());
    assert_eq!(a.message(), "令牌不对：请打开这次运行 `kaohe serve` 时显示的地址");
    // The page itself carries no secret.
    let a = send(&w, Request::get("/").header(header::HOST, HOST).body(Body::empty()).unwrap());
    assert_eq!(a.status, StatusCode::OK);
}

#[test]
fn a_foreign_host_is_refused() {
    let w = workbench(None);
    let uri = format!("/api/check?token={TOKEN}");
    let with_host = |host: Option<&str>, path: &str| {
        let mut b = Request::builder().method("POST").uri(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(h) = host {
            b = b.header(header::HOST, h);
        }
        send(&w, b.body(Body::from(r#"{"source":""}"#)).unwrap())
    };
    for host in ["attacker.example:7878", "127.0.0.1:7879", "attacker.example"] {
        let a = with_host(Some(host), &uri);
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{host}");
        assert!(a.message().contains(&format!("`{host}`")), "{}", a.message());
        assert_eq!(with_host(Some(host), "/").status, StatusCode::FORBIDDEN, "{host}");
    }
    assert_eq!(with_host(None, &uri).status, StatusCode::FORBIDDEN);
    for host in ["127.0.0.1:7878", "localhost:7878", "[::1]:7878", "LOCALHOST:7878"] {
        assert_eq!(with_host(Some(host), &uri).status, StatusCode::OK, "{host}");
    }
}

#[test]
fn a_foreign_origin_is_refused_and_nothing_is_written() {
    let (dir, file) = policy_folder("origin");
    let w = workbench(Some(file.clone()));
    let body = serde_json::to_vec(&json!({ "source": "x", "hash": sha256(zh_policy().as_bytes()) })).unwrap();
    let save = |origin: &str| {
        let uri = format!("/api/save?token={TOKEN}");
        send(&w, post(&uri, "application/json").header(header::ORIGIN, origin).body(Body::from(body.clone())).unwrap())
    };
    for origin in ["http://attacker.example", "http://127.0.0.1:7879", "null", "https://127.0.0.1:7878"] {
        let a = save(origin);
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{origin}");
        assert!(a.message().starts_with("refused: the request came from the page"), "{}", a.message());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), zh_policy());
    }
    let a = save("http://localhost:7878");
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_upload_over_the_limit_is_413() {
    assert_eq!(UPLOAD_LIMIT, 200 * 1024 * 1024);
    assert_eq!(Workbench::new(None, "127.0.0.1", 1).upload_limit, UPLOAD_LIMIT);
    let mut w = workbench(None);
    w.upload_limit = 4096;
    let big = "x".repeat(8192);
    let a = post_json(&w, "check", json!({ "source": big }));
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.message(), "the upload is larger than the limit of 0 MiB (4096 bytes)");
    let a = post_form(&w, "eval", &month_fields(&zh_policy(), big.as_bytes(), b"agent,date,violation\n"));
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.message().starts_with("the upload is larger than the limit"));
    // Just under the limit is read.
    let a = post_json(&w, "check", json!({ "source": "x".repeat(4000) }));
    assert_eq!(a.status, StatusCode::OK);
}

#[test]
fn malformed_requests_are_4xx_with_a_message() {
    let w = workbench(None);
    let uri = format!("/api/check?token={TOKEN}");
    let raw = |path: &str, kind: &str, body: &'static [u8]| send(&w, post(path, kind).body(Body::from(body)).unwrap());
    let a = raw(&uri, "application/json", b"{\"source\": ");
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.message().starts_with("the request is not the JSON expected: EOF"), "{}", a.message());
    let a = raw(&uri, "application/json", b"{\"text\": \"x\"}");
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.message().contains("missing field `source`"), "{}", a.message());
    let a = raw(&uri, "application/json", b"\xff\xfe");
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    let eval = format!("/api/eval?token={TOKEN}");
    let a = raw(&eval, "application/json", b"{}");
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.message().starts_with("the request is not a form with files"), "{}", a.message());
    let a = raw(
        &eval,
        "multipart/form-data; boundary=zz",
        b"--zz\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\nabc",
    );
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text());
    assert!(a.json()["message"].is_string());

    let policy = zh_policy();
    let fields = [("policy", None, policy.as_bytes()), ("month", None, &b"2024-10"[..])];
    let a = post_form(&w, "eval", &fields);
    assert_eq!((a.status, a.message()), (StatusCode::BAD_REQUEST, "the form has no `agents`".to_string()));
    let (ag, inc) = (sample("agents.csv"), sample("incidents.csv"));
    let mut fields = month_fields(&policy, &ag, &inc);
    fields[1] = ("month", None, b"2024-13");
    let a = post_form(&w, "eval", &fields);
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.message().contains("2024-13"), "{}", a.message());
    let mut fields = month_fields(&policy, &ag, &inc);
    fields[0] = ("policy", None, b"\xff\xfe");
    let a = post_form(&w, "eval", &fields);
    assert_eq!((a.status, a.message()), (StatusCode::BAD_REQUEST, "the form's `policy` is not UTF-8 text".to_string()));

    let a = send(
        &w,
        Request::get(format!("/api/nothing?token={TOKEN}")).header(header::HOST, HOST).body(Body::empty()).unwrap(),
    );
    assert_eq!((a.status, a.message()), (StatusCode::NOT_FOUND, "no such request `/api/nothing`".to_string()));
}

#[test]
fn words_come_from_the_keyword_table_in_both_dialects() {
    let a = send(
        &workbench(None),
        Request::get(format!("/api/words?token={TOKEN}")).header(header::HOST, HOST).body(Body::empty()).unwrap(),
    );
    let j = a.json();
    let has = |list: &str, w: &str| j[list].as_array().unwrap().iter().any(|x| x == w);
    for k in kaohe::syntax::keywords::Keyword::ALL {
        for d in kaohe::syntax::keywords::Dialect::ALL {
            assert!(has("keywords", k.spelling_in(d)), "{}", k.spelling_in(d));
        }
    }
    assert!(has("keywords", "违规") && has("keywords", "violation") && has("keywords", "规定"));
    assert!(has("functions", "count") && has("functions", "次数") && has("units", "元"));
    assert!(!has("keywords", "旷工"));
}

#[test]
fn the_page_is_served_from_the_binary_with_its_test_ids() {
    let w = workbench(None);
    let get = |path: &str| send(&w, Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap());
    let page = get("/");
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("default-src 'self'"));
    let html = page.text();
    for id in [
        "editor",
        "diagnostics",
        "month",
        "agents-file",
        "incidents-file",
        "run",
        "results",
        "explanation",
        "download-xlsx",
        "save",
        "filter-clear",
        "chart-pay",
        "chart-points",
        "chart-violations",
        "chart-impact",
        "chart-months",
    ] {
        assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
    }
    assert!(html.contains("考核工作台"));
    let script = get("/app.js");
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert!(script.body.len() > 100_000);
    assert_eq!(get("/style.css").status, StatusCode::OK);
    assert_eq!(get("/nothing.js").status, StatusCode::NOT_FOUND);
}

#[test]
fn loopback_hosts_and_the_address_printed() {
    assert_eq!(hosts_for("127.0.0.1", 7878), ["127.0.0.1:7878", "localhost:7878", "[::1]:7878"]);
    assert_eq!(hosts_for("::1", 80), ["[::1]:80", "127.0.0.1:80", "localhost:80"]);
    assert_eq!(hosts_for("192.168.1.5", 7878), ["192.168.1.5:7878"]);
    for host in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
        assert!(is_loopback(host), "{host}");
    }
    for host in ["0.0.0.0", "192.168.1.5", "::", "example.com"] {
        assert!(!is_loopback(host), "{host}");
    }
    let w = workbench(None);
    assert_eq!(w.url(), format!("http://127.0.0.1:7878/?token={TOKEN}"));
    let token = kaohe::serve::new_token();
    assert_eq!(token.len(), 32);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(token, kaohe::serve::new_token());
}

/// The binary: `--port 0` picks a port, the address is printed once it listens, and it
/// answers HTTP there (and refuses the API without the token).
#[test]
fn kaohe_serve_prints_the_address_and_answers_on_it() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["serve", "policies/customer-service.zh.kh", "--port", "0", "--no-open"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("KAOHE_LANG", "en")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("{url}"));
    let (port, token) = rest.split_once("/?token=").unwrap();
    let port: u16 = port.parse().unwrap();
    assert_ne!(port, 0);
    assert_eq!(token.len(), 32);
    let ask = |request: String| {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    let host = format!("127.0.0.1:{port}");
    let page = ask(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("data-testid=\"editor\""));
    let policy = ask(format!("GET /api/policy?token={token} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert!(
        policy.starts_with("HTTP/1.1 200 OK") && policy.contains("\"name\":\"customer-service.zh.kh\""),
        "{policy}"
    );
    let refused = ask(format!("GET /api/policy HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    // The page asks for Chinese: the checker's messages are in Chinese.
    let bad = serde_json::to_string(&json!({ "source": zh_policy().replace(TYPO.0, TYPO.1) })).unwrap();
    let checked = ask(format!(
        "POST /api/check?token={token}&lang=zh HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{bad}",
        bad.len()
    ));
    let body: Value = serde_json::from_str(checked.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(body["diagnostics"][0]["message"], "`最低工姿` 没有定义");
    assert_eq!(body["diagnostics"][0]["help"], "是不是要写 `最低工资`？");
    let checked = ask(format!(
        "POST /api/check?token={token}&lang=en HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{bad}",
        bad.len()
    ));
    let body: Value = serde_json::from_str(checked.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(body["diagnostics"][0]["message"], "`最低工姿` is not defined");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn kaohe_serve_refuses_a_policy_it_cannot_read() {
    let out = kaohe(&["serve", "policies/no-such-policy.kh", "--port", "0", "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-policy.kh"));
}

#[test]
fn kaohe_serve_refuses_a_ledger_it_cannot_read_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("kaohe-serve-no-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("typo.db");
    let out = kaohe(&["serve", "--ledger", missing.to_str().unwrap(), "--port", "0", "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("kaohe::ledger::invalid"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!missing.exists());
    // A file that is not a ledger is refused as it is.
    let text = dir.join("notes.db");
    std::fs::write(&text, "not a ledger").unwrap();
    let out = kaohe(&["serve", "--ledger", text.to_str().unwrap(), "--port", "0", "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "not a ledger");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn kaohe_serve_says_why_it_cannot_listen_and_warns_off_loopback() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = kaohe(&["serve", "--port", &port, "--no-open"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("error: cannot listen on `127.0.0.1` port {port}: ")), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // Every address of the machine, on a port taken on loopback: the warning, then the
    // refusal (Linux refuses the wildcard on a port a loopback socket listens on, so
    // nothing listens beyond loopback).
    #[cfg(target_os = "linux")]
    let out = kaohe(&["serve", "--host", "0.0.0.0", "--port", &port, "--no-open"]);
    #[cfg(target_os = "linux")]
    {
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("warning: `0.0.0.0` is not a loopback address"), "{stderr}");
    }
    drop(taken);
}
