//! `kaohe check`'s reasoning about what a policy can never do: table rows no input
//! reaches, `else`s the rows leave nothing for, values that fall through between rows,
//! and dead clauses. Each test names the code, the line and the example the message
//! gives; the fixtures under `tests/check/` pin the same warnings with their rendering.

use kaohe::{check_source, Code, Diagnostic, Source};

fn warnings(policy: &str) -> Vec<Diagnostic> {
    let checked = check_source(&Source::new("t.kh", policy.to_string()));
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    checked.diagnostics
}

/// The table warnings (the shared head leaves some declarations unused).
fn found(ds: &[Diagnostic]) -> Vec<(Code, usize, String)> {
    ds.iter()
        .filter(|d| d.code != Code::Unused)
        .map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone()))
        .collect()
}

const HEAD: &str = "policy \"t\" { effective 2024-10-01; status active }
agent { 业绩: money = 0 元; leads_team: bool = false }
tier 初级 { base = 3000 元 }
tier 中级 { base = 3500 元 }
severity 重度
violation 旷工 { severity 重度; points = 10 分 }
";

fn policy(tables: &str, pay: &str) -> String {
    format!("{HEAD}{tables}\npay {{\n{pay}\n}}\n")
}

#[test]
fn a_strict_boundary_sends_exactly_that_value_to_else() {
    let p = policy(
        "table 提成比例(sales: money) -> number {\n  sales < 50000 元 => 3%\n  sales > 50000 元 => 5%\n  else => 0%\n}",
        "  提成 = agent.业绩 * 提成比例(agent.业绩)",
    );
    assert_eq!(
        found(&warnings(&p)),
        vec![(
            Code::Gap,
            10,
            "table `提成比例` sends `sales` = 50000 元 to `else`, although `sales < 50000 元` (line 8) matches below it and `sales > 50000 元` (line 9) above it".to_string()
        )]
    );
}

#[test]
fn money_moves_in_cents_so_a_cent_wide_step_leaves_no_gap() {
    let p = policy(
        "table 提成比例(sales: money) -> number {\n  sales <= 49999.99 元 => 3%\n  sales >= 50000 元 => 5%\n  else => 0%\n}",
        "  提成 = agent.业绩 * 提成比例(agent.业绩)",
    );
    assert_eq!(
        found(&warnings(&p)),
        vec![(Code::Unreachable, 10, "`else` is never used: the rows above match every input".to_string())]
    );
}

