//! `kaohe diff`: structural changes and exactly the agents a revision affects.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::diff::{declarations, results, DeclChange};
use kaohe::records::Encoding;
use kaohe::{check_source, Source};

use crate::common;

fn month(text: &str) -> (kaohe::syntax::PolicyFile, kaohe::Program, kaohe::eval::MonthResult) {
    let checked = check_source(&Source::new("p.kh", text.to_string()));
    let program = checked.program.unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let agents = std::fs::read(format!("{root}/examples/2024-10/agents.csv")).unwrap();
    let incidents = std::fs::read(format!("{root}/examples/2024-10/incidents.csv")).unwrap();
    let (result, _) = common::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", &agents),
        ("incidents.csv", &incidents),
        Encoding::Auto,
    )
    .unwrap();
    (checked.file.unwrap(), program, result)
}

#[test]
fn a_revision_names_exactly_the_agents_it_affects() {
    let old_text = common::bundled_policy();
    let new_text = old_text
        .replacen(
            "violation 旷工 {\n  severity 重度\n  points = 10 分",
            "violation 旷工 {\n  severity 重度\n  points = 12 分",
            1,
        )
        .replace("let 最低工资 = 2420 元", "let 最低工资 = 2520 元");
    let (of, op, or) = month(&old_text);
    let (nf, np, nr) = month(&new_text);
    let decls = declarations(&of, &nf);
    assert_eq!(
        decls.iter().map(DeclChange::describe).collect::<Vec<_>>(),
        ["let 最低工资: value 2420 元 → 2520 元", "violation 旷工: points 10 分 → 12 分"]
    );
    let (agents, totals) = results(&op, &or, &np, &nr);
    // Exactly the agents with a 旷工 incident, or on the minimum wage.
    let incidents =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/2024-10/incidents.csv")).unwrap();
    let mut expected: Vec<String> =
        incidents.lines().filter(|l| l.contains(",旷工,")).map(|l| l.split(',').next().unwrap().to_string()).collect();
    expected.push("A019".to_string());
    expected.sort();
    expected.dedup();
    let mut changed: Vec<String> = agents.iter().map(|a| a.id.clone()).collect();
    changed.sort();
    assert_eq!(changed, expected);
    // A019 sits on the floor: 2420 → 2520.
    let a019 = agents.iter().find(|a| a.id == "A019").unwrap();
    assert!(a019.changes.iter().any(|c| c.figure == "实发工资" && c.old == "2420.00" && c.new == "2520.00"));
    let net = totals.iter().find(|t| t.line == "实发工资").unwrap();
    assert_eq!((net.new - net.old).to_string(), "-640.00");
}

#[test]
fn layout_changes_are_not_changes() {
    let old_text = common::bundled_policy();
    let new_text = old_text.replace("\n  ", "\n    ");
    let (of, op, or) = month(&old_text);
    let (nf, np, nr) = month(&new_text);
    assert!(declarations(&of, &nf).is_empty());
    let (agents, _) = results(&op, &or, &np, &nr);
    assert!(agents.is_empty());
}

#[test]
fn added_and_removed_declarations() {
    let old_text = common::bundled_policy();
    let new_text = old_text.replace("let 最低工资 = 2420 元", "let 最低工资 = 2420 元\n\nlet 奖金 = 100 元");
    let (of, _, _) = month(&old_text);
    let (nf, _, _) = month(&new_text);
    assert_eq!(declarations(&of, &nf).iter().map(DeclChange::describe).collect::<Vec<_>>(), ["added let 奖金"]);
    assert_eq!(declarations(&nf, &of).iter().map(DeclChange::describe).collect::<Vec<_>>(), ["removed let 奖金"]);
}

#[test]
fn a_change_of_severity_alone_is_a_change_of_the_agents_counts() {
    let old_text = common::bundled_policy();
    let new_text = old_text.replacen("violation 迟到 {\n  severity 轻度", "violation 迟到 {\n  severity 中度", 1);
    assert_ne!(new_text, old_text);
    let (_, op, or) = month(&old_text);
    let (_, np, nr) = month(&new_text);
    let (agents, _) = results(&op, &or, &np, &nr);
    // A003: one 迟到 and one 早退, the same points either way; only the counts move.
    let a003 = agents.iter().find(|a| a.id == "A003").unwrap();
    let changes: Vec<String> = a003.changes.iter().map(|c| format!("{} {} → {}", c.figure, c.old, c.new)).collect();
    assert_eq!(changes, ["count 中度 0 → 1", "count 轻度 2 → 1"]);
}
