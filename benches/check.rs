//! Parse and check: the bundled policy, and a generated policy of about 2,000 lines.
//!
//! Run with `cargo bench --bench check`. The target for the large policy is well under
//! 100 ms (contract issue: checking a 2,000-line policy).

use criterion::{criterion_group, criterion_main, Criterion};
use kaohe::{check_source, Source};

/// A valid policy of roughly `lines` lines: tiers, severities, many violations with
/// conditions, lets, a table, escalations and a pay block.
pub fn large_policy(lines: usize) -> String {
    let mut s = String::from(
        "policy \"生成的政策\" {\n  version \"bench\"\n  effective 2024-01-01\n  status active\n}\n\n\
         agent {\n  leads_team: bool = false\n  bonus_rate: number = 1\n}\n\n\
         incident {\n  minutes: duration = 0 minutes\n  cost: money = 0 元\n}\n\n",
    );
    for t in 0..8 {
        s.push_str(&format!(
            "/// 第{t}级\ntier 等级{t} {{\n  base_salary = {} 元\n  performance_pay = {} 元\n  requires tenure >= {t} months\n}}\n\n",
            3000 + t * 300,
            500 + t * 100
        ));
    }
    for sev in ["重度", "中度", "轻度"] {
        s.push_str(&format!("severity {sev}\n"));
    }
    s.push_str("\ntable 系数(score: points, extra: number) -> number {\n  score >= 95 分 => 100% * extra\n  score >= 85 分 => 80% * extra\n  else => 0%\n}\n\n");
    let mut i = 0;
    while s.lines().count() < lines.saturating_sub(20) {
        let sev = ["重度", "中度", "轻度"][i % 3];
        s.push_str(&format!(
            "/// 第{i}条违规\nviolation 违规{i} {{\n  severity {sev}\n  points = {} 分\n  when incident.minutes > {} minutes and agent.tier >= 等级{}\n  compensation = min(incident.cost, {} 元)\n}}\n\n",
            1 + i % 7,
            i % 60,
            i % 8,
            100 + i
        ));
        if i % 10 == 0 {
            s.push_str(&format!("let 限额{i} = {} 元 * 2 + 最低工资\n\n", 10 + i));
        }
        i += 1;
    }
    s.push_str("let 最低工资 = 2420 元\n\nescalation 累计 {\n  severity 重度\n  points = 15 分\n  when count(中度) >= 2 or count(轻度) >= 4\n}\n\n");
    s.push_str("pay {\n  基本工资 = tier.base_salary\n  考核得分 = max(100 分 - points, 0 分)\n  绩效工资 = tier.performance_pay * 系数(考核得分, agent.bonus_rate)\n  本月赔偿扣款 = min(compensation, 20% * 基本工资)\n  实发工资 = max(基本工资 + 绩效工资 - 本月赔偿扣款, 最低工资)\n}\n");
    s
}

/// A valid policy of roughly `lines` lines that is mostly tables for the row analysis:
/// each over a score and a tier, ranges written as chains, one strict boundary (a gap)
/// and one row that an earlier one covers.
pub fn tables_policy(lines: usize) -> String {
    let mut s = String::from(
        "policy \"表格\" {\n  effective 2024-01-01\n  status active\n}\n\nagent {\n  业绩: money = 0 元\n}\n\n",
    );
    for t in 0..8 {
        s.push_str(&format!("tier 等级{t} {{\n  base_salary = {} 元\n}}\n", 3000 + t * 300));
    }
    s.push_str("severity 重度\nviolation 旷工 {\n  severity 重度\n  points = 10 分\n}\n\n");
    let mut calls = Vec::new();
    let mut i = 0;
    while s.lines().count() < lines.saturating_sub(10 + calls.len()) {
        s.push_str(&format!("/// 第{i}张表\ntable 系数{i}(score: points, t: tier) -> number {{\n"));
        for r in 0..12 {
            let (lo, hi) = (r * 8, r * 8 + 8);
            s.push_str(&format!("  {lo} 分 <= score < {hi} 分 and t >= 等级{} => {}%\n", r % 8, 50 + r));
        }
        s.push_str("  score > 96 分 => 100%\n  score >= 97 分 => 110%\n  else => 0%\n}\n\n");
        s.push_str(&format!(
            "table 提成{i}(sales: money) -> number {{\n  sales < 50000 元 => 2%\n  sales > 50000 元 => 3%\n  else => 0%\n}}\n\n"
        ));
        calls.push(format!(
            "  行{i} = tier.base_salary * 系数{i}(100 分 - points, agent.tier) + agent.业绩 * 提成{i}(agent.业绩)"
        ));
        i += 1;
    }
    s.push_str("pay {\n");
    for c in calls {
        s.push_str(&c);
        s.push('\n');
    }
    s.push_str("}\n");
    s
}

fn bench(c: &mut Criterion) {
    let bundled = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/customer-service.kh"))
        .unwrap_or_default();
    let large = large_policy(2000);
    let src = Source::new("large.kh", large.clone());
    let checked = check_source(&src);
    assert!(
        checked.program.is_some(),
        "the generated policy must check: {:?}",
        checked.diagnostics.first().map(|d| &d.message)
    );
    eprintln!("generated policy: {} lines", large.lines().count());

    let tables = tables_policy(2000);
    let checked = check_source(&Source::new("tables.kh", tables.clone()));
    assert!(checked.program.is_some(), "the tables policy must check");
    let warnings = checked.diagnostics.len();
    eprintln!("tables policy: {} lines, {warnings} warnings", tables.lines().count());
    c.bench_function("check 2000-line policy of tables", |b| {
        b.iter(|| check_source(&Source::new("tables.kh", tables.clone())))
    });

    c.bench_function("check bundled policy", |b| b.iter(|| check_source(&Source::new("p.kh", bundled.clone()))));
    c.bench_function("check 2000-line policy", |b| b.iter(|| check_source(&Source::new("large.kh", large.clone()))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
