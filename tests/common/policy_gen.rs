//! Generated policy text for property tests (`fmt`'s round trip, `properties`' checker
//! totality): declarations that parse by construction, in every kind a policy has and
//! laid out the ways a person writes them (line breaks inside expressions, `;` between
//! attributes, trailing comments). Names, types and units are drawn at random, so the
//! text need not check.

use proptest::prelude::*;

/// A name: plain, Chinese, one that is also a violation, severity or tier of the
/// bundled policy, or one that looks like a keyword.
pub fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["甲", "乙", "丙", "迟到", "x", "y_1", "考核", "order", "重度", "初级"])
        .prop_map(str::to_string)
}

/// What separates the attributes of a declaration.
fn sep() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\n", "; ", "\n\n", "  // 注释\n"])
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..1000).prop_map(|n| n.to_string()),
        (
            0u32..100,
            prop::sample::select(vec![
                "分",
                "元",
                " 分",
                " 元",
                "minutes",
                " 小时",
                " months",
                "天",
                "%",
                " 元/分",
                " 公里",
                "km",
                " 元/千米"
            ])
        )
            .prop_map(|(n, u)| format!("{n}{u}")),
        name(),
        Just("points".to_string()),
        Just("compensation".to_string()),
        Just("tenure".to_string()),
        Just("tier.base".to_string()),
        Just("agent.x".to_string()),
        Just("agent.tier".to_string()),
        Just("incident.cost".to_string()),
        Just("count(重度)".to_string()),
        Just("distinct(重度)".to_string()),
        Just("TBD 分".to_string()),
        Just("\"文本 // 不是注释\"".to_string()),
        Just("2024-10-01".to_string()),
        Just("79228162514264337593543950335".to_string()),
        Just("0".to_string()),
        // Language v2.
        Just("occurrence".to_string()),
        Just("fine".to_string()),
        Just("tier_tenure".to_string()),
        Just("fine(重度)".to_string()),
        Just("points(迟到)".to_string()),
        Just("sum(迟到, incident.cost)".to_string()),
        Just("avg(重度, incident.得分)".to_string()),
        Just("count(迟到 where incident.等级 == \"重大\")".to_string()),
        Just("round(incident.cost, -1)".to_string()),
        Just("\"重大\"".to_string()),
        // History (v2 §4.1).
        Just("previous(结转, 0 元)".to_string()),
        Just("latest(points, 0 分)".to_string()),
        Just("streak(points > 10 分)".to_string()),
        Just("year_total(count(重度))".to_string()),
        Just("year_so_far(compensation)".to_string()),
        Just("last_months(3, count(迟到))".to_string()),
        Just("month_number".to_string()),
    ]
}

/// An operand: brackets around anything that is not a single token, so generated text
/// always parses whatever the precedence of the operator around it.
pub fn operand(s: String) -> String {
    let outside_quotes: String = s.split('"').step_by(2).collect();
    if outside_quotes.contains(char::is_whitespace) {
        format!("({s})")
    } else {
        s
    }
}

/// An expression, sometimes broken over lines after an operator or a comma.
pub fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "/", ">=", "==", "<", "and", "or"]),
                inner.clone(),
                any::<bool>()
            )
                .prop_map(|(a, op, b, nl)| {
                    let (a, b) = (operand(a), operand(b));
                    if nl {
                        format!("{a} {op}\n    {b}")
                    } else {
                        format!("{a} {op} {b}")
                    }
                }),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("-{}", operand(a))),
            inner.clone().prop_map(|a| format!("not {}", operand(a))),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, a, b)| format!("if {c} then {a} else {b}")),
            (inner.clone(), inner.clone(), any::<bool>()).prop_map(|(a, b, nl)| if nl {
                format!("max({a},\n {b})")
            } else {
                format!("max({a}, {b})")
            }),
            inner.clone().prop_map(|a| format!("round({a})")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| format!(
                "{} <= {} < {}",
                operand(a),
                operand(b),
                operand(c)
            )),
            (name(), inner.clone()).prop_map(|(t, a)| format!("{t}({a})")),
        ]
    })
}

