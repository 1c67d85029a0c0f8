//! `kaohe lsp` driven through the protocol: the binary is spawned and spoken to over its
//! stdin and stdout with `Content-Length` framing, as an editor does, and every reply is
//! compared with concrete positions, texts and edit ranges. Positions are computed here
//! independently (UTF-16 units by `encode_utf16`, UTF-8 by bytes), so the server's one
//! conversion is checked against another.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BUNDLED: &str = include_str!("../../policies/customer-service.kh");
const URI: &str = "file:///work/customer-service.kh";
const WAIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------- the client

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and server messages not yet looked at.
    backlog: Vec<Value>,
    next_id: i64,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start() -> Client {
        Client::start_in("en")
    }

    /// A server speaking `lang` (`KAOHE_LANG`), as the command line chooses it.
    fn start_in(lang: &str) -> Client {
        // KAOHE_LSP_BINARY measures another build (the release one) with the same session.
        let binary = std::env::var("KAOHE_LSP_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kaohe").to_string());
        let mut child = Command::new(binary)
            .env("KAOHE_LANG", lang)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kaohe lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut out) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, incoming, backlog: Vec::new(), next_id: 1 }
    }

    /// A server initialized with the client's position encodings (none: UTF-16).
    fn initialized(encodings: Option<&[&str]>) -> (Client, Value) {
        Client::initialized_in("en", encodings)
    }

    fn initialized_in(lang: &str, encodings: Option<&[&str]>) -> (Client, Value) {
        let mut c = Client::start_in(lang);
        let mut capabilities = json!({});
        if let Some(e) = encodings {
            capabilities = json!({ "general": { "positionEncodings": e } });
        }
        let init = c.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities }));
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The next message from the server that satisfies `pick`; others are kept.
    fn wait_for(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pick) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self.incoming.recv_timeout(left).unwrap_or_else(|_| panic!("no {what} within {WAIT:?}"));
            if pick(&v) {
                return v;
            }
            self.backlog.push(v);
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("response {id}"), |v| v.get("id") == Some(&json!(id)) && v.get("method").is_none())
    }

    /// The whole response (result or error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params);
        self.response(id)
    }

    /// The result; panics on an error.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        let params = json!({ "textDocument": { "uri": uri, "languageId": "kaohe", "version": 1, "text": text } });
        self.notify("textDocument/didOpen", params);
        self.diagnostics(uri, 1)
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let v = self.wait_for(&format!("diagnostics of version {version}"), |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == uri
                && v["params"]["version"] == version
        });
        v["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn at(&mut self, method: &str, uri: &str, (line, character): (u32, u32)) -> Value {
        self.call(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.wait_exit()
    }

    fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "kaohe lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- positions, independently

#[derive(Clone, Copy)]
enum Units {
    Utf16,
    Utf8,
}

/// The position of byte offset `at` of `text`.
fn position(text: &str, at: usize, units: Units) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = &text[line_start..at];
    let character = match units {
        Units::Utf16 => col.encode_utf16().count(),
        Units::Utf8 => col.len(),
    } as u32;
    (line, character)
}

/// The byte offset of the `nth` (0-based) `needle` in `text`.
fn offset(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("no {nth}th `{needle}`")).0
}

/// The UTF-16 position `inside` bytes into the `nth` `needle`.
fn pos(text: &str, needle: &str, nth: usize, inside: usize) -> (u32, u32) {
    position(text, offset(text, needle, nth) + inside, Units::Utf16)
}

/// The UTF-16 range of the `nth` `needle`.
fn range(text: &str, needle: &str, nth: usize) -> Value {
    let start = offset(text, needle, nth);
    range_of(text, start, start + needle.len(), Units::Utf16)
}

fn range_of(text: &str, start: usize, end: usize, units: Units) -> Value {
    let (a, b) = position(text, start, units);
    let (c, d) = position(text, end, units);
    json!({ "start": { "line": a, "character": b }, "end": { "line": c, "character": d } })
}

fn hover_text(v: &Value) -> String {
    v["contents"]["value"].as_str().unwrap_or("").to_string()
}

