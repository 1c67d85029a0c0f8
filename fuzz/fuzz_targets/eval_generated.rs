//! A grammar-directed policy built from `arbitrary` choices, checked, then evaluated on
//! a small fixed month (2024-10) whose records match the policy's tiers and violations.
//!
//! The policy always has the same shape (header, agent and incident schemas, 1–3 tiers,
//! 1–3 severities, 1–3 violations, 0–2 escalations, lets, a table and a pay block); the
//! expressions in it are small trees over a fixed set of names, usually of the type the
//! place expects (so that many policies check and reach the evaluator), sometimes not
//! (so the checker's refusals are exercised too). Literals include zero (division by
//! zero) and numbers near the decimal range (overflow).
//!
//! Must never panic: `check_source` gives a program or an error; evaluation gives a
//! result or an error; every report renders. (Formatting and rendering diagnostics are
//! left to the other targets: they would halve the speed of this one.)
//!
//! With `KAOHE_FUZZ_STATS` set, each input prints one `STATS` line (refused by the
//! checker with which code, evaluated, or refused by the evaluator), to see how much of
//! a corpus reaches the evaluator.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use kaohe::records::{Encoding, Month};
use kaohe::{check_source, Source};
use libfuzzer_sys::fuzz_target;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Arbitrary)]
enum Ty {
    Money,
    Points,
    Number,
    Duration,
    Period,
    Days,
    Bool,
}

/// Where an expression stands: what it may see.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    /// A violation's points/when/compensation: `incident.*`, no month totals.
    Violation,
    /// A violation's points, compensation and fine: also `occurrence`.
    Amount,
    /// An escalation: `count`, `distinct`.
    Escalation,
    /// `let`, `requires`, pay: the whole month.
    Month,
    /// A pay line: also earlier pay lines.
    Pay(usize),
    /// A table row: the parameter `s` (points) and constants.
    Table,
    /// A tier attribute: constants.
    Const,
}

struct Gen<'a, 'b> {
    u: &'a mut Unstructured<'b>,
    tiers: usize,
    severities: usize,
    violations: usize,
    /// Pay lines so far: name and type.
    pay: Vec<(String, Ty)>,
}

const UNITS_MONEY: &[&str] = &[" 元", "元", " CNY", " yuan"];
const UNITS_POINTS: &[&str] = &[" 分", "分", " points", " point"];
const UNITS_DURATION: &[&str] = &[" minutes", "分钟", " 小时", " hours", " min"];
const UNITS_PERIOD: &[&str] = &[" months", "个月", " 年", " year"];
const UNITS_DAYS: &[&str] = &[" days", "天"];

