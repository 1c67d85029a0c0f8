//! What changed between two bodies, agent by agent: a figure recorded once on each side
//! with another value (`A019 实发工资 2420.00 → 2500.00`), a line added or removed (an
//! incident no longer counted, a violation now counted), an agent added or removed.
//!
//! Only the text is compared — the recorded side has no program behind it — so the
//! figures are those [`crate::diff::figures`] names, and an agent changes here exactly
//! when one of its lines does.

use std::collections::BTreeMap;

use super::body::{split_line, NOT_COUNTED};

/// One change of an agent's lines. Figures and values are as written in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineChange {
    /// A figure on one line each side, with another value.
    Changed { figure: String, old: String, new: String },
    /// A line only the new side has.
    Added { figure: String, value: String },
    /// A line only the old side has.
    Removed { figure: String, value: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentStatus {
    Changed,
    /// The agent is only in the new results.
    Added,
    /// The agent is only in the recorded results.
    Removed,
}

/// An agent whose lines differ, by its id as written in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentDiff {
    pub id: String,
    pub name: String,
    pub status: AgentStatus,
    /// For a changed agent, each change in the order of its lines.
    pub changes: Vec<LineChange>,
}

type Lines<'a> = BTreeMap<&'a str, Vec<(&'a str, &'a str)>>;

/// Each agent's lines, by id.
fn agents(body: &str) -> Lines<'_> {
    let mut out: Lines<'_> = BTreeMap::new();
    for (id, figure, value) in body.lines().filter_map(split_line) {
        out.entry(id).or_default().push((figure, value));
    }
    out
}

fn name_in(lines: &[(&str, &str)]) -> String {
    lines.iter().find(|(f, _)| *f == "name").map_or_else(String::new, |(_, v)| v.to_string())
}

/// The agents whose lines differ between an old and a new body, sorted by id.
pub fn compare(old: &str, new: &str) -> Vec<AgentDiff> {
    let (old, new) = (agents(old), agents(new));
    let mut ids: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let diff = match (old.get(id), new.get(id)) {
            (Some(o), Some(n)) => {
                let changes = changes(o, n);
                if changes.is_empty() {
                    continue;
                }
                AgentDiff { id: id.to_string(), name: name_in(n), status: AgentStatus::Changed, changes }
            }
            (None, Some(n)) => {
                AgentDiff { id: id.to_string(), name: name_in(n), status: AgentStatus::Added, changes: vec![] }
            }
            (Some(o), None) => {
                AgentDiff { id: id.to_string(), name: name_in(o), status: AgentStatus::Removed, changes: vec![] }
            }
            (None, None) => continue,
        };
        out.push(diff);
    }
    out
}

/// One agent's changes, figure by figure in the new side's order, then figures only the
/// old side has. A figure on one line each side changes its value; any other figure
/// (`not counted`, given for each incident) loses and gains whole lines.
fn changes(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<LineChange> {
    let mut figures: Vec<&str> = Vec::new();
    for (f, _) in new.iter().chain(old) {
        if !figures.contains(f) {
            figures.push(f);
        }
    }
    let mut out = Vec::new();
    for figure in figures {
        let olds: Vec<&str> = old.iter().filter(|(f, _)| *f == figure).map(|(_, v)| *v).collect();
        let news: Vec<&str> = new.iter().filter(|(f, _)| *f == figure).map(|(_, v)| *v).collect();
        // A figure given once each side changes its value; an incident not counted is
        // its own line, so another one is a line removed and one added.
        if figure != NOT_COUNTED && olds.len() == 1 && news.len() == 1 {
            if let (Some(o), Some(n)) = (olds.first(), news.first()) {
                if o != n {
                    out.push(LineChange::Changed { figure: figure.into(), old: o.to_string(), new: n.to_string() });
                }
            }
            continue;
        }
        let mut unmatched = news.clone();
        for o in &olds {
            match unmatched.iter().position(|n| n == o) {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => out.push(LineChange::Removed { figure: figure.into(), value: o.to_string() }),
            }
        }
        let mut unmatched_old = olds.clone();
        for n in &news {
            match unmatched_old.iter().position(|o| o == n) {
                Some(i) => {
                    unmatched_old.remove(i);
                }
                None => out.push(LineChange::Added { figure: figure.into(), value: n.to_string() }),
            }
        }
    }
    out
}

/// The changes for people, one line each: `A019 实发工资 2420.00 → 2500.00`,
/// `A022 + not counted: 2024-10-05 突发事件超时 (line 40)`, `A041 added: 王五`.
pub fn diff_lines(diffs: &[AgentDiff]) -> Vec<String> {
    let shown = |v: &str| if v.is_empty() { "\"\"".to_string() } else { v.to_string() };
    let mut out = Vec::new();
    for d in diffs {
        match d.status {
            AgentStatus::Added => out.push(tr!("snapshot-agent-added", id = &d.id, name = &d.name)),
            AgentStatus::Removed => out.push(tr!("snapshot-agent-removed", id = &d.id, name = &d.name)),
            AgentStatus::Changed => {
                for c in &d.changes {
                    out.push(match c {
                        LineChange::Changed { figure, old, new } => {
                            format!("{} {figure} {} → {}", d.id, shown(old), shown(new))
                        }
                        LineChange::Added { figure, value } => format!("{} + {figure}: {value}", d.id),
                        LineChange::Removed { figure, value } => format!("{} - {figure}: {value}", d.id),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "A1 name: 张三\nA1 points: 2\nA1 not counted: 2024-10-03 迟到 (line 2)\n\n\
                       A2 name: 李四\nA2 points: 1\n\nA3 name: 王五\nA3 points: 0\n";

    #[test]
    fn figures_change_and_lines_come_and_go() {
        let new = "A1 name: 张三\nA1 points: 4\nA1 not counted: 2024-10-09 迟到 (line 5)\n\n\
                   A2 name: 李四\nA2 points: 1\n\nA4 name: 赵六\nA4 points: 0\n";
        let diffs = compare(OLD, new);
        assert_eq!(
            diff_lines(&diffs),
            [
                "A1 points 2 → 4",
                "A1 - not counted: 2024-10-03 迟到 (line 2)",
                "A1 + not counted: 2024-10-09 迟到 (line 5)",
                "A3 removed: 王五",
                "A4 added: 赵六",
            ]
        );
        assert_eq!(diffs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["A1", "A3", "A4"]);
        assert_eq!(diffs[0].name, "张三");
    }

    #[test]
    fn the_same_body_has_no_change_and_order_of_agents_does_not_matter() {
        assert!(compare(OLD, OLD).is_empty());
        let reordered = "A2 name: 李四\nA2 points: 1\n\nA3 name: 王五\nA3 points: 0\n\n\
                         A1 name: 张三\nA1 points: 2\nA1 not counted: 2024-10-03 迟到 (line 2)\n";
        assert!(compare(OLD, reordered).is_empty());
    }

    #[test]
    fn a_figure_only_one_side_has_is_a_line_added_or_removed() {
        let new = "A1 name: 张三\nA1 points: 2\nA1 count 迟到: 1\nA1 not counted: 2024-10-03 迟到 (line 2)\n\n\
                   A2 name: 李四\nA2 points: 1\n\nA3 name: 王五\nA3 points: 0\n";
        assert_eq!(diff_lines(&compare(OLD, new)), ["A1 + count 迟到: 1"]);
        assert_eq!(diff_lines(&compare(new, OLD)), ["A1 - count 迟到: 1"]);
    }
}