/// The text after applying edits (each in the original's positions, UTF-16).
fn apply(text: &str, edits: &[Value]) -> String {
    let to_offset = |p: &Value| {
        let (line, character) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[line_start..];
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= character || c == '\n' {
                return line_start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (to_offset(&e["range"]["start"]), to_offset(&e["range"]["end"]), e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

fn kaohe(args: &[&str], stdin_file: Option<(&str, &str)>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if let Some((name, text)) = stdin_file {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        args.push(path.to_string_lossy().to_string());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kaohe")).env("KAOHE_LANG", "en").args(&args).output().unwrap();
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

fn assert_checks(policy: &str) {
    let out = kaohe(&["check"], Some(("p.kh", policy)));
    assert!(out.trim().ends_with("p.kh: ok"), "{out}\n{policy}");
}

// ---------------------------------------------------------------- the session

#[test]
fn initialize_negotiates_the_position_encoding() {
    let (c, init) = Client::initialized(None);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "kaohe");
    let caps = &init["result"]["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "completionProvider",
        "documentFormattingProvider",
        "codeActionProvider",
        "documentSymbolProvider",
        "semanticTokensProvider",
        "codeLensProvider",
    ] {
        assert!(!caps[cap].is_null(), "{cap} missing");
    }
    assert_eq!(c.shutdown(), 0);
    let (c, init) = Client::initialized(Some(&["utf-32", "utf-8", "utf-16"]));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-32");
    drop(c);
    let (c, init) = Client::initialized(Some(&["utf-7", "utf-8"]));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_bundled_policy_opens_clean() {
    let (mut c, _) = Client::initialized(None);
    assert_eq!(c.open(URI, BUNDLED), Vec::<Value>::new());
    assert_eq!(c.shutdown(), 0);
}

const BROKEN: &str = "policy \"p\" {\n  effective 2024-10-01\n  status draft\n}\nincident {\n  minutes: duration = 0 minutes\n}\nseverity 重度\nviolation 旷工 {\n  severity 重度\n  points ＝ 10 分\n  when incident.minutes > 30\n}\nlet 最低工资 = 2420 元\npay {\n  实发 = max(最低公资, 0 元)\n  x = 100 - points\n}\n";

#[test]
fn diagnostics_are_kaohe_checks_with_the_same_codes_spans_and_help() {
    let (mut c, _) = Client::initialized(None);
    let published = c.open(URI, BROKEN);
    let cli = kaohe(&["check", "--format", "json"], Some(("p.kh", BROKEN)));
    let expected: Vec<Value> = cli.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert_eq!(published.len(), 4);
    assert_eq!(published.len(), expected.len());
    for (d, e) in published.iter().zip(&expected) {
        assert_eq!(d["code"], e["code"]);
        assert_eq!(d["source"], "kaohe");
        // An error is 1, a warning (full-width punctuation, read as its ASCII twin) 2.
        let severity = if e["severity"] == "warning" { 2 } else { 1 };
        assert_eq!(d["severity"], severity);
        // The policy's characters are all in the BMP: a character is one UTF-16 unit, and
        // `kaohe check` counts characters from 1.
        assert_eq!(d["range"]["start"]["line"].as_u64().unwrap() + 1, e["line"].as_u64().unwrap());
        assert_eq!(d["range"]["start"]["character"].as_u64().unwrap() + 1, e["column"].as_u64().unwrap());
        assert_eq!(d["range"]["end"]["character"].as_u64().unwrap() + 1, e["end"]["column"].as_u64().unwrap());
        let message = format!("{}\nhelp: {}", e["message"].as_str().unwrap(), e["help"].as_str().unwrap());
        assert_eq!(d["message"], message);
    }
    assert_eq!(published[2]["range"], range(BROKEN, "最低公资", 0));
    assert_eq!(published[2]["message"], "`最低公资` is not defined\nhelp: did you mean `最低工资`?");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn diagnostics_follow_changes_debounced_and_incremental_edits_count_utf16() {
    let (mut c, _) = Client::initialized(None);
    let text = "policy \"p\" {\n  effective 2024-10-01\n  status draft\n}\nlet 最低工资 = 2420 元\npay {\n  实发 = 最低工资\n}\n";
    assert!(c.open(URI, text).is_empty());
    // Type `x` after `= 最低工资` of the pay line, one character at a time: eight changes in
    // a burst, each an incremental edit in UTF-16 positions.
    let end_of_name = offset(text, "最低工资\n}", 0) + "最低工资".len();
    let (line, character) = position(text, end_of_name, Units::Utf16);
    assert_eq!((line, character), (6, 11));
    let mut burst = String::new();
    for k in 0..8u32 {
        let change = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": URI, "version": 2 + k },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": character + k }, "end": { "line": line, "character": character + k } },
                    "text": "x"
                }]
            }
        })
        .to_string();
        burst.push_str(&format!("Content-Length: {}\r\n\r\n{change}", change.len()));
    }
    c.write_raw(burst.as_bytes());
    let last = c.diagnostics(URI, 9);
    assert_eq!(last.len(), 1);
    assert_eq!(last[0]["code"], "kaohe::undefined");
    assert!(last[0]["message"].as_str().unwrap().starts_with("`最低工资xxxxxxxx` is not defined"));
    let edited = text.replace("实发 = 最低工资", "实发 = 最低工资xxxxxxxx");
    assert_eq!(last[0]["range"], range(&edited, "最低工资xxxxxxxx", 0));
    let intermediate = c
        .backlog
        .iter()
        .filter(|v| v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"].as_i64() < Some(9))
        .count();
    assert!(intermediate <= 1, "{intermediate} intermediate versions were checked");
    // Undo the edit with a full-text change.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 10 }, "contentChanges": [{ "text": text }] }),
    );
    assert!(c.diagnostics(URI, 10).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn hover_shows_kind_type_unit_and_the_clause() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let t = BUNDLED;
    let mut hover = |needle: &str, nth: usize, inside: usize| {
        let v = c.at("textDocument/hover", URI, pos(t, needle, nth, inside));
        (hover_text(&v), v["range"].clone())
    };
    // A let: its type and unit, its doc comment; the range is the name, in UTF-16.
    let (text, r) = hover("最低工资)", 0, 3);
    assert_eq!(text, "```kaohe\nlet 最低工资: money (元)\n```\n\n当地最低工资标准: 扣除赔偿后实发工资不得低于此数");
    assert_eq!(r, range(t, "最低工资", 3));
    // A pay line: its type.
    let (text, _) = hover("考核得分)", 0, 0);
    assert!(text.starts_with("```kaohe\npay line 考核得分: points (分)\n```"), "{text}");
    assert!(text.ends_with("考核得分从100分起, 每扣1分减1分"), "{text}");
    // A violation: its severity and clause.
    let (text, _) = hover("violation = 旷工", 0, "violation = ".len());
    assert_eq!(text, "```kaohe\nviolation 旷工\n```\n`severity 重度`\n\n重度违规 1、旷工");
    // A tier attribute, a record field, a table, a severity, an escalation.
    let (text, _) = hover("tier.base_salary", 0, "tier.b".len());
    assert!(text.starts_with("```kaohe\ntier attribute tier.base_salary: money (元)\n```"), "{text}");
    let (text, _) = hover("incident.minutes", 0, "incident.m".len());
    assert_eq!(text, "```kaohe\nincident field incident.minutes: duration (minutes)\n```\n`minutes: duration = 0 minutes`\n\n重度违规 6: 突发事件处理用时");
    let (text, _) = hover("绩效系数(考核得分)", 0, 0);
    assert!(text.starts_with("```kaohe\ntable 绩效系数(score: points) -> number\n```"), "{text}");
    let (text, _) = hover("count(中度)", 0, "count(".len());
    assert!(text.starts_with("```kaohe\nseverity 中度\n```"), "{text}");
    let (text, _) = hover("A1.未良好履行职责", 0, "A1.".len());
    assert!(text.starts_with("```kaohe\nescalation 未良好履行职责\n```\n`severity 重度`"), "{text}");
    // A built-in field.
    let (text, _) = hover("hired_on = 2024-01-15", 0, 0);
    assert!(text.contains("agent field agent.hired_on: date") && text.contains("built in"), "{text}");
    assert!(text.ends_with("\n\nthe day the agent was hired"), "{text}");
    // A unit: its dimension.
    let (text, r) = hover("30 minutes", 0, "30 m".len());
    assert_eq!(text, "```kaohe\nunit minutes: duration (base unit minutes)\n```");
    let start = offset(t, "30 minutes", 0) + 3;
    assert_eq!(r, range_of(t, start, start + "minutes".len(), Units::Utf16));
    let (text, _) = hover("3000 元", 0, "3000 ".len());
    assert_eq!(text, "```kaohe\nunit 元: money (base unit 元)\n```");
    let (text, _) = hover("1 year", 0, 2);
    assert!(text.contains("unit year: period (base unit months)") && text.contains("1 年 = 12 个月"), "{text}");
    // A built-in.
    let (text, _) = hover("tenure >= 3", 0, 0);
    assert!(text.contains("built in: period"), "{text}");
    // Nothing: a keyword, a comment.
    assert_eq!(c.at("textDocument/hover", URI, pos(t, "violation 旷工", 0, 0)), Value::Null);
    assert_eq!(c.shutdown(), 0);
}

/// A policy whose names come after an emoji on their line: UTF-16 counts it as two.
const EMOJI: &str = "policy \"p\" {\n  effective 2024-10-01\n  status draft\n}\ntier 初级客服 {\n  base_salary = 3000 元\n}\nseverity 重度\nviolation 旷工 {\n  severity 重度\n  points = 10 分\n}\npay {\n  基本工资 = tier.base_salary\n}\ntest \"😀 one\" {\n  month 2024-10\n  agent A1 { name = \"😀张三\", tier = 初级客服, hired_on = 2024-01-15 }\n  incident A1 { date = 2024-10-03, violation = 旷工 }\n  expect A1.基本工资 == 3000 元\n}\n";

#[test]
fn positions_after_chinese_text_and_emoji_are_utf16_unless_negotiated() {
    let (mut c, _) = Client::initialized(None);
    assert!(c.open(URI, EMOJI).is_empty());
    let at = pos(EMOJI, "初级客服, hired_on", 0, 0);
    // `  agent A1 { name = "😀张三", tier = ` is 35 UTF-16 units (the emoji is two).
    assert_eq!(at, (17, 35));
    let v = c.at("textDocument/hover", URI, at);
    assert!(hover_text(&v).starts_with("```kaohe\ntier 初级客服\n```"));
    let start = offset(EMOJI, "初级客服, hired_on", 0);
    assert_eq!(v["range"], range_of(EMOJI, start, start + "初级客服".len(), Units::Utf16));
    assert_eq!(v["range"]["end"]["character"], 39);
    // Two units short of the name is the `=` before it: no hover.
    assert_eq!(c.at("textDocument/hover", URI, (17, 33)), Value::Null);
    assert_eq!(c.shutdown(), 0);

    // The same in UTF-8: bytes.
    let (mut c, _) = Client::initialized(Some(&["utf-8"]));
    c.open(URI, EMOJI);
    let start = offset(EMOJI, "初级客服, hired_on", 0);
    let at = position(EMOJI, start, Units::Utf8);
    assert_eq!(at, (17, 41));
    let v = c.at("textDocument/hover", URI, at);
    assert!(hover_text(&v).starts_with("```kaohe\ntier 初级客服\n```"));
    assert_eq!(v["range"], range_of(EMOJI, start, start + "初级客服".len(), Units::Utf8));
    let tokens = c.call("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": URI } }));
    let decoded = decode_tokens(&tokens["data"]);
    let tier = decoded.iter().find(|t| (t.0, t.1) == at).expect("a token at the tier");
    assert_eq!(tier.2, 12, "four Chinese characters are twelve bytes");
    assert_eq!(c.shutdown(), 0);
}