impl Gen<'_, '_> {
    fn pick<'s>(&mut self, xs: &[&'s str]) -> Result<&'s str> {
        Ok(*self.u.choose(xs)?)
    }

    fn number(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0u8..=11)? {
            0 => "0".into(),
            1 => "1".into(),
            2 => "79228162514264337593543950335".into(), // Decimal::MAX
            3 => "7922816251426433759354395033".into(),
            4 => "0.000000000000000000000000001".into(),
            5 => "12.5".into(),
            6 => "1_000".into(),
            7 => format!("{}.{:02}", self.u.int_in_range(0u32..=9999)?, self.u.int_in_range(0u32..=99)?),
            8 => "99999999999999".into(),
            _ => self.u.int_in_range(0u32..=200)?.to_string(),
        })
    }

    fn quantity(&mut self, units: &[&str]) -> Result<String> {
        let n = self.number()?;
        let unit = self.pick(units)?;
        // `TBD元` would be one identifier: a hole takes its unit after a space.
        Ok(if self.u.ratio(1u8, 64)? { format!("TBD {}", unit.trim()) } else { format!("{n}{unit}") })
    }

    fn tier_name(&mut self) -> Result<String> {
        Ok(format!("T{}", self.u.int_in_range(1..=self.tiers)?))
    }
    fn severity_name(&mut self) -> Result<String> {
        Ok(format!("S{}", self.u.int_in_range(1..=self.severities)?))
    }
    fn violation_name(&mut self) -> Result<String> {
        Ok(format!("V{}", self.u.int_in_range(1..=self.violations)?))
    }

    /// A leaf of type `ty` visible in `scope`.
    fn atom(&mut self, ty: Ty, scope: Scope) -> Result<String> {
        let month = matches!(scope, Scope::Month | Scope::Pay(_));
        let counts = month || scope == Scope::Escalation;
        let agent = !matches!(scope, Scope::Table | Scope::Const);
        let mut options: Vec<String> = Vec::new();
        match ty {
            Ty::Money => {
                options.push(self.quantity(UNITS_MONEY)?);
                if agent {
                    options.push("agent.wage".into());
                    options.push("tier.base".into());
                }
                if matches!(scope, Scope::Violation | Scope::Amount) {
                    options.push("incident.cost".into());
                }
                if month {
                    options.push("compensation".into());
                    options.push("Lm".into());
                    options.push("fine".into());
                    let v = self.violation_name()?;
                    options.push(format!("fine({v})"));
                    let s = self.severity_name()?;
                    options.push(format!("compensation({s})"));
                    let v = self.violation_name()?;
                    options.push(format!("sum({v}, incident.cost)"));
                }
            }
            Ty::Points => {
                options.push(self.quantity(UNITS_POINTS)?);
                if month {
                    options.push("points".into());
                    options.push("Lp".into());
                    let s = self.severity_name()?;
                    options.push(format!("points({s})"));
                    let v = self.violation_name()?;
                    options.push(format!("points({v})"));
                }
                if agent {
                    options.push("tier.quota".into());
                }
                if scope == Scope::Table {
                    options.push("s".into());
                }
            }
            Ty::Number => {
                options.push(self.number()?);
                options.push(format!("{}%", self.u.int_in_range(0u32..=150)?));
                if agent {
                    options.push("agent.k".into());
                }
                if matches!(scope, Scope::Violation | Scope::Amount) {
                    options.push("incident.n".into());
                    options.push("incident.km / 1 km".into());
                }
                if scope == Scope::Amount {
                    options.push("occurrence".into());
                }
                if counts {
                    let v = self.violation_name()?;
                    options.push(format!("count({v})"));
                    let s = self.severity_name()?;
                    options.push(format!("count({s})"));
                    let s = self.severity_name()?;
                    options.push(format!("distinct({s})"));
                    let v = self.violation_name()?;
                    options.push(format!("count({v} where incident.grade == \"重大\")"));
                }
                if month {
                    let v = self.violation_name()?;
                    let f = self.pick(&["avg", "lowest", "highest", "sum"])?;
                    options.push(format!("{f}({v}, incident.n)"));
                    options.push(format!("if count({v}) > 0 then avg({v}, incident.n) else 0"));
                }
                if month {
                    options.push("Ln".into());
                }
            }
            Ty::Duration => {
                options.push(self.quantity(UNITS_DURATION)?);
                if matches!(scope, Scope::Violation | Scope::Amount) {
                    options.push("incident.minutes".into());
                }
            }
            Ty::Period => {
                options.push(self.quantity(UNITS_PERIOD)?);
                if agent {
                    options.push("tenure".into());
                }
            }
            Ty::Days => {
                options.push(self.quantity(UNITS_DAYS)?);
                if agent {
                    options.push("tenure_days".into());
                }
            }
            Ty::Bool => {
                options.push("true".into());
                options.push("false".into());
                if matches!(scope, Scope::Violation | Scope::Amount) {
                    options.push("incident.grade == \"重大\"".into());
                    options.push("incident.km > 5 公里".into());
                    options.push("1 km <= incident.km < 10 千米".into());
                }
                if agent {
                    options.push("tier_tenure >= 3 months".into());
                    options.push("agent.lead".into());
                    let t = self.tier_name()?;
                    options.push(format!("agent.tier >= {t}"));
                    let t = self.tier_name()?;
                    options.push(format!("tier == {t}"));
                }
            }
        }
        if let Scope::Pay(n) = scope {
            let earlier: Vec<String> =
                self.pay[..n.min(self.pay.len())].iter().filter(|(_, t)| *t == ty).map(|(n, _)| n.clone()).collect();
            options.extend(earlier);
        }
        Ok(self.u.choose(&options)?.clone())
    }

    /// An expression of type `ty` (usually), at most `depth` levels of operators.
    fn expr(&mut self, ty: Ty, scope: Scope, depth: u32) -> Result<String> {
        // Now and then, a type the place does not expect.
        let ty = if self.u.ratio(1u8, 24)? { Ty::arbitrary(self.u)? } else { ty };
        if depth == 0 || self.u.ratio(2u8, 5)? {
            return self.atom(ty, scope);
        }
        let d = depth - 1;
        let quantity = !matches!(ty, Ty::Bool);
        let choice = self.u.int_in_range(0u8..=11)?;
        Ok(match choice {
            0 | 1 if quantity => {
                let op = self.pick(&["+", "-"])?;
                format!("{} {op} {}", self.expr(ty, scope, d)?, self.operand(ty, scope, d)?)
            }
            2 if quantity => format!("{} * {}", self.operand(ty, scope, d)?, self.operand(Ty::Number, scope, d)?),
            3 if quantity => format!("{} * {}", self.operand(Ty::Number, scope, d)?, self.operand(ty, scope, d)?),
            4 if quantity => format!("{} / {}", self.operand(ty, scope, d)?, self.operand(Ty::Number, scope, d)?),
            5 if ty == Ty::Number => {
                // A quantity over the same quantity is a number.
                let q = *self.u.choose(&[Ty::Money, Ty::Points, Ty::Duration, Ty::Period, Ty::Days])?;
                format!("{} / {}", self.operand(q, scope, d)?, self.operand(q, scope, d)?)
            }
            5 | 6 if quantity => {
                let f = self.pick(&["max", "min"])?;
                format!("{f}({}, {})", self.expr(ty, scope, d)?, self.expr(ty, scope, d)?)
            }
            7 if quantity => {
                let f = self.pick(&["round", "floor", "ceil"])?;
                match self.u.int_in_range(0u8..=3)? {
                    0 => format!("{f}({})", self.expr(ty, scope, d)?),
                    n => format!("{f}({}, {})", self.expr(ty, scope, d)?, i32::from(n) - 2),
                }
            }
            8 if quantity => format!("-{}", self.operand(ty, scope, d)?),
            8 if ty == Ty::Number && scope != Scope::Table => format!("系数({})", self.expr(Ty::Points, scope, d)?),
            9 => format!(
                "if {} then {} else {}",
                self.expr(Ty::Bool, scope, d)?,
                self.expr(ty, scope, d)?,
                self.expr(ty, scope, d)?
            ),
            10 if ty == Ty::Bool => {
                let q = Ty::arbitrary(self.u)?;
                let op = self.pick(&[">=", ">", "<", "<=", "==", "!="])?;
                format!("{} {op} {}", self.operand(q, scope, d)?, self.operand(q, scope, d)?)
            }
            0..=3 if ty == Ty::Bool => {
                let op = self.pick(&["and", "or"])?;
                format!("{} {op} {}", self.operand(ty, scope, d)?, self.operand(ty, scope, d)?)
            }
            4 | 5 if ty == Ty::Bool => format!("not {}", self.operand(ty, scope, d)?),
            _ => format!("({})", self.expr(ty, scope, d)?),
        })
    }

    /// An operand: bracketed unless a single token, so precedence never regroups it.
    fn operand(&mut self, ty: Ty, scope: Scope, depth: u32) -> Result<String> {
        let e = self.expr(ty, scope, depth)?;
        Ok(if e.contains(' ') { format!("({e})") } else { e })
    }
}

