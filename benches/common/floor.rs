//! The floor of a month, shared by `benches/month.rs` (criterion) and `benches/floor.rs`
//! (a program `benches/cli-month.sh` times): both CSV files parsed with `csv` + serde
//! into typed rows (dates, decimals, the tier and violation looked up), each incident
//! joined to its agent, nothing more.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct AgentRow<'a> {
    id: &'a str,
    name: &'a str,
    tier: &'a str,
    hired_on: &'a str,
    leads_team: &'a str,
}

#[derive(Deserialize)]
struct IncidentRow<'a> {
    agent: &'a str,
    date: &'a str,
    violation: &'a str,
    minutes: &'a str,
    cost: &'a str,
}

#[allow(dead_code)]
pub struct Agent {
    id: String,
    name: String,
    tier: u8,
    hired_on: NaiveDate,
    leads_team: bool,
}

#[allow(dead_code)]
pub struct Incident {
    agent: u32,
    date: NaiveDate,
    violation: u8,
    minutes: Option<Decimal>,
    cost: Option<Decimal>,
}

include!("bundled.rs");

pub fn decimal(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        None
    } else {
        Decimal::from_str(s).ok()
    }
}

/// The floor: typed rows and the join, nothing more.
pub fn floor(agents: &[u8], incidents: &[u8]) -> (Vec<Agent>, Vec<Incident>, Vec<u32>) {
    let mut out_agents = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut r = csv::Reader::from_reader(agents);
    let mut rec = csv::StringRecord::new();
    while r.read_record(&mut rec).unwrap_or(false) {
        let Ok(a) = rec.deserialize::<AgentRow>(None) else { continue };
        index.insert(a.id.to_string(), out_agents.len() as u32);
        out_agents.push(Agent {
            id: a.id.to_string(),
            name: a.name.to_string(),
            tier: BUNDLED_TIERS.iter().position(|t| *t == a.tier).unwrap_or(0) as u8,
            hired_on: NaiveDate::parse_from_str(a.hired_on, "%Y-%m-%d").unwrap_or_default(),
            leads_team: a.leads_team == "true",
        });
    }
    let mut out = Vec::new();
    let mut per_agent = vec![0u32; out_agents.len()];
    let mut r = csv::Reader::from_reader(incidents);
    while r.read_record(&mut rec).unwrap_or(false) {
        let Ok(i) = rec.deserialize::<IncidentRow>(None) else { continue };
        let agent = index.get(i.agent).copied().unwrap_or(0);
        if let Some(n) = per_agent.get_mut(agent as usize) {
            *n += 1;
        }
        out.push(Incident {
            agent,
            date: NaiveDate::parse_from_str(i.date, "%Y-%m-%d").unwrap_or_default(),
            violation: BUNDLED_VIOLATIONS.iter().position(|v| *v == i.violation).unwrap_or(0) as u8,
            minutes: decimal(i.minutes),
            cost: decimal(i.cost),
        });
    }
    (out_agents, out, per_agent)
}
