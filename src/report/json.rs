//! A month as JSON (contract v1 §6): decimals as strings, money with two places.
//!
//! Compact by default ([`Layout::Compact`]: the bytes `serde_json::to_string` gives of
//! the whole document, one line), pretty-printed on request ([`Layout::Pretty`],
//! `--pretty`: two-space indentation as `serde_json::to_string_pretty` gives it, but for
//! the one-line amounts of a policy with caps). One writer per agent,
//! [`write_agent_json`], writes bytes straight into the agent's buffer (no JSON value,
//! no formatting of whole strings); the month's document streams it agent by agent, and
//! [`agent_json`] reads its output back where a JSON value is wanted (an explanation
//! embeds the agent).

use std::io::Write;

use serde_json::Value as Json;

use super::{escalation_names, tier_name};
use crate::calendar::Month;
use crate::check::program::{Amount, Program, Value};
use crate::check::types::Type;
use crate::eval::{render, AgentResult, MonthResult};
use crate::money::{push_money, push_normalized};

/// How a month's JSON is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// One line, no spaces: the smallest file, what programs read.
    #[default]
    Compact,
    /// Indented by two spaces a level, for people.
    Pretty,
}

/// One agent as in contract section 6, as a JSON value: what [`write_month_json`] writes
/// for the agent, read back (so the two can never differ).
pub fn agent_json(program: &Program, a: &AgentResult) -> Json {
    let mut out = Vec::new();
    write_agent_json(program, a, &mut Out::new(&mut out, Layout::Compact, Vec::new()));
    serde_json::from_slice(&out).unwrap_or(Json::Null)
}

/// The month's JSON document, pretty-printed.
pub fn month_json(program: &Program, result: &MonthResult) -> String {
    month_json_as(program, result, Layout::Pretty)
}

/// The month's JSON document, laid out as `layout` says.
pub fn month_json_as(program: &Program, result: &MonthResult, layout: Layout) -> String {
    let mut out = Vec::new();
    let _ = write_month_json_as(program, result, layout, None, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the month as pretty-printed JSON, one agent at a time.
pub fn write_month_json(program: &Program, result: &MonthResult, w: &mut dyn Write) -> std::io::Result<()> {
    write_month_json_with(program, result, None, w)
}

/// [`write_month_json`], with the month's `summary` object ([`super::summary_json`]) after
/// the agents when one is given (`kaohe eval --summary --format json --pretty`).
pub fn write_month_json_with(
    program: &Program,
    result: &MonthResult,
    summary: Option<&Json>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    write_month_json_as(program, result, Layout::Pretty, summary, w)
}

/// Writes the month as JSON, one agent at a time (the whole document is never built in
/// memory), laid out as `layout` says, with the month's `summary` object after the
/// agents when one is given.
pub fn write_month_json_as(
    program: &Program,
    result: &MonthResult,
    layout: Layout,
    summary: Option<&Json>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    w.write_all(&json_head(program, result.month, layout))?;
    super::write_in_batches(&result.agents, w, |i, a, out| {
        out.extend_from_slice(json_before(layout, i));
        json_agent_into(program, a, layout, out);
        Ok(())
    })?;
    w.write_all(&json_tail(layout, result.agents.len(), summary))
}

/// The document up to its first agent: the policy, and the opening of the agents' list.
pub(super) fn json_head(program: &Program, month: Month, layout: Layout) -> Vec<u8> {
    let mut head = Vec::new();
    let mut o = Out::new(&mut head, layout, Vec::new());
    o.begin(b'{');
    o.key("policy");
    o.begin(b'{');
    o.key("title");
    o.string(&program.header.title);
    o.key("version");
    match &program.header.version {
        Some(v) => o.string(v),
        None => o.raw(b"null"),
    }
    o.key("month");
    o.string(&month.to_string());
    o.end(b'}');
    o.key("agents");
    o.begin(b'[');
    head
}

/// What comes before an agent after `i` others in the list: the comma, and the
/// indentation when pretty.
pub(super) fn json_before(layout: Layout, i: usize) -> &'static [u8] {
    match (layout, i > 0) {
        (Layout::Compact, false) => b"",
        (Layout::Compact, true) => b",",
        (Layout::Pretty, false) => b"\n    ",
        (Layout::Pretty, true) => b",\n    ",
    }
}

/// One agent as it stands inside the document's list of agents.
pub(super) fn json_agent(program: &Program, a: &AgentResult, layout: Layout) -> Vec<u8> {
    // Room for what the agent's lists usually take (a busy rider's month is some 4 KB),
    // so the buffer is not grown and copied several times over.
    let lists = a.violations.len() + a.caps.len() + a.not_counted.len() + a.severity_counts.len();
    let mut out = Vec::with_capacity(640 + 40 * program.pay.len() + 200 * lists);
    json_agent_into(program, a, layout, &mut out);
    out
}

/// [`json_agent`], appended to `out`.
fn json_agent_into(program: &Program, a: &AgentResult, layout: Layout, out: &mut Vec<u8>) {
    // Inside the document's object and its list of agents.
    write_agent_json(program, a, &mut Out::new(out, layout, vec![true, true]));
}

/// The document after `agents` agents: the end of their list, the summary if given, the
/// end of the document and a line break.
pub(super) fn json_tail(layout: Layout, agents: usize, summary: Option<&Json>) -> Vec<u8> {
    let mut tail = Vec::new();
    let mut o = Out::new(&mut tail, layout, vec![true, agents > 0]);
    o.end(b']');
    if let Some(summary) = summary {
        o.key("summary");
        let text = match layout {
            Layout::Compact => serde_json::to_string(summary),
            Layout::Pretty => serde_json::to_string_pretty(summary).map(|t| t.replace('\n', "\n  ")),
        };
        o.raw(text.unwrap_or_default().as_bytes());
    }
    o.end(b'}');
    tail.push(b'\n');
    tail
}

/// JSON written byte by byte into a buffer, laid out as it goes: `open` says, for each
/// object or list open around the writing point, whether it has an item yet.
struct Out<'a> {
    buf: &'a mut Vec<u8>,
    pretty: bool,
    open: Vec<bool>,
}