struct Case {
    policy: String,
    agents: String,
    incidents: String,
}

fn generate(u: &mut Unstructured) -> Result<Case> {
    let tiers = u.int_in_range(1usize..=3)?;
    let severities = u.int_in_range(1usize..=3)?;
    let violations = u.int_in_range(1usize..=3)?;
    let escalations = u.int_in_range(0usize..=2)?;
    let mut g = Gen { u, tiers, severities, violations, pay: Vec::new() };
    let mut p = String::new();
    let status = if g.u.ratio(1u8, 8)? { "draft" } else { "active" };
    p.push_str(&format!("policy \"生成\" {{\n  version \"g\"\n  effective 2024-10-01\n  status {status}\n}}\n\n"));
    p.push_str("agent {\n  lead: bool = false\n  wage: money = 0 元\n  k: number = 1\n}\n\n");
    p.push_str("unit 公里 (km, 千米)\n\n");
    p.push_str("incident {\n  minutes: duration = 0 minutes\n  cost: money = 0 元\n  n: number = 0\n  km: 公里 = 0 公里\n  grade: one of (\"重大\", \"一般\") = \"一般\"\n}\n\n");
    for t in 1..=tiers {
        let base = g.expr(Ty::Money, Scope::Const, 1)?;
        let quota = g.expr(Ty::Points, Scope::Const, 1)?;
        p.push_str(&format!("tier T{t} {{\n  base = {base}\n  quota = {quota}\n"));
        if t > 1 && g.u.arbitrary()? {
            let r = g.expr(Ty::Bool, Scope::Month, 2)?;
            p.push_str(&format!("  requires {r}\n"));
        }
        p.push_str("}\n\n");
    }
    for s in 1..=severities {
        if g.u.ratio(1u8, 3)? {
            let cap = g.expr(Ty::Points, Scope::Const, 1)?;
            p.push_str(&format!("severity S{s} {{\n  cap points = {cap}\n}}\n"));
        } else {
            p.push_str(&format!("severity S{s}\n"));
        }
    }
    p.push('\n');
    for v in 1..=violations {
        let s = g.severity_name()?;
        let points = g.expr(Ty::Points, Scope::Amount, 2)?;
        p.push_str(&format!("violation V{v} {{\n  severity {s}\n  points = {points}\n"));
        if g.u.arbitrary()? {
            let f = g.expr(Ty::Money, Scope::Amount, 2)?;
            p.push_str(&format!("  fine = {f}\n"));
        }
        for _ in 0..g.u.int_in_range(0u8..=2)? {
            let what = g.pick(&["fine", "points", "compensation"])?;
            let limit = g.expr(if what == "points" { Ty::Points } else { Ty::Money }, Scope::Const, 1)?;
            let period = g.pick(&["", " per day", " per week", " per month"])?;
            p.push_str(&format!("  cap {what} = {limit}{period}\n"));
        }
        if g.u.arbitrary()? {
            let w = g.expr(Ty::Bool, Scope::Violation, 2)?;
            p.push_str(&format!("  when {w}\n"));
        }
        if g.u.arbitrary()? {
            let c = g.expr(Ty::Money, Scope::Amount, 2)?;
            p.push_str(&format!("  compensation = {c}\n"));
        }
        p.push_str("}\n\n");
    }
    for e in 1..=escalations {
        let s = g.severity_name()?;
        let points = g.expr(Ty::Points, Scope::Escalation, 2)?;
        let w = g.expr(Ty::Bool, Scope::Escalation, 2)?;
        p.push_str(&format!("escalation E{e} {{\n  severity {s}\n  points = {points}\n  when {w}\n}}\n\n"));
    }
    // Lets in dependency order: Ln may not name Lm or Lp, Lm may name Ln, Lp both.
    let ln = g.expr(Ty::Number, Scope::Const, 2)?;
    let lm = g.expr(Ty::Money, Scope::Const, 2)?.replace("Lm", "Ln");
    let lp = g.expr(Ty::Points, Scope::Month, 2)?.replace("Lp", "1 分");
    p.push_str(&format!("let Ln = {ln}\nlet Lm = {lm}\nlet Lp = {lp}\n\n"));
    p.push_str("table 系数(s: points) -> number {\n");
    for _ in 0..g.u.int_in_range(0u8..=3)? {
        let c = g.expr(Ty::Bool, Scope::Table, 2)?;
        let v = g.expr(Ty::Number, Scope::Table, 1)?;
        p.push_str(&format!("  {c} => {v}\n"));
    }
    let v = g.expr(Ty::Number, Scope::Table, 1)?;
    p.push_str(&format!("  else => {v}\n}}\n\npay {{\n"));
    let lines = g.u.int_in_range(1usize..=4)?;
    for i in 0..lines {
        let ty = *g.u.choose(&[Ty::Money, Ty::Money, Ty::Points, Ty::Number, Ty::Bool, Ty::Period])?;
        let e = g.expr(ty, Scope::Pay(i), 3)?;
        let name = format!("P{i}");
        p.push_str(&format!("  {name} = {e}\n"));
        g.pay.push((name, ty));
    }
    p.push_str("}\n");

    // Records that name only what the policy declares.
    let cells_money = ["", "0", "1280.00", "¥1,280.00", "1280元", "79228162514264337593543950335", "-5", "0.005"];
    let cells_num = ["", "0", "1", "2.5", "-1", "79228162514264337593543950335"];
    let cells_minutes = ["", "30", "31", "1.5小时", "45 minutes", "0"];
    let hired = ["2024-08-01", "2024-01-31", "2020-02-29", "2024-10-31", "2024/10/1", "1900-01-01"];
    let mut agents = String::from("id,name,tier,hired_on,lead,wage,k\n");
    let n_agents = g.u.int_in_range(1usize..=3)?;
    for a in 1..=n_agents {
        let t = g.tier_name()?;
        let h = g.pick(&hired)?;
        let lead = g.pick(&["", "true", "否", "1"])?;
        let wage = g.pick(&cells_money)?;
        let k = g.pick(&cells_num)?;
        agents.push_str(&format!("A{a},人{a},{t},{h},{lead},\"{wage}\",{k}\n"));
    }
    let cells_km = ["", "5.5km", "3 千米", "12", "6公里", "2 miles"];
    let cells_grade = ["", "重大", "一般", "严重"];
    let mut incidents = String::from("agent,date,violation,minutes,cost,n,km,grade\n");
    for _ in 0..g.u.int_in_range(0usize..=5)? {
        let a = g.u.int_in_range(1..=n_agents)?;
        let day = g.u.int_in_range(1u32..=31)?;
        let v = g.violation_name()?;
        let m = g.pick(&cells_minutes)?;
        let c = g.pick(&cells_money)?;
        let n = g.pick(&cells_num)?;
        let km = g.pick(&cells_km)?;
        let grade = g.pick(&cells_grade)?;
        incidents.push_str(&format!("A{a},2024-10-{day:02},{v},{m},\"{c}\",{n},{km},{grade}\n"));
    }
    Ok(Case { policy: p, agents, incidents })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = generate(&mut u) else { return };
    let src = Source::new("gen.kh", case.policy.clone());

    let checked = check_source(&src);
    let has_error = checked.diagnostics.iter().any(|d| d.is_error());
    assert!(checked.program.is_some() != has_error, "program and errors disagree\n{}", case.policy);
    let stats = std::env::var_os("KAOHE_FUZZ_STATS").is_some();
    let Some(program) = checked.program else {
        if stats {
            let first = checked.diagnostics.iter().find(|d| d.is_error()).map(|d| d.code.as_str());
            eprintln!("STATS refused {}", first.unwrap_or("?"));
            if std::env::var_os("KAOHE_FUZZ_STATS_VERBOSE").is_some() {
                for d in checked.diagnostics.iter().filter(|d| d.is_error()).take(1) {
                    eprintln!("DETAIL {} {} @ {:?}", d.code.as_str(), d.message, d.span.as_ref().map(|s| s.text().to_string()));
                }
            }
        }
        return;
    };
    let month = Month { year: 2024, month: 10 };
    match kaohe::evaluate_month(
        &program,
        month,
        ("agents.csv", case.agents.as_bytes()),
        ("incidents.csv", case.incidents.as_bytes()),
        &kaohe::EvalOptions::read_as(Encoding::Auto),
    ) {
        Ok((result, _)) => {
            if stats {
                eprintln!("STATS evaluated");
            }
            let _ = kaohe::report::month_json(&program, &result);
            let _ = kaohe::report::month_csv(&program, &result, false);
            let _ = kaohe::report::month_table(&program, &result);
            for a in &result.agents {
                let _ = kaohe::report::explain_text(&program, month, a);
            }
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.is_error()), "refused without an error");
            if stats {
                eprintln!("STATS eval-refused {}", diags.iter().find(|d| d.is_error()).map_or("?", |d| d.code.as_str()));
            }
        }
    }
});
