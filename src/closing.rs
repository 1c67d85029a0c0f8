//! Month after month: closing a month into the ledger, reopening it, verifying the
//! ledger (contract v2 §4, §4.2).
//!
//! [`ledger`](crate::ledger) stores and reads; this module evaluates. `close` takes the
//! ledger's write lock first, checks the order rules and the chain, evaluates the month
//! with the history in force, and records it — with a cascade, every later month too,
//! each evaluated again from its stored inputs — in one transaction: all of it or none.
//! `verify` evaluates every month in force again from what it stored and compares.

use crate::calendar::Month;
use crate::diag::{Code, Diagnostic};
use std::sync::Arc;

use crate::eval::history::Catalogue;
use crate::eval::{self, History, MonthResult, StoredResult};
use crate::ledger::{self, Ledger, NewRecord, StoredInput, StoredInputs};
use crate::records::Encoding;
use crate::{check_source, EvalOptions, Program, Source};

/// What to close.
pub struct CloseRequest<'a> {
    pub program: &'a Program,
    pub policy_name: &'a str,
    pub policy_text: &'a str,
    pub month: Month,
    pub agents: (&'a str, Vec<u8>),
    pub incidents: (&'a str, Vec<u8>),
    pub options: EvalOptions,
    pub reopen: bool,
    pub reason: Option<String>,
    pub cascade: bool,
    pub allow_gap: bool,
}

/// A month closed: its result (to print as `eval` does), its warnings, the later months
/// closed again by a cascade, and what changed for agents since their last closed month.
pub struct Closed {
    pub result: MonthResult,
    pub warnings: Vec<Diagnostic>,
    pub cascaded: Vec<Month>,
    pub tier_changes: Vec<String>,
}

fn encoding_word(e: Encoding) -> &'static str {
    match e {
        Encoding::Auto => "auto",
        Encoding::Utf8 => "utf-8",
        Encoding::Gb18030 => "gbk",
    }
}

/// Closes a month (creating the ledger at `path` when there is no file there).
pub fn close_month(path: &str, req: CloseRequest) -> Result<Closed, Vec<Diagnostic>> {
    let mut ledger = match ledger::inspect(path) {
        ledger::Inspected::Missing => match Ledger::create(path).map_err(|d| vec![d])? {
            Some(l) => l,
            // Another `close` created it meanwhile: use theirs.
            None => Ledger::open(path, true).map_err(|d| vec![d])?,
        },
        _ => Ledger::open(path, true).map_err(|d| vec![d])?,
    };
    let change = ledger.change().map_err(|d| vec![d])?;
    let in_force = change.in_force().map_err(|d| vec![d])?;
    let (supersedes, later) =
        ledger::may_close(path, &in_force, req.month, req.reopen, req.allow_gap, req.cascade).map_err(|d| vec![d])?;
    let history = change.history_before(req.month).map_err(|d| vec![d])?;
    let (result, warnings) = crate::evaluate_month_with_history(
        req.program,
        req.month,
        (req.agents.0, req.agents.1.clone()),
        (req.incidents.0, req.incidents.1.clone()),
        &req.options,
        &history,
    )?;
    let tier_changes = tier_changes(req.program, &result, &history);
    let catalogue = Arc::new(Catalogue::of(req.program));
    let record = NewRecord {
        month: req.month,
        policy_name: req.policy_name.to_string(),
        policy_text: req.policy_text.to_string(),
        agents: stored_input(req.agents),
        incidents: stored_input(req.incidents),
        encoding: encoding_word(req.options.encoding).to_string(),
        results: stored_results(req.program, &catalogue, &result),
        catalogue,
        reason: req.reason.clone(),
    };
    change.insert(&record, supersedes).map_err(|d| vec![d])?;
    let mut cascaded = Vec::new();
    for later in later {
        let inputs = change.inputs(later.id).map_err(|d| vec![d])?;
        let history = change.history_before(later.month).map_err(|d| vec![d])?;
        let (results, catalogue) = evaluate_stored(path, later.month, &inputs, &history)?;
        let record = NewRecord {
            month: later.month,
            policy_name: inputs.policy_name,
            policy_text: inputs.policy_text,
            agents: inputs.agents,
            incidents: inputs.incidents,
            encoding: inputs.encoding,
            results,
            catalogue,
            reason: Some(tr!(
                "ledger-cascade-reason",
                month = req.month.to_string(),
                reason = req.reason.clone().unwrap_or_else(|| tr!("ledger-reopened-reason"))
            )),
        };
        change.insert(&record, Some(later.id)).map_err(|d| vec![d])?;
        cascaded.push(later.month);
    }
    change.commit().map_err(|d| vec![d])?;
    Ok(Closed { result, warnings, cascaded, tier_changes })
}

/// What a month stores of each agent, computed in parallel.
fn stored_results(program: &Program, catalogue: &Arc<Catalogue>, result: &MonthResult) -> Vec<StoredResult> {
    use rayon::prelude::*;
    result.agents.par_iter().map(|a| StoredResult::of(program, catalogue, a)).collect()
}

fn stored_input((name, bytes): (&str, Vec<u8>)) -> StoredInput {
    let sha256 = ledger::sha256_hex(&bytes);
    StoredInput { name: name.to_string(), bytes, sha256 }
}

/// The history a month evaluated with `--ledger` reads: the ledger must exist, and its
/// chain is checked first.
pub fn history_for(path: &str, month: Month) -> Result<History, Diagnostic> {
    Ledger::open(path, false)?.history_before(month)
}