/// One top-level declaration of any kind.
pub fn decl() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), expr()).prop_map(|(n, e)| format!("let {n} = {e}")),
        (name(), name(), expr(), prop::option::of(expr()), prop::option::of(expr()), sep(), v2_items()).prop_map(
            |(n, s, p, w, c, sep, v2)| {
                let w = w.map_or(String::new(), |w| format!("{sep}when {w}"));
                let c = c.map_or(String::new(), |c| format!("{sep}compensation = {c}"));
                format!("/// 条款 {n}\nviolation {n} {{{sep}severity {s}{sep}points = {p}{w}{c}{v2}\n}}")
            }
        ),
        (name(), prop::collection::vec(cap(), 0..3)).prop_map(|(n, caps)| {
            let body: String = caps.iter().map(|c| format!("\n  {c}")).collect();
            format!("severity {n} {{{body}\n}}")
        }),
        (name(), prop::collection::vec(name(), 0..3)).prop_map(|(n, alt)| if alt.is_empty() {
            format!("unit {n}")
        } else {
            format!("unit {n} ({})", alt.join(", "))
        }),
        (
            name(),
            prop::sample::select(vec!["one of (\"重大\", \"一般\")", "one of(\"甲\",\n \"乙\",)", "公里"]),
            expr()
        )
            .prop_map(|(n, t, e)| format!("incident {{\n  {n}: {t} = {e}\n}}")),
        (name(), name(), expr(), expr())
            .prop_map(|(n, s, p, w)| format!("escalation {n} {{\n  severity {s}\n  points = {p}\n  when {w}\n}}")),
        (name(), expr(), prop::option::of(expr()), sep()).prop_map(|(n, e, r, sep)| {
            let r = r.map_or(String::new(), |r| format!("{sep}requires {r}"));
            format!("tier {n} {{ base = {e}{r} }}")
        }),
        (prop::collection::vec((name(), expr()), 1..4)).prop_map(|lines| {
            let body: Vec<String> = lines.into_iter().map(|(n, e)| format!("  {n} = {e}")).collect();
            format!("pay {{\n{}\n}}", body.join("\n"))
        }),
        (name(), expr(), expr(), expr())
            .prop_map(|(n, c, v, e)| format!("table {n}(s: points) -> number {{\n  {c} => {v}\n  else => {e}\n}}")),
        name().prop_map(|n| format!("severity {n}")),
        (name(), expr(), sep()).prop_map(|(n, e, sep)| {
            format!("test \"例\" {{\n  month 2024-10\n  history 2024-09 {{{sep}A1.{n} = {e}, A1.count(重度) = 1 }}\n  agent A1 {{ name = \"甲\" }}\n}}")
        }),
        (
            name(),
            prop::sample::select(vec!["bool", "money", "points", "duration", "number", "text", "date"]),
            expr(),
            headers()
        )
            .prop_map(|(n, t, e, h)| format!("agent {{\n  {n}: {t} = {e}{h}\n}}")),
        (prop::sample::select(vec!["id", "tier", "hired_on"]), headers(), name(), headers()).prop_map(
            |(b, h, n, h2)| {
                let h = if h.is_empty() { " from \"工号\"".to_string() } else { h };
                format!("agent {{\n  {b}{h}\n  {n}: text{h2}\n}}")
            }
        ),
        (name(), prop::sample::select(vec!["money", "duration"]))
            .prop_map(|(n, t)| format!("incident {{\n  {n}: {t}\n}}")),
    ]
}

/// The headers a record field is read from, or none: ` from "员工编号" | "工号"`.
fn headers() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        " from \"员工编号\"",
        " from \"设备价值(元)\" | \"设备价值\"",
        " from\"a\"|\"b\" | \"c\"",
    ])
    .prop_map(str::to_string)
}

/// A cap, with or without its period.
fn cap() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["points", "compensation", "fine"]),
        expr(),
        prop::sample::select(vec!["", " per day", " per week", " per month"]),
    )
        .prop_map(|(what, e, period)| format!("cap {what} = {e}{period}"))
}

/// A violation's v2 items: perhaps a fine, perhaps caps, each on its own line.
fn v2_items() -> impl Strategy<Value = String> {
    (prop::option::of(expr()), prop::collection::vec(cap(), 0..3)).prop_map(|(fine, caps)| {
        let mut out = fine.map_or(String::new(), |f| format!("\n  fine = {f}"));
        for c in caps {
            out.push_str(&format!("\n  {c}"));
        }
        out
    })
}