/// Semantic tokens as (line, character, length, type, modifiers).
fn decode_tokens(data: &Value) -> Vec<(u32, u32, u32, u32, u32)> {
    let n: Vec<u32> = data.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
    let (mut line, mut ch) = (0, 0);
    n.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                ch = 0;
            }
            line += t[0];
            ch += t[1];
            (line, ch, t[2], t[3], t[4])
        })
        .collect()
}

#[test]
fn definition_and_references_for_every_kind_of_name() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let t = BUNDLED;
    let loc = |needle: &str, nth: usize, inside: usize, len: usize| {
        let start = offset(t, needle, nth) + inside;
        json!({ "uri": URI, "range": range_of(t, start, start + len, Units::Utf16) })
    };
    let cases: [(&str, usize, usize, Value); 10] = [
        // (a use, the bytes into it where the name is, its definition)
        ("violation = 旷工", 0, "violation = ".len(), loc("violation 旷工", 0, "violation ".len(), "旷工".len())),
        (
            "  severity 重度\n  points = 10",
            0,
            "  severity ".len(),
            loc("severity 重度\n\n", 0, "severity ".len(), "重度".len()),
        ),
        ("tier = 初级客服", 0, "tier = ".len(), loc("tier 初级客服", 0, "tier ".len(), "初级客服".len())),
        ("最低工资)", 0, 0, loc("let 最低工资", 0, "let ".len(), "最低工资".len())),
        ("绩效系数(考核得分)", 0, 0, loc("table 绩效系数", 0, "table ".len(), "绩效系数".len())),
        ("绩效系数(考核得分)", 0, "绩效系数(".len(), loc("  考核得分     = max", 0, 2, "考核得分".len())),
        ("  score >= 95", 0, 2, loc("score: points", 0, 0, "score".len())),
        ("agent.leads_team", 0, "agent.".len(), loc("leads_team: bool", 0, 0, "leads_team".len())),
        ("incident.cost", 0, "incident.".len(), loc("cost: money", 0, 0, "cost".len())),
        (
            "A1.未良好履行职责 == false",
            0,
            "A1.".len(),
            loc("escalation 未良好履行职责", 0, "escalation ".len(), "未良好履行职责".len()),
        ),
    ];
    for (needle, nth, inside, want) in cases {
        let got = c.at("textDocument/definition", URI, pos(t, needle, nth, inside));
        assert_eq!(got, want, "definition of {needle}");
    }
    // A tier attribute is defined in every tier.
    let got = c.at("textDocument/definition", URI, pos(t, "tier.base_salary", 0, "tier.".len()));
    let defs: Vec<Value> = (0..4).map(|n| loc("base_salary     =", n, 0, "base_salary".len())).collect();
    assert_eq!(got, json!(defs));
    // References of the severity 中度: its declaration, two violations, one count.
    let params = |needle: &str, inside: usize, decl: bool| {
        let (line, character) = pos(t, needle, 0, inside);
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character }, "context": { "includeDeclaration": decl } })
    };
    let refs = c.call("textDocument/references", params("count(中度)", "count(".len(), true));
    let lines: Vec<u64> =
        refs.as_array().unwrap().iter().map(|r| r["range"]["start"]["line"].as_u64().unwrap()).collect();
    let line_of = |needle: &str, nth: usize| u64::from(pos(t, needle, nth, 0).0);
    let mut want = vec![
        line_of("severity 中度\n\n", 0),
        line_of("  severity 中度", 0),
        line_of("  severity 中度", 1),
        line_of("count(中度)", 0),
    ];
    // Worked examples expect counts of 中度.
    want.extend((0..t.matches("A1.中度").count()).map(|n| line_of("A1.中度", n)));
    want.sort();
    assert_eq!(lines, want);
    let without = c.call("textDocument/references", params("count(中度)", "count(".len(), false));
    assert_eq!(without.as_array().unwrap().len(), want.len() - 1);
    // The pay line 考核得分 is used by one pay line and by worked examples.
    let refs = c.call("textDocument/references", params("  考核得分     = max", 2, false));
    assert_eq!(refs.as_array().unwrap().len(), 1 + t.matches(".考核得分 ==").count());
    // Highlights: the let, written once and read once.
    let h = c.at("textDocument/documentHighlight", URI, pos(t, "let 最低工资", 0, "let ".len()));
    let kinds: Vec<u64> = h.as_array().unwrap().iter().map(|x| x["kind"].as_u64().unwrap()).collect();
    assert_eq!(kinds, [3, 2]);
    assert_eq!(c.shutdown(), 0);
}

fn rename(c: &mut Client, text: &str, needle: &str, inside: usize, new: &str) -> Value {
    let (line, character) = pos(text, needle, 0, inside);
    c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character }, "newName": new }),
    )
}

