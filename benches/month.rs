//! A month end to end, against the floor of merely reading it.
//!
//! - `floor/N`: the two CSV files parsed with `csv` + serde into typed rows (dates,
//!   decimals, the violation looked up) and each incident joined to its agent. Nothing
//!   else: no policy, no checks, no output.
//! - `eval-json/N`, `eval-csv/N`: what `kaohe eval` does: check the policy, read and
//!   check both files, evaluate every agent, write the whole result (into memory; the
//!   write to a file is measured through the command line by `benches/cli-month.sh`).
//! - each on the month in date order, as HR systems export it (`-by-date`), and grouped
//!   by agent (`-by-agent`).
//!
//! N is the number of incidents (about 20 per agent). Run with `cargo bench --bench
//! month`; docs/performance.md has the figures and the memory measurement.

#[path = "common/floor.rs"]
mod floor;

use std::collections::HashMap;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kaohe::eval::Trace;
use kaohe::records::{Encoding, Month};
use kaohe::{check_source, report, Source};
use rust_decimal::Decimal;
use serde::Deserialize;

fn bench(c: &mut Criterion) {
    let policy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/customer-service.kh"))
        .unwrap_or_default();
    let month: Month = "2024-12".parse().unwrap_or(Month { year: 2024, month: 12 });
    let mut group = c.benchmark_group("month");
    group.sample_size(10);
    // `by-date`: the incidents in date order, as HR systems export them; `by-agent`: the
    // same month grouped by agent.
    for (agents, order) in [500usize, 5_000, 50_000].into_iter().flat_map(|n| [(n, "by-date"), (n, "by-agent")]) {
        let (a, i) = if order == "by-date" {
            kaohe::synth::month_by_date(month, agents, 20, 7)
        } else {
            kaohe::synth::month(month, agents, 20, 7)
        };
        let incidents = i.lines().count() - 1;
        group.bench_with_input(BenchmarkId::new(format!("floor-{order}"), incidents), &(&a, &i), |b, (a, i)| {
            b.iter(|| floor::floor(a.as_bytes(), i.as_bytes()))
        });
        for format in ["json", "csv"] {
            let name = format!("eval-{format}-{order}");
            group.bench_with_input(BenchmarkId::new(name, incidents), &(&a, &i), |b, (a, i)| {
                b.iter(|| {
                    let checked = check_source(&Source::new("p.kh", policy.clone()));
                    let Some(program) = checked.program else { return 0 };
                    let files = (("agents.csv", a.as_bytes()), ("incidents.csv", i.as_bytes()));
                    let Ok((result, _)) = kaohe::evaluate_month(
                        &program,
                        month,
                        files.0,
                        files.1,
                        &kaohe::EvalOptions::read_as(Encoding::Auto).with_trace(Trace::Report),
                    ) else {
                        return 0;
                    };
                    let mut out = Vec::new();
                    let _ = if format == "json" {
                        report::write_month_json_as(&program, &result, report::Layout::Compact, None, &mut out)
                    } else {
                        report::write_month_csv(&program, &result, false, &mut out)
                    };
                    out.len()
                })
            });
        }
    }
    group.finish();
}

/// One agent's month: the evaluator alone, on an agent with a typical month (a few
/// incidents, one of them an escalation's trigger) and on one with a busy month.
fn one_agent(c: &mut Criterion) {
    let policy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/customer-service.kh"))
        .unwrap_or_default();
    let Some(program) = check_source(&Source::new("p.kh", policy)).program else { return };
    let month: Month = "2024-10".parse().unwrap_or(Month { year: 2024, month: 10 });
    let agents = "id,name,tier,hired_on,leads_team\nA1,张三,中级客服,2023-05-01,true\n";
    for (label, incidents) in [
        ("typical", "agent,date,violation,minutes,cost\nA1,2024-10-03,迟到,,\nA1,2024-10-09,下单差错,,\nA1,2024-10-21,突发事件超时,45,\n"),
        ("busy", &*{
            let mut s = String::from("agent,date,violation,minutes,cost\n");
            for d in 1..=28 {
                s.push_str(&format!("A1,2024-10-{d:02},迟到,,\nA1,2024-10-{d:02},私带设备,,12.34\n"));
            }
            s
        }),
    ] {
        let Ok(a) = kaohe::records::read_input("agents.csv", agents.as_bytes(), Encoding::Auto) else { return };
        let Ok(i) = kaohe::records::read_input("incidents.csv", incidents.as_bytes(), Encoding::Auto) else { return };
        let Some(records) = kaohe::records::load(&program, month, &a, &i).records else { return };
        let values: Vec<Vec<kaohe::check::program::Value>> =
            (0..records.incidents.len()).map(|j| records.incidents.row(j)).collect();
        let rows: Vec<kaohe::eval::IncidentRow> = values
            .iter()
            .enumerate()
            .map(|(j, v)| kaohe::eval::IncidentRow { values: v, line: records.incidents.line(j) })
            .collect();
        c.bench_function(&format!("agent-month/{label}"), |b| {
            b.iter(|| kaohe::eval::evaluate_agent(&program, month, records.agents.row(0), &rows, Trace::Report).is_ok())
        });
    }
}