#[test]
fn rows_in_ascending_order_name_the_row_that_covers_them() {
    let p = policy(
        "table 系数(score: points) -> number {\n  score >= 70 分 => 50%\n  score >= 85 分 => 80%\n  score >= 95 分 => 100%\n  else => 0%\n}",
        "  a = 系数(100 分 - points)",
    );
    let got = found(&warnings(&p));
    assert_eq!(
        got,
        vec![
            (
                Code::Unreachable,
                9,
                "row `score >= 85 分` is never used: `score >= 70 分` (line 8) already matches every input it matches"
                    .to_string()
            ),
            (
                Code::Unreachable,
                10,
                "row `score >= 95 分` is never used: `score >= 70 分` (line 8) already matches every input it matches"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn a_row_covered_by_two_rows_together_names_both() {
    let p = policy(
        "table 津贴(t: tier, leads: bool) -> money {\n  t == 初级 => 0 元\n  leads => 300 元\n  t == 中级 and not leads => 100 元\n  t >= 中级 and leads => 200 元\n  else => 1 元\n}",
        "  a = 津贴(agent.tier, agent.leads_team)",
    );
    let got = found(&warnings(&p));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, Code::Unreachable);
    assert_eq!(got[0].1, 11);
    assert_eq!(
        got[0].2,
        "row `t >= 中级 and leads` is never used: `leads` (line 9) already matches every input it matches"
    );
    assert_eq!((got[1].0, got[1].1), (Code::Unreachable, 12), "{got:?}");
}

#[test]
fn a_count_moves_in_whole_numbers_a_quotient_does_not() {
    let table =
        |name: &str| format!("table {name}(n: number) -> number {{\n  n <= 1 => 1\n  n >= 2 => 2\n  else => 0\n}}\n");
    let p =
        policy(&format!("{}{}", table("按次"), table("按半")), "  a = 按次(count(旷工))\n  b = 按半(count(旷工) / 2)");
    let got = found(&warnings(&p));
    assert_eq!(
        got,
        vec![
            (Code::Unreachable, 10, "`else` is never used: the rows above match every input".to_string()),
            (
                Code::Gap,
                15,
                "table `按半` sends `n` = 1.5 to `else`, although `n <= 1` (line 13) matches below it and `n >= 2` (line 14) above it"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn rows_it_cannot_read_are_skipped_not_guessed() {
    // `a > b` compares two parameters: it might match `a` = 100 元, so that value between
    // the next two rows is not reported as a gap.
    let p = policy(
        "table 比较(a: money, b: money) -> number {\n  a > b => 1\n  a < 100 元 => 2\n  a > 100 元 => 3\n  else => 0\n}",
        "  x = 比较(agent.业绩, tier.base)",
    );
    assert_eq!(found(&warnings(&p)), vec![]);
}

#[test]
fn an_unbounded_rest_is_no_gap_and_a_reachable_else_no_warning() {
    let p = policy(
        "table 系数(score: points) -> number {\n  score >= 95 分 => 100%\n  score >= 85 分 => 80%\n  else => 0%\n}\ntable 部门(d: text) -> number {\n  d == \"客服\" => 1\n  d == \"销售\" => 2\n  else => 0\n}",
        "  a = 系数(100 分 - points) * 部门(\"客服\")",
    );
    assert_eq!(found(&warnings(&p)), vec![]);
}

#[test]
fn an_escalation_counting_a_severity_with_no_rule_can_never_fire() {
    // The contract's own section 1: 中度 and 轻度 are declared, no violation has them.
    let p = format!(
        "{HEAD}severity 中度\nseverity 轻度\nescalation 未良好履行职责 {{\n  severity 重度\n  points = 15 分\n  when count(中度) >= 2 or count(轻度) >= 4\n}}\npay {{\n  实发 = tier.base - points * 10 元/分 + agent.业绩 * 0 + (if agent.leads_team then 0 元 else 0 元)\n}}\n"
    );
    let got: Vec<(Code, usize, String)> =
        warnings(&p).iter().map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone())).collect();
    assert_eq!(
        got,
        vec![(
            Code::Unreachable,
            12,
            "`count(中度) >= 2 or count(轻度) >= 4` can never hold (no violation or escalation has severity `中度` or `轻度`): escalation `未良好履行职责` never fires".to_string()
        )]
    );
    // With a violation of 中度, the half that counts 轻度 still decides nothing.
    let with_rule = p.replace("severity 轻度\n", "severity 轻度\nviolation 迟到 { severity 中度; points = 1 分 }\n");
    let got: Vec<(Code, usize, String)> = warnings(&with_rule)
        .iter()
        .map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        vec![(
            Code::Unreachable,
            13,
            "`count(轻度) >= 4` can never hold (no violation or escalation has severity `轻度`), so it decides nothing here"
                .to_string()
        )]
    );
}

#[test]
fn declarations_nothing_uses_are_named() {
    let p = format!(
        "{HEAD}severity 轻度\nlet 最低工资 = 2420 元\ntable 系数(x: number) -> number {{\n  x > 1 => 1\n  else => 0\n}}\npay {{\n  实发 = max(tier.base, 2420 元)\n}}\n"
    );
    let got: Vec<(Code, usize, String)> =
        warnings(&p).iter().map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone())).collect();
    assert_eq!(
        got,
        vec![
            (Code::Unused, 2, "`agent.业绩` is never used".to_string()),
            (Code::Unused, 2, "`agent.leads_team` is never used".to_string()),
            (Code::Unused, 7, "no violation or escalation has severity `轻度`".to_string()),
            (Code::Unused, 8, "`最低工资` is never used".to_string()),
            (Code::Unused, 9, "table `系数` is never called".to_string()),
        ]
    );
}

#[test]
fn caps_that_can_never_bind() {
    let p = "policy \"t\" { effective 2024-10-01; status active }
tier 初级 { base = 3000 元 }
severity 服务类 { cap compensation = 100 元 }
violation 超时 {
  severity 服务类
  points = 1 分
  fine = 5 元
  cap fine = 15 元 per day
  cap fine = 120 元 per week
  cap fine = 400 元 per month
  cap compensation = 10 元
}
pay {
  实发工资 = tier.base - fine - points * 1 元/分
}
";
    let got = found(&warnings(p));
    assert_eq!(
        got,
        vec![
            (Code::Unreachable, 3, "`cap compensation = 100 元` can never bind: no rule of severity `服务类` has compensation".to_string()),
            (Code::Unreachable, 9, "`cap fine = 120 元 per week` can never bind: `cap fine = 15 元 per day` keeps it to 7 days × 15 元 = 105 元".to_string()),
            (Code::Unreachable, 11, "`cap compensation = 10 元` can never bind: violation `超时` has no compensation".to_string()),
        ]
    );
    // 400 元 a month stays above 31 daily caps (465 元) but not above six weekly ones.
    let binding = p.replace("cap fine = 120 元 per week\n", "");
    assert_eq!(found(&warnings(&binding)).len(), 2);
    let never = p.replace("cap fine = 120 元 per week\n", "").replace("400 元 per month", "465 元 per month");
    assert!(found(&warnings(&never)).iter().any(|w| w.2
        == "`cap fine = 465 元 per month` can never bind: `cap fine = 15 元 per day` keeps it to 31 days × 15 元 = 465 元"));
}

#[test]
fn dates_move_in_whole_days() {
    let p = policy(
        "table 老员工(d: date) -> number {\n  d < 2020-01-01 => 2\n  d > 2020-01-01 => 1\n  else => 0\n}\ntable 新员工(d: date) -> number {\n  d <= 2023-12-31 => 0\n  d >= 2024-01-01 => 1\n  else => 2\n}",
        "  x = tier.base * 老员工(2021-05-01) * 新员工(2024-02-01)",
    );
    assert_eq!(
        found(&warnings(&p)),
        vec![
            (
                Code::Gap,
                10,
                "table `老员工` sends `d` = 2020-01-01 to `else`, although `d < 2020-01-01` (line 8) matches below it and `d > 2020-01-01` (line 9) above it".to_string()
            ),
            (Code::Unreachable, 15, "`else` is never used: the rows above match every input".to_string()),
        ]
    );
}

mod agrees_with_trying_every_value {
    //! Over a score (a plain quantity) and integer thresholds, the integers and the
    //! halves between them from -1 to 11 meet every region the rows can carve, so trying
    //! them all is an exact second opinion on which rows and `else` can be reached.
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    #[derive(Clone, Debug)]
    struct Cmp(usize, i64);

    const OPS: [&str; 6] = ["<", "<=", ">", ">=", "==", "!="];

    fn holds(c: &Cmp, x: Decimal) -> bool {
        let k = Decimal::from(c.1);
        match c.0 {
            0 => x < k,
            1 => x <= k,
            2 => x > k,
            3 => x >= k,
            4 => x == k,
            _ => x != k,
        }
    }

    fn row() -> impl Strategy<Value = Vec<Cmp>> {
        prop::collection::vec((0..6usize, 0..10i64).prop_map(|(o, k)| Cmp(o, k)), 1..3)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]
        #[test]
        fn rows_and_else_reported_dead_exactly_when_no_value_reaches_them(rows in prop::collection::vec(row(), 1..6)) {
            let text: Vec<String> = rows
                .iter()
                .map(|r| r.iter().map(|c| format!("s {} {} 分", OPS[c.0], c.1)).collect::<Vec<_>>().join(" and "))
                .collect();
            let mut table = String::from("table 系数(s: points) -> number {\n");
            for (i, t) in text.iter().enumerate() {
                table.push_str(&format!("  {t} => {}\n", i + 1));
            }
            table.push_str("  else => 0\n}");
            let p = policy(&table, "  a = 系数(100 分 - points)");
            let first_line = 8;
            let samples: Vec<Decimal> = (-2..=22).map(|h| Decimal::new(h * 5, 1)).collect();
            let first_match = |x: Decimal| rows.iter().position(|r| r.iter().all(|c| holds(c, x)));
            let reached: Vec<bool> = (0..=rows.len())
                .map(|j| samples.iter().any(|x| first_match(*x).unwrap_or(rows.len()) == j))
                .collect();
            let got = found(&warnings(&p));
            for (j, reach) in reached.iter().enumerate() {
                let line = first_line + j;
                let warned = got.iter().any(|(c, l, _)| *c == Code::Unreachable && *l == line);
                prop_assert_eq!(warned, !reach, "row {} (line {}) of {:?}: {:?}", j, line, text, got);
            }
            for (code, line, message) in &got {
                if *code != Code::Gap {
                    continue;
                }
                prop_assert_eq!(*line, first_line + rows.len());
                let value = message.split("`s` = ").nth(1).and_then(|v| v.split(' ').next()).unwrap();
                let x: Decimal = value.parse().unwrap();
                prop_assert_eq!(first_match(x), None, "{} does not fall to else: {:?}", x, text);
                let below = samples.iter().any(|s| *s < x && first_match(*s).is_some());
                let above = samples.iter().any(|s| *s > x && first_match(*s).is_some());
                prop_assert!(below && above, "{}: {:?}", message, text);
            }
        }
    }

    #[derive(Clone, Debug)]
    enum Atom {
        Score(Cmp),
        Tier(usize, usize),
    }

    fn holds2(a: &Atom, tier: usize, x: Decimal) -> bool {
        match a {
            Atom::Score(c) => holds(c, x),
            Atom::Tier(op, k) => match op {
                0 => tier < *k,
                1 => tier <= *k,
                2 => tier > *k,
                3 => tier >= *k,
                4 => tier == *k,
                _ => tier != *k,
            },
        }
    }

    fn atom() -> impl Strategy<Value = Atom> {
        prop_oneof![
            (0..6usize, 0..6i64).prop_map(|(o, k)| Atom::Score(Cmp(o, k))),
            (0..6usize, 0..2usize).prop_map(|(o, k)| Atom::Tier(o, k)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]
        #[test]
        fn over_a_tier_and_a_score_too(rows in prop::collection::vec(prop::collection::vec(atom(), 1..3), 1..6)) {
            let tiers = ["初级", "中级"];
            let text: Vec<String> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|a| match a {
                            Atom::Score(c) => format!("s {} {} 分", OPS[c.0], c.1),
                            Atom::Tier(o, k) => format!("t {} {}", OPS[*o], tiers[*k]),
                        })
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            let mut table = String::from("table 系数(t: tier, s: points) -> number {\n");
            for (i, t) in text.iter().enumerate() {
                table.push_str(&format!("  {t} => {}\n", i + 1));
            }
            table.push_str("  else => 0\n}");
            let p = policy(&table, "  a = 系数(agent.tier, 100 分 - points)");
            let first_line = 8;
            let samples: Vec<(usize, Decimal)> =
                (0..2).flat_map(|t| (-2..=12).map(move |h| (t, Decimal::new(h * 5, 1)))).collect();
            let first_match =
                |t: usize, x: Decimal| rows.iter().position(|r| r.iter().all(|a| holds2(a, t, x)));
            let got = found(&warnings(&p));
            for j in 0..=rows.len() {
                let reach = samples.iter().any(|(t, x)| first_match(*t, *x).unwrap_or(rows.len()) == j);
                let warned = got.iter().any(|(c, l, _)| *c == Code::Unreachable && *l == first_line + j);
                prop_assert_eq!(warned, !reach, "row {} of {:?}: {:?}", j, text, got);
            }
            for (_, _, message) in got.iter().filter(|g| g.0 == Code::Gap) {
                let tier = message.split("`t` = ").nth(1).and_then(|v| v.split(',').next()).unwrap();
                let t = tiers.iter().position(|n| *n == tier).unwrap();
                let value = message.split("`s` = ").nth(1).and_then(|v| v.split(' ').next()).unwrap();
                let x: Decimal = value.parse().unwrap();
                prop_assert_eq!(first_match(t, x), None, "{}: {:?}", message, text);
            }
        }
    }
}