/// One line per agent whose tier is not the one of their latest closed month: finance
/// sees a promotion take effect.
pub fn tier_changes(program: &Program, result: &MonthResult, history: &History) -> Vec<String> {
    result.agents.iter().filter_map(|a| tier_change(program, a, result.month, history)).collect()
}

/// [`tier_changes`] of one agent: the line, if the agent's tier is not the one its last
/// closed month had.
pub fn tier_change(program: &Program, a: &eval::AgentResult, month: Month, history: &History) -> Option<String> {
    let last = history.of(&a.id).last()?;
    let Some((_, eval::history::FigureValue::Tier(was))) = last.result.get("tier") else { return None };
    let now = program.tiers.get(a.tier).map_or("", |t| t.name.as_str());
    (was != now).then(|| format!("{} ({}): {was} in {} → {now} in {}", a.id, a.name, last.month, month))
}

/// Evaluates a stored record's month again from its stored policy text and inputs.
fn evaluate_stored(
    path: &str,
    month: Month,
    inputs: &StoredInputs,
    history: &History,
) -> Result<(Vec<StoredResult>, Arc<Catalogue>), Vec<Diagnostic>> {
    let source = Source::new(&inputs.policy_name, inputs.policy_text.clone());
    let checked = check_source(&source);
    let Some(program) = checked.program else {
        return Err(vec![ledger::mismatch(
            path,
            tr!("ledger-policy-no-longer-checks", month = month.to_string(), policy = &inputs.policy_name),
        )]);
    };
    let encoding = Encoding::parse(&inputs.encoding).unwrap_or(Encoding::Auto);
    let options = EvalOptions::read_as(encoding).with_trace(eval::Trace::Report);
    let (result, _) = crate::evaluate_month_with_history(
        &program,
        month,
        (&inputs.agents.name, inputs.agents.bytes.clone()),
        (&inputs.incidents.name, inputs.incidents.bytes.clone()),
        &options,
        history,
    )?;
    let catalogue = Arc::new(Catalogue::of(&program));
    let results = stored_results(&program, &catalogue, &result);
    Ok((results, catalogue))
}

/// What `kaohe ledger verify` found for one month in force.
#[derive(Debug)]
pub struct MonthCheck {
    pub month: Month,
    pub agents: usize,
    /// Each difference: agent, figure, stored value, value now.
    pub differences: Vec<String>,
    /// The Kaohe version that closed it, when it is not this one.
    pub other_version: Option<String>,
}

/// Checks the chain, the stored policy texts and inputs against their hashes, then
/// evaluates every month in force again from what it stored, with the history in force
/// before it. A broken chain is an error; differing months are in the list.
pub fn verify_ledger(path: &str) -> Result<Vec<MonthCheck>, Vec<Diagnostic>> {
    let ledger = Ledger::open(path, false).map_err(|d| vec![d])?;
    ledger.check_chain(true).map_err(|d| vec![d])?;
    let mut out = Vec::new();
    for record in ledger.in_force().map_err(|d| vec![d])? {
        let inputs = ledger.inputs(record.id).map_err(|d| vec![d])?;
        let history = ledger.history_before(record.month).map_err(|d| vec![d])?;
        let stored = ledger.results(record.id).map_err(|d| vec![d])?;
        let (now, _) = evaluate_stored(path, record.month, &inputs, &history)?;
        let other_version = (record.kaohe_version != env!("CARGO_PKG_VERSION")).then(|| record.kaohe_version.clone());
        out.push(MonthCheck {
            month: record.month,
            agents: stored.len(),
            differences: differences(&stored, &now),
            other_version,
        });
    }
    Ok(out)
}

/// The figures that differ between stored and re-evaluated results.
fn differences(stored: &[StoredResult], now: &[StoredResult]) -> Vec<String> {
    let mut out = Vec::new();
    for s in stored {
        let Some(n) = now.iter().find(|n| n.id == s.id) else {
            out.push(tr!("ledger-diff-not-evaluated", id = &s.id));
            continue;
        };
        for f in s.figures() {
            match n.figure(&f.name) {
                Some(g) if g == f => {}
                Some(g) => out.push(tr!(
                    "ledger-diff-figure",
                    id = &s.id,
                    name = &f.name,
                    stored = eval::history::figure_text(&f),
                    now = eval::history::figure_text(&g)
                )),
                None => out.push(tr!("ledger-diff-no-longer-computed", id = &s.id, name = &f.name)),
            }
        }
        for g in n.figures().filter(|g| s.get(&g.name).is_none()) {
            out.push(tr!("ledger-diff-not-stored", id = &s.id, name = &g.name));
        }
    }
    for n in now.iter().filter(|n| !stored.iter().any(|s| s.id == n.id)) {
        out.push(tr!("ledger-diff-agent-not-stored", id = &n.id));
    }
    out
}

/// The `kaohe::ledger::mismatch` for months that verify found different.
pub fn verify_failure(path: &str, checks: &[MonthCheck]) -> Option<Diagnostic> {
    let bad: Vec<String> = checks.iter().filter(|c| !c.differences.is_empty()).map(|c| c.month.to_string()).collect();
    if bad.is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(Code::LedgerMismatch, tr!("ledger-verify-differs", months = bad.join(", "), path = path))
            .in_file(path)
            .with_help(tr!("ledger-verify-differs-help")),
    )
}