#[test]
fn rename_renames_every_use_and_refuses_collisions_and_keywords() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let t = BUNDLED;
    let r = rename(&mut c, t, "最低工资)", 0, "最低月薪");
    let edits = r["result"]["changes"][URI].as_array().unwrap().clone();
    assert_eq!(edits.len(), 2);
    let start = offset(t, "let 最低工资", 0) + "let ".len();
    assert_eq!(edits[0]["range"], range_of(t, start, start + "最低工资".len(), Units::Utf16));
    let renamed = apply(t, &edits);
    assert!(renamed.contains("let 最低月薪 = 2420 元") && renamed.contains("- 本月赔偿扣款, 最低月薪)"));
    // A violation is named by the incident records too: renamed everywhere in the policy,
    // with a word that the records need the same change.
    let r = rename(&mut c, t, "violation 旷工", "violation ".len(), "缺勤");
    let edits = r["result"]["changes"][URI].as_array().unwrap().clone();
    assert_eq!(
        edits.len(),
        t.matches("旷工").count() - t.matches("/// 重度违规 1、旷工").count() - t.matches("旷工一次").count()
    );
    let notice = c.wait_for("a warning", |v| v["method"] == "window/showMessage");
    assert_eq!(notice["params"]["type"], 2);
    assert_eq!(
        notice["params"]["message"],
        "the incidents' records name violation `旷工` in their `violation` column: rename it to `缺勤` there too"
    );
    assert_checks(&apply(t, &edits));
    assert!(!renamed.contains("最低工资 ="));
    // A tier attribute is renamed in every tier and every `tier.` use.
    let r = rename(&mut c, t, "tier.base_salary", "tier.".len(), "底薪");
    let edits = r["result"]["changes"][URI].as_array().unwrap().clone();
    assert_eq!(edits.len(), 4 + 1);
    let renamed = apply(t, &edits);
    assert_checks(&renamed);
    // Refusals.
    let refused = |r: &Value| r["error"]["message"].as_str().unwrap_or("").to_string();
    let line = pos(t, "violation 旷工", 0, 0).0 + 1;
    assert_eq!(
        refused(&rename(&mut c, t, "最低工资)", 0, "旷工")),
        format!("`旷工` is already the name of a violation (line {line})")
    );
    assert_eq!(refused(&rename(&mut c, t, "最低工资)", 0, "tier")), "`tier` is a keyword and cannot be a name");
    assert_eq!(refused(&rename(&mut c, t, "最低工资)", 0, "tenure")), "`tenure` is a built-in name");
    assert!(refused(&rename(&mut c, t, "最低工资)", 0, "2x")).starts_with("`2x` is not a name"));
    assert!(refused(&rename(&mut c, t, "最低工资)", 0, "最低：工资")).starts_with("`最低：工资` is not a name"));
    assert_eq!(
        refused(&rename(&mut c, t, "hired_on = 2024-01-15", 0, "入职")),
        "`hired_on` is built in and cannot be renamed"
    );
    let line = pos(t, "  minutes: duration", 0, 0).0 + 1;
    assert_eq!(
        refused(&rename(&mut c, t, "incident.cost", "incident.".len(), "minutes")),
        format!("`minutes` is already the name of an incident field (line {line})")
    );
    // prepareRename gives the name's range and text.
    let (line, character) = pos(t, "绩效系数(考核得分)", 0, 3);
    let p = c.call(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
    );
    assert_eq!(p["placeholder"], "绩效系数");
    let start = offset(t, "绩效系数(考核得分)", 0);
    assert_eq!(p["range"], range_of(t, start, start + "绩效系数".len(), Units::Utf16));
    assert_eq!(c.shutdown(), 0);
}