impl<'a> Out<'a> {
    fn new(buf: &'a mut Vec<u8>, layout: Layout, open: Vec<bool>) -> Out<'a> {
        Out { buf, pretty: layout == Layout::Pretty, open }
    }

    fn newline(&mut self) {
        if self.pretty {
            self.buf.push(b'\n');
            for _ in 0..self.open.len() {
                self.buf.extend_from_slice(b"  ");
            }
        }
    }

    fn begin(&mut self, bracket: u8) {
        self.buf.push(bracket);
        self.open.push(false);
    }

    fn end(&mut self, bracket: u8) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.buf.push(bracket);
    }

    /// Before an item of a list, or a key of an object.
    fn item(&mut self) {
        if let Some(has) = self.open.last_mut() {
            if *has {
                self.buf.push(b',');
            }
            *has = true;
        }
        self.newline();
    }

    /// One of the report's own keys (plain ASCII: nothing to escape).
    fn key(&mut self, key: &'static str) {
        self.item();
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    /// A key the policy names (a pay line), escaped as any string.
    fn named_key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.buf.extend_from_slice(if self.pretty { b": " } else { b":" });
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) {
        if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            let _ = serde_json::to_writer(&mut *self.buf, s);
        } else {
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
        }
    }

    /// A figure as a JSON string (its text never needs escaping).
    fn figure(&mut self, figure: impl std::fmt::Display) {
        self.buf.push(b'"');
        let _ = write!(self.buf, "{figure}");
        self.buf.push(b'"');
    }

    /// Money as a JSON string, two decimals.
    fn money(&mut self, n: rust_decimal::Decimal) {
        self.buf.push(b'"');
        push_money(self.buf, n);
        self.buf.push(b'"');
    }

    /// Points or another number as a JSON string, without trailing zeros.
    fn normalized(&mut self, n: rust_decimal::Decimal) {
        self.buf.push(b'"');
        push_normalized(self.buf, n);
        self.buf.push(b'"');
    }

    /// A count.
    fn count(&mut self, n: impl itoa::Integer) {
        self.buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn boolean(&mut self, b: bool) {
        self.buf.extend_from_slice(if b { b"true" } else { b"false" });
    }

    fn date(&mut self, d: chrono::NaiveDate) {
        use chrono::Datelike;
        if let Ok(year @ 0..=9999) = u32::try_from(d.year()) {
            let digit = |n: u32| b'0' + (n % 10) as u8;
            let (m, day) = (d.month(), d.day());
            self.buf.extend_from_slice(&[
                b'"',
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(m / 10),
                digit(m),
                b'-',
                digit(day / 10),
                digit(day),
                b'"',
            ]);
        } else {
            self.figure(d.format("%Y-%m-%d"));
        }
    }

    /// Points, compensation and fine as a one-line object (`{"points": "1", …}` even
    /// when pretty).
    fn amounts(&mut self, a: &[rust_decimal::Decimal; 3]) {
        // Nothing withheld, most often.
        if a.iter().all(|x| x.is_zero() && x.is_sign_positive()) {
            self.buf.extend_from_slice(if self.pretty {
                br#"{"points": "0", "compensation": "0.00", "fine": "0.00"}"#
            } else {
                br#"{"points":"0","compensation":"0.00","fine":"0.00"}"#
            });
            return;
        }
        let (colon, comma): (&[u8], &[u8]) = if self.pretty { (b": ", b", ") } else { (b":", b",") };
        self.buf.extend_from_slice(b"{\"points\"");
        self.buf.extend_from_slice(colon);
        self.normalized(a[0]);
        self.buf.extend_from_slice(comma);
        self.buf.extend_from_slice(b"\"compensation\"");
        self.buf.extend_from_slice(colon);
        self.money(a[1]);
        self.buf.extend_from_slice(comma);
        self.buf.extend_from_slice(b"\"fine\"");
        self.buf.extend_from_slice(colon);
        self.money(a[2]);
        self.buf.push(b'}');
    }
}