#[derive(Deserialize)]
struct RiderRow<'a> {
    agent: &'a str,
    date: &'a str,
    violation: &'a str,
    超时: &'a str,
    距离: &'a str,
    货值: &'a str,
}

#[allow(dead_code)]
struct RiderIncident {
    agent: u32,
    date: NaiveDate,
    violation: u8,
    late: Option<Decimal>,
    distance: Option<Decimal>,
    value: Option<Decimal>,
}

/// A quantity cell with its unit written after the number (`20分钟`, `5.5km`).
fn leading_decimal(s: &str) -> Option<Decimal> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    floor::decimal(&s[..end])
}

/// The floor of the v2 month: typed rows and the join, as for the bundled policy.
fn rider_floor(agents: &[u8], incidents: &[u8]) -> (usize, Vec<RiderIncident>) {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut r = csv::Reader::from_reader(agents);
    let mut rec = csv::StringRecord::new();
    while r.read_record(&mut rec).unwrap_or(false) {
        let n = u32::try_from(ids.len()).unwrap_or(0);
        if let Some(id) = rec.get(0) {
            let _ = rec.get(3).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            ids.insert(id.to_string(), n);
        }
    }
    const V: [&str; 5] = ["超时送达", "虚假点送达", "餐损", "违章驾驶", "远单"];
    let mut out = Vec::new();
    let mut r = csv::Reader::from_reader(incidents);
    let headers = r.headers().cloned().unwrap_or_default();
    let mut rec = csv::StringRecord::new();
    while r.read_record(&mut rec).unwrap_or(false) {
        let Ok(row) = rec.deserialize::<RiderRow>(Some(&headers)) else { continue };
        out.push(RiderIncident {
            agent: ids.get(row.agent).copied().unwrap_or(0),
            date: NaiveDate::parse_from_str(row.date, "%Y-%m-%d").unwrap_or_default(),
            violation: V.iter().position(|v| *v == row.violation).and_then(|p| u8::try_from(p).ok()).unwrap_or(0),
            late: leading_decimal(row.超时),
            distance: leading_decimal(row.距离),
            value: floor::decimal(row.货值),
        });
    }
    (ids.len(), out)
}

/// A language-v2 month (the rider scheme: caps per day, week and month, fines,
/// `occurrence`, a declared unit) against its floor.
fn v2_month(c: &mut Criterion) {
    let policy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/rider-penalties.kh"))
        .unwrap_or_default();
    let month: Month = "2024-11".parse().unwrap_or(Month { year: 2024, month: 11 });
    let mut group = c.benchmark_group("month-v2");
    group.sample_size(10);
    for agents in [5_000usize, 50_000] {
        let (a, i) = kaohe::synth::rider_month(month, agents, 20, 7);
        let incidents = i.lines().count() - 1;
        group.bench_with_input(BenchmarkId::new("floor", incidents), &(&a, &i), |b, (a, i)| {
            b.iter(|| rider_floor(a.as_bytes(), i.as_bytes()))
        });
        group.bench_with_input(BenchmarkId::new("eval-json", incidents), &(&a, &i), |b, (a, i)| {
            b.iter(|| {
                let checked = check_source(&Source::new("p.kh", policy.clone()));
                let Some(program) = checked.program else { return 0 };
                let Ok((result, _)) = kaohe::evaluate_month(
                    &program,
                    month,
                    ("agents.csv", a.as_bytes()),
                    ("incidents.csv", i.as_bytes()),
                    &kaohe::EvalOptions::read_as(Encoding::Auto).with_trace(Trace::Report),
                ) else {
                    return 0;
                };
                let mut out = Vec::new();
                let _ = report::write_month_json(&program, &result, &mut out);
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, one_agent, v2_month);
criterion_main!(benches);