fn complete(c: &mut Client, uri: &str, at: (u32, u32)) -> Vec<Value> {
    let v = c.at("textDocument/completion", uri, at);
    v["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

/// The bundled policy with `insert` typed at the end of line `after`.
fn typing(after: &str, insert: &str) -> (String, (u32, u32)) {
    let at = offset(BUNDLED, after, 0) + after.len();
    let mut text = BUNDLED.to_string();
    text.insert_str(at, insert);
    let cursor = position(&text, at + insert.len(), Units::Utf16);
    (text, cursor)
}

fn change(c: &mut Client, version: i64, text: &str) {
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
    );
}

#[test]
fn completion_knows_the_place_and_finds_chinese_names_by_pinyin() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let mut version = 1;
    let mut at = |c: &mut Client, after: &str, insert: &str| {
        let (text, cursor) = typing(after, insert);
        version += 1;
        change(c, version, &text);
        (complete(c, URI, cursor), text, cursor)
    };
    // Fields after `agent.` and `incident.`, while the line being typed does not parse.
    let (items, _, _) = at(&mut c, "  when incident.minutes > 30 minutes", " and agent.");
    assert_eq!(labels(&items), ["hired_on", "id", "leads_team", "name", "tier"]);
    let (items, _, _) = at(&mut c, "  when incident.minutes > 30 minutes", " and incident.");
    assert_eq!(labels(&items), ["agent", "cost", "date", "minutes", "violation"]);
    let (items, _, _) = at(&mut c, "  基本工资     = tier.base_salary", " + tier.");
    assert_eq!(labels(&items), ["base_salary", "performance_pay"]);
    // Inside `count(`: severities, violations and escalations, not lets or pay lines.
    let (items, _, _) = at(&mut c, "  when count(中度) >= 2 or count(轻度) >= 4", " or count(");
    let l = labels(&items);
    assert!(l.starts_with(&["下单差错".into()]) || l.contains(&"重度".to_string()), "{l:?}");
    for want in ["重度", "中度", "轻度", "旷工", "迟到", "未良好履行职责"] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    assert!(!l.contains(&"最低工资".to_string()) && !l.contains(&"实发工资".to_string()));
    // Units after a number.
    let (items, _, _) = at(&mut c, "  points = 3 分\n}\n\n/// 中度违规: 未反馈", "");
    assert!(items.is_empty() || !labels(&items).contains(&"分钟".to_string()));
    let (items, _, _) = at(&mut c, "let 最低工资 = 2420 元", " + 100 ");
    let l = labels(&items);
    assert!(l.starts_with(&["个月".into()]) || l.contains(&"元".to_string()), "{l:?}");
    for want in ["元", "分", "分钟", "minutes", "小时", "天"] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    let (items, _, _) = at(&mut c, "let 最低工资 = 2420 元", " + 100 mi");
    assert_eq!(labels(&items)[..2], ["min".to_string(), "minute".to_string()]);
    // Pinyin initials: `zgz` finds 最低工资, and the edit replaces what was typed.
    let (items, text, cursor) =
        at(&mut c, "  实发工资     = max(基本工资 + 绩效工资 - 本月赔偿扣款, 最低工资)", " + zgz");
    assert_eq!(items[0]["label"], "最低工资");
    let start = offset(&text, "zgz", 0);
    assert_eq!(items[0]["textEdit"]["range"], range_of(&text, start, start + 3, Units::Utf16));
    assert_eq!(items[0]["textEdit"]["range"]["end"], json!({ "line": cursor.0, "character": cursor.1 }));
    assert_eq!(items[0]["filterText"], "最低工资 zdgz zuidigongzi");
    assert!(items[0]["detail"].as_str().unwrap().contains("money (元)"));
    // Syllables, and names of the pay lines above only.
    let (items, _, _) = at(&mut c, "  考核得分     = max(100 分 - points, 0 分)", " + jb");
    assert_eq!(labels(&items), ["基本工资"]);
    let (items, _, _) = at(&mut c, "  考核得分     = max(100 分 - points, 0 分)", " + shi");
    assert!(labels(&items).is_empty(), "实发工资 is below: {:?}", labels(&items));
    let (items, _, _) = at(&mut c, "  实发工资     = max(基本工资 + 绩效工资 - 本月赔偿扣款, 最低工资)", " + shi");
    assert_eq!(labels(&items), Vec::<String>::new(), "a line does not see itself");
    let (items, _, _) =
        at(&mut c, "  结转赔偿     = compensation + latest(结转赔偿, 0 元) - 本月赔偿扣款", " + jixiao");
    assert_eq!(labels(&items), ["绩效工资", "绩效系数"]);
    // A table's parameter in its rows.
    let (items, _, _) = at(&mut c, "  score >= 70 分 => 50%", "\n  sc");
    assert_eq!(labels(&items)[0], "score");
    // Keywords of the dialect: at the start of a declaration.
    let (items, _, _) = at(&mut c, "let 最低工资 = 2420 元\n", "vio");
    assert_eq!(labels(&items), ["violation"]);
    // A worked example's expectations and record fields.
    let (items, _, _) = at(
        &mut c,
        "  expect A1.tenure == 9 months  // 2024-01-15 + 9 months = 2024-10-15 ≤ 2024-11-01 < 2024-11-15",
        "\n  expect A1.sf",
    );
    assert_eq!(labels(&items), ["实发工资"]);
    let (items, _, _) = at(&mut c, "  agent A1 { name = \"张三\", tier = 初级客服, hired_on = 2024-01-15", ", ");
    assert_eq!(labels(&items), ["hired_on", "leads_team", "name", "tier"]);
    // Nothing inside a comment.
    let (items, _, _) = at(&mut c, "  expect A1.考核得分 == 90 分  // 100 - 10", " zgz");
    assert!(items.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn formatting_gives_what_kaohe_fmt_prints() {
    let (mut c, _) = Client::initialized(None);
    // Already formatted: no edits.
    c.open(URI, BUNDLED);
    let edits = c.call(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, json!([]));
    // Laid out by hand.
    let messy = BUNDLED
        .replace("  base_salary     = 3000 元", "        base_salary=3000元")
        .replace(
            "  实发工资     = max(基本工资 + 绩效工资 - 本月赔偿扣款, 最低工资)",
            "实发工资=max(基本工资+绩效工资-本月赔偿扣款,最低工资)",
        )
        .replace("severity 中度\n", "severity   中度\n\n\n");
    assert_ne!(messy, BUNDLED);
    change(&mut c, 2, &messy);
    let edits = c.call(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().unwrap();
    assert!(edits.len() >= 3 && edits.len() < 10, "only the changed lines: {}", edits.len());
    let formatted = apply(&messy, edits);
    assert_eq!(formatted, kaohe(&["fmt"], Some(("m.kh", &messy))));
    assert_eq!(formatted, BUNDLED);
    // A policy that does not parse is left alone.
    change(&mut c, 3, "policy {");
    let edits = c.call(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, Value::Null);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn code_actions_fix_every_diagnostic_that_has_a_fix() {
    let (mut c, _) = Client::initialized(None);
    let diagnostics = c.open(URI, BROKEN);
    let mut all = Vec::new();
    for d in &diagnostics {
        let actions = c.call(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let actions: Vec<Value> = actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["diagnostics"][0]["range"] == d["range"])
            .cloned()
            .collect();
        assert_eq!(actions.len(), 1, "one fix for {}", d["message"]);
        assert_eq!(actions[0]["kind"], "quickfix");
        all.push(actions[0]["title"].as_str().unwrap().to_string());
    }
    assert_eq!(
        all,
        ["replace `＝` with `=`", "write `30 minutes`", "change `最低公资` to `最低工资`", "write `100 分`",]
    );
    // Applied together (each is in the original's positions), the fixes leave a policy
    // that checks.
    let mut edits = Vec::new();
    for d in diagnostics.iter() {
        let actions = c.call(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let a =
            actions.as_array().unwrap().iter().find(|a| a["diagnostics"][0]["range"] == d["range"]).unwrap().clone();
        edits.extend(a["edit"]["changes"][URI].as_array().unwrap().iter().cloned());
    }
    let text = apply(BROKEN, &edits);
    assert_checks(&text);
    assert!(text.contains("points = 10 分") || text.contains("points =  10 分"), "{text}");
    assert!(text.contains("when incident.minutes > 30 minutes"));
    assert!(text.contains("实发 = max(最低工资, 0 元)") && text.contains("x = 100 分 - points"));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn document_symbols_outline_the_policy() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let symbols = c.call("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let symbols = symbols.as_array().unwrap();
    let names: Vec<&str> = symbols.iter().take(12).map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "客服考核及工资考核标准",
            "agent",
            "incident",
            "初级客服",
            "中级客服",
            "高级客服",
            "资深客服",
            "重度",
            "中度",
            "轻度",
            "旷工",
            "与客户冲突"
        ]
    );
    let tier = &symbols[3];
    assert_eq!(tier["kind"], 5);
    let start = offset(BUNDLED, "tier 初级客服", 0) + "tier ".len();
    assert_eq!(tier["selectionRange"], range_of(BUNDLED, start, start + "初级客服".len(), Units::Utf16));
    let children: Vec<&str> =
        tier["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(children, ["base_salary", "performance_pay"]);
    let pay = symbols.iter().find(|s| s["name"] == "pay").unwrap();
    let lines: Vec<&str> = pay["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(lines, ["基本工资", "考核得分", "绩效工资", "本月赔偿扣款", "结转赔偿", "实发工资"]);
    let tests = symbols.iter().filter(|s| s["detail"] == "test").count();
    assert_eq!(tests, BUNDLED.matches("\ntest \"").count());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn semantic_tokens_say_what_each_word_is() {
    let (mut c, init) = Client::initialized(None);
    let legend = init["result"]["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"].clone();
    let legend: Vec<String> = legend.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    c.open(URI, BUNDLED);
    let tokens = c.call("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": URI } }));
    let decoded = decode_tokens(&tokens["data"]);
    let at = |needle: &str, nth: usize, inside: usize| {
        let p = pos(BUNDLED, needle, nth, inside);
        let t = decoded.iter().find(|t| (t.0, t.1) == p).unwrap_or_else(|| panic!("no token at {needle}"));
        (legend[t.3 as usize].clone(), t.2, t.4)
    };
    assert_eq!(at("let 最低工资", 0, 0), ("keyword".into(), 3, 0));
    // Declared, read only: four UTF-16 units.
    assert_eq!(at("let 最低工资", 0, 4), ("variable".into(), 4, 1 | 2));
    assert_eq!(at("violation 旷工", 0, "violation ".len()), ("event".into(), 2, 1));
    assert_eq!(at("tier = 初级客服", 0, "tier = ".len()), ("class".into(), 4, 0));
    assert_eq!(at("count(中度)", 0, "count(".len()).0, "enumMember");
    assert_eq!(at("count(中度)", 0, 0).0, "function");
    assert_eq!(at("3000 元", 0, 0).0, "number");
    assert_eq!(at("3000 元", 0, 5), ("type".into(), 1, 0));
    assert_eq!(at("/// 当地最低", 0, 0).0, "comment");
    assert_eq!(at("\"营销部\"", 0, 0), ("string".into(), 5, 0));
    assert_eq!(at("score >= 95", 0, 0).0, "parameter");
    assert_eq!(at("agent.leads_team", 0, "agent.".len()).0, "property");
    // `from` before a field's header is a keyword; elsewhere it would be a name.
    assert_eq!(at("from \"能否带队\"", 0, 0), ("keyword".into(), 4, 0));
    // Tokens are ordered and do not overlap.
    for w in decoded.windows(2) {
        assert!((w[0].0, w[0].1 + w[0].2) <= (w[1].0, w[1].1), "{:?} overlaps {:?}", w[0], w[1]);
    }
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn hovers_and_lenses_in_chinese() {
    let (mut c, _) = Client::initialized_in("zh", None);
    c.open(URI, BUNDLED);
    let t = BUNDLED;
    let text = hover_text(&c.at("textDocument/hover", URI, pos(t, "考核得分)", 0, 0)));
    assert!(text.starts_with("```kaohe\n工资项 考核得分: 分数 (分)\n```"), "{text}");
    let text = hover_text(&c.at("textDocument/hover", URI, pos(t, "30 minutes", 0, "30 m".len())));
    assert_eq!(text, "```kaohe\n单位 minutes：时长（基本单位 minutes）\n```");
    let text = hover_text(&c.at("textDocument/hover", URI, pos(t, "tenure >= 3", 0, 0)));
    assert!(text.ends_with("\n内置：期间：从 `hired_on` 到月底的整月数"), "{text}");
    // A built-in field says what it is in Chinese.
    let text = hover_text(&c.at("textDocument/hover", URI, pos(t, "hired_on = 2024-01-15", 0, 0)));
    assert!(text.ends_with("\n\n内置\n\n员工的入职日期"), "{text}");
    let lenses = c.call("textDocument/codeLens", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(lenses[0]["command"]["title"], "✓ 通过（8 项预期）· 再次运行");
    // The outline names what each declaration is.
    let symbols = c.call("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols[0]["detail"], "规定");
    assert_eq!(symbols.iter().filter(|s| s["detail"] == "算例").count(), BUNDLED.matches("\ntest \"").count());
    assert_eq!(c.shutdown(), 0);
}

/// The title of each fix offered for the diagnostics of `text`, in their order.
fn fix_titles(c: &mut Client, uri: &str, text: &str) -> Vec<String> {
    let diagnostics = c.open(uri, text);
    let mut titles = Vec::new();
    for d in &diagnostics {
        let actions = c.call(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        for a in actions.as_array().unwrap().iter().filter(|a| a["diagnostics"][0]["range"] == d["range"]) {
            titles.push(a["title"].as_str().unwrap().to_string());
        }
    }
    titles
}

#[test]
fn fixes_are_found_in_chinese_diagnostics_and_titled_in_chinese() {
    let (mut c, _) = Client::initialized_in("zh", None);
    assert_eq!(
        fix_titles(&mut c, URI, BROKEN),
        ["把 `＝` 换成 `=`", "写成 `30 minutes`", "把 `最低公资` 改为 `最低工资`", "写成 `100 分`"]
    );
    let head = "policy \"p\" {\n  effective 2024-10-01\n  status draft\n}\nagent {\n  leads_team: bool = false\n}\n\
                incident {\n  minutes: duration = 0 minutes\n}\nseverity 重度\n";
    let syntax = format!(
        "{head}violation 旷工 {{\n  severity 重度\n  points: 10 分\n}}\n\
         table t(score: points) -> number {{\n  score >= 90 分 -> 1\n  else => 0\n}}\npay {{\n  x = 1\n}}\n"
    );
    assert_eq!(fix_titles(&mut c, "file:///work/s.kh", &syntax), ["写成 `=`", "写成 `=>`"]);
    let compare = format!(
        "{head}violation 旷工 {{\n  severity 重度\n  points = 10 分\n  when incident.minutes = 30 minutes\n}}\n\
         pay {{\n  x = 1\n}}\n"
    );
    assert_eq!(fix_titles(&mut c, "file:///work/c.kh", &compare), ["用 `==` 比较"]);
    let field = format!(
        "{head}violation 旷工 {{\n  severity 重度\n  points = 10 分\n  when leads_team\n}}\npay {{\n  x = 1\n}}\n"
    );
    assert_eq!(fix_titles(&mut c, "file:///work/f.kh", &field), ["写成 `agent.leads_team`"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn code_lenses_run_worked_examples() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let lenses = c.call("textDocument/codeLens", json!({ "textDocument": { "uri": URI } }));
    let lenses = lenses.as_array().unwrap();
    assert_eq!(lenses.len(), BUNDLED.matches("\ntest \"").count());
    assert_eq!(
        lenses[0]["range"]["start"],
        json!({ "line": pos(BUNDLED, "test \"旷工一次扣10分\"", 0, 0).0, "character": 0 })
    );
    assert_eq!(lenses[0]["command"]["title"], "✓ passed (8 expectations) · run again");
    assert_eq!(lenses[0]["command"]["command"], "kaohe.runTest");
    assert!(lenses.iter().all(|l| l["command"]["title"].as_str().unwrap().starts_with("✓ passed")));
    // Break one expectation: its lens says so, and running it reports what the month gave.
    let broken = BUNDLED.replace(
        "expect A1.实发工资 == 3400 元  // 3000 + 400\n  expect A1.tenure == 9",
        "expect A1.实发工资 == 3300 元  // 3000 + 400\n  expect A1.tenure == 9",
    );
    change(&mut c, 2, &broken);
    let lenses = c.call("textDocument/codeLens", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(lenses[0]["command"]["title"], "✗ failed: 1 of 8 expectations · run again");
    let run = c.call(
        "workspace/executeCommand",
        json!({ "command": "kaohe.runTest", "arguments": lenses[0]["command"]["arguments"] }),
    );
    assert_eq!(run["passed"], false);
    assert_eq!(run["failed"], 1);
    let shown = c.wait_for("a message", |v| v["method"] == "window/showMessage");
    let line = pos(&broken, "expect A1.实发工资 == 3300", 0, 0).0 + 1;
    assert_eq!(
        shown["params"]["message"],
        format!("worked example \"旷工一次扣10分\": failed\nline {line}: expected == 3300.00 元, got 3400.00 元")
    );
    assert_eq!(shown["params"]["type"], 1);
    let run = c.call(
        "workspace/executeCommand",
        json!({ "command": "kaohe.runTest", "arguments": [URI, "与客户冲突扣10分"] }),
    );
    assert_eq!(run["passed"], true);
    assert_eq!(c.shutdown(), 0);
}

/// What an editor logs when it (or the wire) gets the protocol wrong: the refusals, in
/// the server's language.
fn refusals(lang: &str) -> Vec<String> {
    let mut c = Client::start_in(lang);
    let mut said = Vec::new();
    let mut message = |v: &Value| said.push(v["error"]["message"].as_str().unwrap_or("").to_string());
    message(&c.request("textDocument/hover", json!({})));
    c.request("initialize", json!({ "processId": null, "capabilities": {} }));
    message(&c.request("initialize", json!({ "processId": null, "capabilities": {} })));
    c.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    message(&c.wait_for("a parse error", |v| v["error"]["code"] == -32700));
    c.write_raw(b"this is not a header at all\r\n\r\n");
    message(&c.wait_for("a second parse error", |v| v["error"]["code"] == -32700));
    message(&c.request("textDocument/inlayHint", json!({ "textDocument": { "uri": URI } })));
    message(&c.request("textDocument/hover", json!({})));
    assert_eq!(c.shutdown(), 0);
    // The JSON reader's own reason (`key must be a string …`) is serde's, in English.
    said[2] = said[2].split_once(['：', ':']).map_or(said[2].clone(), |(head, _)| head.to_string());
    said
}

#[test]
fn malformed_requests_are_refused_in_the_servers_language() {
    assert_eq!(
        refusals("zh"),
        [
            "服务器还没有初始化",
            "服务器已经初始化过了",
            "不是 JSON-RPC 消息",
            "消息缺少有效的 `Content-Length` 头",
            "kaohe lsp 不支持方法 `textDocument/inlayHint`",
            "这个请求没有指明文档",
        ]
    );
    assert_eq!(
        refusals("en"),
        [
            "the server is not initialized yet",
            "the server is already initialized",
            "not a JSON-RPC message",
            "a message without a valid `Content-Length` header",
            "method `textDocument/inlayHint` is not supported by kaohe lsp",
            "the request names no document",
        ]
    );
}

#[test]
fn misuse_is_answered_and_never_crashes_or_hangs() {
    let mut c = Client::start();
    // Before initialize.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002);
    let r = c.request("initialize", json!({ "processId": null, "capabilities": {} }));
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    // Garbage on the wire: a parse error with no id, and the server reads on.
    c.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let e = c.wait_for("a parse error", |v| v["error"]["code"] == -32700);
    assert_eq!(e["id"], Value::Null);
    c.write_raw(b"this is not a header at all\r\n\r\n");
    c.wait_for("a second parse error", |v| v["error"]["code"] == -32700);
    c.send(&json!({ "jsonrpc": "2.0", "id": 99, "params": {} }));
    c.wait_for("a third parse error", |v| v["error"]["code"] == -32700);
    // Unknown methods: an error for a request, nothing for a notification.
    let r = c.request("textDocument/inlayHint", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(r["error"]["code"], -32601);
    c.notify("workspace/unknownNotification", json!({ "x": 1 }));
    c.notify("textDocument/didOpen", json!({ "nonsense": true }));
    // Bad params.
    let r = c.request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": "here" }));
    assert!(r.get("result").is_some() || r.get("error").is_some());
    // A document nobody opened.
    assert_eq!(c.at("textDocument/hover", "file:///nowhere.kh", (0, 0)), Value::Null);
    // Garbage text: every feature answers.
    let garbage = "\u{0}\u{1}policy {{{{ \" \\ ）（：😀\r\n\rtier tier tier\n///\n/// x\n((((((((( 1 元 / / 分\ntest \"\0\" { expect . }\n\u{202e}let \u{200b} = TBD TBD\n";
    let diagnostics = c.open("file:///garbage.kh", garbage);
    assert!(!diagnostics.is_empty());
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/documentHighlight",
        "textDocument/prepareRename",
    ] {
        for (line, character) in [(0, 0), (1, 3), (4, 100), (9999, 9999), (5, 1), (2, 1)] {
            let r = c.request(method, json!({ "textDocument": { "uri": "file:///garbage.kh" }, "position": { "line": line, "character": character } }));
            assert!(r.get("error").is_none() || r["error"]["code"] == -32803, "{method}: {r}");
        }
    }
    for method in [
        "textDocument/documentSymbol",
        "textDocument/semanticTokens/full",
        "textDocument/codeLens",
        "textDocument/formatting",
    ] {
        let r = c.request(method, json!({ "textDocument": { "uri": "file:///garbage.kh" }, "options": { "tabSize": 2, "insertSpaces": true } }));
        assert!(r.get("error").is_none(), "{method}: {r}");
    }
    let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": "file:///garbage.kh" }, "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 0, "character": 99 } }, "context": { "diagnostics": [] } }));
    assert!(r.get("error").is_none(), "{r}");
    // Out-of-range positions in the bundled policy: clamped, answered.
    c.open(URI, BUNDLED);
    assert_eq!(c.at("textDocument/hover", URI, (100_000, 0)), Value::Null);
    assert_eq!(c.at("textDocument/definition", URI, (3, 100_000)), Value::Null);
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 100_000, "character": 5 }, "newName": "x" }),
    );
    assert_eq!(r["error"]["code"], -32803);
    // An edit whose range is past the end still applies (clamped).
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 9999, "character": 0 }, "end": { "line": 99999, "character": 9 } }, "text": "\n// end\n" }] }),
    );
    assert!(c.diagnostics(URI, 2).is_empty());
    // Cancelling a request that was answered already is harmless.
    c.notify("$/cancelRequest", json!({ "id": 1 }));
    // After shutdown, requests are refused and exit ends the process with 0.
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn exit_without_shutdown_and_a_closed_input_end_the_server() {
    let (mut c, _) = Client::initialized(None);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 1);
    let (mut c, _) = Client::initialized(None);
    drop(c.stdin.take());
    assert_eq!(c.wait_exit(), 1);
}