/// One agent, as it stands inside the month's document.
fn write_agent_json(program: &Program, a: &AgentResult, o: &mut Out) {
    o.begin(b'{');
    o.key("id");
    o.string(&a.id);
    o.key("name");
    o.string(&a.name);
    o.key("tier");
    o.string(tier_name(program, a.tier));
    o.key("tenure_months");
    o.count(a.tenure_months);
    o.key("points");
    o.normalized(a.points);
    o.key("compensation");
    o.money(a.compensation);
    o.key("fine");
    o.money(a.fine);
    let capped = program.caps();
    o.key("violations");
    o.begin(b'[');
    for t in &a.violations {
        let Some(v) = program.violations.get(t.violation) else { continue };
        o.item();
        o.begin(b'{');
        o.key("name");
        o.string(&v.name);
        o.key("severity");
        o.string(program.severities.get(v.severity).map_or("", |s| s.name.as_str()));
        o.key("count");
        o.count(t.count);
        o.key("points");
        o.normalized(t.points);
        o.key("fine");
        o.money(t.fine);
        if capped {
            o.key("compensation");
            o.money(t.compensation);
            o.key("withheld");
            o.amounts(&t.withheld);
        }
        o.end(b'}');
    }
    o.end(b']');
    if capped {
        write_caps(program, a, o);
    }
    o.key("not_counted");
    o.begin(b'[');
    for n in &a.not_counted {
        o.item();
        o.begin(b'{');
        o.key("violation");
        o.string(program.violations.get(n.violation).map_or("", |v| v.name.as_str()));
        o.key("date");
        o.date(n.date);
        o.key("why");
        o.string(&n.why());
        o.end(b'}');
    }
    o.end(b']');
    o.key("escalations");
    o.begin(b'[');
    for e in escalation_names(program, a) {
        o.item();
        o.string(e);
    }
    o.end(b']');
    o.key("promotion");
    match a.promotion {
        Some(t) => o.string(tier_name(program, t)),
        None => o.raw(b"null"),
    }
    o.key("tier_ok");
    o.boolean(a.tier_ok);
    o.key("pay");
    o.begin(b'{');
    for (line, out) in program.pay.iter().zip(&a.pay) {
        o.named_key(&line.name);
        match &out.value {
            Value::Bool(b) => o.boolean(*b),
            Value::Num(n) if line.ty == Type::MONEY => o.money(*n),
            Value::Num(n) => o.normalized(*n),
            v => o.string(&render(program, v, line.ty, false)),
        }
    }
    o.end(b'}');
    o.end(b'}');
}

/// A policy with caps: each severity the agent has occurrences of, with its amounts after
/// caps and what its own caps withheld, and every period in which a cap withheld something.
fn write_caps(program: &Program, a: &AgentResult, o: &mut Out) {
    o.key("severities");
    o.begin(b'[');
    for (s, def) in program.severities.iter().enumerate() {
        let count = a.severity_counts.get(s).copied().unwrap_or(0);
        if count == 0 {
            continue;
        }
        o.item();
        o.begin(b'{');
        o.key("name");
        o.string(&def.name);
        o.key("count");
        o.count(count);
        o.key("amounts");
        o.amounts(&a.severity_amounts.get(s).copied().unwrap_or_default());
        o.key("withheld");
        o.amounts(&a.severity_withheld.get(s).copied().unwrap_or_default());
        o.end(b'}');
    }
    o.end(b']');
    o.key("caps");
    o.begin(b'[');
    for c in &a.caps {
        let cap = super::cap_def(program, c);
        let money = c.amount != Amount::Points;
        let figure = |o: &mut Out, d: rust_decimal::Decimal| if money { o.money(d) } else { o.normalized(d) };
        o.item();
        o.begin(b'{');
        o.key("on");
        o.string(super::target_name(program, c.target));
        o.key("cap");
        o.string(cap.map_or("", |d| d.text.as_str()));
        o.key("line");
        o.count(cap.map_or(0, |d| d.line));
        o.key("period");
        o.string(c.period.keyword().spelling());
        o.key("from");
        o.date(c.start);
        o.key("before");
        figure(o, c.before);
        o.key("limit");
        figure(o, c.limit);
        o.key("withheld");
        figure(o, c.withheld());
        o.end(b'}');
    }
    o.end(b']');
}
