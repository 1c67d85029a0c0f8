//! A snapshot's body: every agent's month as lines `ID FIGURE: VALUE`.
//!
//! Agents are sorted by id, with a blank line between two agents; each agent's lines come
//! in one fixed order: `name`, `tenure_months`, the figures of [`crate::diff::figures`]
//! (tier, points, compensation, the count of each severity, then of each violation
//! counted, escalations, promotion, `tier_ok`, each pay line in the policy's order), and
//! each incident not counted, by date. Every id, name and value is escaped where it
//! could break a line or hide: a backslash, a control, a bidi or invisible character is
//! written `\u{…}` (a backslash `\\`), and so is white space in an id or at either end
//! of a value.

use std::borrow::Cow;
use std::sync::Arc;

use crate::check::program::Program;
use crate::diag::Diagnostic;
use crate::eval::{AgentResult, MonthResult};
use crate::source::{Source, Span};
use crate::unicode::{is_bidi_control, is_invisible};

/// The figure of each incident not counted: one line per incident.
pub(super) const NOT_COUNTED: &str = "not counted";

/// The results of a month as a snapshot's body: the text `kaohe snapshot` records and
/// `kaohe test` compares, the same on every run and every machine. For Rust users,
/// `insta::assert_snapshot!(kaohe::snapshot::render(&program, &result))` keeps it in
/// their own tests.
pub fn render(program: &Program, result: &MonthResult) -> String {
    let mut agents: Vec<&AgentResult> = result.agents.iter().collect();
    agents.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::new();
    for (i, a) in agents.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let id = escaped(&a.id, true);
        for (figure, value) in agent_lines(program, a) {
            out.push_str(&id);
            out.push(' ');
            out.push_str(&escaped(&figure, false));
            out.push(':');
            if !value.is_empty() {
                out.push(' ');
                out.push_str(&escaped(&value, false));
            }
            out.push('\n');
        }
    }
    out
}

fn agent_lines(program: &Program, a: &AgentResult) -> Vec<(String, String)> {
    let mut lines =
        vec![("name".to_string(), a.name.clone()), ("tenure_months".to_string(), a.tenure_months.to_string())];
    let figures = crate::diff::figures(program, a);
    // Each violation counted goes after the severities' counts.
    let at = figures.iter().position(|(f, _)| f == "escalations").unwrap_or(figures.len());
    let (before, after) = figures.split_at(at);
    lines.extend_from_slice(before);
    for t in &a.violations {
        if let Some(v) = program.violations.get(t.violation) {
            lines.push((format!("count {}", v.name), t.count.to_string()));
        }
    }
    lines.extend_from_slice(after);
    let mut not_counted: Vec<(chrono::NaiveDate, &str, usize)> = a
        .not_counted
        .iter()
        .map(|n| (n.date, program.violations.get(n.violation).map_or("", |v| v.name.as_str()), n.line))
        .collect();
    not_counted.sort();
    for (date, violation, line) in not_counted {
        lines.push((NOT_COUNTED.to_string(), format!("{} {violation} (line {line})", date.format("%Y-%m-%d"))));
    }
    lines
}

/// Text on one line of a body: see the module's docs. `in_id` escapes every space.
fn escaped(text: &str, in_id: bool) -> Cow<'_, str> {
    let last = text.chars().count().saturating_sub(1);
    let needs = |i: usize, c: char| {
        c == '\\'
            || c.is_control()
            || is_bidi_control(c)
            || is_invisible(c)
            || (c.is_whitespace() && (in_id || i == 0 || i == last))
    };
    if !text.chars().enumerate().any(|(i, c)| needs(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if needs(i, c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A body line as id, figure and value (`A019`, `实发工资`, `2420.00`).
pub(super) fn split_line(line: &str) -> Option<(&str, &str, &str)> {
    let (id, rest) = line.split_once(' ')?;
    let (figure, value) = match rest.split_once(": ") {
        Some(fv) => fv,
        None => (rest.strip_suffix(':')?, ""),
    };
    (!id.is_empty() && !figure.is_empty()).then_some((id, figure, value))
}

/// The body of a snapshot file, every line checked to be `ID FIGURE: VALUE`: line
/// breaks as `\n`, ending in one (empty when there are no agents).
pub(super) fn checked(source: &Arc<Source>, body_start: usize, rest: &str) -> Result<String, Diagnostic> {
    let mut at = body_start;
    for line in rest.split('\n') {
        let start = at;
        at += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        // A carriage return is written escaped; one left over is not a line break of ours.
        let (what, label) = if line.contains('\r') {
            (tr!("snapshot-carriage-return"), tr!("snapshot-carriage-return-label"))
        } else if line.trim().is_empty() || split_line(line).is_some() {
            continue;
        } else {
            (tr!("snapshot-not-a-figure"), tr!("snapshot-not-a-figure-label"))
        };
        let span = Span::new(source, start, start + line.len());
        return Err(super::malformed(source.name(), &span, &what, &label));
    }
    let body = rest.replace("\r\n", "\n");
    let body = body.trim_end();
    Ok(if body.is_empty() { String::new() } else { format!("{body}\n") })
}

/// How many agents a body holds.
pub(super) fn agent_count(body: &str) -> usize {
    let ids: std::collections::BTreeSet<&str> = body.lines().filter_map(split_line).map(|(id, _, _)| id).collect();
    ids.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keep_one_figure_a_line() {
        assert_eq!(escaped("张三", false), "张三");
        assert_eq!(escaped("A 1", true), "A\\u{20}1");
        assert_eq!(escaped("a b", false), "a b");
        assert_eq!(escaped(" a ", false), "\\u{20}a\\u{20}");
        assert_eq!(escaped("x\ny\\", false), "x\\u{a}y\\\\");
        assert_eq!(escaped("a\u{202e}b\u{200b}", false), "a\\u{202e}b\\u{200b}");
    }

    #[test]
    fn lines_split_into_id_figure_value() {
        assert_eq!(split_line("A019 实发工资: 2420.00"), Some(("A019", "实发工资", "2420.00")));
        assert_eq!(split_line("A019 count 轻度: 1"), Some(("A019", "count 轻度", "1")));
        assert_eq!(split_line("A019 name:"), Some(("A019", "name", "")));
        assert_eq!(split_line("A019 name: a: b"), Some(("A019", "name", "a: b")));
        assert_eq!(split_line("A019"), None);
        assert_eq!(split_line("A019 x"), None);
        assert_eq!(split_line(" x: y"), None);
    }
}