/// A policy large enough that checking it takes a while.
fn large_policy(violations: usize) -> String {
    let mut text = String::from("policy \"大\" {\n  effective 2024-10-01\n  status draft\n}\nseverity 重度\n");
    for i in 0..violations {
        text.push_str(&format!(
            "/// 第{i}条\nviolation 违规{i} {{\n  severity 重度\n  points = {} 分\n  when agent.hired_on < 2024-01-01\n}}\n",
            i % 7 + 1
        ));
    }
    text.push_str("let 最低工资 = 2420 元\npay {\n  实发 = max(最低工资, 0 元)\n}\n");
    text
}

#[test]
fn requests_during_a_slow_check_are_answered() {
    let (mut c, _) = Client::initialized(None);
    c.open(URI, BUNDLED);
    let big = large_policy(5_000);
    let big_uri = "file:///work/big.kh";
    let started = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": big_uri, "languageId": "kaohe", "version": 1, "text": big } }),
    );
    // While the big one is checked, the small one answers at once.
    let waiting = c.start_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": big_uri }, "position": { "line": 2, "character": 3 } }),
    );
    let small = c.at("textDocument/hover", URI, pos(BUNDLED, "最低工资)", 0, 0));
    assert!(hover_text(&small).contains("let 最低工资"));
    let small_done = started.elapsed();
    // Answered while the large one is still being checked.
    assert!(!c.backlog.iter().any(|v| v["id"] == json!(waiting)), "the small document waited for the large one");
    // The big one's request is answered when its check is done.
    let r = c.response(waiting);
    assert!(r.get("error").is_none(), "{r}");
    let big_done = started.elapsed();
    let v = c.at("textDocument/hover", big_uri, pos(&big, "违规4999 {", 0, 0));
    assert!(hover_text(&v).contains("第4999条"));
    eprintln!("slow check: the other document answered after {small_done:?}, the large one after {big_done:?}");
    // A request cancelled while it waits is answered as cancelled.
    change(&mut c, 2, "policy {");
    let bigger = large_policy(5_001);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": big_uri, "version": 2 }, "contentChanges": [{ "text": bigger }] }),
    );
    let id = c.start_request("textDocument/documentSymbol", json!({ "textDocument": { "uri": big_uri } }));
    c.notify("$/cancelRequest", json!({ "id": id }));
    let r = c.response(id);
    assert!(r["error"]["code"] == -32800 || r.get("result").is_some(), "{r}");
    assert_eq!(c.shutdown(), 0);
}

