//! The grammar, construct by construct: each expression is parsed and printed back fully
//! bracketed, so precedence, associativity, units and literals are asserted exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::syntax::ast::{DeclKind, Expr, ExprKind, PolicyFile, Unit};
use kaohe::syntax::parse;
use kaohe::Source;

fn unit(u: &Unit) -> String {
    u.spelling.clone()
}

/// Fully bracketed form of an expression.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(n) => n.to_string(),
        ExprKind::Percent(n) => format!("{n}(%)"),
        ExprKind::Quantity(n, u) => format!("{n}[{}]", unit(u)),
        ExprKind::Hole(u) => format!("TBD{}", u.as_ref().map(|u| format!("[{}]", unit(u))).unwrap_or_default()),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Text(t) => format!("{t:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Tier => "tier".into(),
        ExprKind::Points => "points".into(),
        ExprKind::Compensation => "compensation".into(),
        ExprKind::Agent => "agent".into(),
        ExprKind::Incident => "incident".into(),
        ExprKind::Field(b, f) => format!("{}.{}", show(b), f.name),
        ExprKind::Call(f, args) => format!("{}({})", f.name, args.iter().map(show).collect::<Vec<_>>().join(", ")),
        ExprKind::Filtered(f, args, c) => {
            format!("{}({} where {})", f.name, args.iter().map(show).collect::<Vec<_>>().join(", "), show(c))
        }
        ExprKind::Neg(x) => format!("(-{})", show(x)),
        ExprKind::Not(x) => format!("(not {})", show(x)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
        ExprKind::Compare(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
        ExprKind::Chain(first, rest) => {
            let rest: Vec<String> = rest.iter().map(|(op, e)| format!("{} {}", op.symbol(), show(e))).collect();
            format!("({} {})", show(first), rest.join(" "))
        }
        ExprKind::And(a, b) => format!("({} and {})", show(a), show(b)),
        ExprKind::Or(a, b) => format!("({} or {})", show(a), show(b)),
        ExprKind::If(c, a, b) => format!("(if {} then {} else {})", show(c), show(a), show(b)),
        ExprKind::Paren(x) => show(x),
    }
}

fn file(text: &str) -> PolicyFile {
    let (file, diags) = parse(&Source::new("t.kh", text.to_string()));
    assert!(diags.is_empty(), "{text}: {:?}", diags.iter().map(|d| &d.message).collect::<Vec<_>>());
    file.unwrap()
}

/// Parses `let x = <expr>` and prints the expression.
fn expr(text: &str) -> String {
    let f = file(&format!("let x = {text}\n"));
    match &f.decls[0].kind {
        DeclKind::Let(l) => show(&l.value),
        _ => panic!("not a let"),
    }
}

fn error(text: &str) -> String {
    let (_, diags) = parse(&Source::new("t.kh", text.to_string()));
    assert!(!diags.is_empty(), "{text} should not parse");
    diags[0].message.clone()
}

#[test]
fn precedence_loosest_to_tightest() {
    assert_eq!(expr("a or b and not c == d + e * -f"), "(a or (b and (not (c == (d + (e * (-f)))))))");
    assert_eq!(expr("a * b * c"), "((a * b) * c)");
    assert_eq!(expr("a - b - c"), "((a - b) - c)");
    assert_eq!(expr("a / b * c"), "((a / b) * c)");
    assert_eq!(expr("(a + b) * c"), "((a + b) * c)");
    assert_eq!(expr("not a and b"), "((not a) and b)");
    assert_eq!(expr("a >= b or c < d"), "((a >= b) or (c < d))");
}

#[test]
fn if_then_else_extends_right() {
    assert_eq!(expr("if a then 1 else 2 + 3"), "(if a then 1 else (2 + 3))");
    assert_eq!(expr("if a then 1 else if b then 2 else 3"), "(if a then 1 else (if b then 2 else 3))");
    assert_eq!(expr("1 + (if a then 1 else 2)"), "(1 + (if a then 1 else 2))");
}

#[test]
fn quantities_units_and_rates() {
    assert_eq!(expr("10分"), "10[分]");
    assert_eq!(expr("10分钟"), "10[分钟]");
    assert_eq!(expr("10 分"), "10[分]");
    assert_eq!(expr("3000 元"), "3000[元]");
    assert_eq!(expr("1.5小时"), "1.5[小时]");
    assert_eq!(expr("2 years + 3 个月"), "(2[years] + 3[个月])");
    assert_eq!(expr("30 minutes"), "30[minutes]");
    assert_eq!(expr("5 min"), "5[min]");
    assert_eq!(expr("20 元/分 * 3 分"), "(20[元/分] * 3[分])");
    assert_eq!(expr("20 元 / 分数"), "(20[元] / 分数)");
    assert_eq!(expr("10 day + 2 天"), "(10[day] + 2[天])");
    assert_eq!(expr("1_000 CNY"), "1000[CNY]");
    assert_eq!(expr("TBD"), "TBD");
    assert_eq!(expr("TBD 分"), "TBD[分]");
}

#[test]
fn numbers_percentages_dates_strings() {
    assert_eq!(expr("12.5"), "12.5");
    assert_eq!(expr("20%"), "0.20(%)");
    assert_eq!(expr("2024-10-01"), "2024-10-01");
    assert_eq!(expr("2024 - 10 - 01"), "((2024 - 10) - 1)");
    assert_eq!(expr(r#""a\"b\\c\n""#), r#""a\"b\\c\n""#);
    assert_eq!(expr("true and false"), "(true and false)");
}

#[test]
fn names_fields_and_calls() {
    assert_eq!(expr("agent.tier >= 中级客服"), "(agent.tier >= 中级客服)");
    assert_eq!(expr("incident.date"), "incident.date");
    assert_eq!(expr("tier.base_salary * 绩效系数(考核得分)"), "(tier.base_salary * 绩效系数(考核得分))");
    assert_eq!(expr("max(100 分 - points, 0 分)"), "max((100[分] - points), 0[分])");
    assert_eq!(expr("count(中度) >= 2 or count(轻度) >= 4"), "((count(中度) >= 2) or (count(轻度) >= 4))");
    // Keywords are whole words; unit names are not reserved.
    assert_eq!(expr("order + payment + minutes"), "((order + payment) + minutes)");
    assert_eq!(expr("agent.when"), "agent.when");
}

#[test]
fn line_breaks_continue_only_after_operators_or_in_brackets() {
    assert_eq!(expr("a +\n  b"), "(a + b)");
    assert_eq!(expr("max(a,\n  b)"), "max(a, b)");
    assert_eq!(expr("(a\n + b)"), "(a + b)");
    assert_eq!(expr("if a\n then b\n else c"), "(if a then b else c)");
    let f = file("pay {\n  a = 1\n  b = 2; c = 3\n}\n");
    match &f.decls[0].kind {
        DeclKind::Pay(lines) => {
            assert_eq!(lines.iter().map(|l| l.name.name.as_str()).collect::<Vec<_>>(), ["a", "b", "c"])
        }
        _ => panic!(),
    }
    assert_eq!(error("pay {\n  a = 1\n  - 2\n}\n"), "a line cannot begin with `-`");
}

#[test]
fn doc_comments_attach_to_declarations_and_items() {
    let f = file(
        "/// 第一行\n/// 第二行\nviolation 旷工 {\n  /// 严重程度\n  severity 重度\n  points = 10 分 // 不是文档\n}\n",
    );
    assert_eq!(f.decls[0].doc.lines, ["第一行", "第二行"]);
    match &f.decls[0].kind {
        DeclKind::Violation(v) => {
            assert_eq!(v.items[0].doc.text(), "严重程度");
            assert!(v.items[1].doc.is_empty());
        }
        _ => panic!(),
    }
}

#[test]
fn malformed_literals_and_syntax() {
    assert_eq!(error("let x = 2024-02-30\n"), "`2024-02-30` is not a date");
    assert_eq!(error("let x = a < b > c\n"), "a chain of comparisons must point one way");
    assert_eq!(error("let x = a == b == c\n"), "`==` and `!=` cannot be chained");
    // `2 年终奖` parses as a quantity in a unit spelled `年终奖` (a declared unit may be any
    // word); the checker reports the name after a number: tests/check/syntax-number-before-name.kh.
    assert_eq!(error("let table = 3\n"), "`table` is a keyword and cannot be used as a name");
    assert_eq!(error("let x = \"abc\n"), "this string is not closed");
    assert_eq!(error("let x = (1 + 2\n"), "this `(` is never closed");
    assert_eq!(error("let x：= 1\n"), "full-width `：` outside a string");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("let x = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000));
    assert!(error(&deep).contains("nested"));
    let negs = format!("let x = {}1\n", "- ".repeat(20_000));
    assert!(error(&negs).contains("nested"));
    let nots = format!("let x = {}true\n", "not ".repeat(20_000));
    assert!(error(&nots).contains("nested"));
}

#[test]
fn long_flat_chains_are_refused_not_overflowed() {
    let sum = format!("let x = 1{}\n", " + 1".repeat(20_000));
    assert!(error(&sum).contains("nested"));
    let ifs = format!("let x = {}0\n", "if true then 1 else ".repeat(20_000));
    assert!(error(&ifs).contains("nested"));
    // Within the limit, brackets 60 deep are fine.
    let ok = format!("let x = {}1{}\n", "(".repeat(60), ")".repeat(60));
    assert_eq!(expr(ok.trim_start_matches("let x = ").trim_end()), "1");
}