/// Round trips on the bundled policy once it is analysed: printed, not asserted (run with
/// `--nocapture` to see them; docs/editors.md has the figures of a release build).
#[test]
fn reply_latency_on_the_bundled_policy() {
    let (mut c, _) = Client::initialized(None);
    let started = Instant::now();
    c.open(URI, BUNDLED);
    let first = started.elapsed();
    let t = BUNDLED;
    let requests: Vec<(&str, Value)> = vec![
        (
            "hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": pos(t, "最低工资)", 0, 0).0, "character": pos(t, "最低工资)", 0, 0).1 } }),
        ),
        (
            "definition",
            json!({ "textDocument": { "uri": URI }, "position": { "line": pos(t, "最低工资)", 0, 0).0, "character": pos(t, "最低工资)", 0, 0).1 } }),
        ),
        (
            "references",
            json!({ "textDocument": { "uri": URI }, "position": { "line": pos(t, "重度", 0, 0).0, "character": pos(t, "重度", 0, 0).1 }, "context": { "includeDeclaration": true } }),
        ),
        (
            "completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": pos(t, "最低工资)", 0, 0).0, "character": pos(t, "最低工资)", 0, 0).1 } }),
        ),
        ("documentSymbol", json!({ "textDocument": { "uri": URI } })),
        ("semanticTokens/full", json!({ "textDocument": { "uri": URI } })),
        ("codeLens", json!({ "textDocument": { "uri": URI } })),
        ("formatting", json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } })),
    ];
    let mut report = vec![format!("open → diagnostics: {first:?}")];
    for (method, params) in requests {
        let mut times = Vec::new();
        for _ in 0..20 {
            let t0 = Instant::now();
            let r = c.request(&format!("textDocument/{method}"), params.clone());
            times.push(t0.elapsed());
            assert!(r.get("error").is_none());
        }
        times.sort();
        report.push(format!("{method}: median {:?}, max {:?}", times[times.len() / 2], times[times.len() - 1]));
    }
    // A change until its diagnostics, less the debounce.
    let mut times = Vec::new();
    for v in 2..12 {
        let t0 = Instant::now();
        change(&mut c, v, &format!("{BUNDLED}\n// edit {v}\n"));
        c.diagnostics(URI, v);
        times.push(t0.elapsed());
    }
    times.sort();
    report.push(format!("change → diagnostics (with the 150 ms debounce): median {:?}", times[times.len() / 2]));
    eprintln!("latency on policies/customer-service.kh:\n  {}", report.join("\n  "));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn completion_offers_the_keywords_of_the_files_dialect() {
    let zh = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/customer-service.zh.kh")).unwrap();
    let (mut c, _) = Client::initialized(None);
    let text = format!("{zh}\n");
    c.open(URI, &text);
    let line = u32::try_from(text.lines().count()).unwrap();
    let l = labels(&complete(&mut c, URI, (line, 0)));
    for want in ["规定", "等级", "程度", "违规", "追加", "设", "表", "工资", "算例", "单位"] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    assert!(!l.contains(&"violation".to_string()), "{l:?}");
    // In an expression: the Chinese built-ins.
    let at = offset(&text, "  基本工资     = 等级.base_salary", 0) + "  基本工资     = 等级.base_salary".len();
    let mut typed = text.clone();
    typed.insert_str(at, " + ");
    change(&mut c, 2, &typed);
    let l = labels(&complete(&mut c, URI, position(&typed, at + 3, Units::Utf16)));
    for want in ["次数", "工龄", "最大", "四舍五入", "如果"] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    assert!(!l.contains(&"来自".to_string()), "`来自` belongs to record fields: {l:?}");
    // After a record field's default: `来自`, the header it is read from.
    let field = "  leads_team: 是否 = 否";
    let at = offset(&text, field, 0) + field.len();
    let mut typed = text.clone();
    typed.insert_str(at, " 来");
    change(&mut c, 3, &typed);
    let l = labels(&complete(&mut c, URI, position(&typed, at + " 来".len(), Units::Utf16)));
    assert!(l.contains(&"来自".to_string()), "{l:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn built_in_fields_are_offered_and_shown_in_a_chinese_files_own_words() {
    const ZH: &str = include_str!("../../policies/customer-service.zh.kh");
    let uri = "file:///work/customer-service.zh.kh";
    let (mut c, _) = Client::initialized_in("zh", None);
    c.open(uri, ZH);
    // `员工.` and `事件.` offer the built-in fields as the Chinese dialect spells them,
    // and the policy's own fields as it names them.
    let line = "  当 事件.minutes > 30 minutes";
    for (version, insert, want) in [
        (2, " 且 员工.", ["入职日期", "工号", "leads_team", "姓名", "等级"]),
        (3, " 且 事件.", ["工号", "cost", "日期", "minutes", "违规"]),
    ] {
        let at = offset(ZH, line, 0) + line.len();
        let mut text = ZH.to_string();
        text.insert_str(at, insert);
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": &text }] }),
        );
        let items = complete(&mut c, uri, position(&text, at + insert.len(), Units::Utf16));
        let mut got = labels(&items);
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "after `{insert}`");
        // Each item's documentation has the field's code in the same words.
        let hired = items.iter().find(|i| i["label"] == "入职日期" || i["label"] == "日期").unwrap();
        let doc = hired["documentation"]["value"].as_str().unwrap();
        assert!(doc.contains("员工.入职日期: 日期") || doc.contains("事件.日期: 日期"), "{doc}");
    }
    // A hover on a built-in field in a worked example: the code line in Chinese.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 4 }, "contentChanges": [{ "text": ZH }] }),
    );
    let text = hover_text(&c.at("textDocument/hover", uri, pos(ZH, "入职日期 = 2024-01-15", 0, 0)));
    assert!(text.starts_with("```kaohe\n员工字段 员工.入职日期: 日期\n```"), "{text}");
    assert_eq!(c.shutdown(), 0);
}
